//! The `ansible` provisioner: runs `ansible-playbook` on the host against the machine being
//! built, through a local SSH proxy onto rpacker's communicator (default) or directly.
//!
//! This crate holds its typed options and their prepare-time defaults and checks (including the
//! `--version` probe) as current packer-plugin-ansible has them — Packer 1.6.6's, plus
//! `ansible_proxy_key_type`, `galaxy_force_with_deps` and `ansible_winrm_use_http`; running the
//! playbook and the proxy come with the build lifecycle. `ansible-local` is not implemented.

mod config;
mod current_user;
mod prepare;
mod provisioner;
mod proxy_key_type;
#[cfg(test)]
mod tests;
mod version_check;

pub use config::{AnsibleConfig, DEPRECATED_KEYS, EXCLUDE_KEYS};
pub use prepare::PrepareFacts;
pub use provisioner::{AnsibleProvisioner, PreparedAnsible};
pub use proxy_key_type::{InvalidProxyKeyType, ProxyKeyType};
pub use rpacker_sdk::config::Trilean;
pub use version_check::AnsibleVersion;
