//! The `manifest` post-processor's options (Packer 1.6.6 `post-processor/manifest`) and the
//! defaults applied at configure time.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Keys Packer's `packer fix` rewrites for this plugin (`filename` became `output`).
pub const DEPRECATED_KEYS: &[&str] = &["filename"];

/// Appends one JSON record per build to a manifest file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ManifestConfig {
    /// `output`: the manifest file, relative to the current directory. Default
    /// `packer-manifest.json`.
    pub output: String,
    /// `strip_path`: record each artifact file by its base name only.
    pub strip_path: bool,
    /// `strip_time`: leave `build_time` out of the record.
    pub strip_time: bool,
    /// `custom_data`: extra string values for the record; rendered again at post-process time
    /// with the artifact's generated data. Absent → `null` in the record.
    pub custom_data: Option<BTreeMap<String, String>>,
}

impl ManifestConfig {
    /// Applies Packer's defaults. The manifest has no other configure-time checks: Packer's
    /// `output` template re-validation cannot fail once the core has rendered it.
    pub fn prepare(&mut self) {
        if self.output.is_empty() {
            "packer-manifest.json".clone_into(&mut self.output);
        }
    }
}
