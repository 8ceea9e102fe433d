//! Sequence functions: building, searching and reshaping lists and tuples.
//!
//! cty's `stdlib/collection.go` and `sequence.go`, go-cty-funcs' `coalesce`, and Packer's
//! own `alltrue`, `anytrue`, `index` (returns the position, as Terraform's does; Packer
//! 1.6.6 returned the element instead) and `length` (counts grapheme clusters of strings).
//! A list argument given as a tuple literal is converted to a list first, as HCL does.

use super::signature::{def, nullable, param, variadic, FunctionDef, Param, Ty};
use super::string::{grapheme_count, integer};
use super::{FunctionContext, FunctionError};
use crate::hcl::convert::{convert, unify};
use crate::hcl::types::HclType;
use crate::hcl::value::{HclValue, Number};

/// `length` takes unknown values: the length of a tuple is known even if its elements are not.
const LENGTH_PARAM: Param = Param { name: "value", ty: Ty::Any, allow_null: false, allow_unknown: true };
/// `coalesce`/`coalescelist` skip nulls and return unknown only when they reach one.
const VALS: Param = Param { name: "vals", ty: Ty::Any, allow_null: true, allow_unknown: true };

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    def("alltrue", &[param("list", Ty::List(&Ty::Bool))], Ty::Bool, alltrue),
    def("anytrue", &[param("list", Ty::List(&Ty::Bool))], Ty::Bool, anytrue),
    def("chunklist", &[param("list", Ty::List(&Ty::Any)), param("size", Ty::Number)], Ty::Any, chunklist),
    variadic("coalesce", &[], VALS, Ty::Any, coalesce),
    variadic("coalescelist", &[], VALS, Ty::Any, coalescelist),
    def("compact", &[param("list", Ty::List(&Ty::String))], Ty::List(&Ty::String), compact),
    variadic("concat", &[], param("seqs", Ty::Any), Ty::Any, concat),
    def("contains", &[param("list", Ty::Any), nullable("value", Ty::Any)], Ty::Bool, contains),
    def("distinct", &[param("list", Ty::List(&Ty::Any))], Ty::Any, distinct),
    def("element", &[param("list", Ty::Any), param("index", Ty::Number)], Ty::Any, element),
    def("flatten", &[param("list", Ty::Any)], Ty::Any, flatten),
    def("index", &[param("list", Ty::Any), param("value", Ty::Any)], Ty::Number, index),
    def("length", &[LENGTH_PARAM], Ty::Number, length),
    variadic("range", &[], param("params", Ty::Number), Ty::List(&Ty::Number), range),
    def("reverse", &[param("list", Ty::Any)], Ty::Any, reverse),
    def(
        "slice",
        &[param("list", Ty::Any), param("start_index", Ty::Number), param("end_index", Ty::Number)],
        Ty::Any,
        slice,
    ),
    def("sort", &[param("list", Ty::List(&Ty::String))], Ty::List(&Ty::String), sort),
];

fn items(v: &HclValue) -> &[HclValue] {
    v.elements().unwrap_or_default()
}

fn alltrue(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    Ok(HclValue::Bool(items(&a[0]).iter().all(|v| v.as_bool() == Some(true))))
}

fn anytrue(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    Ok(HclValue::Bool(items(&a[0]).iter().any(|v| v.as_bool() == Some(true))))
}

fn chunklist(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let size = integer(&a[1]).map_err(|e| FunctionError::call(format!("invalid size: {}", e.message)))?;
    if size < 0 {
        return Err(FunctionError::call("the size argument must be positive"));
    }
    let list = items(&a[0]);
    if list.is_empty() {
        return Ok(HclValue::List(vec![]));
    }
    if size == 0 {
        return Ok(HclValue::List(vec![HclValue::List(list.to_vec())]));
    }
    let chunks = list.chunks(size as usize).map(|c| HclValue::List(c.to_vec())).collect();
    Ok(HclValue::List(chunks))
}

fn coalesce(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let types: Vec<HclType> = a.iter().map(HclValue::type_of).collect();
    let Some(common) = unify(&types) else {
        return Err(FunctionError::call("all arguments must have the same type"));
    };
    for arg in a {
        let value = convert(arg, &common).map_err(FunctionError::call)?;
        match value {
            HclValue::Unknown(_) => return Ok(HclValue::Unknown(common)),
            HclValue::Null(_) => continue,
            HclValue::String(ref s) if s.is_empty() && common == HclType::String => continue,
            value => return Ok(value),
        }
    }
    Err(FunctionError::call("no non-null, non-empty-string arguments"))
}

