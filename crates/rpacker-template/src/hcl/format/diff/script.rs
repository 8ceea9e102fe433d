//! GNU diff's edit script for two files (`analyze.c`): the identical ends trimmed, lines with
//! no counterpart discarded, the comparison itself ([`super::diffseq`]), then change runs
//! shifted to merge and read naturally.

use std::collections::HashMap;

use super::diffseq::Compare;
use super::{Change, TextFile, CONTEXT};

/// The lines both files share at the start and the end (GNU's `find_identical_ends`), as the
/// first compared line and the end of the compared lines of each file.
fn identical_ends(files: &[TextFile; 2]) -> (usize, [usize; 2]) {
    let (b0, b1) = (&files[0].buf, &files[1].buf);
    let (n0, n1) = (b0.len(), b1.len());
    let mut p = b0.iter().zip(b1.iter()).take_while(|(a, b)| a == b).count();
    // A line missing its newline never matches one that has it.
    let past0 = p > n0 - usize::from(files[0].missing_newline);
    let past1 = p > n1 - usize::from(files[1].missing_newline);
    if past0 != past1 {
        p -= 1;
    }
    // Back to a line start, then keep a horizon of context lines in the compared part.
    let mut horizon = CONTEXT as i64;
    while p != 0
        && (b0[p - 1] != b'\n' || {
            let keep = horizon != 0;
            horizon -= 1;
            keep
        })
    {
        p -= 1;
    }
    let prefix_end = p;

    let (mut s0, mut s1) = (n0, n1);
    if files[0].missing_newline == files[1].missing_newline {
        let beg0 = prefix_end + n0.saturating_sub(n1);
        while s0 != beg0 {
            s0 -= 1;
            s1 -= 1;
            if b0[s0] != b1[s1] {
                s0 += 1;
                s1 += 1;
                break;
            }
        }
        // The identical suffix starts here.
        let beg0 = s0;
        let at_line_start = (s0 == 0 || b0[s0 - 1] == b'\n') && (s1 == 0 || b1[s1 - 1] == b'\n');
        let mut keep = CONTEXT + usize::from(!at_line_start);
        while keep > 0 && s0 != n0 {
            keep -= 1;
            while b0[s0] != b'\n' {
                s0 += 1;
            }
            s0 += 1;
        }
        s1 += s0 - beg0;
    }
    (prefix_end, [s0, s1])
}

/// The edit script, in absolute line numbers, as GNU diff computes it.
pub(super) fn edit_script(files: &[TextFile; 2]) -> Vec<Change> {
    let (prefix_end, suffix_begin) = identical_ends(files);
    let prefix_lines = files[0].line_at(prefix_end);
    let counts = [
        files[0].line_at(suffix_begin[0]) - prefix_lines,
        files[1].line_at(suffix_begin[1]) - files[1].line_at(prefix_end),
    ];

    // Equivalence classes of the compared lines (from 1; the incomplete last line only
    // matches the other file's incomplete last line).
    let mut classes: HashMap<(bool, &[u8]), usize> = HashMap::new();
    let equivs: [Vec<usize>; 2] = [0, 1].map(|f| {
        (0..counts[f])
            .map(|k| {
                let line = prefix_lines + k;
                let key = (files[f].is_incomplete(line), files[f].line(line));
                let next = classes.len() + 1;
                *classes.entry(key).or_insert(next)
            })
            .collect()
    });

    let mut changed = [vec![false; counts[0] + 2], vec![false; counts[1] + 2]];
    let (undiscarded, realindexes) = discard_confusing_lines(&equivs, classes.len() + 1, &mut changed);
    let mut compare = Compare::new(&undiscarded, &realindexes);
    compare.compareseq(0, undiscarded[0].len(), 0, undiscarded[1].len(), &mut changed);
    shift_boundaries(&equivs, &mut changed);

    build_script(&changed, counts)
        .into_iter()
        .map(|c| Change { line0: c.line0 + prefix_lines, line1: c.line1 + prefix_lines, ..c })
        .collect()
}

