//! Go's `text/template/parse` lexer, state for state.
//!
//! Go's parser reports errors with the line of the furthest token lexed, and several error
//! texts come straight from the lexer (`unclosed action`, `bad character U+0021 '!'`), so
//! this is a faithful port of `lex.go` rather than a generic tokenizer. Items are produced
//! eagerly into a vector: the Go lexer runs independently of the parser, so the sequence is
//! the same.

use std::borrow::Cow;

use crate::token::{Item, ItemKind};

const LEFT_DELIM: &str = "{{";
const RIGHT_DELIM: &str = "}}";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";
/// A trim marker plus the ASCII space that must accompany it.
const TRIM_MARKER_LEN: usize = 2;

/// The lexer's next state (Go's `stateFn`).
#[derive(Clone, Copy)]
enum State {
    Text,
    LeftDelim,
    Comment,
    RightDelim,
    InsideAction,
    Space,
    Identifier,
    Field,
    Variable,
    Char,
    Number,
    Quote,
    RawQuote,
}

struct Lexer<'src> {
    input: &'src str,
    pos: usize,
    start: usize,
    at_eof: bool,
    paren_depth: i64,
    line: usize,
    start_line: usize,
    items: Vec<Item<'src>>,
}

/// Lexes `input` into items, ending with an EOF or an error item.
pub(crate) fn lex(input: &str) -> Vec<Item<'_>> {
    let mut l =
        Lexer { input, pos: 0, start: 0, at_eof: false, paren_depth: 0, line: 1, start_line: 1, items: Vec::new() };
    let mut state = Some(State::Text);
    while let Some(s) = state {
        state = l.step(s);
    }
    l.items
}

fn is_space(c: Option<char>) -> bool {
    matches!(c, Some(' ' | '\t' | '\r' | '\n'))
}

/// Go's `isAlphaNumeric`: '_', letters and digits (Rust's Unicode classes approximate Go's
/// `IsLetter`/`IsDigit` outside ASCII).
fn is_alphanumeric(c: Option<char>) -> bool {
    matches!(c, Some(c) if c == '_' || c.is_alphanumeric())
}

fn has_left_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && matches!(b[1], b' ' | b'\t' | b'\r' | b'\n')
}

fn has_right_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && matches!(b[0], b' ' | b'\t' | b'\r' | b'\n') && b[1] == b'-'
}

fn trim_space_len_right(s: &str) -> usize {
    s.len() - s.trim_end_matches([' ', '\t', '\r', '\n']).len()
}

fn trim_space_len_left(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t', '\r', '\n']).len()
}

/// Go's `%#U` of a rune: `U+0021 '!'`.
fn sharp_u(c: Option<char>) -> String {
    match c {
        None => "U+FFFFFFFFFFFFFFFF".to_owned(),
        Some(c) if crate::go_quote::is_print(c) => format!("U+{:04X} '{c}'", c as u32),
        Some(c) => format!("U+{:04X}", c as u32),
    }
}

