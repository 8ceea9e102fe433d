//! The `file` provisioner: uploads files and directories to the machine being built, or
//! downloads them from it, through the communicator. `config.rs` holds the options and
//! prepare-time checks, `run.rs` the transfers, `error.rs` the texts.

mod config;
mod error;
mod run;

pub use config::FileConfig;
pub use error::FileError;

use rpacker_sdk::config::ConfigErrors;
use rpacker_sdk::{PluginConfig, Prepared, Provisioner, ProvisionerPlugin};

/// Makes `file` provisioners.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileProvisioner;

/// A `file` provisioner whose options passed Packer's checks.
#[derive(Debug, Clone)]
pub struct PreparedFile {
    /// The options, defaults applied (`source` appended to `sources`).
    pub config: FileConfig,
}

impl Provisioner for PreparedFile {}

impl FileProvisioner {
    /// Decodes and checks the options, keeping the concrete type.
    ///
    /// # Errors
    /// Decode errors (unknown keys alone), else every validation problem.
    pub fn prepare_config(config: &PluginConfig<'_>) -> Result<PreparedFile, ConfigErrors> {
        let mut decoder = config.decoder(&[])?;
        let mut file: FileConfig = decoder.decode()?;
        decoder.finish(&[])?;
        file.prepare()?;
        Ok(PreparedFile { config: file })
    }
}

impl ProvisionerPlugin for FileProvisioner {
    fn prepare(&self, config: &PluginConfig<'_>) -> Result<Prepared<Box<dyn Provisioner>>, ConfigErrors> {
        Self::prepare_config(config).map(|p| Prepared::new(Box::new(p) as Box<dyn Provisioner>))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verbatim_renderer::prepare_text;

    /// Error texts verified with packer 1.6.6 (`packer validate`, null builder).
    #[test]
    fn prepare_like_packer() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), "x").unwrap();
        let d = dir.path().to_string_lossy().into_owned();
        let cases: &[(&str, Result<(), &str>)] = &[
            (r#"{"source": "{d}/f", "destination": "/tmp/f"}"#, Ok(())),
            (r#"{"sources": ["{d}/f", "{d}"], "destination": "/tmp/"}"#, Ok(())),
            (r#"{"source": "{d}/nope", "direction": "download", "destination": "/x"}"#, Ok(())),
            (r#"{"source": "{d}/nope", "generated": true, "destination": "/x"}"#, Ok(())),
            (
                r#"{"source": "{d}/nope", "sources": ["{d}/f", "{d}/n2"], "direction": "sideways", "destination": "/x"}"#,
                Err("1 error(s) occurred:\n\n* Direction must be one of: download, upload."),
            ),
            (
                r#"{"source": "{d}/nope", "sources": ["{d}/n2"]}"#,
                Err("3 error(s) occurred:\n\n* Bad source '{d}/n2': stat {d}/n2: no such file or directory\n\
                     * Bad source '{d}/nope': stat {d}/nope: no such file or directory\n* Destination must be specified."),
            ),
        ];
        for (options, want) in cases {
            let got = prepare_text(&options.replace("{d}", &d), FileProvisioner::prepare_config).map(|_| ());
            assert_eq!(got, want.map_err(|w| w.replace("{d}", &d)), "{options}");
        }
    }

    /// Where current Packer differs from 1.6.6 (code reading of hashicorp/packer
    /// `provisioner/file/provisioner.go`): `content` is an option (1.6.6: unknown key), and no
    /// source at all is not an error (1.6.6: `Source must be specified.`).
    #[test]
    fn prepare_like_current_packer() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), "x").unwrap();
        let d = dir.path().to_string_lossy().into_owned();
        let conflict = "source(s) conflicts with content.";
        let cases: &[(&str, Result<(), String>)] = &[
            (r#"{"content": "hello", "destination": "/tmp/f"}"#, Ok(())),
            (r#"{"content": "", "destination": "/tmp/f"}"#, Ok(())),
            (r#"{"content": "x", "direction": "download", "destination": "/tmp/f"}"#, Ok(())),
            (r#"{"destination": "/tmp/f"}"#, Ok(())),
            (r#"{}"#, Err("1 error(s) occurred:\n\n* Destination must be specified.".into())),
            (r#"{"content": "x", "source": "{d}/f", "destination": "/x"}"#, Err(format!("1 error(s) occurred:\n\n* {conflict}"))),
            (r#"{"content": "x", "sources": ["{d}/f"], "destination": "/x"}"#, Err(format!("1 error(s) occurred:\n\n* {conflict}"))),
            (
                r#"{"content": "x", "source": "{d}/nope", "direction": "sideways"}"#,
                Err(format!(
                    "3 error(s) occurred:\n\n* Direction must be one of: download, upload.\n* {conflict}\n* Destination must be specified."
                )),
            ),
            (
                r#"{"content": "x", "source": "{d}/nope"}"#,
                Err(format!(
                    "3 error(s) occurred:\n\n* Bad source '{d}/nope': stat {d}/nope: no such file or directory\n\
                     * {conflict}\n* Destination must be specified."
                )),
            ),
        ];
        for (options, want) in cases {
            let got = prepare_text(&options.replace("{d}", &d), FileProvisioner::prepare_config).map(|_| ());
            assert_eq!(got, want.clone().map_err(|w| w.replace("{d}", &d)), "{options}");
        }
        let prepared =
            prepare_text(r#"{"content": "a\nb", "destination": "/x"}"#, FileProvisioner::prepare_config).unwrap();
        assert_eq!((prepared.config.content.as_str(), prepared.config.sources.len()), ("a\nb", 0));
    }

    #[test]
    fn source_goes_after_sources() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_string_lossy().into_owned();
        let options = r#"{"source": "{d}", "sources": ["/"], "destination": "/x"}"#.replace("{d}", &d);
        let prepared = prepare_text(&options, FileProvisioner::prepare_config).unwrap();
        assert_eq!(prepared.config.sources, ["/".to_owned(), d]);
        assert_eq!(prepared.config.direction, "upload");
    }
}
