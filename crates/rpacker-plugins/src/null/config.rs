//! The `null` builder's options: only Packer's communicator settings, plus the null builder's
//! own requirement that a connection can actually be made (host, user, exactly one
//! authentication method) unless `communicator` is `none`.

use rpacker_sdk::communicator::CommConfig;
use rpacker_sdk::config::{ConfigError, ConfigErrors};
use rpacker_sdk::PackerConfig;

/// Connects to an existing machine without creating anything.
#[derive(Debug, Clone, Default)]
pub struct NullConfig {
    /// The communicator settings (`communicator`, `ssh_*`, `winrm_*`, …).
    pub comm: CommConfig,
}

impl NullConfig {
    /// Applies the communicator defaults and runs its checks, then the null builder's.
    ///
    /// # Errors
    /// Every problem found, communicator's first, in Packer's order.
    pub fn prepare(&mut self, packer: &PackerConfig) -> Result<(), ConfigErrors> {
        let mut errors = ConfigErrors::new();
        for e in self.comm.prepare(packer) {
            errors.push(e);
        }
        let comm = &self.comm;
        if comm.communicator != "none" {
            if comm.host().is_empty() {
                errors.push(ConfigError::general(
                    "a Host must be specified, please reference your communicator documentation",
                ));
            }
            if comm.user().is_empty() {
                errors.push(ConfigError::general(
                    "a Username must be specified, please reference your communicator documentation",
                ));
            }
            let password = !comm.ssh_password.is_empty();
            let key_file = !comm.ssh_private_key_file.is_empty();
            if !comm.ssh_agent_auth && comm.password().is_empty() && !key_file {
                errors.push(ConfigError::general(
                    "one authentication method must be specified, please reference your communicator documentation",
                ));
            }
            if (comm.ssh_agent_auth && (password || key_file)) || (password && key_file) {
                errors.push(ConfigError::general(
                    "only one of ssh_agent_auth, ssh_password, and ssh_private_key_file must be specified",
                ));
            }
        }
        errors.into_result(())
    }
}
