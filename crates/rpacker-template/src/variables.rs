//! User variables: Packer's iterative rendering of defaults and provided values (JSON).
//!
//! Variable values are templates that may use other variables, in any order, so Packer renders
//! them in passes until they settle, and this reproduces its algorithm step for step (users'
//! templates depend on its quirks):
//!
//! - The work list is the sorted union of declared and provided names (a name in both appears
//!   twice, with the provided value), preceded — a 1.6.6 quirk kept for fidelity — by one
//!   entry with empty name and value per distinct name, so `""` ends up as a variable.
//! - Each pass renders every item from its raw text; a success is visible to later items. An
//!   item leaves the list after a success unless its raw text still calls ``{{ user `x` }}``
//!   (backtick argument); those are re-rendered every pass, up to 100 passes.
//! - `variable not set` errors retry; any other error aborts. Only if the last pass rendered
//!   nothing and something still failed is it an error.
//! - `{{ .Field }}` actions are kept out of the render (see `interpolate::dot_fields`).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rpacker_gotmpl::Error as GoTemplateError;

use crate::environment::RunInfo;
use crate::funcs::{packer_funcs, VARIABLE_NOT_SET};
use crate::interpolate::dot_fields::render_keeping_dot_fields;
use crate::interpolate::{InterpolateContext, RenderStage};

/// Packer gives up after this many passes.
const MAX_PASSES: usize = 100;

/// Why the variables could not be rendered. `Display` is Packer's exact text.
#[derive(Debug, thiserror::Error)]
pub enum VariableError {
    /// Some variable still referenced an undefined one when nothing changed any more.
    #[error(
        "Failed to interpolate \"{name}\": \"{raw}\"; error: {error}: Please make sure that the variable you're \
         referencing has been defined; Packer treats all variables used to interpolate other user variables as required."
    )]
    Unresolved {
        /// The variable that failed last.
        name: String,
        /// Its raw value.
        raw: String,
        /// The `variable not set` execution error.
        error: Box<GoTemplateError>,
    },
    /// A value is not a valid template (syntax, unknown function).
    #[error("error interpolating default value for '{name}': {error}")]
    InvalidTemplate {
        /// The variable.
        name: String,
        /// Go's parse error.
        error: Box<GoTemplateError>,
    },
    /// A function failed while rendering a value (e.g. `build_name` in a variable).
    #[error("{error}")]
    Execution {
        /// The variable.
        name: String,
        /// Go's execution error.
        error: Box<GoTemplateError>,
    },
}

impl VariableError {
    /// The variable the error is about.
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Self::Unresolved { name, .. } | Self::InvalidTemplate { name, .. } | Self::Execution { name, .. } => name,
        }
    }
}

/// Renders every user variable. `defaults` are the template's declarations (`None` =
/// required, rendered from the empty string), `provided` the `-var-file`/`-var` values in
/// order (a later one wins); provided names need not be declared. Returns every variable's
/// final value.
pub fn render_user_variables(
    defaults: &[(String, Option<String>)],
    provided: &[(String, String)],
    run: &Arc<RunInfo>,
    template_path: Option<&Path>,
) -> Result<BTreeMap<String, String>, VariableError> {
    // Provided values are visible (raw) from the start, as Packer renders into that map.
    let mut values: BTreeMap<String, String> = provided.iter().cloned().collect();
    let mut raw_values: BTreeMap<&str, &str> =
        defaults.iter().map(|(k, v)| (k.as_str(), v.as_deref().unwrap_or_default())).collect();
    let declared: Vec<&str> = raw_values.keys().copied().collect();
    raw_values.extend(values.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let mut names: Vec<&str> = declared.into_iter().chain(values.keys().map(String::as_str)).collect();
    names.sort_unstable();

    let mut work: Vec<(String, String)> = vec![(String::new(), String::new()); raw_values.len()];
    work.extend(names.iter().map(|&k| (k.to_owned(), raw_values[k].to_owned())));

    let base =
        InterpolateContext::for_variables(Arc::clone(run)).with_template_path(template_path.map(Path::to_path_buf));
    let mut ctx = base.clone().with_user_variables(Arc::new(values.clone()));
    let mut funcs = packer_funcs(&ctx);
    let mut changed = false;
    let mut should_retry = false;
    let mut last_failure: Option<(String, String, Box<GoTemplateError>)> = None;

    for _ in 0..MAX_PASSES {
        should_retry = false;
        changed = false;
        let mut finished: Vec<String> = Vec::new();
        for (name, raw) in &work {
            match render_keeping_dot_fields(raw, &ctx, &funcs) {
                Ok(rendered) => {
                    changed = true;
                    values.insert(name.clone(), rendered);
                    ctx = base.clone().with_user_variables(Arc::new(values.clone()));
                    funcs = packer_funcs(&ctx);
                    if calls_user_with_backticks(raw) {
                        should_retry = true;
                    } else {
                        finished.push(name.clone());
                    }
                }
                Err((RenderStage::Execute, error)) if error.to_string().contains(VARIABLE_NOT_SET) => {
                    should_retry = true;
                    last_failure = Some((name.clone(), raw.clone(), error));
                }
                Err((RenderStage::Execute, error)) => {
                    return Err(VariableError::Execution { name: name.clone(), error })
                }
                Err((RenderStage::Parse, error)) => {
                    return Err(VariableError::InvalidTemplate { name: name.clone(), error })
                }
            }
        }
        if !should_retry {
            break;
        }
        for name in finished {
            if let Some(i) = work.iter().position(|(k, _)| *k == name) {
                work.remove(i);
            }
        }
    }

    match last_failure {
        Some((name, raw, error)) if !changed && should_retry => Err(VariableError::Unresolved { name, raw, error }),
        _ => Ok(values),
    }
}

/// Whether `raw` matches Go's ``{{\s*user\s*`.*`\s*}}``: a `user` call with a backtick
/// argument (a double-quoted one does not count — Packer's regex only knows backticks).
fn calls_user_with_backticks(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let skip_space = |mut i: usize| {
        while bytes.get(i).is_some_and(|b| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')) {
            i += 1;
        }
        i
    };
    raw.match_indices("{{").any(|(start, _)| {
        let i = skip_space(start + 2);
        if !bytes[i..].starts_with(b"user") {
            return false;
        }
        let open = skip_space(i + 4);
        if bytes.get(open) != Some(&b'`') {
            return false;
        }
        // `.*` is greedy but cannot cross a newline: any later backtick on the line will do if
        // `\s*}}` follows it.
        bytes[open + 1..]
            .iter()
            .take_while(|&&b| b != b'\n')
            .enumerate()
            .any(|(j, &b)| b == b'`' && bytes[skip_space(open + 2 + j)..].starts_with(b"}}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_backtick_user_calls() {
        let cases = [
            ("{{user `a`}}", true),
            ("x{{ user `a` }}y", true),
            ("{{\nuser\t`a`\n}}", true),
            ("{{user `a` | upper}}", false),
            ("{{ upper (user `a`) }}", false),
            ("{{user \"a\"}}", false),
            ("{{user `a`}", false),
            ("{{user `a\n`}}", false),
            ("{{user `a` `b`}}", true),
            ("{{ env `HOME` }}", false),
            ("plain", false),
        ];
        for (raw, want) in cases {
            assert_eq!(calls_user_with_backticks(raw), want, "{raw:?}");
        }
    }
}

#[cfg(test)]
mod rendering_tests;