fn coalescelist(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    if a.is_empty() {
        return Err(FunctionError::call("at least one argument is required"));
    }
    let is_sequence = |v: &HclValue| matches!(v.type_of(), HclType::List(_) | HclType::Tuple(_));
    if !a.iter().all(|v| v.is_unknown() || is_sequence(v)) {
        return Err(FunctionError::call("coalescelist arguments must be lists or tuples"));
    }
    for arg in a {
        match arg {
            HclValue::Unknown(_) => return Ok(HclValue::unknown()),
            HclValue::List(ref v) | HclValue::Tuple(ref v) if !v.is_empty() => return Ok(arg),
            _ => continue,
        }
    }
    Err(FunctionError::call("no non-null arguments"))
}

fn compact(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let kept = items(&a[0]).iter().filter(|v| v.as_str().is_some_and(|s| !s.is_empty())).cloned();
    Ok(HclValue::List(kept.collect()))
}

fn concat(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    if a.is_empty() {
        return Err(FunctionError::call("at least one argument is required"));
    }
    // All lists of unifiable types concatenate to a list; anything else to a tuple.
    if a.iter().all(|v| matches!(v, HclValue::List(_))) {
        let types: Vec<HclType> = a.iter().map(HclValue::type_of).collect();
        if let Some(common) = unify(&types) {
            let mut out = Vec::new();
            for (i, list) in a.into_iter().enumerate() {
                let list = convert(list, &common).map_err(|e| FunctionError::arg(i, e))?;
                out.extend(items(&list).iter().cloned());
            }
            return Ok(HclValue::List(out));
        }
    }
    let mut out = Vec::new();
    for (i, seq) in a.iter().enumerate() {
        match seq {
            HclValue::List(v) | HclValue::Tuple(v) => out.extend(v.iter().cloned()),
            other => {
                let name = other.type_of().friendly_name();
                return Err(FunctionError::arg(i, format!("all arguments must be lists or tuples; got {name}")));
            }
        }
    }
    Ok(HclValue::Tuple(out))
}

fn contains(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    match &a[0] {
        HclValue::List(v) | HclValue::Set(v) | HclValue::Tuple(v) => {
            Ok(HclValue::Bool(v.iter().any(|item| item.equals(&a[1]))))
        }
        _ => Err(FunctionError::call("argument must be list, tuple, or set")),
    }
}

fn distinct(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let mut out: Vec<HclValue> = Vec::new();
    for item in items(&a[0]) {
        if !out.iter().any(|seen| seen.equals(item)) {
            out.push(item.clone());
        }
    }
    Ok(HclValue::List(out))
}

fn element(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let list = match &a[0] {
        HclValue::List(v) | HclValue::Tuple(v) => v,
        other => {
            let name = other.type_of().friendly_name();
            return Err(FunctionError::call(format!("cannot read elements from {name}")));
        }
    };
    let index = integer(&a[1]).map_err(|e| FunctionError::call(format!("invalid index: {}", e.message)))?;
    if list.is_empty() {
        return Err(FunctionError::call("cannot use element function with an empty list"));
    }
    // Wraps around in both directions, as current cty does.
    let at = index.rem_euclid(list.len() as i64) as usize;
    Ok(list[at].clone())
}

fn flatten(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    fn flatten_into(items: &[HclValue], out: &mut Vec<HclValue>) {
        for item in items {
            match item {
                HclValue::List(v) | HclValue::Set(v) | HclValue::Tuple(v) => flatten_into(v, out),
                other => out.push(other.clone()),
            }
        }
    }
    let Some(list) = a[0].elements() else {
        return Err(FunctionError::call("can only flatten lists, sets and tuples"));
    };
    let mut out = Vec::new();
    flatten_into(list, &mut out);
    Ok(HclValue::Tuple(out))
}

fn index(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let list = match &a[0] {
        HclValue::List(v) | HclValue::Tuple(v) => v,
        _ => return Err(FunctionError::call("argument must be a list or tuple")),
    };
    if list.is_empty() {
        return Err(FunctionError::call("cannot search an empty list"));
    }
    match list.iter().position(|item| item.equals(&a[1])) {
        Some(i) => Ok(HclValue::int(i as i64)),
        None => Err(FunctionError::call("item not found")),
    }
}