/// `changed` vectors have a false sentinel at each end: index `i` of the file is `i + 1`.
fn is_changed(changed: &[bool], i: i64) -> bool {
    usize::try_from(i + 1).ok().and_then(|k| changed.get(k)).copied().unwrap_or(false)
}

fn set_changed(changed: &mut [bool], i: i64, value: bool) {
    if let Some(slot) = usize::try_from(i + 1).ok().and_then(|k| changed.get_mut(k)) {
        *slot = value;
    }
}

pub(super) fn floor_log2(n: usize) -> u32 {
    usize::BITS - 1 - n.max(1).leading_zeros()
}

/// GNU's `discard_confusing_lines`: lines with no match in the other file (and runs of lines
/// with very many matches between them) are marked changed and left out of the comparison.
/// Returns the kept lines' classes and their real indexes.
fn discard_confusing_lines(
    equivs: &[Vec<usize>; 2],
    class_count: usize,
    changed: &mut [Vec<bool>; 2],
) -> ([Vec<usize>; 2], [Vec<usize>; 2]) {
    let mut equiv_count = [vec![0usize; class_count], vec![0usize; class_count]];
    for f in 0..2 {
        for &e in &equivs[f] {
            equiv_count[f][e] += 1;
        }
    }
    let mut discarded = [vec![0u8; equivs[0].len()], vec![0u8; equivs[1].len()]];
    for f in 0..2 {
        let end = equivs[f].len();
        let many = if end < 64 { 5 } else { 5usize << ((floor_log2(end) >> 1) - 3) };
        for i in 0..end {
            let nmatch = equiv_count[1 - f][equivs[f][i]];
            if nmatch == 0 {
                discarded[f][i] = 1;
            } else if nmatch > many {
                discarded[f][i] = 2;
            }
        }
    }
    for discards in &mut discarded {
        cancel_provisional_discards(discards);
    }
    let mut undiscarded = [Vec::new(), Vec::new()];
    let mut realindexes = [Vec::new(), Vec::new()];
    for f in 0..2 {
        for (i, &d) in discarded[f].iter().enumerate() {
            if d == 0 {
                undiscarded[f].push(equivs[f][i]);
                realindexes[f].push(i);
            } else {
                changed[f][i + 1] = true;
            }
        }
    }
    (undiscarded, realindexes)
}

/// Keeps provisional discards (2) only inside runs of discards that start and end with a
/// definite one, and not in long subruns — GNU's rules, with its integer arithmetic.
fn cancel_provisional_discards(discards: &mut [u8]) {
    let end = discards.len() as i64;
    let at = |d: &[u8], k: i64| d[usize::try_from(k).unwrap_or(0)];
    let mut i: i64 = 0;
    while i < end {
        if at(discards, i) == 2 {
            discards[i as usize] = 0;
        } else if at(discards, i) != 0 {
            let mut provisional: i64 = 0;
            let mut j = i;
            while j < end {
                if at(discards, j) == 0 {
                    break;
                }
                if at(discards, j) == 2 {
                    provisional += 1;
                }
                j += 1;
            }
            while j > i && at(discards, j - 1) == 2 {
                j -= 1;
                discards[j as usize] = 0;
                provisional -= 1;
            }
            let length = j - i;
            if (length >> 2) < provisional {
                while j > i {
                    j -= 1;
                    if at(discards, j) == 2 {
                        discards[j as usize] = 0;
                    }
                }
            } else {
                let minimum: i64 = if length < 4 { 2 } else { (1i64 << ((floor_log2(length as usize) >> 1) - 1)) + 1 };
                let mut consec: i64 = 0;
                let mut j: i64 = 0;
                while j < length {
                    if at(discards, i + j) != 2 {
                        consec = 0;
                    } else {
                        consec += 1;
                        if minimum == consec {
                            j -= consec;
                        } else if minimum < consec {
                            discards[(i + j) as usize] = 0;
                        }
                    }
                    j += 1;
                }
                trim_provisional_edge(discards, i, length, 1);
                i += length - 1;
                trim_provisional_edge(discards, i, length, -1);
            }
        }
        i += 1;
    }
}

