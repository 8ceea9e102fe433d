//! A spanned JSON reader that accepts exactly what Go's `encoding/json` accepts and fails with
//! Go's messages and offsets (a port of the states of Go's `scanner.go`), because Packer users
//! see those texts. It is iterative (an explicit stack, Go's 10000-level nesting limit), so no
//! input can overflow the stack, and it checks duplicate keys and out-of-range numbers on the
//! way (Packer reports those after a successful parse), so a template is read in one pass.

use std::collections::HashSet;

use rpacker_diag::{FileId, Span};

use super::go_quote::quote_char;
use super::string_decode::decode_string;
use super::syntax_error::JsonSyntaxError;
use crate::{Key, Node, NodeValue, Spanned};

/// Go's `maxNestingDepth`.
const MAX_DEPTH: usize = 10_000;

/// Objects with more keys than this get a hash set for the duplicate-key check.
const LINEAR_KEY_CHECK: usize = 16;

/// A syntax-valid JSON document and the facts Packer checks right after parsing it.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonDocument {
    /// The root value.
    pub root: Node,
    /// The first key (in document order) repeated in its object: Packer's
    /// `template has duplicate field: <key>`.
    pub duplicate_key: Option<Key>,
    /// The first number too large for a float64 (`1e400`): Go's `json.Unmarshal` fails on it.
    pub out_of_range_number: Option<Spanned<String>>,
}

/// Reads a JSON document as Go's `json.Unmarshal` does.
///
/// # Errors
/// Go's syntax error (message and offset), e.g. `invalid character 'a' after top-level value`.
pub fn read_json(text: &str, file: FileId) -> Result<Node, JsonSyntaxError> {
    read_json_document(text.as_bytes(), file).map(|doc| doc.root)
}

/// Reads a JSON document (bytes: Go accepts invalid UTF-8 inside strings) and notes its first
/// duplicate key and first out-of-range number.
///
/// # Errors
/// Go's syntax error (message and offset).
pub fn read_json_document(bytes: &[u8], file: FileId) -> Result<JsonDocument, JsonSyntaxError> {
    let mut parser = Parser::new(bytes, file, Mode::Document);
    match parser.run() {
        Ok(root) => Ok(JsonDocument {
            root,
            duplicate_key: parser.duplicate_key,
            out_of_range_number: parser.out_of_range_number,
        }),
        Err(stop) => Err(stop.into_syntax_error(bytes, file)),
    }
}

/// Why [`read_first_value`] failed, as Go's `json.Decoder` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecoderError {
    /// A syntax error before the value ended (Go's message).
    Syntax(JsonSyntaxError),
    /// The input held only whitespace: Go's `EOF`.
    Eof,
    /// The input ended inside the value: Go's `unexpected EOF`.
    UnexpectedEof,
}

/// Reads the first JSON value of the input as Go's `json.Decoder.Decode` does (used for
/// `-var-file`): anything after that value is ignored.
///
/// # Errors
/// See [`DecoderError`].
pub fn read_first_value(bytes: &[u8], file: FileId) -> Result<Node, DecoderError> {
    let mut parser = Parser::new(bytes, file, Mode::FirstValue);
    parser.run().map_err(|stop| match stop {
        Stop::Syntax { .. } => DecoderError::Syntax(stop.into_syntax_error(bytes, file)),
        Stop::EndOfInput { .. } if bytes.iter().all(|b| is_space(*b)) => DecoderError::Eof,
        Stop::EndOfInput { .. } => DecoderError::UnexpectedEof,
    })
}

/// Whether to require the whole input be one value (`Unmarshal`) or stop after one (`Decoder`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Document,
    FirstValue,
}

/// Where parsing stopped without a value.
#[derive(Debug)]
enum Stop {
    /// `invalid character …` at a byte (offset = its index + 1, as Go counts).
    Syntax { message: String, offset: usize },
    /// The input ended; `message` is the error Go's `eof()` gets from feeding a space to the
    /// current state (e.g. `invalid character ' ' in literal true (expecting 'e')`), if any.
    EndOfInput { message: Option<String> },
}

