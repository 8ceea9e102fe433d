//! Go's comparison built-ins `eq ne lt le gt ge`, with Go's basic-kind rules.
//!
//! Go compares only values of the same basic kind (`eq 1 1.0` is an error, `incompatible
//! types for comparison`), lets a missing value equal nothing without error in `eq`, and
//! rejects ordering of bools, slices and maps (`invalid type for comparison`).

use crate::printf::{format_value, type_name};
use crate::Value;

const BAD_TYPE: &str = "invalid type for comparison";
const INCOMPATIBLE: &str = "incompatible types for comparison";
const MISSING_ARG: &str = "missing argument for comparison";

/// Go's basic kinds; `None` is `invalidKind` (nil, slices, maps).
#[derive(PartialEq, Eq, Clone, Copy)]
enum Kind {
    Bool,
    Int,
    Float,
    String,
}

fn basic_kind(v: &Value) -> Option<Kind> {
    match v {
        Value::Bool(_) => Some(Kind::Bool),
        Value::Int(_) => Some(Kind::Int),
        Value::Float(_) => Some(Kind::Float),
        Value::String(_) => Some(Kind::String),
        Value::Nil | Value::List(_) | Value::Map(_) => None,
    }
}

/// Go's reflect kind, to tell slices from maps from nil.
fn reflect_kind(v: &Value) -> u8 {
    match v {
        Value::Nil => 0,
        Value::List(_) => 1,
        Value::Map(_) => 2,
        _ => 3,
    }
}

/// `eq arg1 arg2...`: whether `arg1` equals any of the others.
pub(crate) fn eq(args: &[Value]) -> Result<Value, String> {
    let (arg1, rest) = args.split_first().ok_or(MISSING_ARG)?;
    if rest.is_empty() {
        return Err(MISSING_ARG.to_owned());
    }
    let k1 = basic_kind(arg1);
    for arg in rest {
        let k2 = basic_kind(arg);
        let truth = if k1 != k2 {
            if !matches!(arg1, Value::Nil) && !matches!(arg, Value::Nil) {
                return Err(INCOMPATIBLE.to_owned());
            }
            false
        } else {
            match (arg1, arg) {
                (Value::Bool(a), Value::Bool(b)) => a == b,
                (Value::Int(a), Value::Int(b)) => a == b,
                (Value::Float(a), Value::Float(b)) => a == b,
                (Value::String(a), Value::String(b)) => a == b,
                _ => {
                    let (r1, r2) = (reflect_kind(arg1), reflect_kind(arg));
                    if r1 != r2 && r1 != 0 && r2 != 0 {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            format_value(arg1),
                            type_name(arg1),
                            type_name(arg),
                            format_value(arg)
                        ));
                    }
                    if r1 == 0 || r2 == 0 {
                        r1 == r2
                    } else {
                        return Err(format!("non-comparable type {}: {}", format_value(arg), type_name(arg)));
                    }
                }
            }
        };
        if truth {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn eq2(a: &Value, b: &Value) -> Result<bool, String> {
    Ok(matches!(eq(&[a.clone(), b.clone()])?, Value::Bool(true)))
}

fn lt2(a: &Value, b: &Value) -> Result<bool, String> {
    let k1 = basic_kind(a).ok_or(BAD_TYPE)?;
    let k2 = basic_kind(b).ok_or(BAD_TYPE)?;
    if k1 != k2 {
        return Err(INCOMPATIBLE.to_owned());
    }
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(x < y),
        (Value::Float(x), Value::Float(y)) => Ok(x < y),
        (Value::String(x), Value::String(y)) => Ok(x < y),
        _ => Err(BAD_TYPE.to_owned()),
    }
}

/// `ne a b`.
pub(crate) fn ne(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(!eq2(&args[0], &args[1])?))
}

/// `lt a b`.
pub(crate) fn lt(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(lt2(&args[0], &args[1])?))
}

/// `le a b`.
pub(crate) fn le(args: &[Value]) -> Result<Value, String> {
    let less = lt2(&args[0], &args[1])?;
    Ok(Value::Bool(less || eq2(&args[0], &args[1])?))
}

/// `gt a b`.
pub(crate) fn gt(args: &[Value]) -> Result<Value, String> {
    let less = lt2(&args[0], &args[1])?;
    Ok(Value::Bool(!(less || eq2(&args[0], &args[1])?)))
}

/// `ge a b`.
pub(crate) fn ge(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(!lt2(&args[0], &args[1])?))
}
