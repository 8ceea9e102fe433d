//! The `shell` provisioner: runs scripts on the machine being built through the communicator.
//! `config.rs` holds the options and prepare-time checks; `run.rs` uploads and runs each script
//! (Packer's `Provision`), with the retry loop in `start_retry.rs`, the CRLF conversion in
//! `unix_lines.rs` and the texts in `error.rs`.

mod config;
mod error;
mod run;
mod start_retry;
mod unix_lines;

pub use config::ShellConfig;
pub use error::ShellError;

use rpacker_sdk::config::ConfigErrors;
use rpacker_sdk::{PackerConfig, PluginConfig, Prepared, Provisioner, ProvisionerPlugin};

/// Makes `shell` provisioners.
#[derive(Debug, Clone, Copy, Default)]
pub struct ShellProvisioner;

/// A `shell` provisioner whose options passed Packer's checks.
#[derive(Debug, Clone)]
pub struct PreparedShell {
    /// The options, defaults applied (`script` folded into `scripts`).
    pub config: ShellConfig,
    /// The build's hidden options (`PACKER_BUILD_NAME`, `PACKER_BUILDER_TYPE` at run time).
    pub packer: PackerConfig,
}

impl Provisioner for PreparedShell {}

impl ShellProvisioner {
    /// Decodes and checks the options, keeping the concrete type.
    ///
    /// # Errors
    /// Decode errors (unknown keys alone), else every validation problem.
    pub fn prepare_config(config: &PluginConfig<'_>) -> Result<PreparedShell, ConfigErrors> {
        let mut decoder = config.decoder(config::EXCLUDE_KEYS)?;
        let mut shell: ShellConfig = decoder.decode()?;
        decoder.finish(&[])?;
        shell.prepare()?;
        Ok(PreparedShell { config: shell, packer: config.packer.clone() })
    }
}

impl ProvisionerPlugin for ShellProvisioner {
    fn prepare(&self, config: &PluginConfig<'_>) -> Result<Prepared<Box<dyn Provisioner>>, ConfigErrors> {
        Self::prepare_config(config).map(|p| Prepared::new(Box::new(p) as Box<dyn Provisioner>))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verbatim_renderer::prepare_text;

    fn check(options: &str) -> Result<PreparedShell, String> {
        prepare_text(options, ShellProvisioner::prepare_config)
    }

    /// Error texts verified with packer 1.6.6 (`packer validate`, null builder).
    #[test]
    fn prepare_like_packer() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.sh"), "echo hi\n").unwrap();
        let d = dir.path().to_string_lossy().into_owned();
        let cases: &[(&str, Result<(), &str>)] = &[
            (r#"{"inline": ["echo hi"]}"#, Ok(())),
            (r#"{"script": "{d}/s.sh"}"#, Ok(())),
            (r#"{"inline": [], "script": "{d}/s.sh"}"#, Ok(())),
            (r#"{}"#, Err("1 error(s) occurred:\n\n* Either a script file or inline script must be specified.")),
            (r#"{"inline": []}"#, Err("1 error(s) occurred:\n\n* Either a script file or inline script must be specified.")),
            (
                r#"{"script": "{d}/nope.sh", "scripts": ["{d}/s.sh", "x.sh"], "inline": ["a"], "environment_vars": ["A", "=b", "C=d"]}"#,
                Err("5 error(s) occurred:\n\n* Only one of script or scripts can be specified.\n\
                     * Only a script file or an inline script can be specified, not both.\n\
                     * Bad script '{d}/nope.sh': stat {d}/nope.sh: no such file or directory\n\
                     * Environment variable not in format 'key=value': A\n\
                     * Environment variable not in format 'key=value': =b"),
            ),
            (r#"{"inline": ["a"], "bogus": 1}"#, Err("1 error occurred:\n\t* unknown configuration key: '\"bogus\"'\n\n")),
            (
                r#"{"inline": ["a"], "iso_md5": 1}"#,
                Err("1 error occurred:\n\t* Deprecated configuration key: 'iso_md5'. Please call `packer fix` against your template to update your template to be compatible with the current version of Packer. Visit https://www.packer.io/docs/commands/fix/ for more detail.\n\n"),
            ),
        ];
        for (options, want) in cases {
            let got = check(&options.replace("{d}", &d)).map(|_| ());
            assert_eq!(got, want.map_err(|w| w.replace("{d}", &d)), "{options}");
        }
    }

    /// Options, and the decoded `env` (sorted pairs) or the error text.
    type EnvCase = (&'static str, Result<&'static [(&'static str, &'static str)], &'static str>);

    /// `env` [≥1.8.2] (code reading of current hashicorp/packer `provisioner/shell` and
    /// packer-plugin-sdk `shell.Provisioner`): a string map, values weakly typed as every option,
    /// no prepare-time check.
    #[test]
    fn env_like_current_packer() {
        let cases: &[EnvCase] = &[
            (r#"{"inline": ["a"]}"#, Ok(&[])),
            (r#"{"inline": ["a"], "env": {}}"#, Ok(&[])),
            (
                r#"{"inline": ["a"], "env": {"B": "x y", "A": 1, "C": true}}"#,
                Ok(&[("A", "1"), ("B", "x y"), ("C", "1")]),
            ),
            (r#"{"inline": ["a"], "env": {"": "no key", "=": "odd"}}"#, Ok(&[("", "no key"), ("=", "odd")])),
            (
                r#"{"env": {"A": "1"}}"#,
                Err("1 error(s) occurred:\n\n* Either a script file or inline script must be specified."),
            ),
        ];
        for (options, want) in cases {
            let got = check(options).map(|p| p.config.env);
            let want = want.map(|pairs| pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect());
            assert_eq!(got, want.map_err(str::to_owned), "{options}");
        }
        // A list is a decode error. Its text is the SDK decoder's (`'env' expected a map, got
        // 'slice'`); packer 1.6.6 says `'custom_data[0]' expected a map, got 'string'` for the
        // manifest's map option, so only the failure is asserted here.
        let err = check(r#"{"inline": ["a"], "env": ["A=1"]}"#).unwrap_err();
        assert!(err.starts_with("1 error(s) decoding:"), "{err}");
    }

    #[test]
    fn defaults_like_packer() {
        let plain = check(r#"{"inline": ["a"]}"#).unwrap().config;
        assert_eq!(plain.execute_command, "chmod +x {{.Path}}; {{.Vars}} {{.Path}}");
        assert_eq!((plain.env_var_format.as_str(), plain.inline_shebang.as_str()), ("%s='%s' ", "/bin/sh -e"));
        assert_eq!((plain.remote_folder.as_str(), plain.start_retry_timeout.0.as_secs()), ("/tmp", 300));
        assert!(plain.remote_file.starts_with("script_") && plain.remote_file.ends_with(".sh"));
        assert_eq!(plain.remote_path, format!("/tmp/{}", plain.remote_file));
        assert_eq!(plain.valid_exit_codes, [0]);
        assert!(!plain.inline_shebang_given);
        assert!(check(r#"{"inline": ["a"], "inline_shebang": "/bin/bash"}"#).unwrap().config.inline_shebang_given);
        let file =
            check(r#"{"inline": ["a"], "use_env_var_file": "true", "remote_folder": "/r", "remote_file": "f.sh"}"#)
                .unwrap()
                .config;
        assert_eq!(file.execute_command, "chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}");
        assert_eq!((file.env_var_format.as_str(), file.remote_path.as_str()), ("export %s='%s'\n", "/r/f.sh"));
    }
}
