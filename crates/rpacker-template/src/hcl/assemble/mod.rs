//! Assembling an HCL2 configuration into the [`crate::Template`] model, in Packer's order:
//! collect variable values ([`collect_variables`]; `validate -syntax-only` stops there), then
//! Initialize ([`initialize`]): deferred decode errors, unset variables and validation rules,
//! locals and data sources, then every build with its source body and plugin blocks evaluated to config
//! [`crate::Node`] trees the plugins prepare like a JSON template's.

mod build_references;
mod builds;
mod data_sources;
mod dynamic;
mod inspect;
mod locals;
mod plugin_blocks;
mod plugin_requirements;
mod scope;
mod value_node;
mod variable_rules;
mod variables;

#[cfg(test)]
mod data_source_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use rpacker_diag::{Diagnostic, SourceMap};

pub use builds::build_block_name;
pub use data_sources::{DataRequest, DataSourceRunner, DataSources, NoDataSources};
pub use inspect::inspect_messages;
pub use locals::EvaluatedLocals;
pub use plugin_blocks::block_name;
pub use plugin_requirements::{check_plugin_requirements, BuiltinPlugin};
pub use value_node::{render_value, string_leaves, value_to_node, UNKNOWN_PLACEHOLDER};
pub use variables::{collect_variables, CollectedVariable, ValueSource, VariableInputs};

use crate::hcl::eval::FunctionSet;
use crate::hcl::functions::FunctionContext;
use crate::hcl::parse::{BuildBlock, ConfigFiles};
use crate::hcl::value::HclValue;
use crate::{HclBuild, Template, TemplateLanguage};

/// What every evaluation of a configuration shares.
#[derive(Debug, Clone, Copy)]
pub struct AssembleContext<'a> {
    /// What functions may read; its `base_dir` is `path.root`.
    pub function_context: &'a FunctionContext,
    /// `path.root` as given (`.` for `a.pkr.hcl`).
    pub path_root: &'a str,
    /// `packer.version`.
    pub packer_version: &'a str,
    /// What runs `data` blocks, and whether they run.
    pub data_sources: DataSources<'a>,
}

/// An initialized configuration.
#[derive(Debug, Clone, Default)]
pub struct HclInitialized {
    /// Every variable's final value.
    pub variables: BTreeMap<String, HclValue>,
    /// Every local's value.
    pub locals: BTreeMap<String, HclValue>,
    /// Every data source's output (unknown when not executed), by type and name.
    pub data: BTreeMap<(String, String), HclValue>,
    /// Values to mask in all output (string leaves of sensitive variables and locals).
    pub secrets: Vec<String>,
    /// The build blocks, `dynamic` blocks expanded (what `inspect` lists).
    pub build_blocks: Vec<BuildBlock>,
    /// The builds, in file order.
    pub builds: Vec<HclBuild>,
    /// The configuration's files (plugin errors quote `file:line,col` ranges).
    pub sources: std::sync::Arc<SourceMap>,
}

impl HclInitialized {
    /// The configuration as a [`Template`] the core prepares (`path`: the configuration's
    /// path; `file`: its first file).
    #[must_use]
    pub fn template(&self, path: Option<std::path::PathBuf>, file: rpacker_diag::FileId) -> Template {
        Template {
            path,
            file,
            language: TemplateLanguage::Hcl2,
            hcl_builds: self.builds.clone(),
            hcl_sources: Some(std::sync::Arc::clone(&self.sources)),
            ..Template::default()
        }
    }
}

/// A function context for a run starting now, reading `environment`, with `path.root` as
/// `base_dir`.
#[must_use]
pub fn function_context_now(
    base_dir: &std::path::Path,
    environment: crate::environment::Environment,
) -> FunctionContext {
    FunctionContext::new(base_dir, time::OffsetDateTime::now_utc(), environment)
}

/// Runs Packer's Initialize on a loaded configuration whose variables were collected.
///
/// # Errors
/// `required_plugins` problems, deferred decode errors, `Unset variable`, failed validation rules (all of them at once);
/// otherwise the first failing local or data source, or every build's errors.
pub fn initialize(
    config: &ConfigFiles,
    variables: &[CollectedVariable],
    ctx: &AssembleContext<'_>,
    sources: &SourceMap,
) -> Result<HclInitialized, Vec<Diagnostic>> {
    let mut diags: Vec<Diagnostic> = config.plugin_diagnostics.clone();
    diags.extend(config.initialize_diagnostics.iter().cloned());
    let mut out = HclInitialized { sources: std::sync::Arc::new(sources.clone()), ..HclInitialized::default() };
    for var in variables {
        match &var.value {
            Some(value) => {
                if var.sensitive {
                    value_node::string_leaves(value, &mut out.secrets);
                }
                out.variables.insert(var.name.clone(), value.clone());
            }
            None => diags.push(Diagnostic::error(
                format!("Unset variable {:?}", var.name),
                "A used variable must be set or have a default value; see https://packer.io/docs/configuration/from-1.5/syntax for details.",
            )),
        }
    }
    let cwd = ctx.function_context.environment.cwd().to_string_lossy().into_owned();
    let mut eval = scope::Evaluator {
        scope: scope::config_scope(&out.variables, &BTreeMap::new(), ctx.path_root, &cwd, ctx.packer_version),
        functions: FunctionSet::All,
        function_context: ctx.function_context,
    };
    for var in variables {
        if var.value.is_some() {
            diags.extend(variable_rules::run_validation_rules(
                &config.variables[var.block],
                var.from.word(),
                &eval,
                sources,
            ));
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let locals = locals::evaluate_locals(&config.locals, &config.data, &mut eval, ctx.data_sources)?;
    out.secrets.extend(locals.secrets);
    out.locals = locals.values;
    out.data = locals.data;
    out.build_blocks = builds::expand_build_blocks(config, &eval)?;
    out.builds = builds::assemble_builds(config, &out.build_blocks, &eval, sources)?;
    Ok(out)
}
