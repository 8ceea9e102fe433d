//! The types of HCL values, after cty's type system.
//!
//! Functions check and convert their arguments against these types, unknown and null values
//! carry one, and error messages name them with cty's "friendly names" (`list of string`), so
//! the texts match what Packer prints.

use std::collections::BTreeMap;

/// A cty type. `Dynamic` is cty's `DynamicPseudoType`: "any type" in a constraint, "not known
/// yet" on an unknown or null value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HclType {
    /// Any type / not yet known.
    Dynamic,
    /// `bool`.
    Bool,
    /// `number`.
    Number,
    /// `string`.
    String,
    /// `list(T)`: ordered, one element type.
    List(Box<HclType>),
    /// `set(T)`: unordered, unique, one element type.
    Set(Box<HclType>),
    /// `map(T)`: string keys, one element type.
    Map(Box<HclType>),
    /// `tuple([...])`: ordered, a type per element.
    Tuple(Vec<HclType>),
    /// `object({...})`: named attributes, a type per attribute.
    Object(BTreeMap<String, HclType>),
}

impl HclType {
    /// `list(elem)`.
    pub fn list(elem: HclType) -> HclType {
        HclType::List(Box::new(elem))
    }

    /// `set(elem)`.
    pub fn set(elem: HclType) -> HclType {
        HclType::Set(Box::new(elem))
    }

    /// `map(elem)`.
    pub fn map(elem: HclType) -> HclType {
        HclType::Map(Box::new(elem))
    }

    /// Whether this is a primitive type (string, number or bool).
    pub fn is_primitive(&self) -> bool {
        matches!(self, HclType::Bool | HclType::Number | HclType::String)
    }

    /// The element type of a list, set or map.
    pub fn element_type(&self) -> Option<&HclType> {
        match self {
            HclType::List(e) | HclType::Set(e) | HclType::Map(e) => Some(e),
            _ => None,
        }
    }

    /// cty's `FriendlyName`: how a type is named in messages about a value's type.
    pub fn friendly_name(&self) -> String {
        self.name(false)
    }

    /// cty's `FriendlyNameForConstraint`: how a wanted type is named (`any type`,
    /// `list of any single type`).
    pub fn friendly_name_for_constraint(&self) -> String {
        self.name(true)
    }

    fn name(&self, constraint: bool) -> String {
        match self {
            HclType::Dynamic if constraint => "any type".to_owned(),
            HclType::Dynamic => "dynamic".to_owned(),
            HclType::Bool => "bool".to_owned(),
            HclType::Number => "number".to_owned(),
            HclType::String => "string".to_owned(),
            HclType::List(e) => format!("list of {}", element_name(e, constraint)),
            HclType::Set(e) => format!("set of {}", element_name(e, constraint)),
            HclType::Map(e) => format!("map of {}", element_name(e, constraint)),
            HclType::Tuple(_) => "tuple".to_owned(),
            HclType::Object(_) => "object".to_owned(),
        }
    }
}

fn element_name(elem: &HclType, constraint: bool) -> String {
    if constraint && *elem == HclType::Dynamic {
        "any single type".to_owned()
    } else {
        elem.name(constraint)
    }
}

#[cfg(test)]
mod tests {
    use super::HclType;

    #[test]
    #[rustfmt::skip]
    fn friendly_names() {
        let cases: &[(HclType, &str, &str)] = &[
            (HclType::String, "string", "string"),
            (HclType::Dynamic, "dynamic", "any type"),
            (HclType::list(HclType::String), "list of string", "list of string"),
            (HclType::list(HclType::Dynamic), "list of dynamic", "list of any single type"),
            (HclType::map(HclType::set(HclType::Number)), "map of set of number", "map of set of number"),
            (HclType::Tuple(vec![]), "tuple", "tuple"),
        ];
        for (ty, name, constraint) in cases {
            assert_eq!(ty.friendly_name(), *name);
            assert_eq!(ty.friendly_name_for_constraint(), *constraint);
        }
    }
}
