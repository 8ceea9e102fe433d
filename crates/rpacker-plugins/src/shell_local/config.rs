//! The options shared by the `shell-local` provisioner and post-processor (Packer's
//! `shell-local` SDK config), their decoding (errors prefixed `Error decoding config: `, no
//! deprecated-key detection) and their checks, in Packer 1.6.6's order. Two problems are
//! returned on their own, as Packer returns them: a bad `only_on` OS and a script path that
//! cannot be converted for `use_linux_pathing`. Options follow current Packer (`env` is ≥1.8);
//! the checks are the same in 1.6.6 and current Packer.

use std::collections::BTreeMap;

use rpacker_sdk::config::{ConfigError, ConfigErrors, ErrorStage};
use rpacker_sdk::PluginConfig;
use serde::Deserialize;

use super::wsl_path::to_linux_path;
use crate::script_options::{environment_var_errors, script_errors};

/// Options rendered at run time, not at prepare.
pub const EXCLUDE_KEYS: &[&str] = &["execute_command"];

/// Operating systems `only_on` accepts.
const SUPPORTED_OS: [&str; 6] = ["darwin", "freebsd", "linux", "openbsd", "solaris", "windows"];

/// Runs commands or scripts on the host running rpacker.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ShellLocalConfig {
    /// `command`: one command (older form of `inline`); becomes `inline: [command]`.
    pub command: String,
    /// `inline`: commands, one line each, written to a temporary script. Written-but-empty
    /// (`[]`) differs from absent: it still conflicts with `script`/`scripts`.
    pub inline: Option<Vec<String>>,
    /// `script`: one local script; folded into `scripts` at prepare.
    pub script: String,
    /// `scripts`: local scripts, run in order.
    pub scripts: Vec<String>,
    /// `valid_exit_codes`: exit codes that count as success. Default `[0]`.
    pub valid_exit_codes: Vec<i64>,
    /// `environment_vars`: `KEY=value` pairs, given through `{{.Vars}}`.
    pub environment_vars: Vec<String>,
    /// `env` [≥1.8]: more variables given through `{{.Vars}}`, as a map; a key also in
    /// `environment_vars` takes this value. Not checked at prepare (current Packer does not).
    pub env: BTreeMap<String, String>,
    /// `env_var_format`: printf format for one variable. Default `%s='%s' `
    /// (Windows: `set %s=%s && ` unless `use_linux_pathing`).
    pub env_var_format: String,
    /// `execute_command`: the argv to run; templates with `Vars`, `Script`, `Command`.
    /// Default `["/bin/sh", "-c", "{{.Vars}} {{.Script}}"]`
    /// (Windows: `["cmd", "/V", "/C", "{{.Vars}}", "call", "{{.Script}}"]`).
    pub execute_command: Vec<String>,
    /// `inline_shebang`: first line of the inline script, after `#!`. Default `/bin/sh -e`
    /// (Windows: none).
    pub inline_shebang: String,
    /// `only_on`: run only on these host OSes (`darwin`, `freebsd`, `linux`, `openbsd`,
    /// `solaris`, `windows`). Default: all.
    pub only_on: Vec<String>,
    /// `tempfile_extension`: extension of the inline temp script, without the dot
    /// (Windows default `cmd`).
    pub tempfile_extension: String,
    /// `use_linux_pathing`: pass script paths in WSL form (`/mnt/c/…`).
    pub use_linux_pathing: bool,
}

impl ShellLocalConfig {
    /// Decodes the options as shell-local does: every decode problem is reported as one
    /// `Error decoding config: <list>` error, and deprecated keys are just unknown.
    ///
    /// # Errors
    /// The wrapped decode problems.
    pub fn decode(config: &PluginConfig<'_>) -> Result<Self, ConfigErrors> {
        let decoded = (|| {
            let mut decoder = config.decoder(EXCLUDE_KEYS)?;
            let options: Self = decoder.decode()?;
            decoder.finish(&[]).map_err(undeprecate)?;
            Ok(options)
        })();
        decoded.map_err(|e: ConfigErrors| {
            let first = e.errors.first().cloned().unwrap_or_else(|| ConfigError::general(""));
            let message = format!("Error decoding config: {e}");
            ConfigErrors::render(ConfigError { message, ..first })
        })
    }

