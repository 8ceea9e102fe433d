//! The slice of `mitchellh/mapstructure` Packer's template parser relies on: case-insensitive
//! struct-field lookup, strict vs weakly-typed conversion, and its exact error texts
//! (`'Only[0]' expected type 'string', got unconvertible type 'float64', value: '1'`), which
//! Packer prints as-is. Errors are collected per decode and sorted as mapstructure sorts them.

use std::time::Duration;

use rpacker_diag::Span;

use super::duration::parse_go_duration;
use super::go_value::{format_f, format_v, kind_name, number_value, type_name};
use crate::{Key, Node, NodeValue, Spanned};

/// One decode failure: mapstructure's text and the value it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// mapstructure's message.
    pub message: String,
    /// The offending value.
    pub span: Span,
}

/// A mapstructure decoder run over one struct: strict or weakly typed, collecting errors.
#[derive(Debug)]
pub struct Decoder {
    weak: bool,
    errors: Vec<FieldError>,
}

impl Decoder {
    /// A strict decoder (`mapstructure.NewDecoder` without `WeaklyTypedInput`).
    pub fn strict() -> Self {
        Self { weak: false, errors: Vec::new() }
    }

    /// A weakly-typed decoder (numbers and bools become strings, a single value a list…).
    pub fn weak() -> Self {
        Self { weak: true, errors: Vec::new() }
    }

    fn fail(&mut self, message: String, span: Span) {
        self.errors.push(FieldError { message, span });
    }

    /// Records an error found by the caller (for shapes this decoder has no method for).
    pub fn push(&mut self, message: String, span: Span) {
        self.fail(message, span);
    }

    /// The collected errors, sorted as `mapstructure.Error` prints them.
    pub fn finish(mut self) -> Vec<FieldError> {
        self.errors.sort_by(|a, b| a.message.cmp(&b.message));
        self.errors
    }

    /// A `string` field; `None` for null or on error.
    pub fn string(&mut self, name: &str, node: &Node) -> Option<Spanned<String>> {
        let text = match &node.value {
            NodeValue::Null => return None,
            NodeValue::String(s) => s.clone(),
            NodeValue::Bool(b) if self.weak => (if *b { "1" } else { "0" }).to_owned(),
            NodeValue::Number(n) if self.weak => format_f(number_value(n)),
            _ => {
                self.fail(unconvertible(name, "string", node), node.span);
                return None;
            }
        };
        Some(Spanned::new(text, node.span))
    }

    /// A `[]string` field.
    pub fn string_list(&mut self, name: &str, node: &Node) -> Vec<Spanned<String>> {
        match &node.value {
            NodeValue::Null => Vec::new(),
            NodeValue::Array(items) => {
                items.iter().enumerate().filter_map(|(i, item)| self.string(&format!("{name}[{i}]"), item)).collect()
            }
            NodeValue::Object(entries) if self.weak && entries.is_empty() => Vec::new(),
            // A weak decoder lifts a single value into a one-element list.
            _ if self.weak => self.string(&format!("{name}[0]"), node).into_iter().collect(),
            _ => {
                self.fail(not_a_list(name, node), node.span);
                Vec::new()
            }
        }
    }

    /// A `map[string]interface{}` field: its entries (a weak decoder merges a list of maps).
    pub fn map(&mut self, name: &str, node: &Node) -> Vec<(Key, Node)> {
        let mut entries = Vec::new();
        if let Err(message) = self.merge_map(name, node, &mut entries) {
            self.fail(message, node.span);
        }
        entries
    }

    fn merge_map(&self, name: &str, node: &Node, into: &mut Vec<(Key, Node)>) -> Result<(), String> {
        match &node.value {
            NodeValue::Null => Ok(()),
            NodeValue::Object(entries) => {
                for (key, value) in entries {
                    match into.iter_mut().find(|(k, _)| k.value == key.value) {
                        Some(slot) => *slot = (key.clone(), value.clone()),
                        None => into.push((key.clone(), value.clone())),
                    }
                }
                Ok(())
            }
            // mapstructure's decodeMapFromSlice stops at the first bad element.
            NodeValue::Array(items) if self.weak => {
                for (i, item) in items.iter().enumerate() {
                    self.merge_map(&format!("{name}[{i}]"), item, into)?;
                }
                Ok(())
            }
            _ => Err(format!("'{name}' expected a map, got '{}'", kind_name(node))),
        }
    }

