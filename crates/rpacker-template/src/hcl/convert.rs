//! cty's type conversion and unification, as HCL applies them to function arguments.
//!
//! Function parameters have types; HCL converts each argument to its parameter's type before
//! the call (so `upper(1)` is `"1"` and `abs("2")` is `2`), and lists, sets and maps built from
//! mixed elements take the elements' unified type (`["a", 1]` as a list is `["a", "1"]`). The
//! rules and the error texts are cty's `convert` package (`conversion_primitive.go`,
//! `unify.go`, `mismatch_msg.go`), including its "unsafe" conversions (string to number or
//! bool), because HCL uses those for arguments.

use std::collections::BTreeMap;

use super::types::HclType;
use super::value::{canonical_set, HclValue, Number};

/// Converts `value` to `want`, with cty's error text when it cannot be.
pub fn convert(value: HclValue, want: &HclType) -> Result<HclValue, String> {
    match (value, want) {
        (value, HclType::Dynamic) => Ok(value),
        (HclValue::Null(_), _) => Ok(HclValue::Null(want.clone())),
        (HclValue::Unknown(_), _) => Ok(HclValue::Unknown(want.clone())),
        (value, HclType::String) => to_string(value),
        (value, HclType::Number) => to_number(value),
        (value, HclType::Bool) => to_bool(value),
        (HclValue::List(items) | HclValue::Set(items) | HclValue::Tuple(items), HclType::List(elem)) => {
            Ok(HclValue::List(convert_elements(items, elem, "list")?))
        }
        (HclValue::List(items) | HclValue::Set(items) | HclValue::Tuple(items), HclType::Set(elem)) => {
            Ok(HclValue::Set(canonical_set(convert_elements(items, elem, "set")?)))
        }
        (HclValue::Map(entries) | HclValue::Object(entries), HclType::Map(elem)) => {
            let (keys, values): (Vec<String>, Vec<HclValue>) = entries.into_iter().unzip();
            let values = convert_elements(values, elem, "map")?;
            Ok(HclValue::Map(keys.into_iter().zip(values).collect()))
        }
        (HclValue::List(items) | HclValue::Set(items) | HclValue::Tuple(items), HclType::Tuple(types))
            if items.len() == types.len() =>
        {
            let items = items.into_iter().zip(types).map(|(item, ty)| convert(item, ty));
            Ok(HclValue::Tuple(items.collect::<Result<_, _>>()?))
        }
        (HclValue::Map(mut entries) | HclValue::Object(mut entries), HclType::Object(attrs)) => {
            let missing: Vec<&String> = attrs.keys().filter(|k| !entries.contains_key(*k)).collect();
            if !missing.is_empty() {
                return Err(missing_attributes(&missing));
            }
            let mut out = BTreeMap::new();
            for (name, ty) in attrs {
                let value = entries.remove(name).unwrap_or_else(HclValue::null);
                let converted = convert(value, ty).map_err(|e| format!("attribute {name:?}: {e}"))?;
                out.insert(name.clone(), converted);
            }
            Ok(HclValue::Object(out))
        }
        (value, want) => Err(mismatch(&value.type_of(), want)),
    }
}

fn to_string(value: HclValue) -> Result<HclValue, String> {
    match value {
        HclValue::String(_) => Ok(value),
        HclValue::Number(n) => Ok(HclValue::String(n.to_string())),
        HclValue::Bool(b) => Ok(HclValue::String(b.to_string())),
        other => Err(mismatch(&other.type_of(), &HclType::String)),
    }
}

fn to_number(value: HclValue) -> Result<HclValue, String> {
    match value {
        HclValue::Number(_) => Ok(value),
        HclValue::String(s) => Number::parse(&s).map(HclValue::Number).ok_or_else(|| "a number is required".to_owned()),
        other => Err(mismatch(&other.type_of(), &HclType::Number)),
    }
}

fn to_bool(value: HclValue) -> Result<HclValue, String> {
    match value {
        HclValue::Bool(_) => Ok(value),
        HclValue::String(s) => match s.as_str() {
            "true" => Ok(HclValue::Bool(true)),
            "false" => Ok(HclValue::Bool(false)),
            other if other.eq_ignore_ascii_case("true") => {
                Err("a bool is required; to convert from string, use lowercase \"true\"".to_owned())
            }
            other if other.eq_ignore_ascii_case("false") => {
                Err("a bool is required; to convert from string, use lowercase \"false\"".to_owned())
            }
            _ => Err("a bool is required".to_owned()),
        },
        other => Err(mismatch(&other.type_of(), &HclType::Bool)),
    }
}

