//! `jsonencode` and `jsondecode`, with cty's JSON mapping (`cty/json`).
//!
//! Encoding: objects and maps become JSON objects with sorted keys, tuples, lists and sets
//! become arrays, numbers print in full decimal (no exponent), and strings are escaped as Go's
//! `encoding/json` does, including `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026`, so
//! `jsonencode` output matches Packer's byte for byte. Decoding gives objects and tuples (the
//! structural kinds), as cty's dynamic decoding does. `format`'s `%v` uses the encoder too.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::signature::{def, nullable, param, FunctionDef, Ty};
use super::string::text;
use super::{FunctionContext, FunctionError};
use crate::hcl::value::{HclValue, Number};

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    def("jsondecode", &[param("str", Ty::String)], Ty::Any, jsondecode),
    def("jsonencode", &[nullable("val", Ty::Any)], Ty::String, jsonencode),
];

/// Why a value has no JSON form.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum JsonEncodeError {
    /// The value is, or contains, an unknown.
    Unknown,
    /// The value is, or contains, an infinity.
    Infinity,
}

impl JsonEncodeError {
    pub(super) fn message(&self) -> &'static str {
        match self {
            JsonEncodeError::Unknown => "value is not known",
            JsonEncodeError::Infinity => "cannot serialize infinity as JSON",
        }
    }
}

/// The compact JSON text of `value`, as cty's `json.Marshal` writes it.
pub(super) fn encode(value: &HclValue) -> Result<String, JsonEncodeError> {
    let mut out = String::new();
    write_value(value, &mut out)?;
    Ok(out)
}

fn write_value(value: &HclValue, out: &mut String) -> Result<(), JsonEncodeError> {
    match value {
        HclValue::Null(_) => out.push_str("null"),
        HclValue::Unknown(_) => return Err(JsonEncodeError::Unknown),
        HclValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        HclValue::Number(Number::Float(f)) if f.is_infinite() => return Err(JsonEncodeError::Infinity),
        HclValue::Number(n) => out.push_str(&n.to_string()),
        HclValue::String(s) => write_string(s, out),
        HclValue::List(items) | HclValue::Set(items) | HclValue::Tuple(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out)?;
            }
            out.push(']');
        }
        HclValue::Map(entries) | HclValue::Object(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_value(item, out)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// A JSON string literal escaped as Go's `encoding/json` escapes it (HTML-safe).
pub(super) fn quote(s: &str) -> String {
    let mut out = String::new();
    write_string(s, &mut out);
    out
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The value a JSON document describes, with objects and tuples as cty's dynamic decoding
/// gives them.
pub(super) fn from_json(json: serde_json::Value) -> HclValue {
    match json {
        serde_json::Value::Null => HclValue::null(),
        serde_json::Value::Bool(b) => HclValue::Bool(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => HclValue::int(i),
            None => HclValue::float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => HclValue::String(s),
        serde_json::Value::Array(items) => HclValue::Tuple(items.into_iter().map(from_json).collect()),
        serde_json::Value::Object(entries) => {
            HclValue::Object(entries.into_iter().map(|(k, v)| (k, from_json(v))).collect::<BTreeMap<_, _>>())
        }
    }
}

fn jsonencode(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    encode(&a[0]).map(HclValue::String).map_err(|e| FunctionError::call(e.message()))
}

fn jsondecode(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let source = text(&a[0]);
    if let Some(first) = source.trim_start().chars().next() {
        if !matches!(first, '{' | '[' | '"' | '-' | '0'..='9' | 't' | 'f' | 'n') {
            return Err(FunctionError::arg(0, format!("a JSON document cannot begin with the character {first:?}")));
        }
    }
    // Go's decoder messages differ from serde_json's in wording; the position is kept.
    let json: serde_json::Value = serde_json::from_str(source).map_err(|e| FunctionError::call(e.to_string()))?;
    Ok(from_json(json))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{b, err, f, ls, m, n, null, o, ok, run, s, set, t, unknown};

    /// Expectations from go-cty `stdlib/json_test.go` and terraform's `jsonencode` docs;
    /// marked ones verified with packer 1.6.6.
    #[test]
    #[rustfmt::skip]
    fn json_functions() {
        run(vec![
            ("jsonencode", vec![o(&[("a", n(1)), ("b", t(vec![b(true), null()]))])], ok(s(r#"{"a":1,"b":[true,null]}"#))), // verified with packer 1.6.6
            ("jsonencode", vec![s("hello")], ok(s(r#""hello""#))),
            ("jsonencode", vec![s("<b>&</b>")], ok(s(r#""\u003cb\u003e\u0026\u003c/b\u003e""#))),
            ("jsonencode", vec![s("a\"\\\n\u{1}")], ok(s(r#""a\"\\\n\u0001""#))),
            ("jsonencode", vec![f(1.5)], ok(s("1.5"))),
            ("jsonencode", vec![f(1e20)], ok(s("100000000000000000000"))),
            ("jsonencode", vec![null()], ok(s("null"))),
            ("jsonencode", vec![set(vec![s("b"), s("a")])], ok(s(r#"["a","b"]"#))),
            ("jsonencode", vec![m(&[("z", n(1)), ("a", n(2))])], ok(s(r#"{"a":2,"z":1}"#))),
            ("jsonencode", vec![ls(&[])], ok(s("[]"))),
            ("jsonencode", vec![t(vec![unknown()])], ok(unknown_string())),
            ("jsonencode", vec![f(f64::INFINITY)], err("cannot serialize infinity as JSON")),
            ("jsondecode", vec![s(r#"{"hello": "world", "n": [1, 2.5, true, null]}"#)], ok(o(&[("hello", s("world")), ("n", t(vec![n(1), f(2.5), b(true), null()]))]))),
            ("jsondecode", vec![s("\"x\"")], ok(s("x"))),
            ("jsondecode", vec![s("true")], ok(b(true))),
            ("jsondecode", vec![s("null")], ok(null())),
            ("jsondecode", vec![s("<")], err("a JSON document cannot begin with the character '<'")),
            ("jsondecode", vec![s("{")], err("EOF while parsing an object at line 1 column 1")),
        ]);
    }

    fn unknown_string() -> crate::hcl::HclValue {
        crate::hcl::HclValue::Unknown(crate::hcl::HclType::String)
    }
}