impl Stop {
    fn into_syntax_error(self, bytes: &[u8], file: FileId) -> JsonSyntaxError {
        match self {
            Stop::Syntax { message, offset } => JsonSyntaxError::new(message, offset, bytes, file),
            Stop::EndOfInput { message } => JsonSyntaxError::new(
                message.unwrap_or_else(|| "unexpected end of JSON input".to_owned()),
                bytes.len(),
                bytes,
                file,
            ),
        }
    }
}

/// An open container.
enum Frame {
    Array { start: usize, items: Vec<Node> },
    Object { start: usize, entries: Vec<(Key, Node)>, key: Option<Key>, keys: Option<HashSet<String>> },
}

/// What the scanner expects next (Go's scanner states, merged where their errors agree).
#[derive(Clone, Copy)]
enum Expect {
    /// A value; `]` also allowed right after `[`.
    Value { empty_array_ok: bool },
    /// An object key; `}` also allowed right after `{`.
    Key { empty_object_ok: bool },
    /// The `:` after a key.
    Colon,
    /// `,` or the closing bracket after a value inside a container.
    AfterValue,
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
    file: FileId,
    mode: Mode,
    stack: Vec<Frame>,
    duplicate_key: Option<Key>,
    out_of_range_number: Option<Spanned<String>>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'a> Parser<'a> {
    fn new(bytes: &'a [u8], file: FileId, mode: Mode) -> Self {
        Self { bytes, pos: 0, file, mode, stack: Vec::new(), duplicate_key: None, out_of_range_number: None }
    }

    fn span(&self, start: usize) -> Span {
        Span::new(self.file, start, self.pos)
    }

    fn skip_space(&mut self) {
        while self.bytes.get(self.pos).is_some_and(|b| is_space(*b)) {
            self.pos += 1;
        }
    }

    /// `invalid character <c> <context>` at the current byte.
    fn error_here(&self, context: &str) -> Stop {
        let c = self.bytes[self.pos];
        Stop::Syntax { message: format!("invalid character {} {context}", quote_char(c)), offset: self.pos + 1 }
    }

    /// The error Go's `eof()` reports when feeding it a space fails in the current state.
    fn error_at_end(context: &str) -> Stop {
        Stop::EndOfInput { message: Some(format!("invalid character ' ' {context}")) }
    }

    fn end_of_input() -> Stop {
        Stop::EndOfInput { message: None }
    }

    fn run(&mut self) -> Result<Node, Stop> {
        let mut expect = Expect::Value { empty_array_ok: false };
        loop {
            self.skip_space();
            let Some(&c) = self.bytes.get(self.pos) else { return Err(Self::end_of_input()) };
            let completed = match expect {
                Expect::Value { empty_array_ok } => match c {
                    b'{' => {
                        self.open(Frame::Object { start: self.pos, entries: Vec::new(), key: None, keys: None })?;
                        expect = Expect::Key { empty_object_ok: true };
                        None
                    }
                    b'[' => {
                        self.open(Frame::Array { start: self.pos, items: Vec::new() })?;
                        expect = Expect::Value { empty_array_ok: true };
                        None
                    }
                    b']' if empty_array_ok => Some(self.close()),
                    b'"' => {
                        let start = self.pos;
                        let text = self.string()?;
                        Some(Node { value: NodeValue::String(text), span: self.span(start) })
                    }
                    b'-' | b'0'..=b'9' => Some(self.number()?),
                    b't' => Some(self.literal(b"true", NodeValue::Bool(true))?),
                    b'f' => Some(self.literal(b"false", NodeValue::Bool(false))?),
                    b'n' => Some(self.literal(b"null", NodeValue::Null)?),
                    _ => return Err(self.error_here("looking for beginning of value")),
                },
                Expect::Key { empty_object_ok } => match c {
                    b'}' if empty_object_ok => Some(self.close()),
                    b'"' => {
                        let start = self.pos;
                        let text = self.string()?;
                        let key = Key::new(text, self.span(start));
                        if let Some(Frame::Object { key: slot, .. }) = self.stack.last_mut() {
                            *slot = Some(key);
                        }
                        expect = Expect::Colon;
                        None
                    }
                    _ => return Err(self.error_here("looking for beginning of object key string")),
                },
                Expect::Colon => {
                    if c != b':' {
                        return Err(self.error_here("after object key"));
                    }
                    self.pos += 1;
                    expect = Expect::Value { empty_array_ok: false };
                    None
                }
                Expect::AfterValue => match (self.stack.last(), c) {
                    (Some(Frame::Object { .. }), b',') => {
                        self.pos += 1;
                        expect = Expect::Key { empty_object_ok: false };
                        None
                    }
                    (Some(Frame::Array { .. }), b',') => {
                        self.pos += 1;
                        expect = Expect::Value { empty_array_ok: false };
                        None
                    }
                    (Some(Frame::Object { .. }), b'}') | (Some(Frame::Array { .. }), b']') => Some(self.close()),
                    (Some(Frame::Object { .. }), _) => return Err(self.error_here("after object key:value pair")),
                    _ => return Err(self.error_here("after array element")),
                },
            };
            if let Some(node) = completed {
                if self.stack.is_empty() {
                    return self.finish(node);
                }
                self.attach(node);
                expect = Expect::AfterValue;
            }
        }
    }

    /// The top-level value is complete.
    fn finish(&mut self, node: Node) -> Result<Node, Stop> {
        if self.mode == Mode::Document {
            self.skip_space();
            if self.pos < self.bytes.len() {
                return Err(self.error_here("after top-level value"));
            }
        }
        Ok(node)
    }

    fn open(&mut self, frame: Frame) -> Result<(), Stop> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error_here("exceeded max depth"));
        }
        self.stack.push(frame);
        self.pos += 1;
        Ok(())
    }

    /// Closes the innermost container (the current byte is its closing bracket).
    fn close(&mut self) -> Node {
        self.pos += 1;
        match self.stack.pop() {
            Some(Frame::Array { start, items }) => Node { value: NodeValue::Array(items), span: self.span(start) },
            Some(Frame::Object { start, entries, .. }) => {
                Node { value: NodeValue::Object(entries), span: self.span(start) }
            }
            None => Node { value: NodeValue::Null, span: self.span(self.pos - 1) },
        }
    }

    /// Adds a finished value to the innermost container.
    fn attach(&mut self, node: Node) {
        let check_duplicates = self.mode == Mode::Document && self.duplicate_key.is_none();
        match self.stack.last_mut() {
            Some(Frame::Array { items, .. }) => items.push(node),
            Some(Frame::Object { entries, key, keys, .. }) => {
                let Some(key) = key.take() else { return };
                if check_duplicates {
                    let repeated = match keys {
                        Some(set) => !set.insert(key.value.clone()),
                        None => {
                            let repeated = entries.iter().any(|(k, _)| k.value == key.value);
                            if entries.len() >= LINEAR_KEY_CHECK {
                                let mut set: HashSet<String> = entries.iter().map(|(k, _)| k.value.clone()).collect();
                                set.insert(key.value.clone());
                                *keys = Some(set);
                            }
                            repeated
                        }
                    };
                    if repeated {
                        self.duplicate_key = Some(key.clone());
                    }
                }
                entries.push((key, node));
            }
            None => {}
        }
    }

    /// A string literal starting at the current `"`; returns its decoded text.
    fn string(&mut self) -> Result<String, Stop> {
        self.pos += 1;
        let start = self.pos;
        loop {
            let Some(&c) = self.bytes.get(self.pos) else { return Err(Self::end_of_input()) };
            match c {
                b'"' => {
                    let text = decode_string(&self.bytes[start..self.pos]);
                    self.pos += 1;
                    return Ok(text);
                }
                b'\\' => {
                    self.pos += 1;
                    let Some(&e) = self.bytes.get(self.pos) else {
                        return Err(Self::error_at_end("in string escape code"));
                    };
                    match e {
                        b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => self.pos += 1,
                        b'u' => {
                            self.pos += 1;
                            for _ in 0..4 {
                                match self.bytes.get(self.pos) {
                                    None => return Err(Self::error_at_end("in \\u hexadecimal character escape")),
                                    Some(h) if h.is_ascii_hexdigit() => self.pos += 1,
                                    Some(_) => return Err(self.error_here("in \\u hexadecimal character escape")),
                                }
                            }
                        }
                        _ => return Err(self.error_here("in string escape code")),
                    }
                }
                0..=0x1f => return Err(self.error_here("in string literal")),
                _ => self.pos += 1,
            }
        }
    }

    /// A number starting at the current `-` or digit.
    fn number(&mut self) -> Result<Node, Stop> {
        let start = self.pos;
        if self.bytes[self.pos] == b'-' {
            self.pos += 1;
            match self.bytes.get(self.pos) {
                None => return Err(Self::error_at_end("in numeric literal")),
                Some(d) if d.is_ascii_digit() => {}
                Some(_) => return Err(self.error_here("in numeric literal")),
            }
        }
        if self.bytes[self.pos] == b'0' {
            self.pos += 1;
        } else {
            self.skip_digits();
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            self.require_digit("after decimal point in numeric literal")?;
            self.skip_digits();
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.require_digit("in exponent of numeric literal")?;
            self.skip_digits();
        }
        // The scanner only allowed ASCII here.
        let text = String::from_utf8_lossy(&self.bytes[start..self.pos]).into_owned();
        let span = self.span(start);
        if self.out_of_range_number.is_none() && text.parse::<f64>().is_ok_and(f64::is_infinite) {
            self.out_of_range_number = Some(Spanned::new(text.clone(), span));
        }
        Ok(Node { value: NodeValue::Number(text), span })
    }

    fn skip_digits(&mut self) {
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
    }

    fn require_digit(&self, context: &str) -> Result<(), Stop> {
        match self.bytes.get(self.pos) {
            None => Err(Self::error_at_end(context)),
            Some(d) if d.is_ascii_digit() => Ok(()),
            Some(_) => Err(self.error_here(context)),
        }
    }

    /// `true`, `false` or `null` starting at the current byte (its first letter already matched).
    fn literal(&mut self, word: &[u8], value: NodeValue) -> Result<Node, Stop> {
        let start = self.pos;
        let name = std::str::from_utf8(word).unwrap_or_default();
        for &expected in &word[1..] {
            self.pos += 1;
            let context = format!("in literal {name} (expecting {})", quote_char(expected));
            match self.bytes.get(self.pos) {
                None => return Err(Self::error_at_end(&context)),
                Some(&c) if c == expected => {}
                Some(_) => return Err(self.error_here(&context)),
            }
        }
        self.pos += 1;
        Ok(Node { value, span: self.span(start) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syntax_error(text: &[u8]) -> (String, usize) {
        let err = read_json_document(text, FileId(0)).expect_err("should fail");
        (err.message, err.offset)
    }

    #[test]
    fn syntax_errors_match_go() {
        // Messages and offsets verified with packer 1.6.6 (`packer validate -syntax-only`).
        let cases: &[(&[u8], &str, usize)] = &[
            (b"", "unexpected end of JSON input", 0),
            (
                b"{\"builders\":[\n{\"type\":\"null\",}",
                "invalid character '}' looking for beginning of object key string",
                30,
            ),
            (b"\xef\xbb\xbf{}", "invalid character '\u{ef}' looking for beginning of value", 1),
            (b"{\"builders\":tru", "invalid character ' ' in literal true (expecting 'e')", 15),
            (b"\n\n{\"a\":1,\n  \"b\": [1,2,],\n}", "invalid character ']' looking for beginning of value", 23),
            (b"{\"a\":\"\\x\"}", "invalid character 'x' in string escape code", 8),
            (b"{\"a\":\"\t\"}", "invalid character '\\t' in string literal", 7),
            (b"[-]", "invalid character ']' in numeric literal", 3),
            (b"01", "invalid character '1' after top-level value", 2),
            (b"{\"a\" 1}", "invalid character '1' after object key", 6),
            (b"{\"a\":1 \"b\"}", "invalid character '\"' after object key:value pair", 8),
            (b"[1 2]", "invalid character '2' after array element", 4),
            (b"\x01", "invalid character '\\x01' looking for beginning of value", 1),
            (b"{\"a\":\"\xc2\x80\"}x", "invalid character 'x' after top-level value", 11),
            (b"[1.]", "invalid character ']' after decimal point in numeric literal", 4),
            (b"[1e+]", "invalid character ']' in exponent of numeric literal", 5),
            (b"1e", "invalid character ' ' in exponent of numeric literal", 2),
            (b"[1", "unexpected end of JSON input", 2),
            (b"\"\\u12", "invalid character ' ' in \\u hexadecimal character escape", 5),
            (b"\"\\u12x", "invalid character 'x' in \\u hexadecimal character escape", 6),
            (b"nul1", "invalid character '1' in literal null (expecting 'l')", 4),
            (b"{/* c */}", "invalid character '/' looking for beginning of object key string", 2),
            (b"[NaN]", "invalid character 'N' looking for beginning of value", 2),
            (b"{'a':1}", "invalid character '\\'' looking for beginning of object key string", 2),
        ];
        for (text, message, offset) in cases {
            assert_eq!(syntax_error(text), ((*message).to_owned(), *offset), "{}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn nesting_is_limited_like_go() {
        // Verified with packer 1.6.6: 10000 levels parse, the 10001st `[` fails at offset 10001.
        let ok = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(read_json(&ok, FileId(0)).is_ok());
        let deep = format!("{}{}", "[".repeat(10_001), "]".repeat(10_001));
        let err = read_json(&deep, FileId(0)).unwrap_err();
        assert_eq!((err.message.as_str(), err.offset), ("invalid character '[' exceeded max depth", 10_001));
        // Far deeper input fails the same way without exhausting the stack.
        assert!(read_json(&"[".repeat(1_000_000), FileId(0)).is_err());
    }

    #[test]
    fn values_keep_spans() {
        let doc = read_json_document(br#" {"a": [1, "x", true, null], "b": {}} "#, FileId(3)).unwrap();
        let (key, value) = &doc.root.as_object().unwrap()[0];
        assert_eq!((key.value.as_str(), key.span.start, key.span.end), ("a", 2, 5));
        assert_eq!((value.span.start, value.span.end), (7, 27));
        assert_eq!(doc.root.span, Span::new(FileId(3), 1, 37));
        let NodeValue::Array(items) = &value.value else { panic!("array") };
        assert_eq!(items[1].value, NodeValue::String("x".into()));
        assert_eq!((items[1].span.start, items[1].span.end), (11, 14));
    }

    #[test]
    fn notes_duplicates_and_huge_numbers() {
        // `template has duplicate field: z` — verified with packer 1.6.6 (first in document order).
        let doc = read_json_document(br#"{"a":{"x":1,"y":{"z":1,"z":2}},"b":{"x":1,"x":1}}"#, FileId(0)).unwrap();
        assert_eq!(doc.duplicate_key.map(|k| k.value), Some("z".to_owned()));
        let doc = read_json_document(br#"{"a":"x","\u0061":1}"#, FileId(0)).unwrap();
        assert_eq!(doc.duplicate_key.map(|k| k.value), Some("a".to_owned()));
        let many: String = (0..40).map(|i| format!("\"k{i}\":1,")).collect();
        let doc = read_json_document(format!("{{{many}\"k39\":2}}").as_bytes(), FileId(0)).unwrap();
        assert_eq!(doc.duplicate_key.map(|k| k.value), Some("k39".to_owned()));
        let doc = read_json_document(br#"[1e-400, 1e400, 2e400]"#, FileId(0)).unwrap();
        assert_eq!(doc.out_of_range_number.map(|n| n.value), Some("1e400".to_owned()));
    }

    #[test]
    fn first_value_reads_like_go_decoder() {
        // Verified with packer 1.6.6 `-var-file`.
        assert!(read_first_value(b"{\"a\":\"b\"} junk", FileId(0)).is_ok());
        assert_eq!(read_first_value(b"  ", FileId(0)), Err(DecoderError::Eof));
        assert_eq!(read_first_value(b"{\"a\":", FileId(0)), Err(DecoderError::UnexpectedEof));
        assert_eq!(read_first_value(b"tru", FileId(0)), Err(DecoderError::UnexpectedEof));
        assert!(matches!(read_first_value(b"x", FileId(0)), Err(DecoderError::Syntax(_))));
    }
}