    /// A `*bool` field (strict only in Packer's use).
    pub fn optional_bool(&mut self, name: &str, node: &Node) -> Option<bool> {
        match &node.value {
            NodeValue::Null => None,
            NodeValue::Bool(b) => Some(*b),
            _ => {
                self.fail(unconvertible(name, "bool", node), node.span);
                None
            }
        }
    }

    /// A `time.Duration` field decoded with `StringToTimeDurationHookFunc` (weak only in
    /// Packer's use): strings are Go durations, numbers are nanoseconds.
    pub fn duration(&mut self, name: &str, node: &Node) -> Option<Spanned<Duration>> {
        let value = match &node.value {
            NodeValue::Null => return None,
            NodeValue::String(s) => match parse_go_duration(s) {
                Ok(d) => d,
                Err(e) => {
                    self.fail(format!("error decoding '{name}': {e}"), node.span);
                    return None;
                }
            },
            NodeValue::Number(n) => nanoseconds(number_value(n)),
            NodeValue::Bool(b) => Duration::from_nanos(u64::from(*b)),
            _ => {
                self.fail(unconvertible(name, "time.Duration", node), node.span);
                return None;
            }
        };
        Some(Spanned::new(value, node.span))
    }

    /// A `[]byte` field (the root's `RawContents`, reachable by a `rawcontents` key).
    pub fn bytes(&mut self, name: &str, node: &Node) {
        match &node.value {
            NodeValue::Null => {}
            NodeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    match &item.value {
                        NodeValue::Null => {}
                        NodeValue::Number(n) if number_value(n) < 0.0 => self.fail(
                            format!("cannot parse '{name}[{i}]', {:.6} overflows uint", number_value(n)),
                            item.span,
                        ),
                        NodeValue::Number(_) => {}
                        _ => self.fail(unconvertible(&format!("{name}[{i}]"), "uint8", item), item.span),
                    }
                }
            }
            _ => self.fail(not_a_list(name, node), node.span),
        }
    }
}

/// Go converts a float64 to an int64 duration by truncation; negative means "not set" here.
fn nanoseconds(f: f64) -> Duration {
    if f >= 1.0 {
        // Saturating, as a Go conversion of a huge float is unspecified anyway.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Duration::from_nanos(f.min(i64::MAX as f64) as u64)
    } else {
        Duration::ZERO
    }
}

/// `'<name>' expected type '<want>', got unconvertible type '<type>', value: '<%v>'`.
#[must_use]
pub fn unconvertible(name: &str, want: &str, node: &Node) -> String {
    format!(
        "'{name}' expected type '{want}', got unconvertible type '{}', value: '{}'",
        type_name(node),
        format_v(node)
    )
}

fn not_a_list(name: &str, node: &Node) -> String {
    format!("'{name}': source data must be an array or slice, got {}", kind_name(node))
}

/// The text of a `mapstructure.Error`: `N error(s) decoding:\n\n* a\n* b` (already sorted).
#[must_use]
pub fn error_list_text(errors: &[FieldError]) -> String {
    let mut out = format!("{} error(s) decoding:\n", errors.len());
    for e in errors {
        out.push_str("\n* ");
        out.push_str(&e.message);
    }
    out
}

/// The entry a struct field named `field` decodes from: an exact key match, else the first
/// key equal under Go's `strings.EqualFold` (mapstructure's lookup).
#[must_use]
pub fn field<'n>(entries: &'n [(Key, Node)], field: &str) -> Option<&'n (Key, Node)> {
    entries.iter().find(|(k, _)| k.value == field).or_else(|| entries.iter().find(|(k, _)| fold_eq(&k.value, field)))
}

