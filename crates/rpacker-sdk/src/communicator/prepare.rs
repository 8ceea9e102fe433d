//! `CommConfig::prepare`: Packer's communicator defaults and checks (`communicator.Config.Prepare`),
//! in Packer's order, plus the accessors builders use once it is prepared.

use std::time::Duration;

use super::comm_type::CommType;
use super::config::CommConfig;
use super::keep_alive::KeepAliveInterval;
use super::key_file::{check_certificate_file, check_private_key_file};
use super::local_file::{expand_user, stat_error};
use super::tunnel::parse_tunnel;
use crate::config::{ConfigError, GoDuration};
use crate::packer_config::PackerConfig;

impl CommConfig {
    /// Applies Packer's defaults and returns the problems found, in Packer's order. An unknown
    /// `communicator` is reported alone. Builders add their own checks after these.
    pub fn prepare(&mut self, _packer: &PackerConfig) -> Vec<ConfigError> {
        if self.communicator.is_empty() {
            self.communicator = "ssh".to_owned();
        }
        match CommType::parse(&self.communicator) {
            Some(CommType::Ssh) => self.prepare_ssh(),
            Some(CommType::WinRm) => self.prepare_winrm(),
            Some(_) => Vec::new(),
            None => {
                vec![ConfigError::at("communicator", format!("Communicator type {} is invalid", self.communicator))]
            }
        }
    }

    /// The communicator in use (`ssh` when unset); `None` when the option names no communicator.
    #[must_use]
    pub fn comm_type(&self) -> Option<CommType> {
        CommType::parse(&self.communicator)
    }

    /// The configured host of the communicator in use (`ssh_host` / `winrm_host`), else "".
    #[must_use]
    pub fn host(&self) -> &str {
        match self.comm_type() {
            Some(CommType::Ssh) => &self.ssh_host,
            Some(CommType::WinRm) => &self.winrm_host,
            _ => "",
        }
    }

    /// The configured port of the communicator in use, else 0.
    #[must_use]
    pub fn port(&self) -> i64 {
        match self.comm_type() {
            Some(CommType::Ssh) => self.ssh_port,
            Some(CommType::WinRm) => self.winrm_port,
            _ => 0,
        }
    }

    /// The configured user of the communicator in use, else "".
    #[must_use]
    pub fn user(&self) -> &str {
        match self.comm_type() {
            Some(CommType::Ssh) => &self.ssh_username,
            Some(CommType::WinRm) => &self.winrm_username,
            _ => "",
        }
    }

    /// The configured password of the communicator in use, else "".
    #[must_use]
    pub fn password(&self) -> &str {
        match self.comm_type() {
            Some(CommType::Ssh) => self.ssh_password.expose(),
            Some(CommType::WinRm) => self.winrm_password.expose(),
            _ => "",
        }
    }

    /// Every password set in the options, to be masked in all output.
    #[must_use]
    pub fn secrets(&self) -> Vec<String> {
        [&self.ssh_password, &self.ssh_bastion_password, &self.ssh_proxy_password, &self.winrm_password]
            .into_iter()
            .map(|s| s.expose().clone())
            .filter(|s| !s.is_empty())
            .collect()
    }

    fn apply_ssh_defaults(&mut self) {
        default_to(&mut self.ssh_port, 22);
        if self.ssh_timeout.0.is_zero() {
            self.ssh_timeout = GoDuration(Duration::from_secs(300));
        }
        if self.ssh_keep_alive_interval == KeepAliveInterval::Unset {
            self.ssh_keep_alive_interval = KeepAliveInterval::Every(Duration::from_secs(5));
        }
        default_to(&mut self.ssh_handshake_attempts, 10);
        if !self.ssh_bastion_host.is_empty() {
            default_to(&mut self.ssh_bastion_port, 22);
            if self.ssh_bastion_private_key_file.is_empty() {
                self.ssh_bastion_private_key_file.clone_from(&self.ssh_private_key_file);
            }
            if self.ssh_bastion_certificate_file.is_empty() {
                self.ssh_bastion_certificate_file.clone_from(&self.ssh_certificate_file);
            }
        }
        if !self.ssh_proxy_host.is_empty() {
            default_to(&mut self.ssh_proxy_port, 1080);
        }
        if self.ssh_file_transfer_method.is_empty() {
            self.ssh_file_transfer_method = "scp".to_owned();
        }
        if !self.ssh_wait_timeout.0.is_zero() {
            self.ssh_timeout = self.ssh_wait_timeout;
        }
    }

