//! The evaluator's entry point: one match over the expression kinds, with the small ones
//! (literals, collection constructors, variables, conditionals) handled here and the rest
//! handed to their own files.

use std::collections::BTreeMap;

use hcl_edit::expr::{Array, Conditional, Expression, Object, ObjectKey};
use hcl_edit::Span as _;
use rpacker_diag::Diagnostic;

use super::context::EvalContext;
use super::error::{cty_message, EvalError};
use super::{call, for_expr, operators, template, traversal};
use crate::hcl::convert::{convert, unify};
use crate::hcl::types::HclType;
use crate::hcl::value::{HclValue, Number};

/// What evaluating a sub-expression gives: a value, or every error found in it.
pub(crate) type Evaluated = Result<HclValue, Vec<Diagnostic>>;

/// Evaluates `expr` in `ctx`: its value, or HCL's diagnostics pointing at the offending
/// sub-expression of `ctx.file`.
pub fn evaluate(expr: &Expression, ctx: &EvalContext<'_>) -> Result<HclValue, Vec<Diagnostic>> {
    match expr {
        Expression::Null(_) => Ok(HclValue::null()),
        Expression::Bool(b) => Ok(HclValue::Bool(*b.value())),
        Expression::Number(n) => Ok(number(n.value())),
        Expression::String(s) => Ok(HclValue::String(s.value().clone())),
        Expression::Array(items) => array(items, ctx),
        Expression::Object(attrs) => object(attrs, ctx),
        Expression::StringTemplate(t) => template::evaluate_template(t, ctx),
        Expression::HeredocTemplate(h) => template::evaluate_template(&h.template, ctx),
        Expression::Parenthesis(p) => evaluate(p.inner(), ctx),
        Expression::Variable(name) => root_variable(name.value().as_str(), ctx.span(name.span()), ctx),
        Expression::Conditional(c) => conditional(c, ctx),
        Expression::FuncCall(f) => call::evaluate_call(f, ctx),
        Expression::Traversal(t) => traversal::evaluate_traversal(t, ctx),
        Expression::UnaryOp(op) => operators::unary(op, ctx),
        Expression::BinaryOp(op) => operators::binary(op, ctx),
        Expression::ForExpr(f) => for_expr::evaluate_for(f, ctx),
    }
}

/// The error for `err` at `expr`.
pub(crate) fn fail(err: EvalError, expr: &Expression, ctx: &EvalContext<'_>) -> Vec<Diagnostic> {
    vec![err.at(ctx.span(expr.span()))]
}

fn number(n: &hcl_edit::Number) -> HclValue {
    match n.as_i64() {
        Some(i) => HclValue::int(i),
        None => HclValue::Number(Number::from_f64(n.as_f64().unwrap_or(f64::NAN))),
    }
}

/// A root name: a variable of the scope.
pub(crate) fn root_variable(name: &str, span: Option<rpacker_diag::Span>, ctx: &EvalContext<'_>) -> Evaluated {
    ctx.scope.get(name).cloned().ok_or_else(|| {
        let suggestion = call::hcl_suggestion(name, ctx.scope.names()).map(str::to_owned);
        vec![EvalError::UnknownVariable { name: name.to_owned(), suggestion }.at(span)]
    })
}

/// Evaluates every expression, collecting the errors of all of them.
pub(crate) fn evaluate_all<'e>(
    exprs: impl IntoIterator<Item = &'e Expression>,
    ctx: &EvalContext<'_>,
) -> Result<Vec<HclValue>, Vec<Diagnostic>> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for expr in exprs {
        match evaluate(expr, ctx) {
            Ok(v) => values.push(v),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// `[a, b]`: a tuple.
fn array(items: &Array, ctx: &EvalContext<'_>) -> Evaluated {
    evaluate_all(items.iter(), ctx).map(HclValue::Tuple)
}

/// `{k = v}`: an object. A bare identifier key is its own name; any other key is an
/// expression that must give a string (an unknown key makes the whole object unknown).
fn object(attrs: &Object, ctx: &EvalContext<'_>) -> Evaluated {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    let mut unknown_key = false;
    for (key, value) in attrs {
        let key = match key {
            ObjectKey::Ident(ident) => Ok(Some(ident.value().to_string())),
            ObjectKey::Expression(key_expr) => object_key(key_expr, ctx),
        };
        let value = evaluate(value.expr(), ctx);
        match (key, value) {
            (Ok(Some(k)), Ok(v)) => {
                out.insert(k, v);
            }
            (Ok(None), Ok(_)) => unknown_key = true,
            (k, v) => {
                errors.extend(k.err().unwrap_or_default());
                errors.extend(v.err().unwrap_or_default());
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(if unknown_key { HclValue::unknown() } else { HclValue::Object(out) })
}

/// An object constructor key expression: its string, or `None` when unknown.
fn object_key(key_expr: &Expression, ctx: &EvalContext<'_>) -> Result<Option<String>, Vec<Diagnostic>> {
    match evaluate(key_expr, ctx)? {
        HclValue::Unknown(_) => Ok(None),
        HclValue::Null(_) => Err(fail(EvalError::NullObjectKey, key_expr, ctx)),
        key => match convert(key, &HclType::String) {
            Ok(HclValue::String(s)) => Ok(Some(s)),
            Ok(_) => Ok(None),
            Err(m) => Err(fail(EvalError::IncorrectKeyType { message: cty_message(m) }, key_expr, ctx)),
        },
    }
}

/// `c ? a : b`: both branches are evaluated (their types decide the result type) but only
/// the chosen one's errors count (verified with packer 1.6.6: `true ? 1 : foo` is `1`,
/// `true ? 1 : true` is an error).
fn conditional(c: &Conditional, ctx: &EvalContext<'_>) -> Evaluated {
    let on_true = evaluate(&c.true_expr, ctx);
    let on_false = evaluate(&c.false_expr, ctx);
    let type_of = |r: &Evaluated| r.as_ref().map_or(HclType::Dynamic, HclValue::type_of);
    let (true_type, false_type) = (type_of(&on_true), type_of(&on_false));
    let Some(common) = unify(&[true_type.clone(), false_type.clone()]) else {
        let err = EvalError::InconsistentConditionalTypes {
            true_type: true_type.friendly_name(),
            false_type: false_type.friendly_name(),
        };
        let span = ctx.span(c.true_expr.span()).zip(ctx.span(c.false_expr.span())).map(|(a, b)| a.to(b));
        return Err(vec![err.at(span)]);
    };
    let condition = evaluate(&c.cond_expr, ctx)?;
    let truth = match condition {
        HclValue::Null(_) => return Err(fail(EvalError::NullCondition, &c.cond_expr, ctx)),
        HclValue::Unknown(_) => None,
        other => match convert(other, &HclType::Bool) {
            Ok(HclValue::Bool(b)) => Some(b),
            Ok(_) => None,
            Err(_) => return Err(fail(EvalError::IncorrectConditionType, &c.cond_expr, ctx)),
        },
    };
    let (chosen, chosen_expr) = match truth {
        None => {
            let mut errors = on_true.err().unwrap_or_default();
            errors.extend(on_false.err().unwrap_or_default());
            return if errors.is_empty() { Ok(HclValue::Unknown(common)) } else { Err(errors) };
        }
        Some(true) => (on_true?, &c.true_expr),
        Some(false) => (on_false?, &c.false_expr),
    };
    convert(chosen, &common).map_err(|message| fail(EvalError::OperationFailed { message }, chosen_expr, ctx))
}
