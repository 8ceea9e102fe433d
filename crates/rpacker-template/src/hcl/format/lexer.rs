//! HCL's native-syntax scanner (`hclsyntax/scan_tokens.rl`, config mode), as `hclwrite` uses it.
//!
//! The Ragel machine has three sub-scanners — `main`, quoted string templates and heredoc
//! templates — that call each other (`fcall`/`fret`) at `"`, `<<EOT`, `${`/`%{` and the brace
//! that closes an interpolation. This port keeps that stack, the brace counting and the heredoc
//! marker rules. Only spaces and tabs are skipped between tokens; every other byte lands in a
//! token, so writing the tokens back with their spaces reproduces the source.

use super::token::{Token, TokenKind};

/// The sub-scanner in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Main,
    Quoted,
    Heredoc,
}

/// A heredoc being scanned: its closing marker and whether the scanner is at a line start.
struct OpenHeredoc {
    marker: String,
    start_of_line: bool,
}

/// Lexes `src` into tokens ending with an EOF token. A leading UTF-8 byte-order mark is
/// skipped as `hclsyntax` does (its bytes count as spaces before the first token).
pub(crate) fn lex(src: &str) -> (Vec<Token>, usize) {
    let bom = if src.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut lexer = Lexer::new(&src[bom..]);
    lexer.run();
    let mut tokens = lexer.tokens;
    if let Some(first) = tokens.first_mut() {
        first.spaces_before += bom;
    }
    (tokens, bom)
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    last_end: usize,
    tokens: Vec<Token>,
    /// The return stack of `fcall`; the bottom is `main`.
    modes: Vec<Mode>,
    braces: i64,
    /// Brace levels at which a `}` ends an interpolation instead of an object.
    ret_braces: Vec<i64>,
    heredocs: Vec<OpenHeredoc>,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        Self {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            last_end: 0,
            tokens: Vec::new(),
            modes: vec![Mode::Main],
            braces: 0,
            ret_braces: Vec::new(),
            heredocs: Vec::new(),
        }
    }

    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            let advanced = match self.modes.last().copied().unwrap_or(Mode::Main) {
                Mode::Main => self.step_main(),
                Mode::Quoted => self.step_quoted(),
                Mode::Heredoc => self.step_heredoc(),
            };
            if !advanced {
                // Ragel falls out of the machine: the rest becomes one invalid token.
                self.emit(TokenKind::Invalid, self.bytes.len());
                break;
            }
        }
        self.emit(TokenKind::Eof, self.bytes.len());
    }

    fn emit(&mut self, kind: TokenKind, end: usize) {
        let start = self.pos;
        self.tokens.push(Token { kind, start, end, spaces_before: start - self.last_end });
        self.last_end = end;
        self.pos = end;
    }

    fn peek(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    fn starts_with(&self, prefix: &str) -> bool {
        self.src[self.pos..].starts_with(prefix)
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.src.get(pos..).and_then(|s| s.chars().next())
    }

    /// One token of `main`; false when nothing matches.
    fn step_main(&mut self) -> bool {
        let c = self.bytes[self.pos];
        let two = |lexer: &Self, second: u8| lexer.peek(1) == Some(second);
        match c {
            b' ' | b'\t' => {
                while matches!(self.peek(0), Some(b' ' | b'\t')) {
                    self.pos += 1;
                }
                // Skipped bytes are counted by the next token's `spaces_before`.
                return true;
            }
            b'0'..=b'9' => {
                let end = self.number_end();
                self.emit(TokenKind::NumberLit, end);
            }
            b'\n' => self.emit(TokenKind::Newline, self.pos + 1),
            b'\r' if two(self, b'\n') => self.emit(TokenKind::Newline, self.pos + 2),
            b'#' => {
                let end = self.line_comment_end();
                self.emit(TokenKind::Comment, end);
            }
            b'/' if two(self, b'/') => {
                let end = self.line_comment_end();
                self.emit(TokenKind::Comment, end);
            }
            b'/' if two(self, b'*') => match self.src[self.pos + 2..].find("*/") {
                Some(i) => self.emit(TokenKind::Comment, self.pos + 2 + i + 2),
                // An unterminated block comment is no comment: `/` and `*` are symbols.
                None => self.emit(TokenKind::Slash, self.pos + 1),
            },
            b'=' if two(self, b'=') => self.emit(TokenKind::EqualOp, self.pos + 2),
            b'=' if two(self, b'>') => self.emit(TokenKind::FatArrow, self.pos + 2),
            b'!' if two(self, b'=') => self.emit(TokenKind::NotEqual, self.pos + 2),
            b'>' if two(self, b'=') => self.emit(TokenKind::GreaterThanEq, self.pos + 2),
            b'<' if two(self, b'=') => self.emit(TokenKind::LessThanEq, self.pos + 2),
            b'&' if two(self, b'&') => self.emit(TokenKind::And, self.pos + 2),
            b'|' if two(self, b'|') => self.emit(TokenKind::Or, self.pos + 2),
            b':' if two(self, b':') => self.emit(TokenKind::DoubleColon, self.pos + 2),
            b'.' if self.starts_with("...") => self.emit(TokenKind::Ellipsis, self.pos + 3),
            b'<' if two(self, b'<') && self.heredoc_opener().is_some() => {
                let (end, marker) = self.heredoc_opener().unwrap_or_default();
                self.emit(TokenKind::OHeredoc, end);
                self.heredocs.push(OpenHeredoc { marker, start_of_line: true });
                self.modes.push(Mode::Heredoc);
            }
            b'{' => {
                self.emit(TokenKind::OBrace, self.pos + 1);
                self.braces += 1;
            }
            b'}' => self.close_brace(TokenKind::CBrace, 1),
            b'~' if two(self, b'}') => self.close_brace(TokenKind::TemplateSeqEnd, 2),
            b'"' => {
                self.emit(TokenKind::OQuote, self.pos + 1);
                self.modes.push(Mode::Quoted);
            }
            _ => {
                let Some(kind) = symbol_kind(c) else {
                    return self.step_ident_or_invalid();
                };
                self.emit(kind, self.pos + 1);
            }
        }
        true
    }

    fn step_ident_or_invalid(&mut self) -> bool {
        let Some(first) = self.char_at(self.pos) else {
            return false;
        };
        if first == '_' || unicode_ident::is_xid_start(first) {
            let mut end = self.pos + first.len_utf8();
            while let Some(c) = self.char_at(end).filter(|&c| c == '-' || unicode_ident::is_xid_continue(c)) {
                end += c.len_utf8();
            }
            self.emit(TokenKind::Ident, end);
        } else {
            self.emit(TokenKind::Invalid, self.pos + first.len_utf8());
        }
        true
    }

    /// `}` (or `~}`): ends the innermost interpolation when its brace level is reached (and
    /// returns to the template), else closes an object or block.
    fn close_brace(&mut self, plain: TokenKind, len: usize) {
        if self.ret_braces.last() == Some(&self.braces) {
            self.emit(TokenKind::TemplateSeqEnd, self.pos + len);
            self.braces -= 1;
            self.ret_braces.pop();
            self.modes.pop();
        } else {
            // `~}` without an interpolation is still a sequence end, for the parser to reject.
            self.emit(plain, self.pos + len);
            self.braces -= 1;
        }
    }

    /// `NumberLit = digit ("" | (NumberLitContinue - '.') | (NumberLitContinue* (NumberLitContinue - '.')))`:
    /// digits, dots and exponents, never ending with a dot.
    fn number_end(&self) -> usize {
        let mut pos = self.pos + 1;
        let mut end = pos;
        loop {
            let at = |i: usize| self.bytes.get(pos + i).copied();
            match at(0) {
                Some(b'0'..=b'9') => {
                    pos += 1;
                    end = pos;
                }
                Some(b'.') => pos += 1,
                Some(b'e' | b'E') if matches!(at(1), Some(b'0'..=b'9')) => {
                    pos += 2;
                    end = pos;
                }
                Some(b'e' | b'E') if matches!(at(1), Some(b'+' | b'-')) && matches!(at(2), Some(b'0'..=b'9')) => {
                    pos += 3;
                    end = pos;
                }
                _ => return end,
            }
        }
    }

    /// A `#`/`//` comment runs to its newline, which it includes.
    fn line_comment_end(&self) -> usize {
        self.src[self.pos..].find('\n').map_or(self.bytes.len(), |i| self.pos + i + 1)
    }

    /// `'<<' '-'? Ident Newline`: where the opener ends and the marker it announces.
    fn heredoc_opener(&self) -> Option<(usize, String)> {
        let mut pos = self.pos + 2;
        if self.bytes.get(pos) == Some(&b'-') {
            pos += 1;
        }
        let marker_start = pos;
        let first = self.char_at(pos).filter(|&c| c == '_' || unicode_ident::is_xid_start(c))?;
        pos += first.len_utf8();
        while let Some(c) = self.char_at(pos).filter(|&c| c == '-' || unicode_ident::is_xid_continue(c)) {
            pos += c.len_utf8();
        }
        let marker = self.src[marker_start..pos].to_owned();
        match (self.bytes.get(pos), self.bytes.get(pos + 1)) {
            (Some(b'\n'), _) => Some((pos + 1, marker)),
            (Some(b'\r'), Some(b'\n')) => Some((pos + 2, marker)),
            _ => None,
        }
    }

    /// `${`/`%{` (with an optional `~`): enters `main` until the matching `}`.
    fn begin_template_sequence(&mut self) -> bool {
        let kind = match (self.peek(0), self.peek(1)) {
            (Some(b'$'), Some(b'{')) => TokenKind::TemplateInterp,
            (Some(b'%'), Some(b'{')) => TokenKind::TemplateControl,
            _ => return false,
        };
        let len = if self.peek(2) == Some(b'~') { 3 } else { 2 };
        self.emit(kind, self.pos + len);
        self.braces += 1;
        self.ret_braces.push(self.braces);
        if let Some(doc) = self.heredocs.last_mut() {
            doc.start_of_line = false;
        }
        self.modes.push(Mode::Main);
        true
    }

    /// `$`/`%` not starting a sequence: itself, or the escapes `$${`/`%%{` (with `~`).
    fn escaped_sigil_end(&self) -> Option<usize> {
        let sigil = self.peek(0).filter(|c| matches!(c, b'$' | b'%'))?;
        if self.peek(1) == Some(sigil) && self.peek(2) == Some(b'{') {
            let len = if self.peek(3) == Some(b'~') { 4 } else { 3 };
            return Some(self.pos + len);
        }
        Some(self.pos + 1)
    }

    /// One token of a quoted string template.
    fn step_quoted(&mut self) -> bool {
        if self.begin_template_sequence() {
            return true;
        }
        match self.bytes[self.pos] {
            b'"' => {
                self.emit(TokenKind::CQuote, self.pos + 1);
                self.modes.pop();
            }
            b'\r' | b'\n' => {
                let mut end = self.pos;
                while matches!(self.bytes.get(end), Some(b'\r' | b'\n')) {
                    end += 1;
                }
                self.emit(TokenKind::QuotedNewline, end);
            }
            b'$' | b'%' => {
                let end = self.escaped_sigil_end().unwrap_or(self.pos + 1);
                self.emit(TokenKind::QuotedLit, end);
            }
            _ => {
                let end = self.quoted_literal_end();
                if end == self.pos {
                    // A backslash before a newline or the end: not a literal.
                    self.emit(TokenKind::Invalid, self.pos + 1);
                } else {
                    self.emit(TokenKind::QuotedLit, end);
                }
            }
        }
        true
    }

    /// A run of literal characters and backslash escapes, up to `$`, `%`, `"` or a newline.
    fn quoted_literal_end(&self) -> usize {
        let mut pos = self.pos;
        while let Some(c) = self.char_at(pos) {
            match c {
                '$' | '%' | '"' | '\r' | '\n' => break,
                '\\' => match self.char_at(pos + 1) {
                    Some(next) if next != '\r' && next != '\n' => pos += 1 + next.len_utf8(),
                    _ => break,
                },
                _ => pos += c.len_utf8(),
            }
        }
        pos
    }

    /// One token of a heredoc template: a sequence, a literal up to a sequence (mid-line), or a
    /// literal with its newline — which is the closing marker when it is alone on its line.
    fn step_heredoc(&mut self) -> bool {
        if self.begin_template_sequence() {
            return true;
        }
        let literal_end = match self.escaped_sigil_end() {
            Some(end) => end,
            None => {
                let rest = &self.src[self.pos..];
                self.pos + rest.find(['$', '%', '\r', '\n']).unwrap_or(rest.len())
            }
        };
        let newline_len = match (self.bytes.get(literal_end), self.bytes.get(literal_end + 1)) {
            (Some(b'\n'), _) => 1,
            (Some(b'\r'), Some(b'\n')) => 2,
            _ => 0,
        };
        if newline_len == 0 {
            if literal_end == self.pos {
                return false;
            }
            if let Some(doc) = self.heredocs.last_mut() {
                doc.start_of_line = false;
            }
            self.emit(TokenKind::StringLit, literal_end);
            return true;
        }
        let line_end = literal_end + newline_len;
        let is_marker = self
            .heredocs
            .last()
            .is_some_and(|doc| doc.start_of_line && self.src[self.pos..line_end].trim() == doc.marker);
        if is_marker {
            // The marker and its newline are two tokens, so the newline still ends the attribute.
            self.emit(TokenKind::CHeredoc, literal_end);
            self.emit(TokenKind::Newline, line_end);
            self.heredocs.pop();
            self.modes.pop();
        } else {
            if let Some(doc) = self.heredocs.last_mut() {
                doc.start_of_line = true;
            }
            self.emit(TokenKind::StringLit, line_end);
        }
        true
    }
}

