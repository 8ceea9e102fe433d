//! The `ansible` provisioner: runs `ansible-playbook` on the host against the machine being
//! built, through a local SSH proxy onto rpacker's communicator (default) or directly.
//!
//! Options, prepare-time defaults and checks (including the `--version` probe) and the run
//! follow current packer-plugin-ansible — Packer 1.6.6's options plus `ansible_proxy_key_type`,
//! `galaxy_force_with_deps` and `ansible_winrm_use_http`. The run: `run.rs` orchestrates;
//! `proxy.rs` sets up the SSH proxy (rpacker-ssh's server) whose `adapter.rs` forwards
//! ansible's commands and SFTP to the build's communicator and serves scp itself (`scp.rs`);
//! `inventory.rs`, `command_line.rs` and `galaxy.rs` build what ansible is given.
//! `ansible-local` is not implemented.

mod adapter;
mod command_line;
mod config;
mod current_user;
mod error;
mod galaxy;
mod go_exec;
mod inventory;
mod prepare;
mod provisioner;
mod proxy;
mod proxy_key_type;
mod run;
mod scp;
mod temp_file;
#[cfg(test)]
mod tests;
mod version_check;

pub use config::{AnsibleConfig, DEPRECATED_KEYS, EXCLUDE_KEYS};
pub use error::AnsibleError;
pub use prepare::PrepareFacts;
pub use provisioner::{AnsibleProvisioner, PreparedAnsible};
pub use proxy_key_type::{InvalidProxyKeyType, ProxyKeyType};
pub use rpacker_sdk::config::Trilean;
pub use version_check::AnsibleVersion;
