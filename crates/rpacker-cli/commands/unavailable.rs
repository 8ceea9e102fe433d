//! Packer's commands that rpacker does not implement yet: they exist, show Packer's help, and
//! say clearly that they are not available (exit 1) instead of pretending.

use crate::ui::Ui;

fn not_yet(ui: &mut Ui, name: &str) -> i32 {
    ui.error(&format!("Error: the `{name}` command is not available in rpacker yet.\n"));
    1
}

/// `packer console -h`.
pub const CONSOLE_HELP: &str = "Usage: packer console [options] [TEMPLATE]

  Creates a console for testing variable interpolation.
  If a template is provided, this command will load the template and any
  variables defined therein into its context to be referenced during
  interpolation.

Options:
  -var 'key=value'       Variable for templates, can be used multiple times.
  -var-file=path         JSON or HCL2 file containing user variables.
  -config-type           Set to 'hcl2' to run in hcl2 mode when no file is passed. Defaults to json.";

/// `packer fix -h`.
pub const FIX_HELP: &str = "Usage: packer fix [options] TEMPLATE

  Reads the JSON template and attempts to fix known backwards
  incompatibilities. The fixed template will be outputted to standard out.

  If the template cannot be fixed due to an error, the command will exit
  with a non-zero exit status. Error messages will appear on standard error.

Options:

  -validate=true      If true (default), validates the fixed template.";

/// `packer hcl2_upgrade -h`.
pub const HCL2_UPGRADE_HELP: &str = "Usage: packer hcl2_upgrade [options] TEMPLATE

  Will transform your JSON template into an HCL2 configuration.

Options:

  -output-file=path    Set output file name. By default this will be the
                       TEMPLATE name with \".pkr.hcl\" appended to it. To be a
                       valid Packer HCL template, it must have the suffix
                       \".pkr.hcl\"
  -with-annotations    Add helper annotation comments to the file to help new
                       HCL2 users understand the template format.";

/// `packer init -h`.
pub const INIT_HELP: &str = "Usage: packer init [options] [config.pkr.hcl|folder/]

  Install all the missing plugins required in a Packer config. Note that Packer
  does not have a state.

  This command is always safe to run multiple times. Though subsequent runs may
  give errors, this command will never delete anything.

Options:
  -upgrade                     On top of installing missing plugins, update
                               installed plugins to the latest available
                               version, if there is a new higher one. Note that
                               this still takes into consideration the version
                               constraint of the config.
  -force                       Forces reinstallation of plugins, even if already
                               installed.";

/// `packer plugins -h`.
pub const PLUGINS_HELP: &str = "Usage: packer plugins <subcommand> [options] [args]
  This command groups subcommands for interacting with Packer plugins.

Related but not under the \"plugins\" command :

- \"packer init <path>\" will install all plugins required by a config.";

/// `console`.
pub fn console(ui: &mut Ui, _args: &[String]) -> i32 {
    not_yet(ui, "console")
}

/// `fix`.
pub fn fix(ui: &mut Ui, _args: &[String]) -> i32 {
    not_yet(ui, "fix")
}

/// `hcl2_upgrade`.
pub fn hcl2_upgrade(ui: &mut Ui, _args: &[String]) -> i32 {
    not_yet(ui, "hcl2_upgrade")
}

/// `init`: plugins are built in, so there is nothing to install.
pub fn init(ui: &mut Ui, _args: &[String]) -> i32 {
    not_yet(ui, "init")
}

/// `plugins`.
pub fn plugins(ui: &mut Ui, _args: &[String]) -> i32 {
    not_yet(ui, "plugins")
}
