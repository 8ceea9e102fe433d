//! Reading an HCL2 configuration for a command: its files, then its variable values (every
//! source in Packer's precedence). Problems are printed as diagnostics and become exit code 1;
//! warnings (`Undefined variable`) are printed and loading goes on.

use std::path::{Path, PathBuf};

use rpacker_core::PACKER_COMPAT_VERSION;
use rpacker_diag::{Diagnostic, SourceMap};
use rpacker_template::environment::Environment;
use rpacker_template::hcl::assemble::{
    check_plugin_requirements, collect_variables, function_context_now, BuiltinPlugin, CollectedVariable,
    VariableInputs,
};
use rpacker_template::hcl::functions::FunctionContext;
use rpacker_template::hcl::parse::{load_config, ConfigFiles};

use crate::diagnostics::write_diagnostics;
use crate::ui::Ui;

/// The plugin families built into rpacker, for `required_plugins` (null, shell, file,
/// shell-local and manifest are Packer core components: they need no entry).
const BUILT_IN_PLUGINS: &[BuiltinPlugin] = &[
    BuiltinPlugin { source: "github.com/hashicorp/amazon", components: &["amazon-ebs"] },
    BuiltinPlugin { source: "github.com/hashicorp/ansible", components: &["ansible"] },
];

/// A loaded configuration with its variables collected.
pub struct LoadedConfig {
    /// The blocks of every file.
    pub config: ConfigFiles,
    /// Every file read, for diagnostics.
    pub sources: SourceMap,
    /// Every declared variable's value.
    pub variables: Vec<CollectedVariable>,
    /// What functions may read (`path.root` is its base directory).
    pub function_context: FunctionContext,
    /// `path.root` as given.
    pub path_root: String,
    /// The configuration's absolute path.
    pub path: PathBuf,
}

/// Loads the configuration at `path` and collects its variables (`validate -syntax-only`
/// stops after this).
pub fn load_hcl_config(
    ui: &mut Ui,
    path: &str,
    var_files: &[String],
    vars: &[(String, String)],
) -> Result<LoadedConfig, i32> {
    let mut sources = SourceMap::new();
    let mut config = match load_config(Path::new(path), PACKER_COMPAT_VERSION, &mut sources) {
        Ok(config) => config,
        Err(diags) => return Err(write_diagnostics(ui, &sources, &diags).max(1)),
    };
    // Packer looks for the required plugins after `-syntax-only` stops and before Initialize.
    config.plugin_diagnostics = check_plugin_requirements(&config, BUILT_IN_PLUGINS, &sources);
    // Packer's `path.root`: the folder given, or the file's folder (`.` for a bare name).
    let root = Path::new(path);
    let path_root = if root.is_dir() {
        path.to_owned()
    } else {
        match root.parent().map(|p| p.to_string_lossy().into_owned()) {
            Some(p) if !p.is_empty() => p,
            _ => ".".to_owned(),
        }
    };
    let environment = Environment::from_process();
    let function_context = function_context_now(Path::new(&path_root), environment.clone());
    let inputs = VariableInputs { var_files: var_files.iter().map(PathBuf::from).collect(), vars: vars.to_vec() };
    let (variables, diags) = collect_variables(&config, &inputs, &environment, &function_context, &mut sources);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(write_diagnostics(ui, &sources, &diags));
    }
    write_diagnostics(ui, &sources, &diags);
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| PathBuf::from(path));
    Ok(LoadedConfig { config, sources, variables, function_context, path_root, path })
}
