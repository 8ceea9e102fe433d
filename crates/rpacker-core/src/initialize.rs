//! Packer's `Initialize` for JSON templates, in its order: template checks → `min_packer_version`
//! → required variables → user variables → builder names. The first stage that fails stops it;
//! its errors become one diagnostic with an empty summary, as Packer prints them.

use std::collections::BTreeMap;
use std::sync::Arc;

use rpacker_diag::go_errors::multierror;
use rpacker_diag::Diagnostic;
use rpacker_template::environment::RunInfo;
use rpacker_template::interpolate::{render_to_fixpoint, InterpolateContext};
use rpacker_template::validate::{check_min_version, check_required_variables, validate_structure};
use rpacker_template::variables::render_user_variables;
use rpacker_template::{Spanned, Template, TemplateError};

use crate::PACKER_COMPAT_VERSION;

/// User variable values given on the command line.
#[derive(Debug, Clone, Default)]
pub struct VariableInput {
    /// Each `-var-file`, in command-line order.
    pub files: Vec<Vec<(Spanned<String>, Spanned<String>)>>,
    /// `-var k=v`, in order; they win over every file.
    pub flags: Vec<(String, String)>,
}

impl VariableInput {
    /// Provided values with Packer's precedence applied: later files win, `-var` wins over all.
    #[must_use]
    pub fn merged(&self) -> Vec<(String, String)> {
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        for file in &self.files {
            for (k, v) in file {
                values.insert(k.value.clone(), v.value.clone());
            }
        }
        for (k, v) in &self.flags {
            values.insert(k.clone(), v.clone());
        }
        values.into_iter().collect()
    }
}

/// What Initialize produces.
#[derive(Debug, Clone)]
pub struct Initialized {
    /// Every rendered user variable.
    pub user_variables: Arc<BTreeMap<String, String>>,
    /// Values to mask in all output (the final values of `sensitive-variables`).
    pub secrets: Vec<String>,
    /// Each builder's name after interpolation, aligned with `template.builders`.
    pub build_names: Vec<String>,
}

/// Runs Initialize.
///
/// # Errors
/// The diagnostics of the first stage that failed.
pub fn initialize(
    template: &Template,
    input: &VariableInput,
    run: &Arc<RunInfo>,
) -> Result<Initialized, Vec<Diagnostic>> {
    let structure = validate_structure(template);
    if !structure.is_empty() {
        return Err(vec![errors_diagnostic(&structure)]);
    }
    if let Err(e) = check_min_version(template, PACKER_COMPAT_VERSION) {
        return Err(vec![Diagnostic::error("", e.message.clone()).with_subject(e.span)]);
    }
    let provided = input.merged();
    let missing = check_required_variables(template, &|name: &str| provided.iter().any(|(k, _)| k == name));
    if !missing.is_empty() {
        return Err(vec![errors_diagnostic(&missing)]);
    }

    let defaults: Vec<(String, Option<String>)> = template
        .variables
        .iter()
        .map(|v| (v.name.value.clone(), v.default.as_ref().map(|d| d.value.clone())))
        .collect();
    let user_variables = render_user_variables(&defaults, &provided, run, template.path.as_deref()).map_err(|e| {
        let span = template
            .variables
            .iter()
            .find(|v| e.to_string().contains(&format!("\"{}\"", v.name.value)))
            .map(|v| v.name.span);
        vec![Diagnostic::error("", e.to_string()).with_subject(span)]
    })?;
    let user_variables = Arc::new(user_variables);

    let secrets = template
        .sensitive_variables
        .iter()
        .filter_map(|name| user_variables.get(&name.value))
        .filter(|v| !v.is_empty())
        .cloned()
        .collect();

    let ctx = InterpolateContext::new(Arc::clone(run))
        .with_user_variables(Arc::clone(&user_variables))
        .with_template_path(template.path.clone());
    let mut build_names = Vec::with_capacity(template.builders.len());
    for builder in &template.builders {
        let name = render_to_fixpoint(&builder.name.value, "name", &ctx).map_err(|e| {
            vec![Diagnostic::error("", format!("Error interpolating builder '{}': {e}", builder.name.value))
                .with_subject(Some(builder.name.span))]
        })?;
        build_names.push(name);
    }
    Ok(Initialized { user_variables, secrets, build_names })
}

/// Several template errors as Packer shows them: one diagnostic, go-multierror detail.
fn errors_diagnostic(errors: &[TemplateError]) -> Diagnostic {
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    Diagnostic::error("", multierror(&messages)).with_subject(errors.iter().find_map(|e| e.span))
}
