//! The `null` builder (builder id `fnoeding.null`): connects to an already running machine so
//! provisioners can run against it; creates and exports nothing.

mod artifact;
mod config;
mod run;

pub use artifact::NullArtifact;
pub use config::NullConfig;

use rpacker_sdk::config::ConfigErrors;
use rpacker_sdk::{Builder, BuilderPlugin, PluginConfig, Prepared};

/// Makes `null` builders.
#[derive(Debug, Clone, Copy, Default)]
pub struct NullBuilder;

/// A `null` builder whose options passed Packer's checks.
#[derive(Debug, Clone)]
pub struct PreparedNull {
    /// The options, defaults applied.
    pub config: NullConfig,
}

/// Declares no generated keys: provisioners only see the common `ID` (`Null`).
impl Builder for PreparedNull {}

impl NullBuilder {
    /// Packer's builder id, shown by artifacts.
    pub const BUILDER_ID: &'static str = "fnoeding.null";

    /// Decodes and checks the options, keeping the concrete type.
    ///
    /// # Errors
    /// Decode errors (unknown keys alone), else every validation problem.
    pub fn prepare_config(config: &PluginConfig<'_>) -> Result<PreparedNull, ConfigErrors> {
        let mut decoder = config.decoder(&[])?;
        let comm = decoder.decode()?;
        decoder.finish(&[])?;
        let mut null = NullConfig { comm };
        null.prepare(config.packer)?;
        Ok(PreparedNull { config: null })
    }
}

impl BuilderPlugin for NullBuilder {
    fn prepare(&self, config: &PluginConfig<'_>) -> Result<Prepared<Box<dyn Builder>>, ConfigErrors> {
        Self::prepare_config(config).map(|b| {
            let secrets = b.config.comm.secrets();
            Prepared { secrets, ..Prepared::new(Box::new(b) as Box<dyn Builder>) }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verbatim_renderer::prepare_text;

    const HOST: &str = "a Host must be specified, please reference your communicator documentation";
    const USER: &str = "a Username must be specified, please reference your communicator documentation";
    const AUTH: &str = "one authentication method must be specified, please reference your communicator documentation";
    const ONE: &str = "only one of ssh_agent_auth, ssh_password, and ssh_private_key_file must be specified";

    /// Error texts verified with packer 1.6.6 (`packer validate`).
    #[test]
    fn prepare_like_packer() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("k"), "-----BEGIN RSA PRIVATE KEY-----\nQUJD\n-----END RSA PRIVATE KEY-----\n")
            .unwrap();
        let d = dir.path().to_string_lossy().into_owned();
        let username =
            "An ssh_username must be specified\n  Note: some builders used to default ssh_username to \"root\".";
        let list = |items: &[&str]| {
            let mut out = format!("{} error(s) occurred:\n", items.len());
            for i in items {
                out.push_str("\n* ");
                out.push_str(i);
            }
            out
        };
        let cases: Vec<(&str, Result<(), String>)> = vec![
            (r#"{"communicator": "none"}"#, Ok(())),
            (r#"{"ssh_host": "h", "ssh_username": "u", "ssh_password": "p"}"#, Ok(())),
            (r#"{"ssh_host": "h", "ssh_username": "u", "ssh_agent_auth": true}"#, Ok(())),
            (r#"{"ssh_host": "h", "ssh_username": "u", "ssh_private_key_file": "{d}/k"}"#, Ok(())),
            (r#"{"communicator": "winrm", "winrm_host": "h", "winrm_username": "u", "winrm_password": "p"}"#, Ok(())),
            (r#"{}"#, Err(list(&[username, HOST, USER, AUTH]))),
            (r#"{"communicator": "bogus"}"#, Err(list(&["Communicator type bogus is invalid", HOST, USER, AUTH]))),
            (r#"{"communicator": "winrm"}"#, Err(list(&["winrm_username must be specified.", HOST, USER, AUTH]))),
            (
                r#"{"ssh_host": "h", "ssh_username": "u", "ssh_password": "p", "ssh_private_key_file": "{d}/k"}"#,
                Err(list(&[ONE])),
            ),
            (
                r#"{"ssh_host": "h", "ssh_username": "u", "ssh_password": "p", "ssh_agent_auth": "true"}"#,
                Err(list(&[ONE])),
            ),
            (
                r#"{"communicator": "none", "sshusername": "u"}"#,
                Err("1 error occurred:\n\t* unknown configuration key: '\"sshusername\"'\n\n".into()),
            ),
        ];
        for (options, want) in cases {
            let got = prepare_text(&options.replace("{d}", &d), NullBuilder::prepare_config).map(|_| ());
            assert_eq!(got, want, "{options}");
        }
    }

    #[test]
    fn secrets_never_print() {
        let prepared = prepare_text(
            r#"{"ssh_host": "h", "ssh_username": "u", "ssh_password": "hunter2"}"#,
            NullBuilder::prepare_config,
        )
        .unwrap();
        assert_eq!(prepared.config.comm.password(), "hunter2");
        assert!(!format!("{prepared:?}").contains("hunter2"));
    }
}