/// From one end of a run (`start`, walking by `step`): cancel provisional discards until three
/// definite ones in a row, or a definite one at least eight lines in.
fn trim_provisional_edge(discards: &mut [u8], start: i64, length: i64, step: i64) {
    let mut consec = 0;
    for j in 0..length {
        let k = (start + step * j) as usize;
        if j >= 8 && discards[k] == 1 {
            break;
        }
        match discards[k] {
            2 => {
                consec = 0;
                discards[k] = 0;
            }
            0 => consec = 0,
            _ => consec += 1,
        }
        if consec == 3 {
            break;
        }
    }
}

/// GNU's `shift_boundaries`: slide each run of changes up to merge with earlier runs, then
/// down as far as it goes (merging with later ones), then back to line up with a change in
/// the other file where possible.
fn shift_boundaries(equivs: &[Vec<usize>; 2], changed: &mut [Vec<bool>; 2]) {
    for (f, eq) in equivs.iter().enumerate() {
        let (this, other) = if f == 0 {
            let (a, b) = changed.split_at_mut(1);
            (&mut a[0], &b[0])
        } else {
            let (a, b) = changed.split_at_mut(1);
            (&mut b[0], &a[0])
        };
        let i_end = eq.len() as i64;
        let (mut i, mut j): (i64, i64) = (0, 0);
        loop {
            while i < i_end && !is_changed(this, i) {
                while is_changed(other, j) {
                    j += 1;
                }
                j += 1;
                i += 1;
            }
            if i == i_end {
                break;
            }
            let mut start = i;
            i += 1;
            while is_changed(this, i) {
                i += 1;
            }
            while is_changed(other, j) {
                j += 1;
            }
            let mut corresponding;
            loop {
                let runlength = i - start;
                while start > 0 && eq[(start - 1) as usize] == eq[(i - 1) as usize] {
                    start -= 1;
                    set_changed(this, start, true);
                    i -= 1;
                    set_changed(this, i, false);
                    while is_changed(this, start - 1) {
                        start -= 1;
                    }
                    j -= 1;
                    while is_changed(other, j) {
                        j -= 1;
                    }
                }
                corresponding = if is_changed(other, j - 1) { i } else { i_end };
                while i != i_end && eq[start as usize] == eq[i as usize] {
                    set_changed(this, start, false);
                    start += 1;
                    set_changed(this, i, true);
                    i += 1;
                    while is_changed(this, i) {
                        i += 1;
                    }
                    j += 1;
                    while is_changed(other, j) {
                        j += 1;
                        corresponding = i;
                    }
                }
                if runlength == i - start {
                    break;
                }
            }
            while corresponding < i {
                start -= 1;
                set_changed(this, start, true);
                i -= 1;
                set_changed(this, i, false);
                j -= 1;
                while is_changed(other, j) {
                    j -= 1;
                }
            }
        }
    }
}

/// GNU's `build_script`: the runs of changed lines, in order.
fn build_script(changed: &[Vec<bool>; 2], counts: [usize; 2]) -> Vec<Change> {
    let mut script = Vec::new();
    let (mut i0, mut i1) = (counts[0] as i64, counts[1] as i64);
    while i0 >= 0 || i1 >= 0 {
        if is_changed(&changed[0], i0 - 1) || is_changed(&changed[1], i1 - 1) {
            let (line0, line1) = (i0, i1);
            while is_changed(&changed[0], i0 - 1) {
                i0 -= 1;
            }
            while is_changed(&changed[1], i1 - 1) {
                i1 -= 1;
            }
            script.push(Change {
                line0: i0 as usize,
                line1: i1 as usize,
                deleted: (line0 - i0) as usize,
                inserted: (line1 - i1) as usize,
            });
        }
        i0 -= 1;
        i1 -= 1;
    }
    script.reverse();
    script
}
