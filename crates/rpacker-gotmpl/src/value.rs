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

/// Formats like Go's `fmt.Sprint` of the value (what `{{ x }}` prints).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => f.write_str("<no value>"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{}", go_float(*x)),
            Value::String(s) => f.write_str(s),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Map(map) => {
                f.write_str("map[")?;
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{k}:{v}")?;
                }
                f.write_str("]")
            }
        }
    }
}

/// Go's `%v` for float64: shortest representation, exponent form for large/small magnitudes.
fn go_float(x: f64) -> String {
    let abs = x.abs();
    if x == 0.0 || (1e-4..1e21).contains(&abs) {
        format!("{x}")
    } else {
        let s = format!("{x:e}");
        // Rust prints `1e21`, Go prints `1e+21`.
        match s.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e:0>2}"),
            Some((m, e)) => format!("{m}e-{:0>2}", &e[1..]),
            None => s,
        }
    }
}
