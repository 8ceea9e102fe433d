//! A serde `Deserializer` over a JSON value with mapstructure's `WeaklyTypedInput` rules, so
//! typed plugin configs accept what Packer accepts: `"true"`/`"1"` as bools, `"5"` as numbers,
//! `5` as a string, a single value or a comma-separated string as a list, a list of objects as
//! one object (HCL blocks), struct keys matched case-insensitively. Unknown nested keys are
//! collected by path instead of failing the decode, as Packer reports them all at the end.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// A decode failure at a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DecodeError {}

impl de::Error for DecodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self { path: String::new(), message: msg.to_string() }
    }
}

/// What the decode of one struct learnt about keys.
#[derive(Default)]
pub(crate) struct KeyUsage {
    /// Top-level keys some field claimed (lower-cased).
    pub claimed_top: HashSet<String>,
    /// Nested keys no field claimed, as paths.
    pub unknown_nested: Vec<String>,
    /// Every top-level field name a decoded struct declares (for did-you-mean).
    pub known_top: Vec<&'static str>,
    /// Values that could not be converted; mapstructure reports them all, so decoding goes on
    /// with the field's zero value.
    pub type_errors: Vec<DecodeError>,
}

/// The deserializer for one value at one path.
pub(crate) struct WeakDeserializer<'a> {
    value: &'a Value,
    path: String,
    depth: usize,
    usage: &'a RefCell<KeyUsage>,
}

impl<'a> WeakDeserializer<'a> {
    /// The deserializer for a whole config object.
    pub(crate) fn top(value: &'a Value, usage: &'a RefCell<KeyUsage>) -> Self {
        Self { value, path: String::new(), depth: 0, usage }
    }

    fn element(&self, value: &'a Value, index: usize) -> Self {
        Self { value, path: format!("{}[{index}]", self.path), depth: self.depth + 1, usage: self.usage }
    }

    /// Records a conversion failure and hands back the zero value, so the decode goes on.
    fn recover<T>(&self, result: Result<T, DecodeError>, zero: T) -> T {
        result.unwrap_or_else(|e| {
            self.usage.borrow_mut().type_errors.push(e);
            zero
        })
    }

    /// mapstructure's text for a map or struct given something else.
    fn not_a_map(&self) -> DecodeError {
        let kind = match self.value {
            Value::Null => "invalid",
            Value::Bool(_) => "bool",
            Value::Number(_) => "float64",
            Value::String(_) => "string",
            Value::Array(_) => "slice",
            Value::Object(_) => "map",
        };
        self.error(format!("'{}' expected a map, got '{kind}'", self.path))
    }

    fn error(&self, message: impl Into<String>) -> DecodeError {
        DecodeError { path: self.path.clone(), message: message.into() }
    }

    /// mapstructure's text for a value of the wrong shape.
    fn unconvertible(&self, expected: &str) -> DecodeError {
        let message = format!(
            "'{}' expected type '{expected}', got unconvertible type '{}', value: '{}'",
            self.path,
            go_type_name(self.value),
            go_value_text(self.value)
        );
        self.error(message)
    }

