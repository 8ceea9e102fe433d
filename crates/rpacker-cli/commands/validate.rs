//! `validate`: load → (syntax-only stops here) → Initialize → prepare every selected build, and
//! print every diagnostic at once. Success prints `The configuration is valid.` as current
//! Packer does (1.6.6 printed nothing; see docs/compat.md).

use std::sync::Arc;

use rpacker_core::{initialize, prepare_builds, BuildFilter, BuildFlags, PACKER_COMPAT_VERSION};
use rpacker_template::environment::{Environment, RunInfo};

use crate::diagnostics::write_diagnostics;
use crate::flags::{FlagDef, FlagKind};
use crate::load::{load_json_template, load_var_files};
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
    let build_flags = BuildFlags {
        filter: BuildFilter { only: flags.list("only").to_vec(), except: flags.list("except").to_vec() },
        ..BuildFlags::default()
    };
    let prepared = prepare_builds(&loaded.template, &init, &crate::plugins::builtin_registry(), &build_flags, &run);
    ui.add_secrets(prepared.secrets.clone());
    let code = write_diagnostics(ui, &loaded.sources, &prepared.diagnostics);
    if code == 0 {
        ui.say("The configuration is valid.");
    }
    code
}
