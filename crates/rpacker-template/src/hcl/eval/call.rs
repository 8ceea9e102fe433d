//! Function calls: which functions a context allows, argument expansion (`f(list...)`),
//! `env`, and the hand-off to the library or to the special functions.
//!
//! Availability follows Packer: variable defaults see only `env`, everything else sees the
//! library plus `try`, `can`, `convert` and `templatefile` (see [`FunctionSet`]). HCL's
//! did-you-mean for names is part of its detail text (verified with packer 1.6.6: `There is
//! no function named "upperr". Did you mean "upper"?`).

use hcl_edit::expr::{Expression, FuncCall};
use hcl_edit::Span as _;
use rpacker_diag::suggest::edit_distance;

use super::context::{EvalContext, FunctionSet};
use super::error::EvalError;
use super::expression::{evaluate_all, fail, Evaluated};
use super::special_functions;
use crate::hcl::convert::convert;
use crate::hcl::functions::{call, names, FunctionError, FunctionErrorKind};
use crate::hcl::types::HclType;
use crate::hcl::value::HclValue;

/// The functions evaluated from their unevaluated argument expressions.
const SPECIAL: &[&str] = &["can", "convert", "templatefile", "try"];

/// HCL's `nameSuggestion`: the first candidate (in the order given, which HCL sorts) fewer
/// than three edits away.
pub(crate) fn hcl_suggestion<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates.into_iter().find(|c| edit_distance(given, c) < 3)
}

/// The names callable in `set`, sorted.
pub(crate) fn available(set: FunctionSet) -> Vec<&'static str> {
    let mut all: Vec<&'static str> = match set {
        FunctionSet::VariableDefaults => return vec!["env"],
        FunctionSet::All => SPECIAL.to_vec(),
        FunctionSet::TemplateFile => SPECIAL.iter().copied().filter(|n| *n != "templatefile").collect(),
    };
    all.extend(names());
    all.sort_unstable();
    all
}

/// Evaluates `name(args...)`.
pub(crate) fn evaluate_call(f: &FuncCall, ctx: &EvalContext<'_>) -> Evaluated {
    let call_span = ctx.span(f.span());
    let mut name = f.name.namespace.iter().map(|n| format!("{}::", n.value().as_str())).collect::<String>();
    name.push_str(f.name.name.value().as_str());
    let callable = available(ctx.functions);
    if !callable.contains(&name.as_str()) {
        let suggestion = hcl_suggestion(&name, callable.iter().copied()).map(str::to_owned);
        return Err(vec![EvalError::UnknownFunction { name, suggestion }.at(call_span)]);
    }
    let arg_exprs: Vec<&Expression> = f.args.iter().collect();
    if SPECIAL.contains(&name.as_str()) {
        return special_functions::evaluate_special(&name, &arg_exprs, ctx)
            .map_err(|e| e.into_diagnostics(&name, &arg_exprs, call_span, ctx));
    }
    let mut args = evaluate_all(arg_exprs.iter().copied(), ctx)?;
    if f.args.expand_final() {
        let Some((last, last_expr)) = args.pop().zip(arg_exprs.last()) else {
            return Ok(HclValue::unknown());
        };
        match last {
            HclValue::Null(_) => return Err(fail(EvalError::NullExpansion, last_expr, ctx)),
            HclValue::Unknown(_) => return Ok(HclValue::unknown()),
            HclValue::List(items) | HclValue::Set(items) | HclValue::Tuple(items) => args.extend(items),
            _ => return Err(fail(EvalError::InvalidExpansion, last_expr, ctx)),
        }
    }
    // `build.<key>` reads as a Go-template call rendered when the build runs; a function of it
    // cannot be computed before then, so the result is unknown, as Packer has it at prepare.
    if args.iter().any(holds_deferred_build_value) {
        return Ok(HclValue::unknown());
    }
    let result = if name == "env" { env(args, ctx) } else { call(&name, args, ctx.function_context) };
    result.map_err(|error| {
        let at = error.arg_index.and_then(|i| arg_exprs.get(i.min(arg_exprs.len().saturating_sub(1))));
        let span = at.map_or(call_span, |e| ctx.span(e.span()));
        vec![EvalError::Function { name, error }.at(span)]
    })
}

/// Whether `value` holds a deferred `build.<key>` (`{{ build `<key>` }}`, see
/// `assemble::build_references`).
fn holds_deferred_build_value(value: &HclValue) -> bool {
    match value {
        HclValue::String(s) => s.contains("{{ build `"),
        HclValue::List(items) | HclValue::Set(items) | HclValue::Tuple(items) => {
            items.iter().any(holds_deferred_build_value)
        }
        HclValue::Map(entries) | HclValue::Object(entries) => entries.values().any(holds_deferred_build_value),
        _ => false,
    }
}

/// Packer's `env(key)` (variable defaults only): the variable's value, or `""` when unset.
fn env(mut args: Vec<HclValue>, ctx: &EvalContext<'_>) -> Result<HclValue, FunctionError> {
    match args.len() {
        0 => {
            let kind = FunctionErrorKind::NotEnoughArguments { expected: 1, missing: "key", variadic: false };
            return Err(FunctionError { kind, message: String::new(), arg_index: None });
        }
        1 => {}
        _ => {
            let kind = FunctionErrorKind::TooManyArguments { expected: 1 };
            return Err(FunctionError { kind, message: String::new(), arg_index: None });
        }
    }
    let invalid = |message: String| FunctionError {
        kind: FunctionErrorKind::InvalidArgument { param: "key" },
        message,
        arg_index: Some(0),
    };
    match args.remove(0) {
        HclValue::Null(_) => Err(invalid("argument must not be null".to_owned())),
        HclValue::Unknown(_) => Ok(HclValue::Unknown(HclType::String)),
        key => match convert(key, &HclType::String).map_err(invalid)? {
            HclValue::String(key) => {
                Ok(HclValue::String(ctx.function_context.environment.get(&key).unwrap_or_default().to_owned()))
            }
            _ => Ok(HclValue::Unknown(HclType::String)),
        },
    }
}
