//! The three passes of `hclwrite.format`, which only change the spaces before tokens:
//! indentation by bracket nesting, spacing inside cells, and alignment of the `=` and comment
//! cells of consecutive lines.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::lines::FormatLine;
use super::spacing::space_after_token;
use super::token::{bracket_change, Token, TokenKind};

/// `formatIndent`: two spaces per level, where a level is opened by a line with more openers
/// than closers and closed once as many closers have been seen.
pub(super) fn format_indent(lines: &[FormatLine], tokens: &mut [Token]) {
    // How many openers each open level stands for.
    let mut indents: Vec<i32> = Vec::with_capacity(10);
    for line in lines {
        let Some(first) = line.lead.clone().next() else {
            continue;
        };
        if tokens[first].kind == TokenKind::Newline {
            tokens[first].spaces_before = 0;
            continue;
        }
        let mut net = 0;
        for token in &tokens[line.lead.clone()] {
            net += bracket_change(token.kind);
            // Brackets inside a heredoc do not nest the code around it.
            if token.kind == TokenKind::OHeredoc {
                break;
            }
        }
        if let Some(assign) = &line.assign {
            net += tokens[assign.clone()].iter().map(|t| bracket_change(t.kind)).sum::<i32>();
        }
        if net > 0 {
            tokens[first].spaces_before = 2 * indents.len();
            indents.push(net);
            continue;
        }
        let mut closed = -net;
        while closed > 0 {
            let Some(top) = indents.last_mut() else {
                break;
            };
            if closed > *top {
                closed -= *top;
                indents.pop();
            } else if closed < *top {
                *top -= closed;
                closed = 0;
            } else {
                indents.pop();
                closed = 0;
            }
        }
        tokens[first].spaces_before = 2 * indents.len();
    }
}

/// `formatSpaces`: one space or none between the tokens of each lead and assign cell; the
/// `=` starting an assign cell gets one (alignment may widen it).
pub(super) fn format_spaces(lines: &[FormatLine], tokens: &mut [Token], src: &str) {
    for line in lines {
        space_cell(line.lead.clone(), tokens, src);
        if let Some(assign) = &line.assign {
            tokens[assign.start].spaces_before = 1;
            space_cell(assign.clone(), tokens, src);
        }
    }
}

fn space_cell(cell: Range<usize>, tokens: &mut [Token], src: &str) {
    for i in cell.start..cell.end.saturating_sub(1) {
        let before = (i > cell.start).then(|| tokens[i - 1]);
        let space = space_after_token(&tokens[i], before.as_ref(), &tokens[i + 1], src);
        tokens[i + 1].spaces_before = usize::from(space);
    }
}

/// `formatCells`: in each run of consecutive lines with an assign cell, the `=` signs line up
/// one column after the longest lead; then trailing comments of consecutive lines line up one
/// column after the longest lead and assign.
pub(super) fn format_cells(lines: &[FormatLine], tokens: &mut [Token], src: &str) {
    align(lines, tokens, |line| line.assign.clone(), |line, tokens| columns(tokens, &line.lead, src));
    align(
        lines,
        tokens,
        |line| line.comment.clone(),
        |line, tokens| {
            columns(tokens, &line.lead, src) + line.assign.as_ref().map_or(0, |assign| columns(tokens, assign, src))
        },
    );
}

/// Aligns the start of the cell `cell` picks over each run of lines that have one, by the
/// width `width` measures before it.
fn align(
    lines: &[FormatLine],
    tokens: &mut [Token],
    cell: impl Fn(&FormatLine) -> Option<Range<usize>>,
    width: impl Fn(&FormatLine, &[Token]) -> usize,
) {
    let mut chain: Vec<(usize, usize)> = Vec::new();
    let close = |chain: &mut Vec<(usize, usize)>, tokens: &mut [Token]| {
        let max = chain.iter().map(|&(_, w)| w).max().unwrap_or(0);
        for &(first, w) in chain.iter() {
            tokens[first].spaces_before = max - w + 1;
        }
        chain.clear();
    };
    for line in lines {
        match cell(line) {
            Some(range) => {
                let w = width(line, tokens);
                chain.push((range.start, w));
            }
            None => close(&mut chain, tokens),
        }
    }
    close(&mut chain, tokens);
}

/// `Tokens.Columns`: spaces plus grapheme clusters of a cell.
fn columns(tokens: &[Token], cell: &Range<usize>, src: &str) -> usize {
    tokens[cell.clone()].iter().map(|t| t.spaces_before + t.text(src).graphemes(true).count()).sum()
}
