//! `shell-local`: runs commands or scripts on the host running rpacker, as a provisioner or as
//! a post-processor. Both share [`ShellLocalConfig`]; the post-processor additionally wraps a
//! one-element `execute_command` in `sh -c` (its pre-1.3 string form). `run.rs` runs them.

mod config;
mod run;
mod wsl_path;

pub use config::ShellLocalConfig;
pub use run::ShellLocalError;

use rpacker_sdk::config::ConfigErrors;
use rpacker_sdk::{
    PackerConfig, PluginConfig, PostProcessor, PostProcessorPlugin, Prepared, Provisioner, ProvisionerPlugin,
};

/// Makes `shell-local` provisioners.
#[derive(Debug, Clone, Copy, Default)]
pub struct ShellLocalProvisioner;

/// Makes `shell-local` post-processors.
#[derive(Debug, Clone, Copy, Default)]
pub struct ShellLocalPostProcessor;

/// A `shell-local` provisioner whose options passed Packer's checks.
#[derive(Debug, Clone)]
pub struct PreparedShellLocal {
    /// The options, defaults applied.
    pub config: ShellLocalConfig,
    /// The build's hidden options (`PACKER_BUILD_NAME`, `PACKER_BUILDER_TYPE` at run time).
    pub packer: PackerConfig,
}

/// A `shell-local` post-processor whose options passed Packer's checks.
#[derive(Debug, Clone)]
pub struct PreparedShellLocalPostProcessor {
    /// The options, defaults applied.
    pub config: ShellLocalConfig,
    /// The build's hidden options (`PACKER_BUILD_NAME`, `PACKER_BUILDER_TYPE` at run time).
    pub packer: PackerConfig,
}

impl Provisioner for PreparedShellLocal {}
impl PostProcessor for PreparedShellLocalPostProcessor {}

impl ShellLocalProvisioner {
    /// Decodes and checks the options, keeping the concrete type.
    ///
    /// # Errors
    /// The wrapped decode error alone, else the validation problems.
    pub fn prepare_config(config: &PluginConfig<'_>) -> Result<PreparedShellLocal, ConfigErrors> {
        let mut options = ShellLocalConfig::decode(config)?;
        options.validate()?;
        Ok(PreparedShellLocal { config: options, packer: config.packer.clone() })
    }
}

impl ShellLocalPostProcessor {
    /// Decodes and checks the options, keeping the concrete type.
    ///
    /// # Errors
    /// The wrapped decode error alone, else the validation problems.
    pub fn prepare_config(config: &PluginConfig<'_>) -> Result<PreparedShellLocalPostProcessor, ConfigErrors> {
        let mut options = ShellLocalConfig::decode(config)?;
        if options.execute_command.len() == 1 {
            options.execute_command.splice(0..0, ["sh".to_owned(), "-c".to_owned()]);
        }
        options.validate()?;
        Ok(PreparedShellLocalPostProcessor { config: options, packer: config.packer.clone() })
    }
}

impl ProvisionerPlugin for ShellLocalProvisioner {
    fn prepare(&self, config: &PluginConfig<'_>) -> Result<Prepared<Box<dyn Provisioner>>, ConfigErrors> {
        Self::prepare_config(config).map(|p| Prepared::new(Box::new(p) as Box<dyn Provisioner>))
    }
}

