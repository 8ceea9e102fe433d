//! `for` expressions: `[for v in c: e if cond]`, `{for k, v in c: ke => ve}` and grouping
//! with `...`; and the iteration rules `%{for}` directives share.
//!
//! Sequences iterate with their index as key, maps and objects with their attribute names
//! (in name order), sets with each element as its own key. An unknown collection, condition
//! or key makes the whole result unknown, as in HCL.

use std::collections::BTreeMap;

use hcl_edit::expr::ForExpr;

use super::context::{EvalContext, Scope};
use super::error::{cty_message, EvalError};
use super::expression::{evaluate, fail, Evaluated};
use crate::hcl::convert::convert;
use crate::hcl::types::HclType;
use crate::hcl::value::HclValue;

/// The (key, value) pairs a `for` iterates over; `None` when the collection is unknown.
pub(crate) fn iteration_items(collection: HclValue) -> Result<Option<Vec<(HclValue, HclValue)>>, EvalError> {
    match collection {
        HclValue::Null(_) => Err(EvalError::NullIteration),
        HclValue::Unknown(_) => Ok(None),
        HclValue::List(items) | HclValue::Tuple(items) => {
            let indexed =
                items.into_iter().enumerate().map(|(i, v)| (HclValue::int(i64::try_from(i).unwrap_or(i64::MAX)), v));
            Ok(Some(indexed.collect()))
        }
        HclValue::Set(items) => Ok(Some(items.into_iter().map(|v| (v.clone(), v)).collect())),
        HclValue::Map(entries) | HclValue::Object(entries) => {
            Ok(Some(entries.into_iter().map(|(k, v)| (HclValue::String(k), v)).collect()))
        }
        other => Err(EvalError::NotIterable { type_name: other.type_of().friendly_name() }),
    }
}

/// Binds the iterator variables of one iteration (`for v in…` binds only the value).
pub(crate) fn bind_iteration(
    scope: &mut Scope<'_>,
    key_var: Option<&str>,
    value_var: &str,
    key: HclValue,
    value: HclValue,
) {
    if let Some(k) = key_var {
        scope.insert(k, key);
    }
    scope.insert(value_var, value);
}

/// What one iteration contributes.
enum Step {
    Skip,
    Unknown,
    Item(Option<String>, HclValue),
}

/// Evaluates a `for` expression.
pub(crate) fn evaluate_for(f: &ForExpr, ctx: &EvalContext<'_>) -> Evaluated {
    let collection_expr = &f.intro.collection_expr;
    let collection = evaluate(collection_expr, ctx)?;
    let Some(items) = iteration_items(collection).map_err(|e| fail(e, collection_expr, ctx))? else {
        return Ok(HclValue::unknown());
    };
    let key_var = f.intro.key_var.as_ref().map(|k| k.value().as_str());
    let mut list = Vec::new();
    let mut object: BTreeMap<String, HclValue> = BTreeMap::new();
    let mut groups: BTreeMap<String, Vec<HclValue>> = BTreeMap::new();
    for (key, value) in items {
        let mut scope = Scope::child_of(ctx.scope);
        bind_iteration(&mut scope, key_var, f.intro.value_var.value().as_str(), key, value);
        let inner = ctx.with_scope(&scope);
        match step(f, &inner)? {
            Step::Skip => {}
            Step::Unknown => return Ok(HclValue::unknown()),
            Step::Item(None, v) => list.push(v),
            Step::Item(Some(k), v) if f.grouping => groups.entry(k).or_default().push(v),
            Step::Item(Some(k), v) => {
                if object.contains_key(&k) {
                    let key_expr = f.key_expr.as_ref().unwrap_or(&f.value_expr);
                    return Err(fail(EvalError::DuplicateForKey { key: k }, key_expr, &inner));
                }
                object.insert(k, v);
            }
        }
    }
    Ok(match (&f.key_expr, f.grouping) {
        (None, _) => HclValue::Tuple(list),
        (Some(_), false) => HclValue::Object(object),
        (Some(_), true) => HclValue::Object(groups.into_iter().map(|(k, vs)| (k, HclValue::Tuple(vs))).collect()),
    })
}

/// One iteration: the condition, then the key (object form) and the value.
fn step(f: &ForExpr, ctx: &EvalContext<'_>) -> Result<Step, Vec<rpacker_diag::Diagnostic>> {
    if let Some(cond) = &f.cond {
        match evaluate(&cond.expr, ctx)? {
            HclValue::Null(_) => return Err(fail(EvalError::NullForCondition, &cond.expr, ctx)),
            HclValue::Unknown(_) => return Ok(Step::Unknown),
            other => match convert(other, &HclType::Bool) {
                Ok(HclValue::Bool(true)) => {}
                Ok(_) => return Ok(Step::Skip),
                Err(m) => {
                    return Err(fail(EvalError::InvalidForCondition { message: cty_message(m) }, &cond.expr, ctx))
                }
            },
        }
    }
    let key = match &f.key_expr {
        None => None,
        Some(key_expr) => match evaluate(key_expr, ctx)? {
            HclValue::Null(_) => return Err(fail(EvalError::NullForKey, key_expr, ctx)),
            HclValue::Unknown(_) => return Ok(Step::Unknown),
            other => match convert(other, &HclType::String) {
                Ok(HclValue::String(s)) => Some(s),
                Ok(_) => return Ok(Step::Unknown),
                Err(m) => return Err(fail(EvalError::InvalidForKey { message: cty_message(m) }, key_expr, ctx)),
            },
        },
    };
    Ok(Step::Item(key, evaluate(&f.value_expr, ctx)?))
}
