//! Keys Packer's `packer fix` rewrites; finding one gives "Deprecated configuration key" instead
//! of "unknown configuration key" (the SDK's `DeprecatedOptions`).

/// Deprecated for every plugin. `ssh_wait_timeout` is also in Packer's list but is a real
/// communicator option, so it decodes and never reaches this check.
pub const GLOBAL_DEPRECATED_KEYS: &[&str] = &[
    "iso_md5",
    "ssh_key_path",
    "ssh_disable_agent",
    "ssh_host_port_min",
    "ssh_host_port_max",
    "ssh_skip_nat_mapping",
    "iso_checksum_url",
    "iso_checksum_type",
];
