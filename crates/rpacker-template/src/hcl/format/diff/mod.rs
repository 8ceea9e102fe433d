//! `fmt -diff`: the unified diff Packer gets from `diff -u --label=old/<f> --label=new/<f>`,
//! produced here without the external tool.
//!
//! To give the same hunks as GNU diff (not just *a* minimal diff), this follows GNU diffutils'
//! steps: identical prefix and suffix trimmed with a three-line horizon, lines matching
//! nothing in the other file discarded (`discard_confusing_lines`), Myers' middle-snake
//! bisection (`compareseq`), change runs slid to merge and move down (`shift_boundaries`),
//! and hunks of three context lines merged when fewer than seven lines apart.

mod diffseq;
mod script;

use script::edit_script;

/// Lines of context around each change (`-u`).
const CONTEXT: usize = 3;

/// The unified diff of `old` and `new` labelled `old/<path>` and `new/<path>`; empty when the
/// texts are equal.
#[must_use]
pub fn unified_diff(old: &str, new: &str, path: &str) -> String {
    if old == new {
        return String::new();
    }
    let files = [TextFile::new(old.as_bytes()), TextFile::new(new.as_bytes())];
    let changes = edit_script(&files);
    let mut out = format!("--- old/{path}\n+++ new/{path}\n");
    let mut start = 0;
    while start < changes.len() {
        let end = hunk_end(&changes, start);
        write_hunk(&mut out, &files, &changes[start..=end]);
        start = end + 1;
    }
    out
}

/// A file as GNU diff reads it: a final newline added if missing (and remembered), lines.
struct TextFile {
    buf: Vec<u8>,
    missing_newline: bool,
    /// Start offset of each line, plus the end of the buffer.
    line_starts: Vec<usize>,
}

impl TextFile {
    fn new(text: &[u8]) -> Self {
        let mut buf = text.to_vec();
        let missing_newline = buf.last().is_some_and(|&b| b != b'\n');
        if missing_newline {
            buf.push(b'\n');
        }
        let mut line_starts = vec![0];
        line_starts.extend(buf.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i + 1));
        if buf.is_empty() {
            line_starts.clear();
            line_starts.push(0);
        }
        Self { buf, missing_newline, line_starts }
    }

    fn line_count(&self) -> usize {
        self.line_starts.len() - 1
    }

    /// The line's text with its newline.
    fn line(&self, i: usize) -> &[u8] {
        &self.buf[self.line_starts[i]..self.line_starts[i + 1]]
    }

    /// Whether line `i` is the last one and had no newline.
    fn is_incomplete(&self, i: usize) -> bool {
        self.missing_newline && i + 1 == self.line_count()
    }

    /// The line index starting at byte `offset` (a line start).
    fn line_at(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s < offset)
    }
}

/// One change: `deleted` lines at `line0` of the old file replaced by `inserted` lines at
/// `line1` of the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Change {
    line0: usize,
    line1: usize,
    deleted: usize,
    inserted: usize,
}
/// GNU's `find_hunk`: the last change of the hunk starting at `start` (changes fewer than
/// `2 * CONTEXT + 1` lines apart share a hunk).
fn hunk_end(changes: &[Change], start: usize) -> usize {
    let mut k = start;
    while let Some(next) = changes.get(k + 1) {
        let top0 = changes[k].line0 + changes[k].deleted;
        if next.line0 - top0 > 2 * CONTEXT {
            break;
        }
        k += 1;
    }
    k
}

fn write_hunk(out: &mut String, files: &[TextFile; 2], hunk: &[Change]) {
    let (Some(first), Some(last)) = (hunk.first(), hunk.last()) else {
        return;
    };
    let first0 = first.line0.saturating_sub(CONTEXT);
    let first1 = first.line1.saturating_sub(CONTEXT);
    // Inclusive ends, which may be "before" the first line for an empty range.
    let last0 = (last.line0 + last.deleted + CONTEXT).min(files[0].line_count()) as i64 - 1;
    let last1 = (last.line1 + last.inserted + CONTEXT).min(files[1].line_count()) as i64 - 1;
    out.push_str(&format!("@@ -{} +{} @@\n", number_range(first0, last0), number_range(first1, last1)));

    let (mut i, mut j) = (first0 as i64, first1 as i64);
    let mut next = hunk.iter().peekable();
    while i <= last0 || j <= last1 {
        match next.peek() {
            Some(change) if i >= change.line0 as i64 => {
                for _ in 0..change.deleted {
                    write_line(out, '-', &files[0], i as usize);
                    i += 1;
                }
                for _ in 0..change.inserted {
                    write_line(out, '+', &files[1], j as usize);
                    j += 1;
                }
                next.next();
            }
            _ => {
                write_line(out, ' ', &files[0], i as usize);
                i += 1;
                j += 1;
            }
        }
    }
}

/// `print_unidiff_number_range`: `start,count`, just `start` for one line, and for no lines
/// the line before the range with count 0.
fn number_range(first: usize, last: i64) -> String {
    let (a, b) = (first as i64 + 1, last + 1);
    if b < a {
        format!("{b},0")
    } else if b == a {
        format!("{b}")
    } else {
        format!("{a},{}", b - a + 1)
    }
}

fn write_line(out: &mut String, mark: char, file: &TextFile, i: usize) {
    out.push(mark);
    out.push_str(&String::from_utf8_lossy(file.line(i)));
    if file.is_incomplete(i) {
        out.push_str("\\ No newline at end of file\n");
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_changed_line_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\n";
        assert_eq!(
            unified_diff(old, new, "x.pkr.hcl"),
            "--- old/x.pkr.hcl\n+++ new/x.pkr.hcl\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }

    #[test]
    fn distant_changes_make_two_hunks_and_missing_newline_is_marked() {
        let old: String = (1..=20).map(|n| format!("{n}\n")).collect::<String>() + "end";
        let new = old.replacen("2\n", "two\n", 1).replace("end", "end\n");
        assert_eq!(
            unified_diff(&old, &new, "f"),
            "--- old/f\n+++ new/f\n@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n@@ -18,4 +18,4 @@\n 18\n 19\n 20\n-end\n\\ No newline at end of file\n+end\n"
        );
    }

    #[test]
    fn insertion_only_range_names_the_line_before() {
        assert_eq!(unified_diff("", "a\n", "f"), "--- old/f\n+++ new/f\n@@ -0,0 +1 @@\n+a\n");
        assert_eq!(unified_diff("a\n", "a\n", "f"), "");
    }
}
