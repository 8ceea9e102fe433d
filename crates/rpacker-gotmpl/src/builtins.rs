//! Go's built-in template functions: `and or not len index slice print printf println html
//! js urlquery call eq ne lt le gt ge`, with their Go signatures.
//!
//! `and`/`or` short-circuit and are evaluated by the executor itself (as Go does); the rest
//! are plain functions over evaluated arguments.

use crate::signature::ArgType;
use crate::{compare, escape, printf, Value};

/// A built-in's plain implementation.
pub(crate) type BuiltinFn = fn(&[Value]) -> Result<Value, String>;

/// A built-in function: Go signature and implementation (`None` for `and`/`or`).
pub(crate) struct Builtin {
    pub(crate) params: &'static [ArgType],
    pub(crate) variadic: Option<ArgType>,
    pub(crate) call: Option<BuiltinFn>,
}

const ANY: &[ArgType] = &[ArgType::Any];
const ANY2: &[ArgType] = &[ArgType::Any, ArgType::Any];
const STRING: &[ArgType] = &[ArgType::String];
const NONE: &[ArgType] = &[];

/// The built-in named `name`, if any.
pub(crate) fn lookup(name: &str) -> Option<Builtin> {
    let b = |params, variadic, call| Some(Builtin { params, variadic, call });
    let va = Some(ArgType::Any);
    match name {
        "and" | "or" => b(ANY, va, None),
        "call" => b(ANY, va, Some(call as BuiltinFn)),
        "html" => b(NONE, va, Some(|a| Ok(escape::html(&eval_args(a)).into()))),
        "js" => b(NONE, va, Some(|a| Ok(escape::js(&eval_args(a)).into()))),
        "urlquery" => b(NONE, va, Some(|a| Ok(escape::urlquery(&eval_args(a)).into()))),
        "index" => b(ANY, va, Some(index)),
        "slice" => b(ANY, va, Some(slice)),
        "len" => b(ANY, None, Some(length)),
        "not" => b(ANY, None, Some(|a| Ok(Value::Bool(!a[0].is_true())))),
        "print" => b(NONE, va, Some(|a| Ok(printf::sprint(a).into()))),
        "println" => b(NONE, va, Some(|a| Ok(printf::sprintln(a).into()))),
        "printf" => b(STRING, va, Some(|a| Ok(printf::sprintf(a[0].as_str().unwrap_or_default(), &a[1..]).into()))),
        "eq" => b(ANY, va, Some(compare::eq)),
        "ne" => b(ANY2, None, Some(compare::ne)),
        "lt" => b(ANY2, None, Some(compare::lt)),
        "le" => b(ANY2, None, Some(compare::le)),
        "gt" => b(ANY2, None, Some(compare::gt)),
        "ge" => b(ANY2, None, Some(compare::ge)),
        _ => None,
    }
}

/// Whether `name` is one of Go's built-in functions.
pub(crate) fn is_builtin(name: &str) -> bool {
    lookup(name).is_some()
}

/// Go's `evalArgs` for the escapers: a lone string as is, otherwise `fmt.Sprint` with
/// missing values shown as `<no value>`.
fn eval_args(args: &[Value]) -> String {
    if let [Value::String(s)] = args {
        return s.clone();
    }
    let printable: Vec<Value> =
        args.iter().map(|a| if matches!(a, Value::Nil) { Value::from("<no value>") } else { a.clone() }).collect();
    printf::sprint(&printable)
}

/// Go's `indexArg`: an int index within `0..=cap`.
fn index_arg(index: &Value, cap: usize) -> Result<usize, String> {
    let x = match index {
        Value::Int(x) => *x,
        Value::Nil => return Err("cannot index slice/array with nil".to_owned()),
        other => return Err(format!("cannot index slice/array with type {}", printf::type_name(other))),
    };
    match usize::try_from(x) {
        Ok(x) if x <= cap => Ok(x),
        _ => Err(format!("index out of range: {x}")),
    }
}

fn index(args: &[Value]) -> Result<Value, String> {
    let mut item = args[0].clone();
    if matches!(item, Value::Nil) {
        return Err("index of untyped nil".to_owned());
    }
    for index in &args[1..] {
        item = match item {
            Value::Nil => return Err("index of nil pointer".to_owned()),
            Value::List(items) => {
                let x = index_arg(index, items.len())?;
                // Go's reflect panics on x == len; the panic text becomes the error.
                items.into_iter().nth(x).ok_or("reflect: slice index out of range")?
            }
            Value::String(s) => {
                let x = index_arg(index, s.len())?;
                Value::Int(i64::from(*s.as_bytes().get(x).ok_or("reflect: string index out of range")?))
            }
            Value::Map(map) => match index {
                Value::String(k) => map.get(k).cloned().unwrap_or(Value::Nil),
                Value::Nil => return Err("value is nil; should be of type string".to_owned()),
                other => return Err(format!("value has type {}; should be string", printf::type_name(other))),
            },
            other => return Err(format!("can't index item of type {}", printf::type_name(&other))),
        };
    }
    Ok(item)
}

fn slice(args: &[Value]) -> Result<Value, String> {
    let item = &args[0];
    let indexes = &args[1..];
    if matches!(item, Value::Nil) {
        return Err("slice of untyped nil".to_owned());
    }
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let len = match item {
        Value::String(s) => {
            if indexes.len() == 3 {
                return Err("cannot 3-index slice a string".to_owned());
            }
            s.len()
        }
        Value::List(items) => items.len(),
        other => return Err(format!("can't slice item of type {}", printf::type_name(other))),
    };
    let mut idx = [0, len, len];
    for (i, index) in indexes.iter().enumerate() {
        idx[i] = index_arg(index, len)?;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    Ok(match item {
        Value::String(s) => Value::String(String::from_utf8_lossy(&s.as_bytes()[idx[0]..idx[1]]).into_owned()),
        Value::List(items) => Value::List(items[idx[0]..idx[1]].to_vec()),
        _ => Value::Nil,
    })
}

fn length(args: &[Value]) -> Result<Value, String> {
    let n = match &args[0] {
        Value::String(s) => s.len(),
        Value::List(l) => l.len(),
        Value::Map(m) => m.len(),
        // Go calls Type() on the zero Value and reports reflect's panic.
        Value::Nil => return Err("reflect: call of reflect.Value.Type on zero Value".to_owned()),
        other => return Err(format!("len of type {}", printf::type_name(other))),
    };
    Ok(Value::Int(i64::try_from(n).unwrap_or(i64::MAX)))
}

/// `call fn args...`: values here are never functions, so Go's checks always fail.
fn call(args: &[Value]) -> Result<Value, String> {
    match &args[0] {
        Value::Nil => Err("call of nil".to_owned()),
        other => Err(format!("non-function of type {}", printf::type_name(other))),
    }
}