    /// Applies Packer's defaults and checks the options.
    ///
    /// # Errors
    /// Every problem found, in Packer's order; a bad `only_on` entry or an unconvertible
    /// `use_linux_pathing` script alone.
    pub fn validate(&mut self) -> Result<(), ConfigErrors> {
        self.apply_platform_defaults();
        let mut errors = ConfigErrors::new();
        let inline_len = self.inline.as_ref().map_or(0, Vec::len);
        if self.command.is_empty() && inline_len == 0 && self.scripts.is_empty() && self.script.is_empty() {
            errors.push(ConfigError::general("Command, Inline, Script and Scripts options cannot all be empty."));
        }
        let too_many = || {
            ConfigError::general(
                "You may only specify one of the following options: Command, Inline, Script or Scripts. Please consolidate these options in your config.",
            )
        };
        if !self.command.is_empty() {
            if inline_len != 0 || !self.scripts.is_empty() || !self.script.is_empty() {
                errors.push(too_many());
            } else {
                self.inline = Some(vec![self.command.clone()]);
            }
        }
        let inline_len = self.inline.as_ref().map_or(0, Vec::len);
        let mut scripts_key = "scripts";
        if !self.script.is_empty() {
            if !self.scripts.is_empty() || inline_len > 0 {
                errors.push(too_many());
            } else {
                self.scripts = vec![self.script.clone()];
                scripts_key = "script";
            }
        }
        if !self.scripts.is_empty() && self.inline.is_some() {
            errors.push(too_many());
        }
        for e in script_errors(scripts_key, &self.scripts) {
            errors.push(e);
        }
        if let Some(os) = self.only_on.iter().find(|os| !SUPPORTED_OS.contains(&os.as_str())) {
            return Err(alone(ConfigError::at(
                "only_on",
                format!("Invalid OS specified in only_on: '{os}'\nSupported OS names: {}", SUPPORTED_OS.join(", ")),
            )));
        }
        if self.use_linux_pathing {
            for script in &mut self.scripts {
                *script = to_linux_path(script).map_err(|e| alone(ConfigError::at(scripts_key, e)))?;
            }
            if self.inline.as_ref().is_some_and(|i| !i.is_empty()) {
                errors.push(ConfigError::at(
                    "use_linux_pathing",
                    "Packer is unable to use the Command and Inline features with the Windows Linux Subsystem. Please use the Script or Scripts options instead",
                ));
            }
        }
        if self.env_var_format.is_empty() {
            self.env_var_format =
                if cfg!(windows) && !self.use_linux_pathing { "set %s=%s && " } else { "%s='%s' " }.to_owned();
        }
        if let Some(stripped) = self.tempfile_extension.strip_prefix('.') {
            self.tempfile_extension = stripped.to_owned();
        }
        for e in environment_var_errors(&self.environment_vars) {
            errors.push(e);
        }
        if self.valid_exit_codes.is_empty() {
            self.valid_exit_codes = vec![0];
        }
        errors.into_result(())
    }

    fn apply_platform_defaults(&mut self) {
        if cfg!(windows) {
            if self.execute_command.is_empty() {
                self.execute_command =
                    ["cmd", "/V", "/C", "{{.Vars}}", "call", "{{.Script}}"].map(String::from).to_vec();
            }
            if self.tempfile_extension.is_empty() {
                self.tempfile_extension = ".cmd".to_owned();
            }
        } else {
            if self.inline_shebang.is_empty() {
                self.inline_shebang = "/bin/sh -e".to_owned();
            }
            if self.execute_command.is_empty() {
                self.execute_command = ["/bin/sh", "-c", "{{.Vars}} {{.Script}}"].map(String::from).to_vec();
            }
        }
    }
}

/// An error Packer returns by itself rather than in a list; it prints bare, which is how the
/// SDK prints its single-error stage.
fn alone(error: ConfigError) -> ConfigErrors {
    ConfigErrors::render(error)
}

/// shell-local decodes without a plugin type, so Packer's deprecated-key list does not apply:
/// those keys are plain unknown keys.
fn undeprecate(mut errors: ConfigErrors) -> ConfigErrors {
    if errors.stage == ErrorStage::Decode {
        for e in &mut errors.errors {
            if e.message.starts_with("Deprecated configuration key: ") {
                if let Some(key) = e.key.clone() {
                    e.message = format!("unknown configuration key: '\"{key}\"'");
                }
            }
        }
    }
    errors
}