/// Converts collection elements to `elem`, unifying them first when `elem` is "any".
fn convert_elements(items: Vec<HclValue>, elem: &HclType, kind: &str) -> Result<Vec<HclValue>, String> {
    let target = if *elem == HclType::Dynamic {
        let types: Vec<HclType> = items.iter().map(HclValue::type_of).collect();
        unify(&types).ok_or_else(|| format!("all {kind} elements must have the same type"))?
    } else {
        elem.clone()
    };
    let element_error = |i: usize, item_type: &HclType, e: String| {
        // A type that cannot convert at all is reported with its position, as cty's
        // mismatch message does; a value that cannot (`"x"` to number) is not.
        if item_type.is_primitive() && target.is_primitive() && !matches!(item_type, HclType::Bool | HclType::Number) {
            e
        } else {
            format!("element {i}: {e}")
        }
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let item_type = item.type_of();
            convert(item, &target).map_err(|e| element_error(i, &item_type, e))
        })
        .collect()
}

fn missing_attributes(missing: &[&String]) -> String {
    match missing {
        [one] => format!("attribute {one:?} is required"),
        [a, b] => format!("attributes {a:?} and {b:?} are required"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|n| format!("{n:?}")).collect();
            format!("attributes {}, and {last:?} are required", init.join(", "))
        }
        [] => "incorrect object attributes".to_owned(),
    }
}

/// cty's `MismatchMessage`, for the cases functions meet.
pub fn mismatch(got: &HclType, want: &HclType) -> String {
    match (got, want) {
        (HclType::Tuple(_), HclType::List(e)) if **e == HclType::Dynamic => {
            "all list elements must have the same type".to_owned()
        }
        (HclType::Tuple(_), HclType::Set(e)) if **e == HclType::Dynamic => {
            "all set elements must have the same type".to_owned()
        }
        (HclType::Object(_), HclType::Map(e)) if **e == HclType::Dynamic => {
            "all map elements must have the same type".to_owned()
        }
        _ if !likely_to_confuse(got, want) => {
            format!("{} required, but have {}", want.friendly_name(), got.friendly_name())
        }
        _ => format!("{} required", want.friendly_name_for_constraint()),
    }
}

/// cty's `typesAreLikelyToCauseConfusion`: whether naming both types would mislead (then
/// only the wanted type is named).
fn likely_to_confuse(got: &HclType, want: &HclType) -> bool {
    let structural_pair =
        matches!((got, want), (HclType::Tuple(_), HclType::Object(_)) | (HclType::Object(_), HclType::Tuple(_)));
    let bool_number = matches!((got, want), (HclType::Bool, HclType::Number) | (HclType::Number, HclType::Bool));
    got.is_primitive() == want.is_primitive() && *want != HclType::String && !bool_number && !structural_pair
}

/// cty's `unify`: the one type all of `types` convert to, if there is one.
pub fn unify(types: &[HclType]) -> Option<HclType> {
    let Some(first) = types.first() else {
        return Some(HclType::Dynamic);
    };
    if types.iter().all(|t| t == first) {
        return Some(first.clone());
    }
    // A value of unknown type (an untyped null) converts to anything, so it takes no part.
    if types.contains(&HclType::Dynamic) {
        let typed: Vec<HclType> = types.iter().filter(|t| **t != HclType::Dynamic).cloned().collect();
        return if typed.is_empty() { Some(HclType::Dynamic) } else { unify(&typed) };
    }
    if types.iter().all(HclType::is_primitive) {
        // Only strings absorb the other primitives; number and bool never unify.
        return types.contains(&HclType::String).then_some(HclType::String);
    }
    if types.iter().all(|t| matches!(t, HclType::Object(_))) {
        return unify_objects(types);
    }
    if types.iter().all(|t| matches!(t, HclType::Tuple(_))) {
        return unify_tuples(types);
    }
    if types.iter().all(|t| matches!(t, HclType::List(_) | HclType::Tuple(_))) {
        return unify(&sequence_element_types(types)).map(HclType::list);
    }
    if types.iter().all(|t| matches!(t, HclType::Set(_))) {
        return unify(&sequence_element_types(types)).map(HclType::set);
    }
    if types.iter().all(|t| matches!(t, HclType::Map(_) | HclType::Object(_))) {
        return unify(&mapping_element_types(types)).map(HclType::map);
    }
    None
}

fn unify_objects(types: &[HclType]) -> Option<HclType> {
    let attrs: Vec<&BTreeMap<String, HclType>> = types
        .iter()
        .filter_map(|t| match t {
            HclType::Object(a) => Some(a),
            _ => None,
        })
        .collect();
    let same_names = attrs.windows(2).all(|w| w[0].keys().eq(w[1].keys()));
    if !same_names {
        // Objects with different attributes unify to a map when their attributes do.
        return unify(&mapping_element_types(types)).map(HclType::map);
    }
    let mut out = BTreeMap::new();
    for name in attrs[0].keys() {
        let column: Vec<HclType> = attrs.iter().map(|a| a[name].clone()).collect();
        out.insert(name.clone(), unify(&column)?);
    }
    Some(HclType::Object(out))
}

