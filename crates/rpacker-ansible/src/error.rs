//! `AnsibleError`: how a run of the provisioner fails, with the current plugin's texts (the
//! `Provision` errors Packer prints after `Build '…' errored after …: `).

use rpacker_sdk::lifecycle::ContextError;

/// Why the `ansible` provisioner failed.
#[derive(Debug, thiserror::Error)]
pub enum AnsibleError {
    /// An `ansible_env_vars` or `extra_arguments` entry did not render (the plugin says "env
    /// vars" for both).
    #[error("Could not interpolate ansible env vars: {0}")]
    Interpolate(String),
    /// The proxy could not be set up: a key could not be had, or no port could be listened on.
    #[error("{0}")]
    Proxy(String),
    /// `use_proxy: false`: the builder's private key could not be written for ansible.
    #[error("Error writing private key to temp file foransible connection: {0}")]
    PrivateKeyFile(String),
    /// The inventory file could not be written.
    #[error("Error preparing inventory file: {0}")]
    InventoryFile(String),
    /// `inventory_file_template` (or the default host line) did not render.
    #[error("Error generating inventory file from template: {0}")]
    InventoryTemplate(String),
    /// `ansible-galaxy` or `ansible-playbook` could not start or failed.
    #[error("Error executing Ansible: {0}")]
    Execute(String),
    /// The run was cancelled (Ctrl-C or the provisioner's `timeout`); ansible was stopped.
    #[error(transparent)]
    Cancelled(ContextError),
}
