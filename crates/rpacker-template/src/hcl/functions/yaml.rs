//! `yamlencode` and `yamldecode` (zclconf/go-cty-yaml, a libyaml port).
//!
//! Encoding reproduces libyaml's block emitter as go-cty-yaml drives it: strings
//! double-quoted (folded at column 80), multi-line strings as literal blocks (`|`, `|-`,
//! `|+`), sorted mapping keys, block sequences not indented under a key, and `...` after a
//! plain scalar document. Decoding uses `serde_yaml` (YAML 1.2 core schema), so unlike
//! go-cty-yaml's YAML 1.1 resolver, `yes`/`no`/`on`/`off`/`y`/`n` stay strings — a
//! documented limit; mappings become objects and sequences tuples, as in cty.

use std::collections::BTreeMap;

use super::signature::{def, nullable, param, FunctionDef, Ty};
use super::string::text;
use super::{FunctionContext, FunctionError};
use crate::hcl::value::{HclValue, Number};

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    def("yamldecode", &[param("src", Ty::String)], Ty::Any, yamldecode),
    def("yamlencode", &[nullable("value", Ty::Any)], Ty::String, yamlencode),
];

/// libyaml's preferred line width, past which double-quoted scalars fold at a space.
const BEST_WIDTH: usize = 80;

fn yamlencode(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let mut out = Emitter { text: String::new(), column: 0 };
    match &a[0] {
        v if is_block_collection(v) => out.node(v, 0, false),
        v => {
            out.scalar(v, 0);
            out.newline();
            // libyaml closes a document whose root is a plain scalar with an explicit end.
            if matches!(v, HclValue::Null(_) | HclValue::Unknown(_) | HclValue::Bool(_) | HclValue::Number(_)) {
                out.text.push_str("...\n");
            }
        }
    }
    Ok(HclValue::String(out.text))
}

fn is_block_collection(v: &HclValue) -> bool {
    v.elements().is_some_and(|e| !e.is_empty()) || v.entries().is_some_and(|e| !e.is_empty())
}

struct Emitter {
    text: String,
    column: usize,
}

impl Emitter {
    fn write(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                self.column = 0;
            } else {
                self.column += 1;
            }
            self.text.push(c);
        }
    }

    fn newline(&mut self) {
        self.write("\n");
    }

    fn indent(&mut self, n: usize) {
        self.write(&" ".repeat(n));
    }

    /// A non-empty mapping or sequence whose block lines align at `indent`; `inline` when
    /// its first line continues a `- ` already written.
    fn node(&mut self, v: &HclValue, indent: usize, inline: bool) {
        let mut first = true;
        if let Some(entries) = v.entries() {
            for (key, value) in entries {
                if !(first && inline) {
                    self.indent(indent);
                }
                first = false;
                self.key(key, indent);
                self.value_after_key(value, indent);
            }
        } else if let Some(items) = v.elements() {
            for item in items {
                if !(first && inline) {
                    self.indent(indent);
                }
                first = false;
                self.write("- ");
                if is_block_collection(item) {
                    self.node(item, indent + 2, true);
                } else {
                    self.scalar(item, indent);
                    self.newline();
                }
            }
        }
    }

    fn key(&mut self, key: &str, indent: usize) {
        let quoted = double_quoted_len(key);
        if key.contains('\n') || quoted > 128 {
            // Not a simple key: libyaml writes an explicit `? key` then `: value`.
            self.write("? ");
            self.string(key, indent);
            self.newline();
            self.indent(indent);
            self.write(":");
        } else {
            self.double_quoted(key, indent, false);
            self.write(":");
        }
    }

    fn value_after_key(&mut self, value: &HclValue, indent: usize) {
        if value.entries().is_some_and(|e| !e.is_empty()) {
            self.newline();
            self.node(value, indent + 2, false);
        } else if value.elements().is_some_and(|e| !e.is_empty()) {
            self.newline();
            self.node(value, indent, false);
        } else {
            self.write(" ");
            self.scalar(value, indent);
            self.newline();
        }
    }

    /// A scalar (or empty collection) in a block at `indent`.
    fn scalar(&mut self, v: &HclValue, indent: usize) {
        match v {
            HclValue::Null(_) | HclValue::Unknown(_) => self.write("null"),
            HclValue::Bool(b) => self.write(if *b { "true" } else { "false" }),
            HclValue::Number(Number::Float(f)) if f.is_infinite() => self.write(if *f > 0.0 { "+Inf" } else { "-Inf" }),
            HclValue::Number(n) => self.write(&n.to_string()),
            HclValue::String(s) => self.string(s, indent),
            HclValue::Map(_) | HclValue::Object(_) => self.write("{}"),
            HclValue::List(_) | HclValue::Set(_) | HclValue::Tuple(_) => self.write("[]"),
        }
    }

    fn string(&mut self, s: &str, indent: usize) {
        if s.contains('\n') && literal_allowed(s) {
            self.literal(s, indent + 2);
        } else {
            self.double_quoted(s, indent + 2, true);
        }
    }

    /// libyaml's literal block scalar: header with indentation and chomping hints, then
    /// each line at `content_indent` (empty lines stay empty).
    fn literal(&mut self, s: &str, content_indent: usize) {
        self.write("|");
        if s.starts_with([' ', '\n']) {
            self.write("2");
        }
        if !s.ends_with('\n') {
            self.write("-");
        } else if s.len() == 1 || s.ends_with("\n\n") {
            self.write("+");
        }
        let body = s.strip_suffix('\n').unwrap_or(s);
        for line in body.split('\n') {
            self.newline();
            if !line.is_empty() {
                self.indent(content_indent);
                self.write(line);
            }
        }
        // The caller ends the last line.
    }

    /// libyaml's double-quoted scalar, folding at a space past `BEST_WIDTH` when `fold`.
    fn double_quoted(&mut self, s: &str, continuation_indent: usize, fold: bool) {
        self.write("\"");
        let chars: Vec<char> = s.chars().collect();
        let mut previous_space = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let can_break = fold && !previous_space && i != 0 && i != chars.len() - 1;
                if can_break && self.column > BEST_WIDTH {
                    self.newline();
                    self.indent(continuation_indent);
                    if chars.get(i + 1) == Some(&' ') {
                        self.write("\\");
                    }
                } else {
                    self.write(" ");
                }
                previous_space = true;
                continue;
            }
            previous_space = false;
            match escape(c) {
                Some(escaped) => self.write(&escaped),
                None => self.write(c.encode_utf8(&mut [0; 4])),
            }
        }
        self.write("\"");
    }
}

