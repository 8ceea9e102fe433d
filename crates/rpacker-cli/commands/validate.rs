//! `validate`: load → (syntax-only stops here) → Initialize → prepare every selected build, and
//! print every diagnostic at once. Success prints `The configuration is valid.` as current
//! Packer does (1.6.6 printed nothing; see docs/compat.md).

use rpacker_core::{BuildFilter, BuildFlags};

use crate::diagnostics::write_diagnostics;
use crate::flags::{FlagDef, FlagKind};
use crate::prepare::{load, prepare};
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
    // Flags of current Packer for HCL2 (data sources run only with the first) or plugin binaries.
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
    let loaded = match load(ui, &flags, &path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if flags.bool("syntax-only") {
        ui.say("Syntax-only check passed. Everything looks okay.");
        return 0;
    }
    let build_flags = BuildFlags {
        filter: BuildFilter { only: flags.list("only").to_vec(), except: flags.list("except").to_vec() },
        ..BuildFlags::default()
    };
    // Current Packer runs data sources in validate only when asked to.
    let prepared = match prepare(ui, loaded, &build_flags, flags.bool("evaluate-datasources")) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let code = write_diagnostics(ui, &prepared.sources, &prepared.prepared.diagnostics);
    if code == 0 {
        ui.say("The configuration is valid.");
    }
    code
}
