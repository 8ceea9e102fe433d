//! `validate`: load → (syntax-only stops here) → Initialize → prepare every selected build, and
//! print every diagnostic at once. Success prints `The configuration is valid.` as current
//! Packer does (1.6.6 printed nothing; see docs/compat.md).

use std::collections::BTreeMap;
use std::sync::Arc;

use rpacker_core::{initialize, prepare_builds, BuildFilter, BuildFlags, Initialized, PACKER_COMPAT_VERSION};
use rpacker_template::environment::{Environment, RunInfo};
use rpacker_template::hcl::assemble::{self, AssembleContext};

use crate::diagnostics::write_diagnostics;
use crate::flags::{FlagDef, FlagKind, ParsedFlags};
use crate::load::{config_type, load_json_template, load_var_files, ConfigType};
use crate::load_hcl::load_hcl_config;
use crate::ui::Ui;

/// `packer validate -h` (1.6.6 text).
pub const HELP: &str = "Usage: packer validate [options] TEMPLATE

  Checks the template is valid by parsing the template and also
  checking the configuration with the various builders, provisioners, etc.

  If it is not valid, the errors will be shown and the command will exit
  with a non-zero exit status. If it is valid, it will exit with a zero
  exit status.

Options:

  -syntax-only           Only check syntax. Do not verify config of the template.
  -except=foo,bar,baz    Validate all builds other than these.
  -only=foo,bar,baz      Validate only these builds.
  -var 'key=value'       Variable for templates, can be used multiple times.
  -var-file=path         JSON or HCL2 file containing user variables. [ Note that even in HCL mode this expects file to contain JSON, a fix is comming soon ]";

const FLAGS: &[FlagDef] = &[
    FlagDef { name: "syntax-only", kind: FlagKind::Bool },
    FlagDef { name: "except", kind: FlagKind::CommaList },
    FlagDef { name: "only", kind: FlagKind::CommaList },
    FlagDef { name: "var", kind: FlagKind::KeyValue },
    FlagDef { name: "var-file", kind: FlagKind::Repeated },
    // Flags of current Packer that only matter for HCL2 or plugin binaries.
    FlagDef { name: "evaluate-datasources", kind: FlagKind::Bool },
    FlagDef { name: "no-warn-undeclared-var", kind: FlagKind::Bool },
    FlagDef { name: "ignore-prerelease-plugins", kind: FlagKind::Bool },
    FlagDef { name: "use-sequential-evaluation", kind: FlagKind::Bool },
];

/// Runs `validate`.
pub fn run(ui: &mut Ui, args: &[String]) -> i32 {
    let (flags, path) = match super::parse_template_command(ui, FLAGS, HELP, args) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    if config_type(&path) == ConfigType::Hcl2 {
        return run_hcl(ui, &flags, &path);
    }
    let mut loaded = match load_json_template(ui, &path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let vars = match load_var_files(ui, &mut loaded.sources, flags.list("var-file"), flags.pairs("var")) {
        Ok(vars) => vars,
        Err(code) => return code,
    };
    if flags.bool("syntax-only") {
        ui.say("Syntax-only check passed. Everything looks okay.");
        return 0;
    }

    let run = Arc::new(RunInfo::new(Arc::new(Environment::from_process()), PACKER_COMPAT_VERSION.to_owned()));
    let init = match initialize(&loaded.template, &vars, &run) {
        Ok(init) => init,
        Err(diags) => return write_diagnostics(ui, &loaded.sources, &diags),
    };
    ui.add_secrets(init.secrets.clone());
    let prepared =
        prepare_builds(&loaded.template, &init, &crate::plugins::builtin_registry(), &build_flags(&flags), &run);
    ui.add_secrets(prepared.secrets.clone());
    let code = write_diagnostics(ui, &loaded.sources, &prepared.diagnostics);
    if code == 0 {
        ui.say("The configuration is valid.");
    }
    code
}

fn build_flags(flags: &ParsedFlags) -> BuildFlags {
    BuildFlags {
        filter: BuildFilter { only: flags.list("only").to_vec(), except: flags.list("except").to_vec() },
        ..BuildFlags::default()
    }
}

/// `validate` of an HCL2 configuration: load and collect variables (syntax-only stops here),
/// Initialize, then prepare the selected builds.
fn run_hcl(ui: &mut Ui, flags: &ParsedFlags, path: &str) -> i32 {
    let loaded = match load_hcl_config(ui, path, flags.list("var-file"), flags.pairs("var")) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if flags.bool("syntax-only") {
        ui.say("Syntax-only check passed. Everything looks okay.");
        return 0;
    }
    let ctx = AssembleContext {
        function_context: &loaded.function_context,
        path_root: &loaded.path_root,
        packer_version: PACKER_COMPAT_VERSION,
    };
    let hcl = match assemble::initialize(&loaded.config, &loaded.variables, &ctx, &loaded.sources) {
        Ok(hcl) => hcl,
        Err(diags) => return write_diagnostics(ui, &loaded.sources, &diags),
    };
    ui.add_secrets(hcl.secrets.clone());
    let template = hcl.template(Some(loaded.path.clone()), loaded.config.files.first().copied().unwrap_or_default());
    // HCL2 has no JSON user variables; plugins see none.
    let init = Initialized {
        user_variables: Arc::new(BTreeMap::new()),
        secrets: hcl.secrets.clone(),
        build_names: Vec::new(),
    };
    let run =
        Arc::new(RunInfo::new(Arc::new(loaded.function_context.environment.clone()), PACKER_COMPAT_VERSION.to_owned()));
    let prepared = prepare_builds(&template, &init, &crate::plugins::builtin_registry(), &build_flags(flags), &run);
    ui.add_secrets(prepared.secrets.clone());
    let code = write_diagnostics(ui, &loaded.sources, &prepared.diagnostics);
    if code == 0 {
        ui.say("The configuration is valid.");
    }
    code
}
