//! Input variables: defaults, then values from `PKR_VAR_*`, auto var files, `-var-file`s and
//! `-var` (last wins), each converted to the variable's type. `validate -syntax-only` stops
//! after this collection; unset variables and validation rules are checked at Initialize
//! ([`super::initialize`]). Texts are Packer 1.6.6's (verified with packer 1.6.6).

use std::path::PathBuf;

use hcl_edit::expr::Expression;
use rpacker_diag::{Diagnostic, SourceMap, Span};

use super::scope::Evaluator;
use super::variable_rules::check_validation_rules;
use crate::environment::Environment;
use crate::hcl::convert;
use crate::hcl::eval::{FunctionSet, Scope};
use crate::hcl::functions::FunctionContext;
use crate::hcl::parse::{read_var_file, ConfigFiles, Expr, VariableBlock};
use crate::hcl::types::HclType;
use crate::hcl::value::HclValue;

/// Variable values given from outside the configuration.
#[derive(Debug, Clone, Default)]
pub struct VariableInputs {
    /// `-var-file` paths, in command-line order.
    pub var_files: Vec<PathBuf>,
    /// `-var name=value`, in command-line order.
    pub vars: Vec<(String, String)>,
}

/// Where a variable's final value came from (named in validation errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueSource {
    /// The `default`.
    Default,
    /// `PKR_VAR_<name>`.
    Env,
    /// A var file (auto-loaded or `-var-file`).
    VarFile,
    /// `-var`.
    Cmd,
}

impl ValueSource {
    /// Packer's word for it: `Invalid value for <word> variable`.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            ValueSource::Default => "default",
            ValueSource::Env => "env",
            ValueSource::VarFile => "varfile",
            ValueSource::Cmd => "cmd",
        }
    }
}

/// One declared variable after collection.
#[derive(Debug, Clone)]
pub struct CollectedVariable {
    /// Its name.
    pub name: String,
    /// The type values are converted to (`dynamic` when untyped).
    pub ty: HclType,
    /// The final value; `None` when nothing set it (an `Unset variable` at Initialize).
    pub value: Option<HclValue>,
    /// Where the value came from.
    pub from: ValueSource,
    /// `sensitive = true`.
    pub sensitive: bool,
    /// Index of its block in [`ConfigFiles::variables`].
    pub block: usize,
}

/// Collects every variable's value.
///
/// Returns the variables (in declaration order) and the diagnostics: errors (bad defaults,
/// bad values, `Undefined -var variable`, var file problems) and warnings (`Undefined
/// variable` for var-file names nobody declared).
pub fn collect_variables(
    config: &ConfigFiles,
    inputs: &VariableInputs,
    environment: &Environment,
    function_context: &FunctionContext,
    sources: &mut SourceMap,
) -> (Vec<CollectedVariable>, Vec<Diagnostic>) {
    let literal = Evaluator { scope: Scope::new(), functions: FunctionSet::VariableDefaults, function_context };
    let mut diags = Vec::new();
    let mut variables: Vec<CollectedVariable> =
        config.variables.iter().enumerate().map(|(i, block)| declare(block, i, &literal, &mut diags)).collect();
    for block in &config.variables {
        diags.extend(check_validation_rules(block));
    }

    for var in &mut variables {
        let Some(raw) = environment.get(&format!("PKR_VAR_{}", var.name)) else { continue };
        match raw_value(raw, &var.ty, &literal) {
            Ok(value) => set(var, value, ValueSource::Env, None, &mut diags),
            Err(detail) => diags.push(invalid_value(&var.name, &detail, None)),
        }
    }

    for path in config.auto_var_files.iter().chain(&inputs.var_files) {
        let assignments = match read_var_file(path, sources) {
            Ok(assignments) => assignments,
            Err(more) => {
                diags.extend(more);
                continue;
            }
        };
        for (name, expr, span) in assignments {
            let Some(var) = variables.iter_mut().find(|v| v.name == name) else {
                diags.push(Diagnostic::warning("Undefined variable", format!(
                    "A {name:?} variable was set but was not found in known variables. To declare variable {name:?}, place this block in one of your .pkr files, such as variables.pkr.hcl"
                )).with_subject(Some(span)));
                continue;
            };
            match literal.evaluate(&expr.expr, &expr.origin, expr.span) {
                Ok(value) => set(var, value, ValueSource::VarFile, Some(span), &mut diags),
                Err(more) => diags.extend(more),
            }
        }
    }

    for (name, raw) in &inputs.vars {
        let Some(var) = variables.iter_mut().find(|v| &v.name == name) else {
            diags.push(Diagnostic::error("Undefined -var variable", format!(
                "A {name:?} variable was passed in the command line but was not found in known variables. To declare variable {name:?}, place this block in one of your .pkr files, such as variables.pkr.hcl"
            )));
            continue;
        };
        match raw_value(raw, &var.ty, &literal).and_then(|v| convert(v, &var.ty)) {
            Ok(value) => {
                var.value = Some(value);
                var.from = ValueSource::Cmd;
            }
            Err(detail) => diags.push(Diagnostic::error(
                "Invalid argument value for -var variable",
                format!("The received arg value for {name} is not compatible with the variable's type constraint: {detail}."),
            )),
        }
    }
    (variables, diags)
}

