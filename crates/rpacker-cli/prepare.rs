//! What `validate` and `build` share: load the template (JSON or HCL2) with its variables, run
//! Initialize, then GetBuilds. Each stage prints its own problems and stops with exit code 1;
//! `-syntax-only` stops after loading.

use std::collections::BTreeMap;
use std::sync::Arc;

use rpacker_core::{
    initialize, prepare_builds, BuildFlags, Initialized, PreparedBuilds, RegistryDataSources, PACKER_COMPAT_VERSION,
};
use rpacker_diag::SourceMap;
use rpacker_template::environment::{Environment, RunInfo};
use rpacker_template::hcl::assemble::{self, AssembleContext, DataSources};

use crate::diagnostics::write_diagnostics;
use crate::flags::ParsedFlags;
use crate::load::{config_type, load_json_template, load_var_files, ConfigType, LoadedTemplate};
use crate::load_hcl::{load_hcl_config, LoadedConfig};
use crate::ui::Ui;

/// A template read with its variable values, not yet initialized.
pub enum Loaded {
    /// A legacy JSON template and its `-var`/`-var-file` values.
    Json(Box<(LoadedTemplate, rpacker_core::VariableInput)>),
    /// An HCL2 configuration with its variables collected.
    Hcl(Box<LoadedConfig>),
}

/// Builds after GetBuilds, with what the run needs.
pub struct PreparedRun {
    /// The builds that prepared, and every diagnostic.
    pub prepared: PreparedBuilds,
    /// The template's files, for rendering diagnostics.
    pub sources: SourceMap,
    /// The run's start time, UUID and environment.
    pub run: Arc<RunInfo>,
}

/// Reads the template at `path` with the command's `-var`/`-var-file` flags.
pub fn load(ui: &mut Ui, flags: &ParsedFlags, path: &str) -> Result<Loaded, i32> {
    if config_type(path) == ConfigType::Hcl2 {
        let loaded = load_hcl_config(ui, path, flags.list("var-file"), flags.pairs("var"))?;
        return Ok(Loaded::Hcl(Box::new(loaded)));
    }
    let mut loaded = load_json_template(ui, path)?;
    let vars = load_var_files(ui, &mut loaded.sources, flags.list("var-file"), flags.pairs("var"))?;
    Ok(Loaded::Json(Box::new((loaded, vars))))
}

/// Initializes the template and prepares the builds `build_flags` select; HCL2 data sources
/// run when `run_data_sources` (else only their options are checked and their outputs are
/// unknown, as `validate` without `-evaluate-datasources`). Initialize errors are printed and
/// stop with 1; GetBuilds diagnostics are returned for the caller to print.
pub fn prepare(
    ui: &mut Ui,
    loaded: Loaded,
    build_flags: &BuildFlags,
    run_data_sources: bool,
) -> Result<PreparedRun, i32> {
    let registry = crate::plugins::builtin_registry();
    match loaded {
        Loaded::Json(json) => {
            let (loaded, vars) = *json;
            let run = Arc::new(RunInfo::new(Arc::new(Environment::from_process()), PACKER_COMPAT_VERSION.to_owned()));
            let init = match initialize(&loaded.template, &vars, &run) {
                Ok(init) => init,
                Err(diags) => return Err(write_diagnostics(ui, &loaded.sources, &diags)),
            };
            ui.add_secrets(init.secrets.clone());
            let prepared = prepare_builds(&loaded.template, &init, &registry, build_flags, &run);
            ui.add_secrets(prepared.secrets.clone());
            Ok(PreparedRun { prepared, sources: loaded.sources, run })
        }
        Loaded::Hcl(loaded) => {
            let environment = Arc::new(loaded.function_context.environment.clone());
            let run = Arc::new(RunInfo::new(environment, PACKER_COMPAT_VERSION.to_owned()));
            let data_sources = RegistryDataSources::new(&registry, Arc::clone(&run));
            let ctx = AssembleContext {
                function_context: &loaded.function_context,
                path_root: &loaded.path_root,
                packer_version: PACKER_COMPAT_VERSION,
                data_sources: DataSources { runner: &data_sources, execute: run_data_sources },
            };
            let hcl = match assemble::initialize(&loaded.config, &loaded.variables, &ctx, &loaded.sources) {
                Ok(hcl) => hcl,
                Err(diags) => return Err(write_diagnostics(ui, &loaded.sources, &diags)),
            };
            ui.add_secrets(hcl.secrets.clone());
            let first_file = loaded.config.files.first().copied().unwrap_or_default();
            let template = hcl.template(Some(loaded.path.clone()), first_file);
            // HCL2 has no JSON user variables; plugins see none.
            let init = Initialized {
                user_variables: Arc::new(BTreeMap::new()),
                secrets: hcl.secrets.clone(),
                build_names: Vec::new(),
            };
            let prepared = prepare_builds(&template, &init, &registry, build_flags, &run);
            ui.add_secrets(prepared.secrets.clone());
            Ok(PreparedRun { prepared, sources: loaded.sources, run })
        }
    }
}