    fn to_i64(&self, expected: &str) -> Result<i64, DecodeError> {
        match self.value {
            Value::Null => Ok(0),
            Value::Bool(b) => Ok(i64::from(*b)),
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_u64().and_then(|u| i64::try_from(u).ok()))
                // Go's weak decode truncates floats into int fields.
                .or_else(|| n.as_f64().map(|f| f as i64))
                .ok_or_else(|| self.unconvertible(expected)),
            Value::String(s) if s.is_empty() => Ok(0),
            Value::String(s) => parse_go_int(s).ok_or_else(|| {
                self.error(format!(
                    "cannot parse '{}' as int: strconv.ParseInt: parsing {s:?}: invalid syntax",
                    self.path
                ))
            }),
            _ => Err(self.unconvertible(expected)),
        }
    }

    fn to_f64(&self) -> Result<f64, DecodeError> {
        match self.value {
            Value::Null => Ok(0.0),
            Value::Bool(b) => Ok(f64::from(u8::from(*b))),
            Value::Number(n) => n.as_f64().ok_or_else(|| self.unconvertible("float64")),
            Value::String(s) if s.is_empty() => Ok(0.0),
            Value::String(s) => s.trim().parse().map_err(|_| {
                self.error(format!(
                    "cannot parse '{}' as float: strconv.ParseFloat: parsing {s:?}: invalid syntax",
                    self.path
                ))
            }),
            _ => Err(self.unconvertible("float64")),
        }
    }

    fn to_bool(&self) -> Result<bool, DecodeError> {
        match self.value {
            Value::Null => Ok(false),
            Value::Bool(b) => Ok(*b),
            Value::Number(n) => Ok(n.as_f64().is_some_and(|f| f != 0.0)),
            Value::String(s) if s.is_empty() => Ok(false),
            Value::String(s) => parse_go_bool(s).ok_or_else(|| {
                self.error(format!(
                    "cannot parse '{}' as bool: strconv.ParseBool: parsing {s:?}: invalid syntax",
                    self.path
                ))
            }),
            _ => Err(self.unconvertible("bool")),
        }
    }

    fn to_text(&self) -> Result<String, DecodeError> {
        match self.value {
            Value::Null => Ok(String::new()),
            Value::Bool(b) => Ok(if *b { "1" } else { "0" }.to_owned()),
            Value::Number(n) => Ok(go_number_text(n)),
            Value::String(s) => Ok(s.clone()),
            _ => Err(self.unconvertible("string")),
        }
    }

    /// HCL gives blocks as lists of objects; mapstructure merges such a list into one map.
    fn object(&self) -> Option<Map<String, Value>> {
        match self.value {
            Value::Object(m) => Some(m.clone()),
            Value::Null => Some(Map::new()),
            Value::Array(items) if items.iter().all(Value::is_object) => {
                let mut merged = Map::new();
                for item in items {
                    if let Value::Object(m) = item {
                        merged.extend(m.iter().map(|(k, v)| (k.clone(), v.clone())));
                    }
                }
                Some(merged)
            }
            _ => None,
        }
    }
}

/// strconv.ParseBool.
fn parse_go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// strconv.ParseInt(s, 0, 64): decimal, or `0x`/`0o`/`0b`/leading-zero octal, `_` separators.
fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d.to_owned())
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d.to_owned())
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d.to_owned())
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_owned())
    } else {
        (10, lower)
    };
    let digits = if radix == 10 { digits } else { digits.replace('_', "") };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let n = i64::from_str_radix(&digits, radix).ok()?;
    Some(if neg { -n } else { n })
}

/// A JSON number as Go's weak decode turns it into a string (`5` → "5", `1.5` → "1.5").
fn go_number_text(n: &serde_json::Number) -> String {
    if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
        if f.fract() == 0.0 && f.abs() < 1e15 {
            return format!("{}", f as i64);
        }
    }
    n.to_string()
}

fn go_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Number(_) => "float64",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

fn go_value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => go_number_text(n),
        Value::Bool(b) => b.to_string(),
        Value::Null => "<nil>".to_owned(),
        Value::Array(items) => format!("[{}]", items.iter().map(go_value_text).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => {
            format!("map[{}]", m.iter().map(|(k, v)| format!("{k}:{}", go_value_text(v))).collect::<Vec<_>>().join(" "))
        }
    }
}

