//! Map and object functions: `keys`, `values`, `lookup`, `merge`, `zipmap` (cty's
//! `stdlib/collection.go`).
//!
//! A map argument given as an object literal stays an object, as in cty: `keys` and
//! `values` of an object give tuples, of a map give lists, both in key order.

use std::collections::BTreeMap;

use super::signature::{def, param, variadic, FunctionDef, Param, Ty};
use super::{FunctionContext, FunctionError};
use crate::hcl::convert::convert;
use crate::hcl::types::HclType;
use crate::hcl::value::HclValue;

/// `keys` of an unknown object type is still known.
const INPUT_MAP: Param = Param { name: "inputMap", ty: Ty::Any, allow_null: false, allow_unknown: true };
/// `merge` skips null arguments.
const MAPS: Param = Param { name: "maps", ty: Ty::Any, allow_null: true, allow_unknown: false };

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    def("keys", &[INPUT_MAP], Ty::Any, keys),
    def("lookup", &[param("inputMap", Ty::Any), param("key", Ty::String), param("default", Ty::Any)], Ty::Any, lookup),
    variadic("merge", &[], MAPS, Ty::Any, merge),
    def("values", &[param("mapping", Ty::Any)], Ty::Any, values),
    def("zipmap", &[param("keys", Ty::List(&Ty::String)), param("values", Ty::Any)], Ty::Any, zipmap),
];

fn keys(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let names = |m: &BTreeMap<String, HclValue>| m.keys().map(|k| HclValue::string(k.as_str())).collect();
    match &a[0] {
        HclValue::Object(m) => Ok(HclValue::Tuple(names(m))),
        HclValue::Map(m) => Ok(HclValue::List(names(m))),
        HclValue::Unknown(HclType::Object(attrs)) => {
            Ok(HclValue::Tuple(attrs.keys().map(|k| HclValue::string(k.as_str())).collect()))
        }
        HclValue::Unknown(HclType::Map(_)) => Ok(HclValue::Unknown(HclType::list(HclType::String))),
        HclValue::Unknown(HclType::Dynamic) => Ok(HclValue::unknown()),
        _ => Err(FunctionError::arg(0, "must have map or object type")),
    }
}

fn values(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    match &a[0] {
        HclValue::Object(m) => Ok(HclValue::Tuple(m.values().cloned().collect())),
        HclValue::Map(m) => Ok(HclValue::List(m.values().cloned().collect())),
        _ => Err(FunctionError::call("values() requires a map as the first argument")),
    }
}

fn lookup(mut a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let default = a.pop().unwrap_or_else(HclValue::null);
    let key = a[1].as_str().unwrap_or_default();
    match &a[0] {
        HclValue::Object(m) => Ok(m.get(key).cloned().unwrap_or(default)),
        HclValue::Map(m) => {
            let element_type = a[0].type_of().element_type().cloned().unwrap_or(HclType::Dynamic);
            let default = convert(default, &element_type)
                .map_err(|_| FunctionError::arg(2, "the default value must have the same type as the map elements"))?;
            Ok(m.get(key).cloned().unwrap_or(default))
        }
        _ => Err(FunctionError::arg(0, "lookup() requires a map as the first argument")),
    }
}

