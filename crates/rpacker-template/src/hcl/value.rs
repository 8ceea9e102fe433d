//! A cty-like dynamic value: what HCL expressions evaluate to and functions take and return.
//!
//! It mirrors cty's kinds: null and unknown (each with a type), bool, number, string, and
//! the collection (list, set, map) and structural (tuple, object) kinds. Unknown values are
//! how `packer validate` evaluates expressions whose inputs exist only at build time.
//!
//! Limits, by design: lists, sets and maps do not record their element type, so it is taken
//! from the elements (an empty collection's element type is `dynamic`), and the constructors
//! [`HclValue::list`], [`HclValue::set`] and [`HclValue::map`] convert the elements to one
//! common type so that every element really has it. Numbers are [`Number`]s (see there for
//! precision). Sets keep their elements unique and in a canonical order (strings and numbers
//! ascending, as cty iterates them).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::convert::{convert, unify};
pub use super::number::Number;
use super::types::HclType;

/// A dynamic HCL value.
#[derive(Clone, Debug)]
pub enum HclValue {
    /// A null of the given type.
    Null(HclType),
    /// A value not known until build time, of the given type.
    Unknown(HclType),
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// A list: every element has the same type.
    List(Vec<HclValue>),
    /// A set: unique elements of one type, in canonical order.
    Set(Vec<HclValue>),
    /// A map: string keys, every element has the same type.
    Map(BTreeMap<String, HclValue>),
    /// A tuple: a sequence of values of any types (what `[...]` literals are).
    Tuple(Vec<HclValue>),
    /// An object: named attributes of any types (what `{...}` literals are).
    Object(BTreeMap<String, HclValue>),
}

impl HclValue {
    /// A string value.
    pub fn string(s: impl Into<String>) -> HclValue {
        HclValue::String(s.into())
    }

    /// A number value from an integer.
    pub fn int(i: i64) -> HclValue {
        HclValue::Number(Number::Int(i))
    }

    /// A number value from a float (kept exact as an integer when whole).
    pub fn float(f: f64) -> HclValue {
        HclValue::Number(Number::from_f64(f))
    }

    /// An untyped null (cty's `NullVal(DynamicPseudoType)`).
    pub fn null() -> HclValue {
        HclValue::Null(HclType::Dynamic)
    }

    /// An unknown value of unknown type (cty's `DynamicVal`).
    pub fn unknown() -> HclValue {
        HclValue::Unknown(HclType::Dynamic)
    }

    /// A list of `items`, converted to their common type. Fails with cty's message when the
    /// items have no common type.
    pub fn list(items: Vec<HclValue>) -> Result<HclValue, String> {
        Ok(HclValue::List(unify_items(items, "list")?))
    }

    /// A set of `items`, converted to their common type, deduplicated and ordered.
    pub fn set(items: Vec<HclValue>) -> Result<HclValue, String> {
        Ok(HclValue::Set(canonical_set(unify_items(items, "set")?)))
    }

    /// A map of `entries`, converted to their common type.
    pub fn map(entries: BTreeMap<String, HclValue>) -> Result<HclValue, String> {
        let (keys, values): (Vec<String>, Vec<HclValue>) = entries.into_iter().unzip();
        let values = unify_items(values, "map")?;
        Ok(HclValue::Map(keys.into_iter().zip(values).collect()))
    }

    /// A tuple.
    pub fn tuple(items: Vec<HclValue>) -> HclValue {
        HclValue::Tuple(items)
    }

