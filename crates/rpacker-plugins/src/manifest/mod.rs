//! The `manifest` post-processor: records each build (name, type, time, files, artifact id,
//! run UUID, custom data) in a JSON file downstream tooling reads. `record.rs` is the file
//! format, `run.rs` the update.

mod config;
mod record;
mod run;

pub use config::ManifestConfig;
pub use run::{ManifestError, RUN_UUID_ENV};

use rpacker_sdk::config::ConfigErrors;
use rpacker_sdk::{PackerConfig, PluginConfig, PostProcessor, PostProcessorPlugin, Prepared};

/// Makes `manifest` post-processors.
#[derive(Debug, Clone, Copy, Default)]
pub struct ManifestPostProcessor;

/// A `manifest` post-processor whose options passed Packer's checks.
#[derive(Debug, Clone)]
pub struct PreparedManifest {
    /// The options, defaults applied.
    pub config: ManifestConfig,
    /// The build's hidden options: the record's name and builder type, and `-force`.
    pub packer: PackerConfig,
}

impl PostProcessor for PreparedManifest {}

impl ManifestPostProcessor {
    /// Decodes the options, keeping the concrete type.
    ///
    /// # Errors
    /// Decode errors (unknown and deprecated keys, bad values).
    pub fn prepare_config(config: &PluginConfig<'_>) -> Result<PreparedManifest, ConfigErrors> {
        let mut decoder = config.decoder(&[])?;
        let mut manifest: ManifestConfig = decoder.decode()?;
        decoder.finish(config::DEPRECATED_KEYS)?;
        manifest.prepare();
        Ok(PreparedManifest { config: manifest, packer: config.packer.clone() })
    }
}

impl PostProcessorPlugin for ManifestPostProcessor {
    fn prepare(&self, config: &PluginConfig<'_>) -> Result<Prepared<Box<dyn PostProcessor>>, ConfigErrors> {
        Self::prepare_config(config).map(|p| Prepared::new(Box::new(p) as Box<dyn PostProcessor>))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verbatim_renderer::prepare_text;

    const FIX: &str = "Please call `packer fix` against your template to update your template to be compatible with the current version of Packer. Visit https://www.packer.io/docs/commands/fix/ for more detail.";

    /// Error texts verified with packer 1.6.6 (`packer validate`).
    #[test]
    fn prepare_like_packer() {
        let cases: Vec<(&str, Result<(), String>)> = vec![
            (r#"{}"#, Ok(())),
            (r#"{"output": "m.json", "strip_path": true, "strip_time": "true", "custom_data": {"a": "b"}}"#, Ok(())),
            (r#"{"foo": 1}"#, Err("1 error occurred:\n\t* unknown configuration key: '\"foo\"'\n\n".into())),
            (
                r#"{"filename": "x", "iso_md5": 1}"#,
                Err(format!(
                    "2 errors occurred:\n\t* Deprecated configuration key: 'filename'. {FIX}\n\t* Deprecated configuration key: 'iso_md5'. {FIX}\n\n"
                )),
            ),
        ];
        for (options, want) in cases {
            assert_eq!(prepare_text(options, ManifestPostProcessor::prepare_config).map(|_| ()), want, "{options}");
        }
    }

    #[test]
    fn defaults() {
        let plain = prepare_text("{}", ManifestPostProcessor::prepare_config).unwrap().config;
        assert_eq!((plain.output.as_str(), plain.custom_data), ("packer-manifest.json", None));
        let set =
            prepare_text(r#"{"output": "o.json", "custom_data": {"k": 5}}"#, ManifestPostProcessor::prepare_config)
                .unwrap()
                .config;
        assert_eq!(set.output, "o.json");
        assert_eq!(set.custom_data.unwrap()["k"], "5");
    }
}
