//! The spanned tree of raw values a front-end reads, kept beside the typed configs so that an
//! error about a key path can be pointed at the user's file (cargo's "spans on the side").

use rpacker_diag::Span;

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wraps a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// An object key with its span.
pub type Key = Spanned<String>;

/// A raw value as read from the file, with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: NodeValue,
    /// Where it was written (the whole value, brackets included).
    pub span: Span,
}

/// The shapes a raw value can take (JSON's; HCL2 values are converted to these).
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as written (Go keeps JSON numbers as float64; the text keeps `1e3` intact).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object, in file order.
    Object(Vec<(Key, Node)>),
}

impl Node {
    /// The entries if this is an object.
    #[must_use]
    pub fn as_object(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            NodeValue::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The string if this is a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value of `key` in an object (exact match).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_object()?.iter().find(|(k, _)| k.value == key).map(|(_, v)| v)
    }

    /// Follows a path of object keys and array indexes (`"tags"`, `"0"`) to the node it names;
    /// keys match case-insensitively, as Packer's decoder does. Used to point errors at files.
    #[must_use]
    pub fn find(&self, path: &[&str]) -> Option<&Node> {
        let Some((first, rest)) = path.split_first() else { return Some(self) };
        let next = match &self.value {
            NodeValue::Object(entries) => {
                entries.iter().find(|(k, _)| k.value.eq_ignore_ascii_case(first)).map(|(_, v)| v)
            }
            NodeValue::Array(items) => first.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        }?;
        next.find(rest)
    }

    /// The same value without spans, as `serde_json` sees it (numbers kept as written when
    /// valid JSON numbers).
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            NodeValue::Null => serde_json::Value::Null,
            NodeValue::Bool(b) => serde_json::Value::Bool(*b),
            NodeValue::Number(n) => n
                .parse::<serde_json::Number>()
                .map_or_else(|_| serde_json::Value::String(n.clone()), serde_json::Value::Number),
            NodeValue::String(s) => serde_json::Value::String(s.clone()),
            NodeValue::Array(items) => serde_json::Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Object(entries) => {
                serde_json::Value::Object(entries.iter().map(|(k, v)| (k.value.clone(), v.to_json())).collect())
            }
        }
    }
}