/// The single-character tokens of `main` (`SelfToken`) other than those handled with lookahead.
fn symbol_kind(c: u8) -> Option<TokenKind> {
    Some(match c {
        b'[' => TokenKind::OBrack,
        b']' => TokenKind::CBrack,
        b'(' => TokenKind::OParen,
        b')' => TokenKind::CParen,
        b'.' => TokenKind::Dot,
        b',' => TokenKind::Comma,
        b'*' => TokenKind::Star,
        b'/' => TokenKind::Slash,
        b'%' => TokenKind::Percent,
        b'+' => TokenKind::Plus,
        b'-' => TokenKind::Minus,
        b'=' => TokenKind::Equal,
        b'<' => TokenKind::LessThan,
        b'>' => TokenKind::GreaterThan,
        b'!' => TokenKind::Bang,
        b'?' => TokenKind::Question,
        b':' => TokenKind::Colon,
        b'&' | b'|' | b'~' | b'^' | b';' | b'`' | b'\'' => TokenKind::OtherSymbol,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn kinds(src: &str) -> Vec<(TokenKind, &str)> {
        let (tokens, _) = lex(src);
        tokens.iter().map(|t| (t.kind, t.text(src))).collect()
    }

    #[test]
    fn main_tokens_and_spaces() {
        let src = "a  = 1.5e+3 # c\n";
        let (tokens, _) = lex(src);
        let got: Vec<_> = tokens.iter().map(|t| (t.kind, t.text(src), t.spaces_before)).collect();
        assert_eq!(
            got,
            [(Ident, "a", 0), (Equal, "=", 2), (NumberLit, "1.5e+3", 1), (Comment, "# c\n", 1), (Eof, "", 0)]
        );
    }

    #[test]
    fn numbers_never_end_with_a_dot() {
        assert_eq!(kinds("1..x"), [(NumberLit, "1"), (Dot, "."), (Dot, "."), (Ident, "x"), (Eof, "")]);
        assert_eq!(
            kinds("x[0].y"),
            [(Ident, "x"), (OBrack, "["), (NumberLit, "0"), (CBrack, "]"), (Dot, "."), (Ident, "y"), (Eof, "")]
        );
    }

    #[test]
    fn string_templates_nest() {
        assert_eq!(
            kinds(r#""a${b({c = "}"})}$${d}""#),
            [
                (OQuote, "\""),
                (QuotedLit, "a"),
                (TemplateInterp, "${"),
                (Ident, "b"),
                (OParen, "("),
                (OBrace, "{"),
                (Ident, "c"),
                (Equal, "="),
                (OQuote, "\""),
                (QuotedLit, "}"),
                (CQuote, "\""),
                (CBrace, "}"),
                (CParen, ")"),
                (TemplateSeqEnd, "}"),
                (QuotedLit, "$${"),
                (QuotedLit, "d}"),
                (CQuote, "\""),
                (Eof, "")
            ]
        );
    }

    #[test]
    fn heredocs_end_at_their_marker_alone_on_a_line() {
        let src = "x = <<-EOT\n  a ${b}\n  EOT x\n  EOT\ny = 1\n";
        assert_eq!(
            kinds(src),
            [
                (Ident, "x"),
                (Equal, "="),
                (OHeredoc, "<<-EOT\n"),
                (StringLit, "  a "),
                (TemplateInterp, "${"),
                (Ident, "b"),
                (TemplateSeqEnd, "}"),
                (StringLit, "\n"),
                (StringLit, "  EOT x\n"),
                (CHeredoc, "  EOT"),
                (Newline, "\n"),
                (Ident, "y"),
                (Equal, "="),
                (NumberLit, "1"),
                (Newline, "\n"),
                (Eof, "")
            ]
        );
    }

    #[test]
    fn comments_and_operators() {
        assert_eq!(
            kinds("/* a\n*/ // b\r\n!a != b && c::d ... =>"),
            [
                (Comment, "/* a\n*/"),
                (Comment, "// b\r\n"),
                (Bang, "!"),
                (Ident, "a"),
                (NotEqual, "!="),
                (Ident, "b"),
                (And, "&&"),
                (Ident, "c"),
                (DoubleColon, "::"),
                (Ident, "d"),
                (Ellipsis, "..."),
                (FatArrow, "=>"),
                (Eof, "")
            ]
        );
    }

    #[test]
    fn byte_order_mark_counts_as_leading_space() {
        let (tokens, bom) = lex("\u{feff}a");
        assert_eq!(bom, 3);
        assert_eq!((tokens[0].kind, tokens[0].spaces_before, tokens[0].start), (Ident, 3, 0));
    }
}
