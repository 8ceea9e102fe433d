//! The options Packer's core hands every plugin besides the user's (`packer_build_name`,
//! `packer_on_error`, …). Upstream they travel as hidden `packer_*` keys in the config map; here
//! they are one typed struct.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// What to do when a build fails (`-on-error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// Clean up everything (the default).
    #[default]
    Cleanup,
    /// Leave everything as it is and stop.
    Abort,
    /// Ask the user.
    Ask,
    /// Run the error-cleanup provisioner, then clean up.
    RunCleanupProvisioner,
}

impl OnError {
    /// The flag values, in Packer's order.
    pub const NAMES: [&'static str; 4] = ["cleanup", "abort", "ask", "run-cleanup-provisioner"];

    /// Parses a `-on-error` value.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "cleanup" => Some(Self::Cleanup),
            "abort" => Some(Self::Abort),
            "ask" => Some(Self::Ask),
            "run-cleanup-provisioner" => Some(Self::RunCleanupProvisioner),
            _ => None,
        }
    }
}

/// Packer's hidden per-build options (`common.PackerConfig`).
#[derive(Debug, Clone, Default)]
pub struct PackerConfig {
    /// `packer_build_name`: the build's (interpolated) name.
    pub build_name: String,
    /// `packer_builder_type`.
    pub builder_type: String,
    /// `packer_core_version`.
    pub core_version: String,
    /// `packer_debug` (`-debug`).
    pub debug: bool,
    /// `packer_force` (`-force`).
    pub force: bool,
    /// `packer_on_error` (`-on-error`).
    pub on_error: OnError,
    /// `packer_template_path`: absolute path of the template.
    pub template_path: Option<PathBuf>,
    /// `packer_user_variables`: every rendered user variable.
    pub user_variables: Arc<BTreeMap<String, String>>,
    /// `packer_sensitive_variables`: names whose values are masked.
    pub sensitive_variables: Vec<String>,
}
