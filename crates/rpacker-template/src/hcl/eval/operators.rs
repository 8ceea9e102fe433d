//! Unary and binary operators, with cty's operand types and results.
//!
//! HCL evaluates both operands, converts each to the operator's parameter type (numbers for
//! arithmetic and ordering, bools for logic, anything for `==`), then runs cty's operation:
//! a null operand fails the operation, an unknown one makes the result unknown. Number
//! arithmetic stays exact on `i64` and falls back to `f64` (see `Number`).

use std::cmp::Ordering;

use hcl_edit::expr::{BinaryOp, BinaryOperator, Expression, UnaryOp, UnaryOperator};
use hcl_edit::Span as _;
use rpacker_diag::Diagnostic;

use super::context::EvalContext;
use super::error::{cty_message, EvalError, Operand};
use super::expression::{evaluate, fail, Evaluated};
use crate::hcl::convert::convert;
use crate::hcl::types::HclType;
use crate::hcl::value::{HclValue, Number};

/// cty's text for a null operand.
const NULL_OPERAND: &str = "argument must not be null";

/// `-x` and `!x`.
pub(crate) fn unary(op: &UnaryOp, ctx: &EvalContext<'_>) -> Evaluated {
    let (want, result_type) = match op.operator.value() {
        UnaryOperator::Neg => (HclType::Number, HclType::Number),
        UnaryOperator::Not => (HclType::Bool, HclType::Bool),
    };
    let value = operand(&op.expr, &want, Operand::Unary, ctx)?;
    let whole = ctx.span(op.operator.span()).zip(ctx.span(op.expr.span())).map(|(a, b)| a.to(b));
    match value {
        HclValue::Null(_) => Err(vec![EvalError::OperationFailed { message: NULL_OPERAND.to_owned() }.at(whole)]),
        HclValue::Unknown(_) => Ok(HclValue::Unknown(result_type)),
        HclValue::Number(n) => Ok(HclValue::Number(-n)),
        HclValue::Bool(b) => Ok(HclValue::Bool(!b)),
        other => Ok(other),
    }
}

/// `a op b`.
pub(crate) fn binary(op: &BinaryOp, ctx: &EvalContext<'_>) -> Evaluated {
    let operator = *op.operator.value();
    let (want, result_type) = signature(operator);
    let lhs = operand(&op.lhs_expr, &want, Operand::Left, ctx);
    let rhs = operand(&op.rhs_expr, &want, Operand::Right, ctx);
    let (lhs, rhs) = match (lhs, rhs) {
        (Ok(l), Ok(r)) => (l, r),
        (l, r) => {
            let mut errors = l.err().unwrap_or_default();
            errors.extend(r.err().unwrap_or_default());
            return Err(errors);
        }
    };
    let whole = ctx.span(op.lhs_expr.span()).zip(ctx.span(op.rhs_expr.span())).map(|(a, b)| a.to(b));
    let failed = |message: String| vec![EvalError::OperationFailed { message }.at(whole)];
    if matches!(operator, BinaryOperator::Eq | BinaryOperator::NotEq) {
        if lhs.contains_unknown() || rhs.contains_unknown() {
            return Ok(HclValue::Unknown(HclType::Bool));
        }
        let equal = lhs.equals(&rhs);
        return Ok(HclValue::Bool(if operator == BinaryOperator::Eq { equal } else { !equal }));
    }
    if lhs.is_null() || rhs.is_null() {
        return Err(failed(NULL_OPERAND.to_owned()));
    }
    if lhs.is_unknown() || rhs.is_unknown() {
        return Ok(HclValue::Unknown(result_type));
    }
    match (lhs, rhs) {
        (HclValue::Number(a), HclValue::Number(b)) => arithmetic(operator, a, b).map_err(|m| failed(m.to_owned())),
        (HclValue::Bool(a), HclValue::Bool(b)) => {
            Ok(HclValue::Bool(if operator == BinaryOperator::And { a && b } else { a || b }))
        }
        _ => Err(failed("unsupported operand types".to_owned())),
    }
}

/// The parameter type and result type of a binary operator.
fn signature(operator: BinaryOperator) -> (HclType, HclType) {
    use BinaryOperator as B;
    match operator {
        B::Eq | B::NotEq => (HclType::Dynamic, HclType::Bool),
        B::And | B::Or => (HclType::Bool, HclType::Bool),
        B::Less | B::LessEq | B::Greater | B::GreaterEq => (HclType::Number, HclType::Bool),
        B::Plus | B::Minus | B::Mul | B::Div | B::Mod => (HclType::Number, HclType::Number),
    }
}

/// Evaluates an operand and converts it to `want`.
fn operand(
    expr: &Expression,
    want: &HclType,
    which: Operand,
    ctx: &EvalContext<'_>,
) -> Result<HclValue, Vec<Diagnostic>> {
    let value = evaluate(expr, ctx)?;
    convert(value, want)
        .map_err(|m| fail(EvalError::InvalidOperand { operand: which, message: cty_message(m) }, expr, ctx))
}

/// A numeric operation on known numbers.
fn arithmetic(operator: BinaryOperator, a: Number, b: Number) -> Result<HclValue, &'static str> {
    use BinaryOperator as B;
    let ordering = || a.cmp_numeric(b).unwrap_or(Ordering::Equal);
    let number = match operator {
        B::Plus => a + b,
        B::Minus => a + (-b),
        B::Mul => multiply(a, b),
        B::Div => divide(a, b)?,
        B::Mod => modulo(a, b),
        B::Less => return Ok(HclValue::Bool(ordering().is_lt())),
        B::LessEq => return Ok(HclValue::Bool(ordering().is_le())),
        B::Greater => return Ok(HclValue::Bool(ordering().is_gt())),
        B::GreaterEq => return Ok(HclValue::Bool(ordering().is_ge())),
        B::Eq | B::NotEq | B::And | B::Or => return Err("unsupported operand types"),
    };
    Ok(HclValue::Number(number))
}

fn multiply(a: Number, b: Number) -> Number {
    match (a, b) {
        (Number::Int(x), Number::Int(y)) => {
            x.checked_mul(y).map_or_else(|| Number::Float(x as f64 * y as f64), Number::Int)
        }
        _ => Number::from_f64(a.as_f64() * b.as_f64()),
    }
}

/// cty's `Divide`: `x/0` is an infinity (verified with packer 1.6.6: `1/0` is `+Inf`), `0/0`
/// fails.
fn divide(a: Number, b: Number) -> Result<Number, &'static str> {
    let quotient = a.as_f64() / b.as_f64();
    if quotient.is_nan() {
        return Err("can't divide zero by zero or infinity by infinity");
    }
    if let (Number::Int(x), Number::Int(y)) = (a, b) {
        if y != 0 && x.checked_rem(y) == Some(0) {
            return Ok(x.checked_div(y).map_or(Number::Float(quotient), Number::Int));
        }
    }
    Ok(Number::from_f64(quotient))
}

/// cty's `Modulo`: the sign follows the dividend and `x % 0` is `x` (verified with packer
/// 1.6.6: `-5 % 3` is `-2`, `5 % 0` is `5`, `5.5 % 2` is `1.5`).
fn modulo(a: Number, b: Number) -> Number {
    match (a, b) {
        (_, Number::Int(0)) => a,
        (Number::Int(x), Number::Int(y)) => x.checked_rem(y).map_or(Number::Int(0), Number::Int),
        _ if b.as_f64() == 0.0 => a,
        _ => Number::from_f64(a.as_f64() % b.as_f64()),
    }
}