    fn prepare_ssh(&mut self) -> Vec<ConfigError> {
        self.apply_ssh_defaults();
        let mut errors = Vec::new();
        if self.ssh_username.is_empty() {
            errors.push(ConfigError::at(
                "ssh_username",
                "An ssh_username must be specified\n  Note: some builders used to default ssh_username to \"root\".",
            ));
        }
        if !self.ssh_private_key_file.is_empty() {
            errors.extend(key_file_errors(
                "ssh_private_key_file",
                &self.ssh_private_key_file,
                "ssh_certificate_file",
                &self.ssh_certificate_file,
            ));
        }
        if !self.ssh_bastion_host.is_empty() && !self.ssh_bastion_agent_auth {
            if self.ssh_bastion_password.is_empty() && self.ssh_bastion_private_key_file.is_empty() {
                errors.push(ConfigError::at(
                    "ssh_bastion_host",
                    "ssh_bastion_password or ssh_bastion_private_key_file must be specified",
                ));
            } else if !self.ssh_bastion_private_key_file.is_empty() {
                errors.extend(key_file_errors(
                    "ssh_bastion_private_key_file",
                    &self.ssh_bastion_private_key_file,
                    "ssh_bastion_certificate_file",
                    &self.ssh_bastion_certificate_file,
                ));
            }
        }
        if self.ssh_file_transfer_method != "scp" && self.ssh_file_transfer_method != "sftp" {
            errors.push(ConfigError::at(
                "ssh_file_transfer_method",
                format!(
                    "ssh_file_transfer_method ('{}') is invalid, valid methods: sftp, scp",
                    self.ssh_file_transfer_method
                ),
            ));
        }
        if !self.ssh_bastion_host.is_empty() && !self.ssh_proxy_host.is_empty() {
            errors.push(ConfigError::at(
                "ssh_proxy_host",
                "please specify either ssh_bastion_host or ssh_proxy_host, not both",
            ));
        }
        for (key, tunnels) in
            [("ssh_local_tunnels", &self.ssh_local_tunnels), ("ssh_remote_tunnels", &self.ssh_remote_tunnels)]
        {
            for (i, tunnel) in tunnels.iter().enumerate() {
                if let Err(e) = parse_tunnel(tunnel) {
                    errors.push(ConfigError::at(format!("{key}[{i}]"), format!("{key} ('{tunnel}') is invalid: {e}")));
                }
            }
        }
        errors
    }

    fn prepare_winrm(&mut self) -> Vec<ConfigError> {
        default_to(&mut self.winrm_port, if self.winrm_use_ssl { 5986 } else { 5985 });
        if self.winrm_timeout.0.is_zero() {
            self.winrm_timeout = GoDuration(Duration::from_secs(30 * 60));
        }
        if self.winrm_username.is_empty() {
            return vec![ConfigError::at("winrm_username", "winrm_username must be specified.")];
        }
        Vec::new()
    }
}

fn default_to(value: &mut i64, default: i64) {
    if *value == 0 {
        *value = default;
    }
}

/// A key file (and its optional certificate) as Packer checks it: `~` expanded, then stat, then
/// a parse. Messages are prefixed with `<key> is invalid: `.
fn key_file_errors(key: &str, path: &str, cert_key: &str, cert: &str) -> Vec<ConfigError> {
    let invalid = |e: String| ConfigError::at(key, format!("{key} is invalid: {e}"));
    let path = match expand_user(path) {
        Ok(p) => p,
        Err(e) => return vec![invalid(e)],
    };
    if let Some(e) = stat_error(&path) {
        return vec![invalid(e)];
    }
    if cert.is_empty() {
        return check_private_key_file(&path).err().map(invalid).into_iter().collect();
    }
    let mut errors = Vec::new();
    // Packer's literal text: its format string never interpolates the error.
    let cert_path = expand_user(cert).unwrap_or_else(|_| {
        errors.push(ConfigError::at(cert_key, "invalid identity certificate: #{err}"));
        String::new()
    });
    let checked = check_private_key_file(&path).and_then(|()| {
        if cert_path.is_empty() {
            Err("no certificate file provided".to_owned())
        } else {
            check_certificate_file(&cert_path)
        }
    });
    errors.extend(checked.err().map(invalid));
    errors
}