macro_rules! weak_int {
    ($($method:ident => $visit:ident as $ty:ty, $go:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
            let n = self.recover(self.to_i64($go), 0);
            let n = self.recover(
                <$ty>::try_from(n).map_err(|_| self.error(format!("cannot parse '{}', {n} overflows {}", self.path, $go))),
                0,
            );
            visitor.$visit(n)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for WeakDeserializer<'_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (_, Some(i)) => visitor.visit_i64(i),
                _ => visitor.visit_f64(n.as_f64().unwrap_or_default()),
            },
            Value::String(s) => visitor.visit_str(s),
            Value::Array(_) => self.deserialize_seq(visitor),
            Value::Object(_) => self.deserialize_map(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_bool(self.recover(self.to_bool(), false))
    }

    weak_int! {
        deserialize_i8 => visit_i8 as i8, "int8";
        deserialize_i16 => visit_i16 as i16, "int16";
        deserialize_i32 => visit_i32 as i32, "int32";
        deserialize_i64 => visit_i64 as i64, "int64";
        deserialize_u8 => visit_u8 as u8, "uint8";
        deserialize_u16 => visit_u16 as u16, "uint16";
        deserialize_u32 => visit_u32 as u32, "uint32";
        deserialize_u64 => visit_u64 as u64, "uint64";
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_f64(self.recover(self.to_f64(), 0.0))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_f64(self.recover(self.to_f64(), 0.0))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_string(self.recover(self.to_text(), String::new()))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        // The SDK's string-to-slice hook splits on commas; weak input wraps single values.
        let owned: Vec<Value>;
        let items: &[Value] = match self.value {
            Value::Array(items) => items,
            Value::Null => &[],
            Value::String(s) if s.is_empty() => &[],
            Value::String(s) => {
                owned = s.split(',').map(|p| Value::String(p.to_owned())).collect();
                &owned
            }
            single => std::slice::from_ref(single),
        };
        visitor.visit_seq(WeakSeq { parent: &self, items: items.iter().enumerate() })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let map = self.recover(self.object().ok_or_else(|| self.not_a_map()), Map::new());
        let entries: Vec<(String, Value)> = map.into_iter().collect();
        visitor.visit_map(WeakMap { parent: &self, entries: entries.into_iter(), pending: None })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        let map = self.recover(self.object().ok_or_else(|| self.not_a_map()), Map::new());
        if self.depth == 0 {
            self.usage.borrow_mut().known_top.extend_from_slice(fields);
        }
        let mut entries = Vec::with_capacity(map.len());
        for (key, value) in map {
            // An exact match wins over a case-insensitive one, as in mapstructure.
            let field =
                fields.iter().find(|f| **f == key).or_else(|| fields.iter().find(|f| f.eq_ignore_ascii_case(&key)));
            match field {
                Some(field) => {
                    if self.depth == 0 {
                        self.usage.borrow_mut().claimed_top.insert(key.to_ascii_lowercase());
                    }
                    entries.push(((*field).to_owned(), value));
                }
                None if self.depth > 0 => {
                    let path = if self.path.is_empty() { key } else { format!("{}.{key}", self.path) };
                    self.usage.borrow_mut().unknown_nested.push(path);
                }
                None => {}
            }
        }
        visitor.visit_map(WeakMap { parent: &self, entries: entries.into_iter(), pending: None })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        let text = self.to_text()?;
        if !variants.contains(&text.as_str()) {
            return Err(self.error(format!("invalid value {text:?} for '{}': expected one of {variants:?}", self.path)));
        }
        visitor.visit_enum(IntoDeserializer::<DecodeError>::into_deserializer(text))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }
}

struct WeakSeq<'p, 'a, I> {
    parent: &'p WeakDeserializer<'a>,
    items: I,
}

impl<'de, 'a, I: Iterator<Item = (usize, &'a Value)>> SeqAccess<'de> for WeakSeq<'_, 'a, I> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DecodeError> {
        let Some((i, item)) = self.items.next() else { return Ok(None) };
        let child = self.parent.element(item, i);
        let path = child.path.clone();
        seed.deserialize(child).map(Some).map_err(|e| with_path(e, &path))
    }
}

struct WeakMap<'p, 'a> {
    parent: &'p WeakDeserializer<'a>,
    entries: std::vec::IntoIter<(String, Value)>,
    pending: Option<(String, Value)>,
}

impl<'de> MapAccess<'de> for WeakMap<'_, '_> {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DecodeError> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        let k = seed.deserialize(IntoDeserializer::<DecodeError>::into_deserializer(key.clone()))?;
        self.pending = Some((key, value));
        Ok(Some(k))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DecodeError> {
        let (key, value) = self.pending.take().ok_or_else(|| de::Error::custom("value requested before key"))?;
        // The child borrows the value; keep it alive for the duration of the call.
        let value = Box::new(value);
        let child = WeakDeserializer {
            value: &value,
            path: if self.parent.path.is_empty() { key.clone() } else { format!("{}.{key}", self.parent.path) },
            // Values of plain maps (tags) are not struct fields: no unknown-key tracking below them.
            depth: self.parent.depth + 1,
            usage: self.parent.usage,
        };
        let path = child.path.clone();
        seed.deserialize(child).map_err(|e| with_path(e, &path))
    }
}

fn with_path(mut e: DecodeError, path: &str) -> DecodeError {
    if e.path.is_empty() {
        e.path = path.to_owned();
        e.message = format!("error decoding '{path}': {}", e.message);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_ints_and_bools() {
        let ints =
            [("10", Some(10)), ("0x1f", Some(31)), ("010", Some(8)), ("-3", Some(-3)), ("abc", None), ("1_000", None)];
        for (s, want) in ints {
            assert_eq!(parse_go_int(s), want, "{s}");
        }
        let bools = [("true", Some(true)), ("T", Some(true)), ("0", Some(false)), ("yes", None)];
        for (s, want) in bools {
            assert_eq!(parse_go_bool(s), want, "{s}");
        }
    }
}
