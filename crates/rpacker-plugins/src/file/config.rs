//! The `file` provisioner's options and prepare-time checks, in Packer's order. They follow
//! current Packer (`provisioner/file`): `content` (≥1.7.5) is accepted and conflicts with
//! `source`/`sources`, and giving none of them is no longer an error (Packer 1.6.6 said
//! `Source must be specified.`; current Packer allows it so an HCL2 `content` may come out
//! empty).

use rpacker_sdk::communicator::stat_error;
use rpacker_sdk::config::{ConfigError, ConfigErrors};
use serde::Deserialize;

/// Copies files between the host and the machine being built.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FileConfig {
    /// `content` [≥1.7.5]: text to write to `destination` (as a file named `pkr-file-content`
    /// when `destination` is a directory); cannot be combined with `source` or `sources`.
    /// Empty counts as not set.
    pub content: String,
    /// `source`: one path; appended after `sources` at prepare.
    pub source: String,
    /// `sources`: paths, copied in order.
    pub sources: Vec<String>,
    /// `destination`: where to copy to (required). A trailing `/` means "into this directory".
    pub destination: String,
    /// `direction`: `upload` (default, host → machine) or `download`.
    pub direction: String,
    /// `generated`: the upload sources are created during the build, so they are not checked
    /// at prepare.
    pub generated: bool,
}

impl FileConfig {
    /// Applies Packer's defaults and checks the options.
    ///
    /// # Errors
    /// Every problem found, in Packer's order.
    pub fn prepare(&mut self) -> Result<(), ConfigErrors> {
        if self.direction.is_empty() {
            self.direction = "upload".to_owned();
        }
        let mut errors = ConfigErrors::new();
        if self.direction != "download" && self.direction != "upload" {
            errors.push(ConfigError::at("direction", "Direction must be one of: download, upload."));
        }
        let from_sources = self.sources.len();
        if !self.source.is_empty() {
            self.sources.push(self.source.clone());
        }
        if self.direction == "upload" && !self.generated {
            for (i, src) in self.sources.iter().enumerate() {
                if let Some(e) = stat_error(src) {
                    let key = if i < from_sources { format!("sources[{i}]") } else { "source".to_owned() };
                    errors.push(ConfigError::at(key, format!("Bad source '{src}': {e}")));
                }
            }
        }
        if !self.sources.is_empty() && !self.content.is_empty() {
            errors.push(ConfigError::at("content", "source(s) conflicts with content."));
        }
        if self.destination.is_empty() {
            errors.push(ConfigError::general("Destination must be specified."));
        }
        errors.into_result(())
    }
}
