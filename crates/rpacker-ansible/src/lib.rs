//! The `ansible` provisioner: runs `ansible-playbook` on the host against the machine being
//! built, through a local SSH proxy onto rpacker's communicator (default) or directly.
//!
//! This crate holds its typed options and Packer 1.6.6's prepare-time defaults and checks
//! (including the `--version` probe); running the playbook and the proxy come with the build
//! lifecycle. `ansible-local` is not implemented.

mod config;
mod current_user;
mod prepare;
mod provisioner;
#[cfg(test)]
mod tests;
mod trilean;
mod version_check;

pub use config::{AnsibleConfig, DEPRECATED_KEYS, EXCLUDE_KEYS};
pub use prepare::PrepareFacts;
pub use provisioner::{AnsibleProvisioner, PreparedAnsible};
pub use trilean::Trilean;
pub use version_check::AnsibleVersion;
