//! The functions that take unevaluated expressions or type expressions, so they live with
//! the evaluator: `try`, `can`, `convert` and `templatefile`.
//!
//! `try` and `can` give an unknown result when the expression reads an unknown value, as
//! HCL's `tryfunc` does; their error texts were verified with packer 1.6.6. `templatefile`
//! (Packer ≥ 1.7.1, so not in 1.6.6) follows Terraform's: the file is read like `file`,
//! rendered as a template with only `vars` in scope and every function but itself.

use hcl_edit::expr::Expression;
use hcl_edit::Span as _;
use rpacker_diag::{Diagnostic, Span};

use super::context::{EvalContext, FunctionSet, Scope, Source};
use super::error::{cty_message, EvalError};
use super::expression::evaluate;
use super::references::{referenced_in_template, referenced_variables, resolve};
use super::template::evaluate_template;
use crate::hcl::convert::convert;
use crate::hcl::functions::{call, FunctionError, FunctionErrorKind};
use crate::hcl::type_expr::read_type_constraint;
use crate::hcl::types::HclType;
use crate::hcl::value::HclValue;

/// How a special function failed.
pub(crate) enum SpecialError {
    /// Evaluating an argument failed; its diagnostics stand as they are.
    Argument(Vec<Diagnostic>),
    /// The call failed (arity, a bad argument value, the function's own failure).
    Call(FunctionError),
    /// `convert`'s type expression is not a type.
    Type(EvalError, Option<std::ops::Range<usize>>),
}

impl SpecialError {
    /// The diagnostics for this failure of a call to `name`.
    pub(crate) fn into_diagnostics(
        self,
        name: &str,
        args: &[&Expression],
        call_span: Option<Span>,
        ctx: &EvalContext<'_>,
    ) -> Vec<Diagnostic> {
        match self {
            SpecialError::Argument(diagnostics) => diagnostics,
            SpecialError::Call(error) => {
                let span = error.arg_index.and_then(|i| args.get(i)).map_or(call_span, |e| ctx.span(e.span()));
                vec![EvalError::Function { name: name.to_owned(), error }.at(span)]
            }
            SpecialError::Type(error, range) => vec![error.at(ctx.span(range))],
        }
    }
}

/// Evaluates special function `name` on its argument expressions.
pub(crate) fn evaluate_special(
    name: &str,
    args: &[&Expression],
    ctx: &EvalContext<'_>,
) -> Result<HclValue, SpecialError> {
    match name {
        "try" => try_function(args, ctx),
        "can" => can_function(args, ctx),
        "convert" => convert_function(args, ctx),
        _ => templatefile_function(args, ctx),
    }
}