fn length(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let count = match &a[0] {
        HclValue::String(s) => grapheme_count(s),
        HclValue::Tuple(v) | HclValue::List(v) | HclValue::Set(v) => v.len(),
        HclValue::Object(m) | HclValue::Map(m) => m.len(),
        HclValue::Unknown(HclType::Dynamic | HclType::String) => return Ok(HclValue::Unknown(HclType::Number)),
        HclValue::Unknown(HclType::Tuple(types)) => types.len(),
        HclValue::Unknown(HclType::Object(attrs)) => attrs.len(),
        HclValue::Unknown(HclType::List(_) | HclType::Set(_) | HclType::Map(_)) => {
            return Ok(HclValue::Unknown(HclType::Number))
        }
        _ => return Err(FunctionError::call("argument must be a string, a collection type, or a structural type")),
    };
    Ok(HclValue::int(count as i64))
}

fn range(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let n: Vec<Number> = a.iter().filter_map(HclValue::as_number).collect();
    let zero = Number::Int(0);
    let lt = |x: Number, y: Number| x.cmp_numeric(y).is_some_and(|o| o.is_lt());
    let (start, end, step) = match n.as_slice() {
        [end] => (zero, *end, Number::Int(if lt(*end, zero) { -1 } else { 1 })),
        [start, end] => (*start, *end, Number::Int(if lt(*end, *start) { -1 } else { 1 })),
        [start, end, step] => (*start, *end, *step),
        _ => return Err(FunctionError::call("must have one, two, or three arguments")),
    };
    if step == zero {
        return Err(FunctionError::arg(2, "step must not be zero"));
    }
    let down = lt(step, zero);
    if down && lt(start, end) {
        return Err(FunctionError::arg(1, "end must be less than start when step is negative"));
    }
    if !down && lt(end, start) {
        return Err(FunctionError::arg(1, "end must be greater than start when step is positive"));
    }
    let mut out = Vec::new();
    let mut current = start;
    while if down { lt(end, current) } else { lt(current, end) } {
        if out.len() >= 1024 {
            return Err(FunctionError::call("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step"));
        }
        out.push(HclValue::Number(current));
        current = current + step;
    }
    Ok(HclValue::List(out))
}

fn reverse(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    match &a[0] {
        HclValue::Tuple(v) => Ok(HclValue::Tuple(v.iter().rev().cloned().collect())),
        HclValue::List(v) | HclValue::Set(v) => Ok(HclValue::List(v.iter().rev().cloned().collect())),
        other => {
            let name = other.type_of().friendly_name();
            Err(FunctionError::arg(0, format!("can only reverse list or tuple values, not {name}")))
        }
    }
}

fn slice(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let list = match &a[0] {
        HclValue::Set(_) => return Err(FunctionError::arg(0, "cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important")),
        HclValue::List(v) | HclValue::Tuple(v) => v,
        _ => return Err(FunctionError::arg(0, "must be a list or tuple value")),
    };
    let len = list.len() as i64;
    let start = integer(&a[1]).map_err(|e| FunctionError::arg(1, format!("invalid start index: {}", e.message)))?;
    if start < 0 {
        return Err(FunctionError::arg(1, "start index must not be less than zero"));
    }
    if start > len {
        return Err(FunctionError::arg(1, "start index must not be greater than the length of the list"));
    }
    let end = integer(&a[2]).map_err(|e| FunctionError::arg(2, format!("invalid end index: {}", e.message)))?;
    if end < 0 {
        return Err(FunctionError::arg(2, "end index must not be less than zero"));
    }
    if end > len {
        return Err(FunctionError::arg(2, "end index must not be greater than the length of the list"));
    }
    if start > end {
        return Err(FunctionError::arg(1, "start index must not be greater than end index"));
    }
    let part = list[start as usize..end as usize].to_vec();
    Ok(match &a[0] {
        HclValue::Tuple(_) => HclValue::Tuple(part),
        _ => HclValue::List(part),
    })
}

