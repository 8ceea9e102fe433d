//! `version`: which Packer rpacker stands in for (CI scripts read it), and rpacker's own version.

use rpacker_core::{PACKER_COMPAT_VERSION, RPACKER_VERSION};

use crate::ui::Ui;

/// `packer version -h`.
pub const HELP: &str = "Prints the Packer version, and checks for new release.";

/// Prints the version; ignores all arguments, as Packer does.
pub fn run(ui: &mut Ui, _args: &[String]) -> i32 {
    ui.machine("", "version", &[PACKER_COMPAT_VERSION]);
    ui.machine("", "version-prelease", &[""]);
    ui.machine("", "version-commit", &[""]);
    ui.say(&format!("Packer v{PACKER_COMPAT_VERSION} (rpacker v{RPACKER_VERSION})"));
    0
}