/// Checks the argument count against the parameter names, with HCL's arity errors.
fn arity(args: &[&Expression], params: &[&'static str]) -> Result<(), SpecialError> {
    let kind = if let Some(missing) = params.get(args.len()) {
        FunctionErrorKind::NotEnoughArguments { expected: params.len(), missing, variadic: false }
    } else if args.len() > params.len() {
        FunctionErrorKind::TooManyArguments { expected: params.len() }
    } else {
        return Ok(());
    };
    Err(SpecialError::Call(FunctionError { kind, message: String::new(), arg_index: None }))
}

/// A bad value for parameter `param` (argument `index`).
fn invalid(index: usize, param: &'static str, message: impl Into<String>) -> SpecialError {
    SpecialError::Call(FunctionError {
        kind: FunctionErrorKind::InvalidArgument { param },
        message: message.into(),
        arg_index: Some(index),
    })
}

/// Whether `expr` reads a value that is not wholly known (HCL's `dependsOnUnknowns`).
fn depends_on_unknowns(expr: &Expression, ctx: &EvalContext<'_>) -> bool {
    referenced_variables(expr).iter().any(|r| resolve(r, ctx.scope).is_some_and(|v| v.contains_unknown()))
}

/// `try(e...)`: the first expression that evaluates without error.
fn try_function(args: &[&Expression], ctx: &EvalContext<'_>) -> Result<HclValue, SpecialError> {
    if args.is_empty() {
        return Err(SpecialError::Call(FunctionError::call("at least one argument is required")));
    }
    let mut failures = Vec::new();
    for arg in args {
        if depends_on_unknowns(arg, ctx) {
            return Ok(HclValue::unknown());
        }
        match evaluate(arg, ctx) {
            Ok(value) => return Ok(value),
            Err(diagnostics) => failures.extend(diagnostics),
        }
    }
    Err(SpecialError::Call(FunctionError::call(no_expression_succeeded(&failures, ctx))))
}

/// `tryfunc`'s message listing every failure (verified with packer 1.6.6).
fn no_expression_succeeded(failures: &[Diagnostic], ctx: &EvalContext<'_>) -> String {
    let mut message = "no expression succeeded:\n".to_owned();
    for d in failures {
        match (d.subject, ctx.source) {
            (Some(span), Some(source)) => {
                message.push_str(&format!("- {} (at {})\n", d.summary, source.describe(span)))
            }
            _ => message.push_str(&format!("- {}\n", d.summary)),
        }
        message.push_str(&format!("  {}\n", d.detail));
    }
    message.push_str("\nAt least one expression must produce a successful result");
    message
}

/// `can(e)`: whether `e` evaluates without error.
fn can_function(args: &[&Expression], ctx: &EvalContext<'_>) -> Result<HclValue, SpecialError> {
    arity(args, &["expression"])?;
    if depends_on_unknowns(args[0], ctx) {
        return Ok(HclValue::Unknown(HclType::Bool));
    }
    Ok(match evaluate(args[0], ctx) {
        Ok(value) if value.contains_unknown() => HclValue::Unknown(HclType::Bool),
        Ok(_) => HclValue::Bool(true),
        Err(_) => HclValue::Bool(false),
    })
}

/// `convert(value, type)`.
fn convert_function(args: &[&Expression], ctx: &EvalContext<'_>) -> Result<HclValue, SpecialError> {
    arity(args, &["value", "type"])?;
    let value = evaluate(args[0], ctx).map_err(SpecialError::Argument)?;
    let ty = read_type_constraint(args[1])
        .map_err(|e| SpecialError::Type(EvalError::InvalidTypeSpecification { detail: e.detail }, e.range))?
        .ty;
    convert(value, &ty).map_err(|message| invalid(0, "value", cty_message(message)))
}

/// `templatefile(path, vars)`.
fn templatefile_function(args: &[&Expression], ctx: &EvalContext<'_>) -> Result<HclValue, SpecialError> {
    arity(args, &["path", "vars"])?;
    let path = evaluate(args[0], ctx).map_err(SpecialError::Argument)?;
    let vars = evaluate(args[1], ctx).map_err(SpecialError::Argument)?;
    if path.contains_unknown() || vars.contains_unknown() {
        return Ok(HclValue::unknown());
    }
    let text = match call("file", vec![path.clone()], ctx.function_context) {
        Ok(HclValue::String(text)) => text,
        Ok(_) => return Ok(HclValue::unknown()),
        Err(e) => return Err(invalid(0, "path", e.message)),
    };
    let path = path.as_str().unwrap_or_default().to_owned();
    let vars = match vars {
        HclValue::Map(entries) | HclValue::Object(entries) => entries,
        _ => return Err(invalid(1, "vars", "invalid vars value: must be a map")),
    };
    if let Some(bad) = vars.keys().find(|k| !is_identifier(k)) {
        return Err(invalid(
            1,
            "vars",
            format!(
                "invalid template variable name {bad:?}: must start with a letter, followed by zero or more \
                 letters, digits, and underscores"
            ),
        ));
    }
    let template = hcl_edit::parser::parse_template(&text)
        .map_err(|e| invalid(0, "path", format!("failed to parse template: {}", e.message())))?;
    let source = Source { name: &path, text: &text };
    let describe = |range: Option<std::ops::Range<usize>>| {
        range.map_or_else(|| path.clone(), |r| source.describe(Span::new(ctx.file, r.start, r.end)))
    };
    for reference in referenced_in_template(&template) {
        if !vars.contains_key(&reference.root) {
            let at = describe(reference.range.clone());
            let message = format!("vars map does not contain key {:?}, referenced at {at}", reference.root);
            return Err(invalid(1, "vars", message));
        }
    }
    let mut scope = Scope::new();
    for (name, value) in vars {
        scope.insert(name, value);
    }
    let inner = EvalContext::new(&scope, FunctionSet::TemplateFile, ctx.function_context, ctx.file).with_source(source);
    evaluate_template(&template, &inner).map_err(|diagnostics| {
        let first = &diagnostics[0];
        let at = first.subject.map_or_else(|| path.clone(), |s| source.describe(s));
        // The detail's own period would double the one the call error adds.
        let detail = first.detail.trim_end_matches('.');
        let mut message = format!("{at}: {}; {detail}", first.summary);
        if diagnostics.len() > 1 {
            message.push_str(&format!(", and {} other diagnostic(s)", diagnostics.len() - 1));
        }
        SpecialError::Call(FunctionError::call(message))
    })
}

/// Whether `name` is an HCL identifier (letters, digits, `_`, `-`, not starting with a digit).
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}
