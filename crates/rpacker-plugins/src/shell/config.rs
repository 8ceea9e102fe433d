//! The `shell` provisioner's options (Packer's `provisioner/shell` Config with the squashed
//! `shell.Provisioner` and `shell.ProvisionerRemoteSpecific`) and its prepare-time defaults and
//! checks, in Packer's order. Options follow current Packer (`env` is ≥1.8.2); the checks are
//! the same in 1.6.6 and current Packer.

use std::collections::BTreeMap;
use std::time::Duration;

use rand::Rng;
use rpacker_sdk::config::{ConfigError, ConfigErrors, GoDuration};
use serde::Deserialize;

use crate::script_options::{environment_var_errors, script_errors};

/// Options rendered at run time, not at prepare.
pub const EXCLUDE_KEYS: &[&str] = &["execute_command"];

/// Runs scripts on the machine being built.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ShellConfig {
    /// `inline`: commands, one line each, written to a temporary script. An empty list counts
    /// as not set.
    pub inline: Vec<String>,
    /// `script`: one local script; folded into `scripts` at prepare.
    pub script: String,
    /// `scripts`: local scripts, run in order.
    pub scripts: Vec<String>,
    /// `valid_exit_codes`: exit codes that count as success. Default `[0]`.
    pub valid_exit_codes: Vec<i64>,
    /// `environment_vars`: `KEY=value` pairs given to every script.
    pub environment_vars: Vec<String>,
    /// `env` [≥1.8.2]: more variables given to every script, as a map; a key also in
    /// `environment_vars` takes this value. Not checked at prepare (current Packer does not).
    pub env: BTreeMap<String, String>,
    /// `env_var_format`: printf format for one variable. Default `%s='%s' `, or
    /// `export %s='%s'\n` with `use_env_var_file`.
    pub env_var_format: String,
    /// `binary`: upload scripts as they are (no CRLF → LF conversion).
    pub binary: bool,
    /// `remote_path`: where each script is uploaded. Default `<remote_folder>/<remote_file>`.
    pub remote_path: String,
    /// `execute_command`: how a script is run; a template with `Path`, `Vars`, `EnvVarFile`.
    /// Default `chmod +x {{.Path}}; {{.Vars}} {{.Path}}`, or
    /// `chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}` with `use_env_var_file`.
    pub execute_command: String,
    /// `inline_shebang`: first line of the inline script, after `#!`. Default `/bin/sh -e`.
    pub inline_shebang: String,
    /// Whether `inline_shebang` was written (not an option): since Packer 1.13 an inline script
    /// whose first line is already `#!…` gets no default shebang, a written one always.
    #[serde(skip)]
    pub inline_shebang_given: bool,
    /// `pause_after`: wait this long after the last script. Default none.
    pub pause_after: GoDuration,
    /// `use_env_var_file`: write the variables to a remote file that the command sources.
    pub use_env_var_file: bool,
    /// `remote_folder`: remote directory for scripts. Default `/tmp`.
    pub remote_folder: String,
    /// `remote_file`: remote script name. Default `script_<random 0..9998>.sh`, chosen once per
    /// provisioner.
    pub remote_file: String,
    /// `start_retry_timeout`: how long to retry uploading and starting a script. Default `5m`.
    pub start_retry_timeout: GoDuration,
    /// `skip_clean`: leave the uploaded scripts on the machine.
    pub skip_clean: bool,
    /// `expect_disconnect`: a dropped connection while a script runs is not an error.
    pub expect_disconnect: bool,
}

impl ShellConfig {
    /// Applies Packer's defaults and checks the options.
    ///
    /// # Errors
    /// Every problem found, in Packer's order.
    pub fn prepare(&mut self) -> Result<(), ConfigErrors> {
        self.apply_defaults();
        let mut errors = ConfigErrors::new();
        if !self.script.is_empty() && !self.scripts.is_empty() {
            errors.push(ConfigError::at("scripts", "Only one of script or scripts can be specified."));
        }
        let scripts_key = if self.script.is_empty() { "scripts" } else { "script" };
        if !self.script.is_empty() {
            self.scripts = vec![self.script.clone()];
        }
        if self.scripts.is_empty() && self.inline.is_empty() {
            errors.push(ConfigError::general("Either a script file or inline script must be specified."));
        } else if !self.scripts.is_empty() && !self.inline.is_empty() {
            errors
                .push(ConfigError::at("inline", "Only a script file or an inline script can be specified, not both."));
        }
        for e in script_errors(scripts_key, &self.scripts) {
            errors.push(e);
        }
        for e in environment_var_errors(&self.environment_vars) {
            errors.push(e);
        }
        errors.into_result(())
    }

    fn apply_defaults(&mut self) {
        if self.env_var_format.is_empty() {
            self.env_var_format = if self.use_env_var_file { "export %s='%s'\n" } else { "%s='%s' " }.to_owned();
        }
        if self.execute_command.is_empty() {
            self.execute_command = if self.use_env_var_file {
                "chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}"
            } else {
                "chmod +x {{.Path}}; {{.Vars}} {{.Path}}"
            }
            .to_owned();
        }
        self.inline_shebang_given = !self.inline_shebang.is_empty();
        if !self.inline_shebang_given {
            self.inline_shebang = "/bin/sh -e".to_owned();
        }
        if self.start_retry_timeout.0.is_zero() {
            self.start_retry_timeout = GoDuration(Duration::from_secs(300));
        }
        if self.remote_folder.is_empty() {
            self.remote_folder = "/tmp".to_owned();
        }
        if self.remote_file.is_empty() {
            self.remote_file = format!("script_{}.sh", rand::thread_rng().gen_range(0..9999));
        }
        if self.remote_path.is_empty() {
            self.remote_path = format!("{}/{}", self.remote_folder, self.remote_file);
        }
        if self.valid_exit_codes.is_empty() {
            self.valid_exit_codes = vec![0];
        }
    }
}
