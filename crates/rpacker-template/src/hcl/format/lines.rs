//! `linesForFormat`: the token stream cut into lines, each line into up to three cells — the
//! lead, the `= value` of an attribute, and a trailing comment — whose starts are aligned.

use std::ops::Range;

use super::token::{bracket_change, Token, TokenKind};

/// One line of tokens (index ranges into the token list).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct FormatLine {
    /// Everything up to the other cells (may hold the line's newline).
    pub lead: Range<usize>,
    /// From the `=` of a one-line attribute to the end of the line.
    pub assign: Option<Range<usize>>,
    /// A single trailing comment after other tokens.
    pub comment: Option<Range<usize>>,
}

/// Whether a token ends a line: a newline, or a `#`/`//` comment (which holds its newline).
fn ends_line(token: &Token, src: &str) -> bool {
    match token.kind {
        TokenKind::Newline => true,
        TokenKind::Comment => token.text(src).ends_with('\n'),
        _ => false,
    }
}

/// Splits `tokens` (ending with EOF, which belongs to no line) into lines and cells.
pub(super) fn lines_for_format(tokens: &[Token], src: &str) -> Vec<FormatLine> {
    if tokens.is_empty() {
        return Vec::new();
    }
    let line_count = 1 + tokens.iter().filter(|t| ends_line(t, src)).count();
    let mut lines = vec![FormatLine::default(); line_count];
    let mut line = 0;
    let mut line_start = 0;
    for (i, token) in tokens.iter().enumerate() {
        if token.kind == TokenKind::Eof {
            lines[line].lead = line_start..i;
            line_start = i + 1;
            break;
        }
        if ends_line(token, src) {
            lines[line].lead = line_start..i + 1;
            line_start = i + 1;
            line += 1;
        }
    }
    if line_start < tokens.len() {
        lines[line].lead = line_start..tokens.len();
    }

    for line in &mut lines {
        let lead = line.lead.clone();
        if lead.is_empty() {
            continue;
        }
        if lead.len() > 1 && tokens[lead.end - 1].kind == TokenKind::Comment {
            line.comment = Some(lead.end - 1..lead.end);
            line.lead.end -= 1;
        }
        let lead = line.lead.clone();
        let equals = lead.clone().skip(1).find(|&i| tokens[i].kind == TokenKind::Equal);
        if let Some(equals) = equals {
            // Only a value that closes its brackets on this line is a one-line assignment.
            let net: i32 = tokens[equals..lead.end].iter().map(|t| bracket_change(t.kind)).sum();
            if net == 0 {
                line.assign = Some(equals..lead.end);
                line.lead.end = equals;
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::super::lexer::lex;
    use super::*;

    #[test]
    fn cells_of_attribute_comment_and_block_lines() {
        let src = "a = 1 # one\nb {\n  c = [\n  ]\n}\n";
        let (tokens, _) = lex(src);
        let lines = lines_for_format(&tokens, src);
        let text = |r: &Range<usize>| tokens[r.clone()].iter().map(|t| t.text(src)).collect::<Vec<_>>().join(" ");
        let cells: Vec<_> =
            lines.iter().map(|l| (text(&l.lead), l.assign.as_ref().map(text), l.comment.as_ref().map(text))).collect();
        assert_eq!(
            cells,
            [
                ("a".to_owned(), Some("= 1".to_owned()), Some("# one\n".to_owned())),
                ("b { \n".to_owned(), None, None),
                ("c = [ \n".to_owned(), None, None),
                ("] \n".to_owned(), None, None),
                ("} \n".to_owned(), None, None),
                (String::new(), None, None),
            ]
        );
    }
}