/// Go's `strings.EqualFold` against an ASCII field name: besides ASCII case, the Kelvin sign
/// folds to `k` and the long s to `s`.
#[must_use]
pub fn fold_eq(key: &str, field: &str) -> bool {
    let mut wanted = field.bytes();
    for c in key.chars() {
        let folded = match c {
            '\u{212a}' => b'k',
            '\u{17f}' => b's',
            c if c.is_ascii() => (c as u8).to_ascii_lowercase(),
            _ => return false,
        };
        match wanted.next() {
            Some(w) if w.to_ascii_lowercase() == folded => {}
            _ => return false,
        }
    }
    wanted.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::read_json;
    use rpacker_diag::FileId;

    fn node(json: &str) -> Node {
        read_json(json, FileId(0)).unwrap()
    }

    #[test]
    fn strings_strict_and_weak() {
        // Texts verified with packer 1.6.6 (variables: strict; builder/provisioner fields: weak).
        let cases = [
            (false, "5", Err("'x' expected type 'string', got unconvertible type 'float64', value: '5'")),
            (false, "true", Err("'x' expected type 'string', got unconvertible type 'bool', value: 'true'")),
            (true, "true", Ok("1")),
            (true, "1.5", Ok("1.5")),
            (true, "1e21", Ok("1000000000000000000000")),
            (true, "[1]", Err("'x' expected type 'string', got unconvertible type '[]interface {}', value: '[1]'")),
            (true, r#"{"a":[1,2]}"#, Err("'x' expected type 'string', got unconvertible type 'map[string]interface {}', value: 'map[a:[1 2]]'")),
        ];
        for (weak, json, expected) in cases {
            let mut d = if weak { Decoder::weak() } else { Decoder::strict() };
            let got = d.string("x", &node(json)).map(|s| s.value);
            let errors = d.finish();
            match expected {
                Ok(text) => assert_eq!((got.as_deref(), errors.len()), (Some(text), 0), "{json}"),
                Err(message) => assert_eq!(errors[0].message, message, "{json}"),
            }
        }
    }

    #[test]
    fn lists_maps_and_durations() {
        let mut weak = Decoder::weak();
        let only: Vec<_> = weak.string_list("Only", &node("\"x\"")).into_iter().map(|s| s.value).collect();
        assert_eq!(only, ["x"]);
        assert!(weak.string_list("Only", &node("{}")).is_empty());
        weak.string_list("Only", &node(r#"{"a":1}"#));
        weak.map("Override", &node(r#"[{"a":{}},5,{"b":1}]"#));
        weak.duration("pause_before", &node("\"5\""));
        assert_eq!(weak.duration("timeout", &node("5")).map(|d| d.value), Some(Duration::from_nanos(5)));
        let messages: Vec<_> = weak.finish().into_iter().map(|e| e.message).collect();
        // Verified with packer 1.6.6.
        assert_eq!(
            messages,
            [
                "'Only[0]' expected type 'string', got unconvertible type 'map[string]interface {}', value: 'map[a:1]'",
                "'Override[1]' expected a map, got 'float64'",
                "error decoding 'pause_before': time: missing unit in duration \"5\"",
            ]
        );
        let mut strict = Decoder::strict();
        strict.string_list("Only", &node("\"x\""));
        strict.map("Config", &node("[]"));
        strict.optional_bool("keep_input_artifact", &node("\"true\""));
        strict.bytes("RawContents", &node("[1,-1,\"x\"]"));
        let messages: Vec<_> = strict.finish().into_iter().map(|e| e.message).collect();
        assert_eq!(
            messages,
            [
                "'Config' expected a map, got 'slice'",
                "'Only': source data must be an array or slice, got string",
                "'RawContents[2]' expected type 'uint8', got unconvertible type 'string', value: 'x'",
                "'keep_input_artifact' expected type 'bool', got unconvertible type 'string', value: 'true'",
                "cannot parse 'RawContents[1]', -1.000000 overflows uint",
            ]
        );
    }

    #[test]
    fn field_lookup_is_case_insensitive_exact_first() {
        let obj = node(r#"{"Builders":1,"builders":2,"TYPE":3,"ty\u017fe":4}"#);
        let entries = obj.as_object().unwrap();
        assert_eq!(field(entries, "builders").map(|(k, _)| k.value.as_str()), Some("builders"));
        assert_eq!(field(entries, "type").map(|(k, _)| k.value.as_str()), Some("TYPE"));
        assert!(fold_eq("po\u{17f}t-processors", "post-processors"));
        assert!(!fold_eq("types", "type"));
    }
}
