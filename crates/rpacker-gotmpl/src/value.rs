//! Values flowing through a template: arguments, function results, `.Field` data.

use std::collections::BTreeMap;
use std::fmt;

/// A Go value as templates see it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A missing value; prints as `<no value>` (Go's missing map key).
    Nil,
    /// `true` / `false`.
    Bool(bool),
    /// An integer constant or result.
    Int(i64),
    /// A floating-point constant or result.
    Float(f64),
    /// A string.
    String(String),
    /// A slice.
    List(Vec<Value>),
    /// A map with string keys (Go prints maps with sorted keys).
    Map(BTreeMap<String, Value>),
}

impl Value {
    /// Go's truthiness (`if`, `and`, `or`, `not`): zero values are false.
    #[must_use]
    pub fn is_true(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
        }
    }

    /// The string inside, if this is a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

/// Formats like Go's `fmt.Sprint` of the value (what `{{ x }}` prints); a missing value prints
/// `<no value>` as `text/template` does.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => f.write_str("<no value>"),
            Value::String(s) => f.write_str(s),
            other => f.write_str(&crate::printf::format_value(other)),
        }
    }
}

impl Value {
    /// Go's name for the value's dynamic type (`string`, `int`, `[]interface {}`), as used in
    /// Go's error messages.
    #[must_use]
    pub fn go_type_name(&self) -> &'static str {
        crate::printf::type_name(self)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_go_print() {
        // verified with go1.19.8 text/template: {{ 1000000.0 }}, {{ .L }}, {{ .M }}
        let mut m = BTreeMap::new();
        m.insert("b".to_owned(), Value::Int(1));
        m.insert("a".to_owned(), Value::List(vec![Value::Nil, Value::Float(1e6)]));
        let cases = [
            (Value::Nil, "<no value>"),
            (Value::Float(1e6), "1e+06"),
            (Value::Float(0.5), "0.5"),
            (Value::List(vec!["a".into(), Value::Int(2)]), "[a 2]"),
            (Value::Map(m), "map[a:[<nil> 1e+06] b:1]"),
        ];
        for (v, want) in cases {
            assert_eq!(v.to_string(), want);
        }
    }
}
