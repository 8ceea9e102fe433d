//! `AnsibleConfig::prepare`: current packer-plugin-ansible's defaults and checks for the
//! `ansible` provisioner, in its order — playbook, galaxy file, authorized key, host key, local
//! port, inventory directory, version check, user (all as Packer 1.6.6), then the proxy key
//! type — all accumulated. The additions Packer makes here (`ANSIBLE_HOST_KEY_CHECKING=False`,
//! `ANSIBLE_SCP_IF_SSH=True` to the environment, `-e ansible_winrm_scheme=http` to the
//! arguments) happen here too.

use std::fs;

use rpacker_sdk::communicator::stat_error;
use rpacker_sdk::config::{ConfigError, ConfigErrors};

use crate::config::AnsibleConfig;
use crate::current_user::current_username;
use crate::proxy_key_type::ProxyKeyType;
use crate::version_check::{check_version, AnsibleVersion};

/// What prepare learnt besides the options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrepareFacts {
    /// The ansible version, unless `skip_version_check`.
    pub version: Option<AnsibleVersion>,
    /// `user` was not given (direct mode then uses the communicator's user).
    pub user_was_empty: bool,
    /// The proxy's key type (`ansible_proxy_key_type`; ECDSA when it is invalid, which is then
    /// an error).
    pub proxy_key_type: ProxyKeyType,
}

impl AnsibleConfig {
    /// Applies Packer's defaults and checks the options; runs `<command> --version` unless
    /// `skip_version_check`.
    ///
    /// # Errors
    /// Every problem found, in Packer's order.
    pub fn prepare(&mut self) -> Result<PrepareFacts, ConfigErrors> {
        default_to(&mut self.command, "ansible-playbook");
        default_to(&mut self.galaxy_command, "ansible-galaxy");
        default_to(&mut self.host_alias, "default");
        default_to(&mut self.sftp_command, "/usr/lib/sftp-server -e");

        let mut errors = ConfigErrors::new();
        let mut facts = PrepareFacts::default();
        errors.extend_from(file_error("playbook_file", &self.playbook_file, true));
        if !self.galaxy_file.is_empty() {
            errors.extend_from(file_error("galaxy_file", &self.galaxy_file, true));
        }
        if !self.ssh_authorized_key_file.is_empty() {
            errors.extend_from(file_error("ssh_authorized_key_file", &self.ssh_authorized_key_file, true));
        }
        if self.ssh_host_key_file.is_empty() {
            self.ansible_env_vars.push("ANSIBLE_HOST_KEY_CHECKING=False".to_owned());
        } else {
            errors.extend_from(file_error("ssh_host_key_file", &self.ssh_host_key_file, true));
        }
        if !self.use_sftp {
            self.ansible_env_vars.push("ANSIBLE_SCP_IF_SSH=True".to_owned());
        }
        if self.local_port > 65535 {
            errors.push(ConfigError::at("local_port", format!("local_port: {} must be a valid port", self.local_port)));
        }
        if !self.inventory_directory.is_empty() {
            errors.extend_from(directory_error("inventory_directory", &self.inventory_directory));
        }
        if !self.skip_version_check {
            match check_version(&self.command) {
                Ok(v) => facts.version = Some(v),
                Err(e) => errors.push(ConfigError::at("command", e)),
            }
        }
        if self.user.is_empty() {
            facts.user_was_empty = true;
            match current_username() {
                Ok(name) => self.user = name,
                Err(e) => errors.push(ConfigError::at("user", e)),
            }
        }
        if self.user.is_empty() {
            errors.push(ConfigError::at("user", "user: could not determine current user from environment."));
        }
        match ProxyKeyType::parse(&self.ansible_proxy_key_type) {
            Ok(kind) => {
                facts.proxy_key_type = kind;
                kind.as_str().clone_into(&mut self.ansible_proxy_key_type);
            }
            Err(e) => {
                self.ansible_proxy_key_type.clone_from(&e.value);
                errors.push(ConfigError::at("ansible_proxy_key_type", e.to_string()));
            }
        }
        if self.ansible_winrm_use_http {
            add_winrm_http_scheme(&mut self.extra_arguments);
        }
        errors.into_result(facts)
    }
}

/// `ansible_winrm_use_http`: ansible picks HTTP or HTTPS for WinRM from the port, and the
/// proxy's port tells it nothing, so the scheme is passed as an extra variable — unless an
/// argument already sets it (the plugin looks for one starting with `ansible_winrm_scheme`).
fn add_winrm_http_scheme(extra_arguments: &mut Vec<String>) {
    if !extra_arguments.iter().any(|a| a.starts_with("ansible_winrm_scheme")) {
        extra_arguments.extend(["-e".to_owned(), "ansible_winrm_scheme=http".to_owned()]);
    }
}

/// Adds an optional error.
trait ExtendFrom {
    fn extend_from(&mut self, error: Option<ConfigError>);
}

impl ExtendFrom for ConfigErrors {
    fn extend_from(&mut self, error: Option<ConfigError>) {
        if let Some(e) = error {
            self.push(e);
        }
    }
}

fn default_to(value: &mut String, default: &str) {
    if value.is_empty() {
        default.clone_into(value);
    }
}

/// Packer's `validateFileConfig`: set (when required), exists, and not a directory.
fn file_error(key: &str, path: &str, required: bool) -> Option<ConfigError> {
    if required && path.is_empty() {
        return Some(ConfigError::at(key, format!("{key} must be specified.")));
    }
    if let Some(e) = stat_error(path) {
        return Some(ConfigError::at(key, format!("{key}: {path} is invalid: {e}")));
    }
    fs::metadata(path)
        .is_ok_and(|m| m.is_dir())
        .then(|| ConfigError::at(key, format!("{key}: {path} must point to a file")))
}

/// Packer's `validateInventoryDirectoryConfig`: exists and is a directory.
fn directory_error(key: &str, path: &str) -> Option<ConfigError> {
    if let Some(e) = stat_error(path) {
        return Some(ConfigError::at(key, format!("{key}: {path} is invalid: {e}")));
    }
    fs::metadata(path)
        .is_ok_and(|m| !m.is_dir())
        .then(|| ConfigError::at(key, format!("{key}: {path} must point to a directory")))
}
