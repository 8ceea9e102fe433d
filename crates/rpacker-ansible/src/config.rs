//! The `ansible` provisioner's options: current packer-plugin-ansible's `provisioner/ansible`
//! Config (Packer 1.6.6's, plus `ansible_proxy_key_type`, `galaxy_force_with_deps` and
//! `ansible_winrm_use_http`). Field docs are the option reference; defaults are applied by
//! [`crate::AnsibleConfig::prepare`].

use serde::Deserialize;

use rpacker_sdk::config::Trilean;

/// Options rendered at run time, not at prepare.
pub const EXCLUDE_KEYS: &[&str] = &["inventory_file_template"];

/// Keys Packer's `packer fix` rewrites for this plugin (`galaxycommand` became
/// `galaxy_command`).
pub const DEPRECATED_KEYS: &[&str] = &["galaxycommand"];

/// Runs `ansible-playbook` on the host against the machine being built.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AnsibleConfig {
    /// `command`: the playbook executable (no arguments). Default `ansible-playbook`.
    pub command: String,
    /// `extra_arguments`: extra `ansible-playbook` arguments, inserted verbatim; rendered again
    /// at run time with the build's generated data.
    pub extra_arguments: Vec<String>,
    /// `ansible_env_vars`: `KEY=value` environment additions; rendered again at run time.
    pub ansible_env_vars: Vec<String>,
    /// `playbook_file`: the playbook (required; must be a file). Passed as an absolute path.
    pub playbook_file: String,
    /// `ansible_ssh_extra_args`: joined without separator into one `--ssh-extra-args` value.
    /// Default `-o IdentitiesOnly=yes`.
    pub ansible_ssh_extra_args: Vec<String>,
    /// `groups`: inventory groups that contain the host.
    pub groups: Vec<String>,
    /// `empty_groups`: inventory groups without hosts.
    pub empty_groups: Vec<String>,
    /// `host_alias`: the host's inventory name. Default `default`.
    pub host_alias: String,
    /// `user`: `ansible_user`. Default: the user running rpacker.
    pub user: String,
    /// `local_port`: port of the SSH proxy on 127.0.0.1. Default 0 (the OS picks).
    pub local_port: i64,
    /// `ssh_host_key_file`: the proxy's host key. Default: a generated key, and
    /// `ANSIBLE_HOST_KEY_CHECKING=False` added to the environment.
    pub ssh_host_key_file: String,
    /// `ssh_authorized_key_file`: the public key ansible must present to the proxy. Default: a
    /// generated key pair.
    pub ssh_authorized_key_file: String,
    /// `ansible_proxy_key_type` [plugin ≥1.1.0]: type of the keys the proxy generates, `ECDSA`
    /// (default) or `RSA`, any case; upper-cased at prepare. RSA keys signed with SHA-1 are
    /// refused by OpenSSH ≥ 8.8.
    pub ansible_proxy_key_type: String,
    /// `sftp_command`: remote command serving the proxy's `sftp` subsystem. Default
    /// `/usr/lib/sftp-server -e`.
    pub sftp_command: String,
    /// `skip_version_check`: do not run `<command> --version` at prepare (the v1 inventory
    /// format is then used).
    pub skip_version_check: bool,
    /// `use_sftp`: let ansible use SFTP; when false `ANSIBLE_SCP_IF_SSH=True` is added.
    pub use_sftp: bool,
    /// `inventory_directory`: where the generated inventory goes (must be a directory).
    /// Default: the system temp directory.
    pub inventory_directory: String,
    /// `inventory_file_template`: Go template for the host line (rendered at run time).
    pub inventory_file_template: String,
    /// `inventory_file`: the user's inventory; when set none is generated.
    pub inventory_file: String,
    /// `keep_inventory_file`: leave the generated inventory behind.
    pub keep_inventory_file: bool,
    /// `galaxy_file`: roles/collections requirements to install first (must be a file).
    pub galaxy_file: String,
    /// `galaxy_command`: the galaxy executable. Default `ansible-galaxy`.
    pub galaxy_command: String,
    /// `galaxy_force_install`: pass `--force` to galaxy installs (overwrite existing roles).
    pub galaxy_force_install: bool,
    /// `galaxy_force_with_deps` [plugin ≥1.0.1]: pass `--force-with-deps` to galaxy installs
    /// (overwrite existing roles and their dependencies).
    pub galaxy_force_with_deps: bool,
    /// `roles_path`: `-p` for role installs.
    pub roles_path: String,
    /// `collections_path`: `-p` for collection installs.
    pub collections_path: String,
    /// `use_proxy`: unset or true → ansible connects through rpacker's SSH proxy; false →
    /// directly to the machine.
    pub use_proxy: Trilean,
    /// `ansible_winrm_use_http` [plugin ≥1.1.0]: make ansible talk plain HTTP to WinRM; prepare
    /// appends `-e ansible_winrm_scheme=http` to `extra_arguments` unless an argument already
    /// starts with `ansible_winrm_scheme`.
    pub ansible_winrm_use_http: bool,
}