/// How libyaml escapes `c` inside double quotes, if it does.
fn escape(c: char) -> Option<String> {
    Some(match c {
        '\0' => "\\0".to_owned(),
        '\u{7}' => "\\a".to_owned(),
        '\u{8}' => "\\b".to_owned(),
        '\t' => "\\t".to_owned(),
        '\n' => "\\n".to_owned(),
        '\u{b}' => "\\v".to_owned(),
        '\u{c}' => "\\f".to_owned(),
        '\r' => "\\r".to_owned(),
        '\u{1b}' => "\\e".to_owned(),
        '"' => "\\\"".to_owned(),
        '\\' => "\\\\".to_owned(),
        '\u{85}' => "\\N".to_owned(),
        '\u{a0}' => "\\_".to_owned(),
        '\u{2028}' => "\\L".to_owned(),
        '\u{2029}' => "\\P".to_owned(),
        c if is_printable(c) => return None,
        c if (c as u32) <= 0xFF => format!("\\x{:02X}", c as u32),
        c if (c as u32) <= 0xFFFF => format!("\\u{:04X}", c as u32),
        c => format!("\\U{:08X}", c as u32),
    })
}

/// libyaml's `IS_PRINTABLE`.
fn is_printable(c: char) -> bool {
    matches!(c as u32, 0x0A | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
        && c != '\u{FEFF}'
}

/// Whether libyaml's scalar analysis allows a block (literal) scalar for `s`.
fn literal_allowed(s: &str) -> bool {
    let special =
        s.chars().any(|c| c != '\n' && (!is_printable(c) || c == '\u{85}' || c == '\u{2028}' || c == '\u{2029}'));
    let space_break = s.contains(" \n");
    let trailing_space = s.ends_with(' ');
    !special && !space_break && !trailing_space
}

fn double_quoted_len(s: &str) -> usize {
    2 + s.chars().map(|c| escape(c).map_or(1, |e| e.chars().count())).sum::<usize>()
}

fn yamldecode(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let mut document: serde_yaml::Value =
        serde_yaml::from_str(text(&a[0])).map_err(|e| FunctionError::call(e.to_string()))?;
    document.apply_merge().map_err(|e| FunctionError::call(e.to_string()))?;
    from_yaml(document)
}

fn from_yaml(v: serde_yaml::Value) -> Result<HclValue, FunctionError> {
    Ok(match v {
        serde_yaml::Value::Null => HclValue::null(),
        serde_yaml::Value::Bool(b) => HclValue::Bool(b),
        serde_yaml::Value::Number(n) => match n.as_i64() {
            Some(i) => HclValue::int(i),
            None => HclValue::float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_yaml::Value::String(s) => HclValue::String(s),
        serde_yaml::Value::Sequence(items) => {
            HclValue::Tuple(items.into_iter().map(from_yaml).collect::<Result<_, _>>()?)
        }
        serde_yaml::Value::Mapping(entries) => {
            let mut out = BTreeMap::new();
            for (k, v) in entries {
                let key = match from_yaml(k)? {
                    HclValue::String(s) => s,
                    HclValue::Number(n) => n.to_string(),
                    HclValue::Bool(b) => b.to_string(),
                    HclValue::Null(_) => "null".to_owned(),
                    _ => return Err(FunctionError::call("only scalar values may be used as mapping keys")),
                };
                out.insert(key, from_yaml(v)?);
            }
            HclValue::Object(out)
        }
        serde_yaml::Value::Tagged(tagged) => from_yaml(tagged.value)?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{b, err, f, n, null, o, ok, run, s, t};

    /// Expectations from go-cty-yaml `encode_test.go` and `cty_funcs_test.go`; marked ones
    /// verified with packer 1.6.6.
    #[test]
    #[rustfmt::skip]
    fn yaml_functions() {
        let long = "aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff gggggggggg hhhhhhhhhh iiiiiiiiii jjjjjjjjjj kkkkkkkkkk llllllllll mmmmmmmmmm nnnnnnnnnn oooooooooo";
        run(vec![
            ("yamlencode", vec![b(true)], ok(s("true\n...\n"))),
            ("yamlencode", vec![s("")], ok(s("\"\"\n"))),
            ("yamlencode", vec![s("hello")], ok(s("\"hello\"\n"))), // verified with packer 1.6.6
            ("yamlencode", vec![s("hello\nworld")], ok(s("|-\n  hello\n  world\n"))),
            ("yamlencode", vec![n(0)], ok(s("0\n...\n"))),
            ("yamlencode", vec![f(1.5)], ok(s("1.5\n...\n"))), // verified with packer 1.6.6
            ("yamlencode", vec![f(f64::INFINITY)], ok(s("+Inf\n...\n"))),
            ("yamlencode", vec![null()], ok(s("null\n...\n"))),
            ("yamlencode", vec![o(&[])], ok(s("{}\n"))),
            ("yamlencode", vec![o(&[("a", s("b"))])], ok(s("\"a\": \"b\"\n"))),
            ("yamlencode", vec![t(vec![])], ok(s("[]\n"))),
            ("yamlencode", vec![t(vec![s("b")])], ok(s("- \"b\"\n"))),
            ("yamlencode", vec![o(&[
                ("a", s("b")),
                ("c", t(vec![n(1), s("x"), o(&[("d", b(true))])])),
                ("e", o(&[("f", null()), ("g", t(vec![]))])),
                ("h", o(&[])),
                ("l", s("line1\nline2\n")),
                ("m", t(vec![t(vec![n(1), n(2)]), t(vec![s("a")])])),
            ])], ok(s("\"a\": \"b\"\n\"c\":\n- 1\n- \"x\"\n- \"d\": true\n\"e\":\n  \"f\": null\n  \"g\": []\n\"h\": {}\n\"l\": |\n  line1\n  line2\n\"m\":\n- - 1\n  - 2\n- - \"a\"\n"))), // verified with packer 1.6.6
            ("yamlencode", vec![t(vec![s("x\ny")])], ok(s("- |-\n  x\n  y\n"))), // verified with packer 1.6.6
            ("yamlencode", vec![s("tab\there \"q\" back\\\\slash é")], ok(s("\"tab\\there \\\"q\\\" back\\\\\\\\slash é\"\n"))), // verified with packer 1.6.6
            ("yamlencode", vec![s(" lead\nx")], ok(s("|2-\n   lead\n  x\n"))), // verified with packer 1.6.6
            ("yamlencode", vec![s("trail \nx")], ok(s("\"trail \\nx\"\n"))), // verified with packer 1.6.6
            ("yamlencode", vec![s("a\n\n")], ok(s("|+\n  a\n\n"))), // verified with packer 1.6.6
            ("yamlencode", vec![o(&[("multi\nkey", n(1))])], ok(s("? |-\n  multi\n  key\n: 1\n"))), // verified with packer 1.6.6
            ("yamlencode", vec![o(&[("a b", n(1)), ("1", n(2)), ("", n(3))])], ok(s("\"\": 3\n\"1\": 2\n\"a b\": 1\n"))), // verified with packer 1.6.6
            ("yamlencode", vec![s(long)], ok(s(&format!("\"{}\n  {}\"\n", &long[..87], &long[88..])))), // verified with packer 1.6.6
            ("yamlencode", vec![o(&[("a", o(&[("b", s(long))]))])], ok(s(&format!("\"a\":\n  \"b\": \"{}\n    {}\"\n", &long[..76], &long[77..])))), // verified with packer 1.6.6
            ("yamldecode", vec![s("a: 1\nb: [1, 2.5, true]\nc: ~\nd: 0x1F\ne: \"yes\"")], ok(o(&[("a", n(1)), ("b", t(vec![n(1), f(2.5), b(true)])), ("c", null()), ("d", n(31)), ("e", s("yes"))]))),
            ("yamldecode", vec![s("- a\n- b: c")], ok(t(vec![s("a"), o(&[("b", s("c"))])]))), // verified with packer 1.6.6
            ("yamldecode", vec![s("")], ok(null())),
            ("yamldecode", vec![s("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2")], ok(o(&[("base", o(&[("x", n(1))])), ("derived", o(&[("x", n(1)), ("y", n(2))]))]))),
            // go-yaml words syntax errors differently ("yaml: line 2: …"); the facts are the same.
            ("yamldecode", vec![s("[1, 2")], err("did not find expected ',' or ']' at line 2 column 1, while parsing a flow sequence")),
        ]);
    }
}