fn sort(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let mut strings = Vec::new();
    for (i, item) in items(&a[0]).iter().enumerate() {
        match item.as_str() {
            Some(s) => strings.push(s.to_owned()),
            None => {
                return Err(FunctionError::call(format!(
                    "given list element {i} is null; a null string cannot be sorted"
                )))
            }
        }
    }
    // Go's sort.Strings compares bytes, which is what Rust's `str` ordering does.
    strings.sort();
    Ok(HclValue::string_list(strings))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{b, err, f, l, ls, m, n, null, o, ok, run, s, set, t, unknown};
    use crate::hcl::types::HclType;
    use crate::hcl::value::HclValue;

    /// Expectations from go-cty `stdlib/collection_test.go`, `sequence_test.go`,
    /// go-cty-funcs `collection/coalesce_test.go` and Packer's `function/*_test.go`; marked
    /// ones verified with packer 1.6.6.
    #[test]
    #[rustfmt::skip]
    fn sequence_functions() {
        run(vec![
            ("alltrue", vec![t(vec![b(true), b(true)])], ok(b(true))),
            ("alltrue", vec![t(vec![b(true), b(false)])], ok(b(false))),
            ("alltrue", vec![t(vec![])], ok(b(true))),
            ("alltrue", vec![t(vec![b(true), null()])], ok(b(false))),
            ("alltrue", vec![t(vec![s("true")])], ok(b(true))),
            ("anytrue", vec![t(vec![b(false), b(true)])], ok(b(true))),
            ("anytrue", vec![t(vec![])], ok(b(false))),
            ("anytrue", vec![t(vec![null(), b(false)])], ok(b(false))),
            ("chunklist", vec![ls(&["a", "b", "c"]), n(2)], ok(l(vec![ls(&["a", "b"]), ls(&["c"])]))),
            ("chunklist", vec![ls(&["a", "b"]), n(0)], ok(l(vec![ls(&["a", "b"])]))),
            ("chunklist", vec![t(vec![]), n(2)], ok(l(vec![]))),
            ("chunklist", vec![ls(&["a"]), n(-1)], err("the size argument must be positive")),
            ("coalesce", vec![s("first"), s("second")], ok(s("first"))),
            ("coalesce", vec![null(), s(""), s("third")], ok(s("third"))),
            ("coalesce", vec![n(1), s("x")], ok(s("1"))),
            ("coalesce", vec![null(), n(2)], ok(n(2))),
            ("coalesce", vec![null(), s("")], err("no non-null, non-empty-string arguments")),
            ("coalesce", vec![b(true), n(1)], err("all arguments must have the same type")),
            ("coalesce", vec![unknown(), s("a")], ok(HclValue::Unknown(HclType::String))),
            ("coalescelist", vec![ls(&[]), ls(&["a"])], ok(ls(&["a"]))),
            ("coalescelist", vec![t(vec![]), t(vec![s("b"), n(1)])], ok(t(vec![s("b"), n(1)]))),
            ("coalescelist", vec![t(vec![]), t(vec![])], err("no non-null arguments")),
            ("coalescelist", vec![s("a")], err("coalescelist arguments must be lists or tuples")),
            ("coalescelist", vec![], err("at least one argument is required")),
            ("compact", vec![t(vec![s("a"), s(""), null(), s("b")])], ok(ls(&["a", "b"]))),
            ("concat", vec![ls(&["a"]), ls(&["b", "c"])], ok(ls(&["a", "b", "c"]))),
            ("concat", vec![ls(&["a"]), l(vec![n(1)])], ok(ls(&["a", "1"]))),
            ("concat", vec![t(vec![s("a")]), t(vec![n(1), b(true)])], ok(t(vec![s("a"), n(1), b(true)]))),
            ("concat", vec![ls(&["a"]), s("b")], err("all arguments must be lists or tuples; got string")),
            ("concat", vec![], err("at least one argument is required")),
            ("contains", vec![t(vec![s("a"), s("b")]), s("b")], ok(b(true))),
            ("contains", vec![t(vec![s("a"), s("b")]), s("c")], ok(b(false))),
            ("contains", vec![t(vec![n(1)]), s("1")], ok(b(false))),
            ("contains", vec![set(vec![n(1), n(2)]), n(2)], ok(b(true))),
            ("contains", vec![s("a"), s("a")], err("argument must be list, tuple, or set")),
            ("distinct", vec![t(vec![s("a"), s("b"), s("a"), s("c")])], ok(ls(&["a", "b", "c"]))),
            ("distinct", vec![t(vec![])], ok(l(vec![]))),
            ("element", vec![t(vec![s("a"), s("b")]), n(1)], ok(s("b"))),
            ("element", vec![t(vec![s("a"), s("b")]), n(3)], ok(s("b"))),
            ("element", vec![t(vec![s("a"), s("b"), s("c")]), n(-1)], ok(s("c"))),
            ("element", vec![t(vec![]), n(1)], err("cannot use element function with an empty list")), // verified with packer 1.6.6
            ("element", vec![set(vec![s("a")]), n(0)], err("cannot read elements from set of string")),
            ("element", vec![t(vec![s("a")]), f(0.5)], err("invalid index: value must be a whole number, between -9223372036854775808 and 9223372036854775807")),
            ("flatten", vec![t(vec![t(vec![s("a"), s("b")]), t(vec![]), t(vec![s("c")])])], ok(t(vec![s("a"), s("b"), s("c")]))),
            ("flatten", vec![t(vec![t(vec![s("a"), t(vec![s("b")])]), s("c")])], ok(t(vec![s("a"), s("b"), s("c")]))),
            ("flatten", vec![s("a")], err("can only flatten lists, sets and tuples")),
            ("index", vec![t(vec![s("a"), s("b"), s("c")]), s("b")], ok(n(1))),
            ("index", vec![ls(&["a", "b"]), s("x")], err("item not found")),
            ("index", vec![t(vec![]), s("x")], err("cannot search an empty list")),
            ("index", vec![m(&[("a", s("b"))]), s("b")], err("argument must be a list or tuple")),
            ("length", vec![s("héllo")], ok(n(5))), // verified with packer 1.6.6
            ("length", vec![s("")], ok(n(0))),
            ("length", vec![s("🤔🤷")], ok(n(2))),
            ("length", vec![t(vec![s("a"), n(1)])], ok(n(2))),
            ("length", vec![t(vec![unknown(), n(1)])], ok(n(2))),
            ("length", vec![o(&[("a", n(1)), ("b", n(2))])], ok(n(2))),
            ("length", vec![set(vec![s("a"), s("b")])], ok(n(2))),
            ("length", vec![unknown()], ok(HclValue::Unknown(HclType::Number))),
            ("length", vec![n(1)], err("argument must be a string, a collection type, or a structural type")),
            ("range", vec![n(3)], ok(l(vec![n(0), n(1), n(2)]))),
            ("range", vec![n(-3)], ok(l(vec![n(0), n(-1), n(-2)]))),
            ("range", vec![n(1), n(4)], ok(l(vec![n(1), n(2), n(3)]))),
            ("range", vec![n(1), n(8), n(2)], ok(l(vec![n(1), n(3), n(5), n(7)]))),
            ("range", vec![n(1), n(4), f(0.5)], ok(l(vec![n(1), f(1.5), n(2), f(2.5), n(3), f(3.5)]))),
            ("range", vec![n(0)], ok(l(vec![]))),
            ("range", vec![n(1), n(2), n(0)], err("step must not be zero")),
            ("range", vec![n(1), n(4), n(-1)], err("end must be less than start when step is negative")),
            ("range", vec![n(4), n(1), n(1)], err("end must be greater than start when step is positive")),
            ("range", vec![], err("must have one, two, or three arguments")),
            ("range", vec![n(2000)], err("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step")),
            ("reverse", vec![t(vec![s("a"), n(1)])], ok(t(vec![n(1), s("a")]))),
            ("reverse", vec![ls(&["a", "b"])], ok(ls(&["b", "a"]))),
            ("reverse", vec![s("ab")], err("can only reverse list or tuple values, not string")),
            ("slice", vec![ls(&["a", "b", "c", "d"]), n(1), n(3)], ok(ls(&["b", "c"]))),
            ("slice", vec![t(vec![s("a"), n(1)]), n(1), n(2)], ok(t(vec![n(1)]))),
            ("slice", vec![ls(&["a"]), n(0), n(0)], ok(ls(&[]))),
            ("slice", vec![ls(&["a"]), n(-1), n(1)], err("start index must not be less than zero")),
            ("slice", vec![ls(&["a"]), n(0), n(2)], err("end index must not be greater than the length of the list")),
            ("slice", vec![ls(&["a", "b"]), n(2), n(1)], err("start index must not be greater than end index")),
            ("slice", vec![set(vec![s("a")]), n(0), n(1)], err("cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important")),
            ("sort", vec![t(vec![s("b"), s("a"), s("C")])], ok(ls(&["C", "a", "b"]))),
            ("sort", vec![t(vec![n(10), n(9)])], ok(ls(&["10", "9"]))),
            ("sort", vec![t(vec![s("a"), null()])], err("given list element 1 is null; a null string cannot be sorted")),
        ]);
    }
}
