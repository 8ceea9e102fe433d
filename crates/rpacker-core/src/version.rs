//! Which Packer rpacker stands in for. Templates check `min_packer_version` and
//! `required_version` against it, and `packer_version` renders it.

/// The Packer release whose behaviour rpacker follows (current Packer; see docs/compat.md).
pub const PACKER_COMPAT_VERSION: &str = "1.16.0";

/// rpacker's own version.
pub const RPACKER_VERSION: &str = env!("CARGO_PKG_VERSION");