impl PostProcessorPlugin for ShellLocalPostProcessor {
    fn prepare(&self, config: &PluginConfig<'_>) -> Result<Prepared<Box<dyn PostProcessor>>, ConfigErrors> {
        Self::prepare_config(config).map(|p| Prepared::new(Box::new(p) as Box<dyn PostProcessor>))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verbatim_renderer::prepare_text;

    const TOO_MANY: &str = "You may only specify one of the following options: Command, Inline, Script or Scripts. Please consolidate these options in your config.";

    /// Error texts verified with packer 1.6.6 (`packer validate`, provisioner and
    /// post-processor give the same texts).
    #[test]
    fn prepare_like_packer() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.sh"), "echo hi\n").unwrap();
        let d = dir.path().to_string_lossy().into_owned();
        let cases: Vec<(&str, Result<(), String>)> = vec![
            (r#"{"inline": ["echo hi"]}"#, Ok(())),
            (r#"{"command": "echo hi"}"#, Ok(())),
            (r#"{"script": "{d}/s.sh", "only_on": ["linux", "darwin"]}"#, Ok(())),
            (r#"{}"#, Err("1 error(s) occurred:\n\n* Command, Inline, Script and Scripts options cannot all be empty.".into())),
            (r#"{"inline": [], "script": "{d}/s.sh"}"#, Err(format!("1 error(s) occurred:\n\n* {TOO_MANY}"))),
            (r#"{"command": "x", "inline": ["y"], "scripts": ["{d}/s.sh"]}"#, Err(format!("2 error(s) occurred:\n\n* {TOO_MANY}\n* {TOO_MANY}"))),
            (
                r#"{"scripts": ["{d}/nope"], "environment_vars": ["novalue"]}"#,
                Err("2 error(s) occurred:\n\n* Bad script '{d}/nope': stat {d}/nope: no such file or directory\n\
                     * Environment variable not in format 'key=value': novalue"
                    .into()),
            ),
            (
                r#"{"only_on": ["nope"], "inline": ["a"], "environment_vars": ["bad"]}"#,
                Err("Invalid OS specified in only_on: 'nope'\nSupported OS names: darwin, freebsd, linux, openbsd, solaris, windows".into()),
            ),
            (
                r#"{"use_linux_pathing": true, "script": "{d}/s.sh"}"#,
                Err("There was an error splitting your absolute path; expected to find a drive following the format ':/' but did not: absolute path: {d}/s.sh".into()),
            ),
            (
                r#"{"use_linux_pathing": true, "inline": ["a"]}"#,
                Err("1 error(s) occurred:\n\n* Packer is unable to use the Command and Inline features with the Windows Linux Subsystem. Please use the Script or Scripts options instead".into()),
            ),
            (r#"{"inline": ["a"], "foo": 1}"#, Err("Error decoding config: 1 error occurred:\n\t* unknown configuration key: '\"foo\"'\n\n".into())),
            (r#"{"inline": ["a"], "iso_md5": 1}"#, Err("Error decoding config: 1 error occurred:\n\t* unknown configuration key: '\"iso_md5\"'\n\n".into())),
        ];
        for (options, want) in cases {
            let options = options.replace("{d}", &d);
            let want = want.map_err(|w| w.replace("{d}", &d));
            assert_eq!(
                prepare_text(&options, ShellLocalProvisioner::prepare_config).map(|_| ()),
                want,
                "provisioner {options}"
            );
            assert_eq!(
                prepare_text(&options, ShellLocalPostProcessor::prepare_config).map(|_| ()),
                want,
                "post-processor {options}"
            );
        }
    }

    /// Options, and the decoded `env` (sorted pairs) or the error text.
    type EnvCase = (&'static str, Result<&'static [(&'static str, &'static str)], &'static str>);

    /// `env` [≥1.8] (code reading of current packer-plugin-sdk `shell-local/config.go` and
    /// `shell.Provisioner`): a string map, values weakly typed, no prepare-time check; both the
    /// provisioner and the post-processor take it.
    #[test]
    fn env_like_current_packer() {
        let cases: &[EnvCase] = &[
            (r#"{"inline": ["a"], "env": {}}"#, Ok(&[])),
            (
                r#"{"inline": ["a"], "env": {"B": "x y", "A": 1, "C": false}}"#,
                Ok(&[("A", "1"), ("B", "x y"), ("C", "0")]),
            ),
            (r#"{"command": "a", "env": {"": "no key"}}"#, Ok(&[("", "no key")])),
            (
                r#"{"env": {"A": "1"}}"#,
                Err("1 error(s) occurred:\n\n* Command, Inline, Script and Scripts options cannot all be empty."),
            ),
        ];
        for (options, want) in cases {
            let want: Result<Vec<(String, String)>, String> = want
                .map(|pairs| pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
                .map_err(str::to_owned);
            let prov = prepare_text(options, ShellLocalProvisioner::prepare_config).map(|p| p.config.env);
            assert_eq!(prov.map(|e| e.into_iter().collect::<Vec<_>>()), want, "provisioner {options}");
            let post = prepare_text(options, ShellLocalPostProcessor::prepare_config).map(|p| p.config.env);
            assert_eq!(post.map(|e| e.into_iter().collect::<Vec<_>>()), want, "post-processor {options}");
        }
        // A list is a decode error, wrapped as shell-local wraps every decode error.
        let err =
            prepare_text(r#"{"inline": ["a"], "env": ["A=1"]}"#, ShellLocalProvisioner::prepare_config).unwrap_err();
        assert!(err.starts_with("Error decoding config: "), "{err}");
    }

    #[test]
    fn defaults_and_post_processor_wrapping() {
        let prov = prepare_text(
            r#"{"command": "x", "execute_command": ["one"], "tempfile_extension": ".sh"}"#,
            ShellLocalProvisioner::prepare_config,
        )
        .unwrap()
        .config;
        assert_eq!(prov.inline, Some(vec!["x".to_owned()]));
        assert_eq!(prov.execute_command, ["one"]);
        assert_eq!(
            (prov.tempfile_extension.as_str(), prov.env_var_format.as_str(), prov.inline_shebang.as_str()),
            ("sh", "%s='%s' ", "/bin/sh -e")
        );
        let post =
            prepare_text(r#"{"inline": ["x"], "execute_command": "one"}"#, ShellLocalPostProcessor::prepare_config)
                .unwrap()
                .config;
        assert_eq!(post.execute_command, ["sh", "-c", "one"]);
        let default = prepare_text(r#"{"inline": ["x"]}"#, ShellLocalPostProcessor::prepare_config).unwrap().config;
        assert_eq!(default.execute_command, ["/bin/sh", "-c", "{{.Vars}} {{.Script}}"]);
        assert_eq!(default.valid_exit_codes, [0]);
    }
}