fn merge(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let mut all_maps = true;
    let mut out = BTreeMap::new();
    let mut first_type = None;
    let mut same_type = true;
    for arg in &a {
        let ty = arg.type_of();
        match (arg, &ty) {
            (HclValue::Null(HclType::Map(_)), _) => {}
            // An untyped null makes cty's result type unknown, and the result an object.
            (HclValue::Null(_), HclType::Dynamic | HclType::Object(_)) => all_maps = false,
            (HclValue::Map(m), _) => out.extend(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
            (HclValue::Object(m), _) => {
                all_maps = false;
                out.extend(m.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            _ => {
                let name = ty.friendly_name();
                return Err(FunctionError::call(format!("arguments must be maps or objects, got {name:?}")));
            }
        }
        match &first_type {
            None => first_type = Some(ty),
            Some(first) => same_type &= *first == ty,
        }
    }
    // Maps of one type merge to a map; anything else merges to an object.
    if all_maps && same_type && first_type.is_some() {
        Ok(HclValue::Map(out))
    } else {
        Ok(HclValue::Object(out))
    }
}

fn zipmap(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let keys = a[0].elements().unwrap_or_default();
    let values = match &a[1] {
        HclValue::List(v) | HclValue::Tuple(v) => v,
        _ => return Err(FunctionError::call("values argument must be a list or tuple value")),
    };
    if keys.len() != values.len() {
        return Err(FunctionError::call(format!(
            "number of keys ({}) does not match number of values ({})",
            keys.len(),
            values.len()
        )));
    }
    let mut out = BTreeMap::new();
    for (i, (key, value)) in keys.iter().zip(values).enumerate() {
        let Some(key) = key.as_str() else {
            return Err(FunctionError::call(format!("keys list has null value at index {i}")));
        };
        out.insert(key.to_owned(), value.clone());
    }
    Ok(match &a[1] {
        HclValue::List(_) => HclValue::Map(out),
        _ => HclValue::Object(out),
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, l, ls, m, n, null, o, ok, run, s, t};

    /// Expectations from go-cty `stdlib/collection_test.go` (keys, values, lookup, merge,
    /// zipmap); marked ones verified with packer 1.6.6.
    #[test]
    #[rustfmt::skip]
    fn map_functions() {
        run(vec![
            ("keys", vec![o(&[("b", n(1)), ("a", s("x"))])], ok(t(vec![s("a"), s("b")]))),
            ("keys", vec![m(&[("b", n(1)), ("a", n(2))])], ok(ls(&["a", "b"]))),
            ("keys", vec![o(&[])], ok(t(vec![]))),
            ("keys", vec![ls(&["a"])], err("must have map or object type")),
            ("values", vec![o(&[("b", n(1)), ("a", s("x"))])], ok(t(vec![s("x"), n(1)]))),
            ("values", vec![m(&[("b", n(1)), ("a", n(2))])], ok(l(vec![n(2), n(1)]))),
            ("values", vec![ls(&["a"])], err("values() requires a map as the first argument")),
            ("lookup", vec![o(&[("a", s("x"))]), s("a"), s("d")], ok(s("x"))),
            ("lookup", vec![o(&[("a", s("x"))]), s("b"), s("d")], ok(s("d"))),
            ("lookup", vec![m(&[("a", s("x"))]), s("b"), n(1)], ok(s("1"))),
            ("lookup", vec![m(&[("a", n(1))]), s("b"), ls(&["x"])], err("the default value must have the same type as the map elements")),
            ("lookup", vec![ls(&["a"]), s("a"), s("d")], err("lookup() requires a map as the first argument")),
            ("merge", vec![o(&[("a", n(1))]), o(&[("b", s("x")), ("a", n(2))])], ok(o(&[("a", n(2)), ("b", s("x"))]))),
            ("merge", vec![m(&[("a", s("1"))]), m(&[("b", s("2"))])], ok(m(&[("a", s("1")), ("b", s("2"))]))),
            ("merge", vec![m(&[("a", s("1"))]), null()], ok(o(&[("a", s("1"))]))),
            ("merge", vec![], ok(o(&[]))),
            ("merge", vec![s("a")], err("arguments must be maps or objects, got \"string\"")),
            ("zipmap", vec![ls(&["a", "b"]), t(vec![n(1), s("x")])], ok(o(&[("a", n(1)), ("b", s("x"))]))),
            ("zipmap", vec![ls(&["a", "b"]), ls(&["1", "2"])], ok(m(&[("a", s("1")), ("b", s("2"))]))),
            ("zipmap", vec![ls(&["a"]), t(vec![])], err("number of keys (1) does not match number of values (0)")),
            ("zipmap", vec![ls(&["a"]), s("x")], err("values argument must be a list or tuple value")),
        ]);
    }
}
