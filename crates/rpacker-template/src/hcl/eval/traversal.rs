//! Traversals: `.attr`, `[index]`, legacy `.0`, and the splats `[*]` and `.*`.
//!
//! A full splat applies every following step to each element; an attribute-only splat
//! applies only the `.attr` steps right after it (verified with packer 1.6.6:
//! `[{a=1}].*.a[0]` is `1`, `[[{a=1}]][*][0].a` is `[1]`). A splat of a non-sequence wraps it
//! in a one-element tuple, and a splat of null is unknown (also verified: `1[*]` is `[1]`,
//! `null[*]` is `<unknown>`).

use hcl_edit::expr::{Traversal, TraversalOperator};
use hcl_edit::{Decorated, Span as _};

use super::call::hcl_suggestion;
use super::context::EvalContext;
use super::error::{cty_message, EvalError};
use super::expression::{evaluate, Evaluated};
use crate::hcl::convert::convert;
use crate::hcl::types::HclType;
use crate::hcl::value::{HclValue, Number};

/// Evaluates `expr.step.step…`.
pub(crate) fn evaluate_traversal(t: &Traversal, ctx: &EvalContext<'_>) -> Evaluated {
    let source = evaluate(&t.expr, ctx)?;
    apply(source, &t.operators, ctx)
}

fn apply(mut value: HclValue, ops: &[Decorated<TraversalOperator>], ctx: &EvalContext<'_>) -> Evaluated {
    let mut i = 0;
    while i < ops.len() {
        let op = &ops[i];
        let span = ctx.span(op.span());
        value = match op.value() {
            TraversalOperator::GetAttr(name) => get_attr(value, name.value().as_str()).map_err(|e| vec![e.at(span)])?,
            TraversalOperator::Index(key_expr) => {
                let key = evaluate(key_expr, ctx)?;
                index(value, key).map_err(|e| vec![e.at(span.or_else(|| ctx.span(key_expr.span())))])?
            }
            TraversalOperator::LegacyIndex(n) => {
                let key = i64::try_from(*n.value()).map_or_else(|_| HclValue::float(*n.value() as f64), HclValue::int);
                index(value, key).map_err(|e| vec![e.at(span)])?
            }
            TraversalOperator::FullSplat(_) => return splat(value, &ops[i + 1..], ctx),
            TraversalOperator::AttrSplat(_) => {
                let attrs = ops[i + 1..].iter().take_while(|o| matches!(o.value(), TraversalOperator::GetAttr(_)));
                let end = i + 1 + attrs.count();
                let result = splat(value, &ops[i + 1..end], ctx)?;
                i = end;
                value = result;
                continue;
            }
        };
        i += 1;
    }
    Ok(value)
}

/// Applies `ops` to each element of `value`.
fn splat(value: HclValue, ops: &[Decorated<TraversalOperator>], ctx: &EvalContext<'_>) -> Evaluated {
    let each = |items: Vec<HclValue>| -> Result<Vec<HclValue>, Vec<rpacker_diag::Diagnostic>> {
        items.into_iter().map(|item| apply(item, ops, ctx)).collect()
    };
    match value {
        HclValue::Null(_) | HclValue::Unknown(_) => Ok(HclValue::unknown()),
        HclValue::List(items) | HclValue::Set(items) => {
            let results = each(items)?;
            Ok(HclValue::list(results.clone()).unwrap_or(HclValue::Tuple(results)))
        }
        HclValue::Tuple(items) => Ok(HclValue::Tuple(each(items)?)),
        other => Ok(HclValue::Tuple(each(vec![other])?)),
    }
}

/// `value.name`.
pub(crate) fn get_attr(value: HclValue, name: &str) -> Result<HclValue, EvalError> {
    match value {
        HclValue::Null(_) => Err(EvalError::NullAttributeAccess),
        HclValue::Unknown(HclType::Object(attrs)) => match attrs.get(name) {
            Some(ty) => Ok(HclValue::Unknown(ty.clone())),
            None => Err(unsupported_attribute(name, attrs.keys())),
        },
        HclValue::Unknown(HclType::Map(elem)) => Ok(HclValue::Unknown(*elem)),
        HclValue::Unknown(_) => Ok(HclValue::unknown()),
        HclValue::Object(mut attrs) => match attrs.remove(name) {
            Some(v) => Ok(v),
            None => Err(unsupported_attribute(name, attrs.keys())),
        },
        HclValue::Map(mut entries) => {
            entries.remove(name).ok_or_else(|| EvalError::MissingMapElement { key: name.to_owned() })
        }
        _ => Err(EvalError::NoAttributes),
    }
}

fn unsupported_attribute<'k>(name: &str, names: impl Iterator<Item = &'k String>) -> EvalError {
    let suggestion = hcl_suggestion(name, names.map(String::as_str)).map(str::to_owned);
    EvalError::UnsupportedAttribute { name: name.to_owned(), suggestion }
}

/// `value[key]`.
pub(crate) fn index(value: HclValue, key: HclValue) -> Result<HclValue, EvalError> {
    if value.is_null() {
        return Err(EvalError::NullIndexAccess);
    }
    if key.is_null() {
        return Err(EvalError::NullIndexKey);
    }
    if value.is_unknown() || key.is_unknown() {
        let elem = value.type_of().element_type().cloned().unwrap_or(HclType::Dynamic);
        return Ok(HclValue::Unknown(elem));
    }
    match value {
        HclValue::List(mut items) | HclValue::Tuple(mut items) => {
            let position = sequence_position(key)?;
            match position.filter(|p| *p < items.len()) {
                Some(p) => Ok(items.swap_remove(p)),
                None => Err(EvalError::InvalidIndex { reason: None }),
            }
        }
        HclValue::Map(mut entries) | HclValue::Object(mut entries) => {
            let key = match convert(key, &HclType::String) {
                Ok(HclValue::String(k)) => k,
                Ok(_) => return Err(EvalError::InvalidIndex { reason: None }),
                Err(reason) => return Err(EvalError::InvalidIndex { reason: Some(cty_message(reason)) }),
            };
            entries.remove(&key).ok_or(EvalError::InvalidIndex { reason: None })
        }
        HclValue::Set(_) => Err(EvalError::SetIndex),
        _ => Err(EvalError::NoIndices),
    }
}

/// The position a sequence index selects; `None` when it is out of range (negative).
fn sequence_position(key: HclValue) -> Result<Option<usize>, EvalError> {
    let n = match convert(key, &HclType::Number) {
        Ok(HclValue::Number(n)) => n,
        Ok(_) => return Ok(None),
        Err(reason) => return Err(EvalError::InvalidIndex { reason: Some(cty_message(reason)) }),
    };
    if !n.is_whole() {
        let reason =
            format!("indexing a sequence requires a whole number, but the given index ({n}) has a fractional part");
        return Err(EvalError::InvalidIndex { reason: Some(reason) });
    }
    Ok(match n {
        Number::Int(i) => usize::try_from(i).ok(),
        Number::Float(_) => None,
    })
}