/// A variable's type, default and sensitivity from its block.
fn declare(
    block: &VariableBlock,
    index: usize,
    literal: &Evaluator<'_>,
    diags: &mut Vec<Diagnostic>,
) -> CollectedVariable {
    let mut var = CollectedVariable {
        name: block.name.clone(),
        ty: block.type_constraint.as_ref().map_or(HclType::Dynamic, |t| t.ty.clone()),
        value: None,
        from: ValueSource::Default,
        sensitive: block.sensitive.as_ref().is_some_and(|e| literal_bool(e, literal)),
        block: index,
    };
    let Some(default) = &block.default_expr else { return var };
    match literal.evaluate(&default.expr, &default.origin, default.span) {
        Ok(value) if block.type_constraint.is_none() => {
            // Packer 1.6.6: an untyped variable takes its default's type.
            var.ty = value.type_of();
            var.value = Some(value);
        }
        Ok(value) => match convert(value, &var.ty) {
            Ok(value) => var.value = Some(value),
            Err(detail) => diags.push(
                Diagnostic::error(
                    "Invalid default value for variable",
                    format!("This default value is not compatible with the variable's type constraint: {detail}."),
                )
                .with_subject(Some(default.span)),
            ),
        },
        Err(more) => diags.extend(more),
    }
    var
}

fn literal_bool(expr: &Expr, literal: &Evaluator<'_>) -> bool {
    literal.evaluate(&expr.expr, &expr.origin, expr.span).ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

/// Converts and stores a value from the environment or a var file.
fn set(
    var: &mut CollectedVariable,
    value: HclValue,
    from: ValueSource,
    span: Option<Span>,
    diags: &mut Vec<Diagnostic>,
) {
    match convert(value, &var.ty) {
        Ok(value) => {
            var.value = Some(value);
            var.from = from;
        }
        Err(detail) => diags.push(invalid_value(&var.name, &detail, span)),
    }
}

fn invalid_value(name: &str, detail: &str, span: Option<Span>) -> Diagnostic {
    Diagnostic::error(
        "Invalid value for variable",
        format!("The value for {name} is not compatible with the variable's type constraint: {detail}."),
    )
    .with_subject(span)
}

/// A value given as text (`-var`, `PKR_VAR_*`): a string for string, number and untyped
/// variables; an HCL expression otherwise (`-var 'l=["a"]'`).
fn raw_value(raw: &str, ty: &HclType, literal: &Evaluator<'_>) -> Result<HclValue, String> {
    if matches!(ty, HclType::String | HclType::Number | HclType::Dynamic) {
        return Ok(HclValue::from(raw));
    }
    let expr: Expression = hcl_edit::parser::parse_expr(raw).map_err(|e| e.message().to_owned())?;
    let mut scratch = SourceMap::new();
    let file = scratch.add("<value for var>", raw.to_owned());
    let origin = crate::hcl::parse::Origin::native(file);
    literal
        .evaluate(&expr, &origin, Span::new(file, 0, raw.len()))
        .map_err(|diags| diags.first().map_or_else(String::new, |d| d.detail.clone()))
}