    /// An object from `(name, value)` pairs.
    pub fn object<K: Into<String>>(attrs: impl IntoIterator<Item = (K, HclValue)>) -> HclValue {
        HclValue::Object(attrs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// A list of strings.
    pub fn string_list<S: Into<String>>(items: impl IntoIterator<Item = S>) -> HclValue {
        HclValue::List(items.into_iter().map(|s| HclValue::String(s.into())).collect())
    }

    /// The value's type.
    pub fn type_of(&self) -> HclType {
        match self {
            HclValue::Null(t) | HclValue::Unknown(t) => t.clone(),
            HclValue::Bool(_) => HclType::Bool,
            HclValue::Number(_) => HclType::Number,
            HclValue::String(_) => HclType::String,
            HclValue::List(items) => HclType::list(first_type(items.iter())),
            HclValue::Set(items) => HclType::set(first_type(items.iter())),
            HclValue::Map(entries) => HclType::map(first_type(entries.values())),
            HclValue::Tuple(items) => HclType::Tuple(items.iter().map(HclValue::type_of).collect()),
            HclValue::Object(attrs) => HclType::Object(attrs.iter().map(|(k, v)| (k.clone(), v.type_of())).collect()),
        }
    }

    /// Whether the value is null.
    pub fn is_null(&self) -> bool {
        matches!(self, HclValue::Null(_))
    }

    /// Whether the value itself is unknown.
    pub fn is_unknown(&self) -> bool {
        matches!(self, HclValue::Unknown(_))
    }

    /// Whether the value or anything inside it is unknown (cty's `!IsWhollyKnown`).
    pub fn contains_unknown(&self) -> bool {
        match self {
            HclValue::Unknown(_) => true,
            HclValue::List(items) | HclValue::Set(items) | HclValue::Tuple(items) => {
                items.iter().any(HclValue::contains_unknown)
            }
            HclValue::Map(entries) | HclValue::Object(entries) => entries.values().any(HclValue::contains_unknown),
            _ => false,
        }
    }

    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            HclValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is a number.
    pub fn as_number(&self) -> Option<Number> {
        match self {
            HclValue::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The bool, if this is a bool.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            HclValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The elements of a list, set or tuple, in order.
    pub fn elements(&self) -> Option<&[HclValue]> {
        match self {
            HclValue::List(items) | HclValue::Set(items) | HclValue::Tuple(items) => Some(items),
            _ => None,
        }
    }

    /// The entries of a map or object, by key.
    pub fn entries(&self) -> Option<&BTreeMap<String, HclValue>> {
        match self {
            HclValue::Map(entries) | HclValue::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// cty's `Equals` for known values: same type and same content. Numbers compare
    /// numerically; a list and a tuple are never equal, as in cty.
    pub fn equals(&self, other: &HclValue) -> bool {
        if self.type_of() != other.type_of() {
            return false;
        }
        self.same_content(other)
    }

    fn same_content(&self, other: &HclValue) -> bool {
        match (self, other) {
            (HclValue::Null(_), HclValue::Null(_)) => true,
            (HclValue::Bool(a), HclValue::Bool(b)) => a == b,
            (HclValue::Number(a), HclValue::Number(b)) => a == b,
            (HclValue::String(a), HclValue::String(b)) => a == b,
            (HclValue::List(a), HclValue::List(b))
            | (HclValue::Set(a), HclValue::Set(b))
            | (HclValue::Tuple(a), HclValue::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_content(y))
            }
            (HclValue::Map(a), HclValue::Map(b)) | (HclValue::Object(a), HclValue::Object(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|((ka, va), (kb, vb))| ka == kb && va.same_content(vb))
            }
            _ => false,
        }
    }

    /// A total order used to keep sets canonical: by kind, then by content.
    pub fn canonical_cmp(&self, other: &HclValue) -> Ordering {
        match (self, other) {
            (HclValue::Bool(a), HclValue::Bool(b)) => a.cmp(b),
            (HclValue::Number(a), HclValue::Number(b)) => a.cmp_numeric(*b).unwrap_or(Ordering::Equal),
            (HclValue::String(a), HclValue::String(b)) => a.cmp(b),
            (HclValue::List(a), HclValue::List(b))
            | (HclValue::Set(a), HclValue::Set(b))
            | (HclValue::Tuple(a), HclValue::Tuple(b)) => {
                let mut by_items = a.iter().zip(b).map(|(x, y)| x.canonical_cmp(y));
                by_items.find(|o| o.is_ne()).unwrap_or_else(|| a.len().cmp(&b.len()))
            }
            (HclValue::Map(a), HclValue::Map(b)) | (HclValue::Object(a), HclValue::Object(b)) => {
                let mut by_entries =
                    a.iter().zip(b).map(|((ka, va), (kb, vb))| ka.cmp(kb).then_with(|| va.canonical_cmp(vb)));
                by_entries.find(|o| o.is_ne()).unwrap_or_else(|| a.len().cmp(&b.len()))
            }
            _ => self.kind_rank().cmp(&other.kind_rank()),
        }
    }

    fn kind_rank(&self) -> u8 {
        match self {
            HclValue::Null(_) => 0,
            HclValue::Unknown(_) => 1,
            HclValue::Bool(_) => 2,
            HclValue::Number(_) => 3,
            HclValue::String(_) => 4,
            HclValue::List(_) => 5,
            HclValue::Set(_) => 6,
            HclValue::Map(_) => 7,
            HclValue::Tuple(_) => 8,
            HclValue::Object(_) => 9,
        }
    }
}

impl PartialEq for HclValue {
    /// Structural equality with types (unknowns equal when their types are), for tests and
    /// for the evaluator's bookkeeping; the HCL `==` operator is [`HclValue::equals`].
    fn eq(&self, other: &HclValue) -> bool {
        match (self, other) {
            (HclValue::Unknown(a), HclValue::Unknown(b)) | (HclValue::Null(a), HclValue::Null(b)) => a == b,
            _ => self.equals(other),
        }
    }
}

impl From<&str> for HclValue {
    fn from(s: &str) -> HclValue {
        HclValue::String(s.to_owned())
    }
}

impl From<String> for HclValue {
    fn from(s: String) -> HclValue {
        HclValue::String(s)
    }
}

impl From<bool> for HclValue {
    fn from(b: bool) -> HclValue {
        HclValue::Bool(b)
    }
}

impl From<i64> for HclValue {
    fn from(i: i64) -> HclValue {
        HclValue::int(i)
    }
}

/// The type of the first item, or `dynamic` for none: collections are homogeneous.
fn first_type<'a>(mut items: impl Iterator<Item = &'a HclValue>) -> HclType {
    items.next().map_or(HclType::Dynamic, HclValue::type_of)
}

/// Converts `items` to their unified type; `kind` names the collection in the error.
fn unify_items(items: Vec<HclValue>, kind: &str) -> Result<Vec<HclValue>, String> {
    let types: Vec<HclType> = items.iter().map(HclValue::type_of).collect();
    let Some(common) = unify(&types) else {
        return Err(format!("all {kind} elements must have the same type"));
    };
    items.into_iter().map(|item| convert(item, &common)).collect()
}

/// Sorts and deduplicates set elements.
pub(crate) fn canonical_set(mut items: Vec<HclValue>) -> Vec<HclValue> {
    items.sort_by(HclValue::canonical_cmp);
    items.dedup_by(|a, b| a.equals(b));
    items
}

#[cfg(test)]
mod tests {
    use super::{HclType, HclValue};

    #[test]
    #[rustfmt::skip]
    fn constructors_unify_element_types() {
        let cases: &[(Vec<HclValue>, HclValue)] = &[
            (vec!["a".into(), 1.into()], HclValue::string_list(["a", "1"])),
            (vec![true.into(), "x".into()], HclValue::string_list(["true", "x"])),
            (vec![], HclValue::List(vec![])),
        ];
        for (items, want) in cases {
            assert_eq!(HclValue::list(items.clone()).as_ref(), Ok(want));
        }
        assert_eq!(
            HclValue::list(vec![true.into(), 1.into()]),
            Err("all list elements must have the same type".to_owned())
        );
    }

    #[test]
    #[rustfmt::skip]
    fn sets_are_unique_and_ordered() {
        let set = HclValue::set(vec!["b".into(), "a".into(), "b".into()]).unwrap();
        assert_eq!(set, HclValue::Set(vec!["a".into(), "b".into()]));
    }

    #[test]
    #[rustfmt::skip]
    fn types_and_equality() {
        let tuple = HclValue::tuple(vec!["a".into(), 1.into()]);
        assert_eq!(tuple.type_of(), HclType::Tuple(vec![HclType::String, HclType::Number]));
        assert!(!HclValue::string_list(["a"]).equals(&HclValue::tuple(vec!["a".into()])));
        assert!(HclValue::int(2).equals(&HclValue::float(2.0)));
        assert!(HclValue::tuple(vec![HclValue::unknown()]).contains_unknown());
    }
}