fn unify_tuples(types: &[HclType]) -> Option<HclType> {
    let tuples: Vec<&Vec<HclType>> = types
        .iter()
        .filter_map(|t| match t {
            HclType::Tuple(e) => Some(e),
            _ => None,
        })
        .collect();
    if tuples.windows(2).any(|w| w[0].len() != w[1].len()) {
        return unify(&sequence_element_types(types)).map(HclType::list);
    }
    let mut out = Vec::new();
    for i in 0..tuples[0].len() {
        let column: Vec<HclType> = tuples.iter().map(|t| t[i].clone()).collect();
        out.push(unify(&column)?);
    }
    Some(HclType::Tuple(out))
}

fn sequence_element_types(types: &[HclType]) -> Vec<HclType> {
    types
        .iter()
        .flat_map(|t| match t {
            HclType::List(e) | HclType::Set(e) => vec![(**e).clone()],
            HclType::Tuple(e) => e.clone(),
            _ => vec![],
        })
        .collect()
}

fn mapping_element_types(types: &[HclType]) -> Vec<HclType> {
    types
        .iter()
        .flat_map(|t| match t {
            HclType::Map(e) => vec![(**e).clone()],
            HclType::Object(a) => a.values().cloned().collect(),
            _ => vec![],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{convert, unify};
    use crate::hcl::types::HclType;
    use crate::hcl::value::HclValue;

    #[test]
    #[rustfmt::skip]
    fn conversions() {
        // Texts from go-cty convert/conversion_primitive.go and mismatch_msg.go.
        let cases: &[(HclValue, HclType, Result<HclValue, &str>)] = &[
            (1.into(), HclType::String, Ok("1".into())),
            (HclValue::float(1.5), HclType::String, Ok("1.5".into())),
            (true.into(), HclType::String, Ok("true".into())),
            ("12".into(), HclType::Number, Ok(12.into())),
            ("x".into(), HclType::Number, Err("a number is required")),
            ("true".into(), HclType::Bool, Ok(true.into())),
            ("True".into(), HclType::Bool, Err("a bool is required; to convert from string, use lowercase \"true\"")),
            ("yes".into(), HclType::Bool, Err("a bool is required")),
            (HclValue::string_list(["a"]), HclType::String, Err("string required, but have list of string")),
            (1.into(), HclType::Bool, Err("bool required, but have number")),
            (HclValue::tuple(vec![HclValue::tuple(vec![])]), HclType::list(HclType::String), Err("element 0: string required, but have tuple")),
            (HclValue::tuple(vec!["x".into()]), HclType::list(HclType::Number), Err("a number is required")),
            (HclValue::tuple(vec!["a".into(), 1.into()]), HclType::list(HclType::Dynamic), Ok(HclValue::string_list(["a", "1"]))),
            (HclValue::tuple(vec![true.into(), 1.into()]), HclType::list(HclType::Dynamic), Err("all list elements must have the same type")),
            (HclValue::tuple(vec!["b".into(), "a".into(), "b".into()]), HclType::set(HclType::String), Ok(HclValue::Set(vec!["a".into(), "b".into()]))),
            (HclValue::object([("a", HclValue::int(1))]), HclType::map(HclType::String), Ok(HclValue::Map([("a".to_owned(), "1".into())].into()))),
            (HclValue::null(), HclType::String, Ok(HclValue::Null(HclType::String))),
            ("x".into(), HclType::Dynamic, Ok("x".into())),
        ];
        for (value, ty, want) in cases {
            let got = convert(value.clone(), ty);
            assert_eq!(got, want.clone().map_err(str::to_owned), "convert {value:?} to {ty:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn unification() {
        let cases: &[(Vec<HclType>, Option<HclType>)] = &[
            (vec![HclType::String, HclType::Number], Some(HclType::String)),
            (vec![HclType::Bool, HclType::Number], None),
            (vec![HclType::Number, HclType::Dynamic], Some(HclType::Number)),
            (vec![HclType::Dynamic, HclType::Dynamic], Some(HclType::Dynamic)),
            (vec![HclType::list(HclType::String), HclType::list(HclType::Number)], Some(HclType::list(HclType::String))),
            (vec![], Some(HclType::Dynamic)),
        ];
        for (types, want) in cases {
            assert_eq!(unify(types), *want, "unify {types:?}");
        }
    }
}