impl<'src> Lexer<'src> {
    fn next(&mut self) -> Option<char> {
        let Some(c) = self.input[self.pos..].chars().next() else {
            self.at_eof = true;
            return None;
        };
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn peek(&mut self) -> Option<char> {
        self.input[self.pos..].chars().next()
    }

    fn backup(&mut self) {
        if !self.at_eof && self.pos > 0 {
            if let Some(c) = self.input[..self.pos].chars().next_back() {
                self.pos -= c.len_utf8();
                if c == '\n' {
                    self.line -= 1;
                }
            }
        }
    }

    fn emit(&mut self, kind: ItemKind) {
        let val = &self.input[self.start..self.pos];
        self.items.push(Item { kind, pos: self.start, val: Cow::Borrowed(val), line: self.start_line });
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn ignore(&mut self) {
        self.line += self.input[self.start..self.pos].matches('\n').count();
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.next() {
            Some(c) if valid.contains(c) => true,
            _ => {
                self.backup();
                false
            }
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while matches!(self.next(), Some(c) if valid.contains(c)) {}
        self.backup();
    }

    fn errorf(&mut self, message: String) -> Option<State> {
        self.items.push(Item {
            kind: ItemKind::Error,
            pos: self.start,
            val: Cow::Owned(message),
            line: self.start_line,
        });
        None
    }

    /// Whether the lexer is at a right delimiter, and whether it carries a trim marker.
    fn at_right_delim(&self) -> (bool, bool) {
        let rest = &self.input[self.pos..];
        if has_right_trim_marker(rest) && rest[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM) {
            return (true, true);
        }
        (rest.starts_with(RIGHT_DELIM), false)
    }

    fn at_terminator(&mut self) -> bool {
        let r = self.peek();
        if is_space(r) {
            return true;
        }
        match r {
            None | Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.input[self.pos..].starts_with(RIGHT_DELIM),
        }
    }

    fn step(&mut self, state: State) -> Option<State> {
        match state {
            State::Text => self.lex_text(),
            State::LeftDelim => self.lex_left_delim(),
            State::Comment => self.lex_comment(),
            State::RightDelim => self.lex_right_delim(),
            State::InsideAction => self.lex_inside_action(),
            State::Space => self.lex_space(),
            State::Identifier => self.lex_identifier(),
            State::Field => self.lex_field_or_variable(ItemKind::Field),
            State::Variable => {
                if self.at_terminator() {
                    self.emit(ItemKind::Variable);
                    return Some(State::InsideAction);
                }
                self.lex_field_or_variable(ItemKind::Variable)
            }
            State::Char => self.lex_char(),
            State::Number => self.lex_number(),
            State::Quote => self.lex_quote(),
            State::RawQuote => self.lex_raw_quote(),
        }
    }

    fn lex_text(&mut self) -> Option<State> {
        if let Some(x) = self.input[self.pos..].find(LEFT_DELIM) {
            self.pos += x;
            let trim = if has_left_trim_marker(&self.input[self.pos + LEFT_DELIM.len()..]) {
                trim_space_len_right(&self.input[self.start..self.pos])
            } else {
                0
            };
            self.pos -= trim;
            if self.pos > self.start {
                self.line += self.input[self.start..self.pos].matches('\n').count();
                self.emit(ItemKind::Text);
            }
            self.pos += trim;
            self.ignore();
            return Some(State::LeftDelim);
        }
        self.pos = self.input.len();
        if self.pos > self.start {
            self.line += self.input[self.start..self.pos].matches('\n').count();
            self.emit(ItemKind::Text);
        }
        self.emit(ItemKind::Eof);
        None
    }

    fn lex_left_delim(&mut self) -> Option<State> {
        self.pos += LEFT_DELIM.len();
        let trim = has_left_trim_marker(&self.input[self.pos..]);
        let after_marker = if trim { TRIM_MARKER_LEN } else { 0 };
        if self.input[self.pos + after_marker..].starts_with(LEFT_COMMENT) {
            self.pos += after_marker;
            self.ignore();
            return Some(State::Comment);
        }
        self.emit(ItemKind::LeftDelim);
        self.pos += after_marker;
        self.ignore();
        self.paren_depth = 0;
        Some(State::InsideAction)
    }

    fn lex_comment(&mut self) -> Option<State> {
        self.pos += LEFT_COMMENT.len();
        let Some(i) = self.input[self.pos..].find(RIGHT_COMMENT) else {
            return self.errorf("unclosed comment".to_owned());
        };
        self.pos += i + RIGHT_COMMENT.len();
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return self.errorf("comment ends before closing delimiter".to_owned());
        }
        if trim {
            self.pos += TRIM_MARKER_LEN;
        }
        self.pos += RIGHT_DELIM.len();
        if trim {
            self.pos += trim_space_len_left(&self.input[self.pos..]);
        }
        self.ignore();
        Some(State::Text)
    }

    fn lex_right_delim(&mut self) -> Option<State> {
        let trim = has_right_trim_marker(&self.input[self.pos..]);
        if trim {
            self.pos += TRIM_MARKER_LEN;
            self.ignore();
        }
        self.pos += RIGHT_DELIM.len();
        self.emit(ItemKind::RightDelim);
        if trim {
            self.pos += trim_space_len_left(&self.input[self.pos..]);
            self.ignore();
        }
        Some(State::Text)
    }

    fn lex_inside_action(&mut self) -> Option<State> {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                return Some(State::RightDelim);
            }
            return self.errorf("unclosed left paren".to_owned());
        }
        let r = self.next();
        match r {
            None => return self.errorf("unclosed action".to_owned()),
            Some(' ' | '\t' | '\r' | '\n') => {
                // Put the space back in case it starts " -}}".
                self.backup();
                return Some(State::Space);
            }
            Some('=') => self.emit(ItemKind::Assign),
            Some(':') => {
                if self.next() != Some('=') {
                    return self.errorf("expected :=".to_owned());
                }
                self.emit(ItemKind::Declare);
            }
            Some('|') => self.emit(ItemKind::Pipe),
            Some('"') => return Some(State::Quote),
            Some('`') => return Some(State::RawQuote),
            Some('$') => return Some(State::Variable),
            Some('\'') => return Some(State::Char),
            Some('.') if self.input.as_bytes().get(self.pos).is_some_and(|b| !b.is_ascii_digit()) => {
                return Some(State::Field);
            }
            Some('.' | '+' | '-' | '0'..='9') => {
                self.backup();
                return Some(State::Number);
            }
            c if is_alphanumeric(c) => {
                self.backup();
                return Some(State::Identifier);
            }
            Some('(') => {
                self.emit(ItemKind::LeftParen);
                self.paren_depth += 1;
            }
            Some(')') => {
                self.emit(ItemKind::RightParen);
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    return self.errorf(format!("unexpected right paren {}", sharp_u(r)));
                }
            }
            Some(c) if c.is_ascii() && crate::go_quote::is_print(c) => self.emit(ItemKind::Char),
            c => return self.errorf(format!("unrecognized character in action: {}", sharp_u(c))),
        }
        Some(State::InsideAction)
    }

    fn lex_space(&mut self) -> Option<State> {
        let mut num_spaces = 0;
        while is_space(self.peek()) {
            self.next();
            num_spaces += 1;
        }
        // A trim-marked right delimiter starts with a space: leave it for lexRightDelim.
        let rest = &self.input[self.pos - 1..];
        if has_right_trim_marker(rest) && rest[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM) {
            self.backup();
            if num_spaces == 1 {
                return Some(State::RightDelim);
            }
        }
        self.emit(ItemKind::Space);
        Some(State::InsideAction)
    }

    fn lex_identifier(&mut self) -> Option<State> {
        loop {
            let r = self.next();
            if is_alphanumeric(r) {
                continue;
            }
            self.backup();
            let word = &self.input[self.start..self.pos];
            if !self.at_terminator() {
                return self.errorf(format!("bad character {}", sharp_u(r)));
            }
            let kind = match ItemKind::keyword(word) {
                Some(k) => k,
                None if word.starts_with('.') => ItemKind::Field,
                None if word == "true" || word == "false" => ItemKind::Bool,
                None => ItemKind::Identifier,
            };
            self.emit(kind);
            return Some(State::InsideAction);
        }
    }

    fn lex_field_or_variable(&mut self, kind: ItemKind) -> Option<State> {
        if self.at_terminator() {
            self.emit(if kind == ItemKind::Variable { ItemKind::Variable } else { ItemKind::Dot });
            return Some(State::InsideAction);
        }
        let r = loop {
            let r = self.next();
            if !is_alphanumeric(r) {
                self.backup();
                break r;
            }
        };
        if !self.at_terminator() {
            return self.errorf(format!("bad character {}", sharp_u(r)));
        }
        self.emit(kind);
        Some(State::InsideAction)
    }

    fn lex_char(&mut self) -> Option<State> {
        loop {
            match self.next() {
                Some('\\') => {
                    if matches!(self.next(), None | Some('\n')) {
                        return self.errorf("unterminated character constant".to_owned());
                    }
                }
                None | Some('\n') => return self.errorf("unterminated character constant".to_owned()),
                Some('\'') => break,
                Some(_) => {}
            }
        }
        self.emit(ItemKind::CharConstant);
        Some(State::InsideAction)
    }

    fn lex_number(&mut self) -> Option<State> {
        if !self.scan_number() {
            let text = crate::go_quote::quote(&self.input[self.start..self.pos]);
            return self.errorf(format!("bad number syntax: {text}"));
        }
        if matches!(self.peek(), Some('+' | '-')) {
            // Complex: 1+2i. No spaces, must end in 'i'.
            if !self.scan_number() || self.input.as_bytes()[self.pos - 1] != b'i' {
                let text = crate::go_quote::quote(&self.input[self.start..self.pos]);
                return self.errorf(format!("bad number syntax: {text}"));
            }
            self.emit(ItemKind::Complex);
        } else {
            self.emit(ItemKind::Number);
        }
        Some(State::InsideAction)
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if is_alphanumeric(self.peek()) {
            self.next();
            return false;
        }
        true
    }

    fn lex_quote(&mut self) -> Option<State> {
        loop {
            match self.next() {
                Some('\\') => {
                    if matches!(self.next(), None | Some('\n')) {
                        return self.errorf("unterminated quoted string".to_owned());
                    }
                }
                None | Some('\n') => return self.errorf("unterminated quoted string".to_owned()),
                Some('"') => break,
                Some(_) => {}
            }
        }
        self.emit(ItemKind::String);
        Some(State::InsideAction)
    }

    fn lex_raw_quote(&mut self) -> Option<State> {
        loop {
            match self.next() {
                None => return self.errorf("unterminated raw quoted string".to_owned()),
                Some('`') => break,
                Some(_) => {}
            }
        }
        self.emit(ItemKind::RawString);
        Some(State::InsideAction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(ItemKind, String)> {
        lex(src).into_iter().map(|i| (i.kind, i.val.into_owned())).collect()
    }

    #[test]
    fn lexes_actions_and_trim_markers() {
        use ItemKind as K;
        let cases: Vec<(&str, Vec<(ItemKind, &str)>)> = vec![
            (
                "a {{- .X -}} b",
                vec![
                    (K::Text, "a"),
                    (K::LeftDelim, "{{"),
                    (K::Field, ".X"),
                    (K::RightDelim, "}}"),
                    (K::Text, "b"),
                    (K::Eof, ""),
                ],
            ),
            ("{{-3}}", vec![(K::LeftDelim, "{{"), (K::Number, "-3"), (K::RightDelim, "}}"), (K::Eof, "")]),
            ("x {{- /* c */ -}} y", vec![(K::Text, "x"), (K::Text, "y"), (K::Eof, "")]),
            (
                "{{$x := 1}}",
                vec![
                    (K::LeftDelim, "{{"),
                    (K::Variable, "$x"),
                    (K::Space, " "),
                    (K::Declare, ":="),
                    (K::Space, " "),
                    (K::Number, "1"),
                    (K::RightDelim, "}}"),
                    (K::Eof, ""),
                ],
            ),
            (
                "{{'a' `r` \"s\"}}",
                vec![
                    (K::LeftDelim, "{{"),
                    (K::CharConstant, "'a'"),
                    (K::Space, " "),
                    (K::RawString, "`r`"),
                    (K::Space, " "),
                    (K::String, "\"s\""),
                    (K::RightDelim, "}}"),
                    (K::Eof, ""),
                ],
            ),
            ("{{if}}", vec![(K::LeftDelim, "{{"), (K::If, "if"), (K::RightDelim, "}}"), (K::Eof, "")]),
            ("{{a!}}", vec![(K::LeftDelim, "{{"), (K::Error, "bad character U+0021 '!'")]),
            ("{{", vec![(K::LeftDelim, "{{"), (K::Error, "unclosed action")]),
            ("{{(}}", vec![(K::LeftDelim, "{{"), (K::LeftParen, "("), (K::Error, "unclosed left paren")]),
            ("{{/*", vec![(K::Error, "unclosed comment")]),
            ("{{3x}}", vec![(K::LeftDelim, "{{"), (K::Error, "bad number syntax: \"3x\"")]),
        ];
        for (src, want) in cases {
            let want: Vec<(ItemKind, String)> = want.into_iter().map(|(k, v)| (k, v.to_owned())).collect();
            assert_eq!(kinds(src), want, "{src}");
        }
    }

    #[test]
    fn tracks_lines() {
        let items = lex("a\nb{{\n.X}}");
        let lines: Vec<usize> = items.iter().map(|i| i.line).collect();
        assert_eq!(lines, vec![1, 2, 2, 3, 3, 3]);
    }
}
