//! Set functions: `setintersection`, `setunion` (cty's `stdlib/set.go`) and `setproduct`
//! (`stdlib/collection.go`).
//!
//! Arguments are converted to sets of their unified element type first, so
//! `setunion(["a"], [1])` is the set `["1", "a"]`, as in cty.

use super::signature::{param, variadic, FunctionDef, Param, Ty};
use super::{FunctionContext, FunctionError};
use crate::hcl::convert::{convert, unify};
use crate::hcl::types::HclType;
use crate::hcl::value::{canonical_set, HclValue};

const SET_ANY: Ty = Ty::Set(&Ty::Any);
const FIRST: &[Param] = &[param("first_set", SET_ANY)];

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    variadic("setintersection", FIRST, param("other_sets", SET_ANY), Ty::Any, setintersection),
    variadic("setproduct", &[], param("sets", Ty::Any), Ty::Any, setproduct),
    variadic("setunion", FIRST, param("other_sets", SET_ANY), Ty::Any, setunion),
];

/// The arguments as sets of one element type, or cty's error.
fn common_sets(a: Vec<HclValue>) -> Result<Vec<Vec<HclValue>>, FunctionError> {
    let element_types: Vec<HclType> =
        a.iter().map(|v| v.type_of().element_type().cloned().unwrap_or(HclType::Dynamic)).collect();
    let non_empty: Vec<HclType> = a
        .iter()
        .zip(&element_types)
        .filter(|(v, _)| v.elements().is_some_and(|e| !e.is_empty()))
        .map(|(_, t)| t.clone())
        .collect();
    let Some(common) = unify(&non_empty) else {
        return Err(FunctionError::call("given sets must all have compatible element types"));
    };
    let mut out = Vec::new();
    for (i, set) in a.into_iter().enumerate() {
        let converted = convert(set, &HclType::set(common.clone())).map_err(|e| FunctionError::arg(i, e))?;
        out.push(converted.elements().unwrap_or_default().to_vec());
    }
    Ok(out)
}

fn setunion(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let all = common_sets(a)?.into_iter().flatten().collect();
    Ok(HclValue::Set(canonical_set(all)))
}

fn setintersection(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let mut sets = common_sets(a)?.into_iter();
    let mut result = sets.next().unwrap_or_default();
    for other in sets {
        result.retain(|item| other.iter().any(|o| o.equals(item)));
    }
    Ok(HclValue::Set(result))
}

fn setproduct(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    if a.len() < 2 {
        return Err(FunctionError::call("at least two arguments are required"));
    }
    let mut all_sequences = true;
    let mut factors = Vec::new();
    for (i, arg) in a.iter().enumerate() {
        match arg {
            HclValue::Set(v) => {
                all_sequences = false;
                factors.push(v.clone());
            }
            HclValue::List(v) => factors.push(v.clone()),
            HclValue::Tuple(v) => {
                let converted = HclValue::list(v.clone())
                    .map_err(|_| FunctionError::arg(i, "all elements must be of the same type"))?;
                factors.push(converted.elements().unwrap_or_default().to_vec());
            }
            _ => return Err(FunctionError::arg(i, "a set or a list is required")),
        }
    }
    // The last factor varies fastest, as cty builds the product.
    let mut product: Vec<Vec<HclValue>> = vec![vec![]];
    for factor in &factors {
        product = product
            .into_iter()
            .flat_map(|prefix| {
                factor.iter().map(move |item| {
                    let mut row = prefix.clone();
                    row.push(item.clone());
                    row
                })
            })
            .collect();
    }
    let rows: Vec<HclValue> = product.into_iter().map(HclValue::Tuple).collect();
    Ok(if all_sequences { HclValue::List(rows) } else { HclValue::Set(canonical_set(rows)) })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, l, ls, n, ok, run, s, set, t};

    /// Expectations from go-cty `stdlib/set_test.go` and `collection_test.go` (setproduct).
    #[test]
    #[rustfmt::skip]
    fn set_functions() {
        run(vec![
            ("setunion", vec![t(vec![s("a"), s("b")]), t(vec![s("b"), s("c")])], ok(set(vec![s("a"), s("b"), s("c")]))),
            ("setunion", vec![t(vec![s("a")]), t(vec![n(1)])], ok(set(vec![s("1"), s("a")]))),
            ("setunion", vec![t(vec![s("a")]), t(vec![])], ok(set(vec![s("a")]))),
            ("setintersection", vec![t(vec![s("a"), s("b")]), t(vec![s("b"), s("c")]), t(vec![s("b"), s("d")])], ok(set(vec![s("b")]))),
            ("setintersection", vec![t(vec![s("a")]), t(vec![s("b")])], ok(set(vec![]))),
            ("setintersection", vec![t(vec![t(vec![s("a")])]), t(vec![s("b")])], err("given sets must all have compatible element types")),
            (
                "setproduct",
                vec![ls(&["a", "b"]), ls(&["x", "y"])],
                ok(l(vec![
                    t(vec![s("a"), s("x")]),
                    t(vec![s("a"), s("y")]),
                    t(vec![s("b"), s("x")]),
                    t(vec![s("b"), s("y")]),
                ])),
            ),
            ("setproduct", vec![t(vec![s("a")]), t(vec![n(1), n(2)])], ok(l(vec![t(vec![s("a"), n(1)]), t(vec![s("a"), n(2)])]))),
            ("setproduct", vec![set(vec![s("a")]), ls(&["x"])], ok(set(vec![t(vec![s("a"), s("x")])]))),
            ("setproduct", vec![ls(&["a"]), ls(&[])], ok(l(vec![]))),
            ("setproduct", vec![ls(&["a"])], err("at least two arguments are required")),
            ("setproduct", vec![ls(&["a"]), s("b")], err("a set or a list is required")),
        ]);
    }
}
