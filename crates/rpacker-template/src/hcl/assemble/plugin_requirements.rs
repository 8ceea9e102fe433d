//! `required_plugins` against what rpacker has built in, where current Packer looks for
//! installed plugins (`DetectPluginBinaries`: `validate` after `-syntax-only`, and `build`).
//!
//! rpacker never downloads plugins: an entry whose source is a plugin family rpacker has built
//! in is accepted whatever its version constraint; any other source is an error at the entry.
//! Two entries with the same local name across `required_plugins` blocks are Packer's
//! `Duplicate required_plugin` error.

use rpacker_diag::{Diagnostic, SourceMap};

use crate::hcl::parse::{hcl_range, ConfigFiles, RequiredPlugin};

/// A plugin family built into rpacker.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinPlugin {
    /// Its source address (`github.com/hashicorp/amazon`).
    pub source: &'static str,
    /// The component types it brings (`amazon-ebs`).
    pub components: &'static [&'static str],
}

/// Checks every `required_plugins` entry of `config` against `builtin`.
#[must_use]
pub fn check_plugin_requirements(
    config: &ConfigFiles,
    builtin: &[BuiltinPlugin],
    sources: &SourceMap,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut seen: Vec<&RequiredPlugin> = Vec::new();
    for plugin in config.packer_blocks.iter().flat_map(|b| &b.required_plugins) {
        if let Some(previous) = seen.iter().find(|p| p.name == plugin.name) {
            diags.push(
                Diagnostic::error(
                    format!("Duplicate required_plugin.{:?} block", plugin.name),
                    format!(
                        "Block previously seen at {} is already named {:?}.\nNames at the left hand side of required_plugins are made available to use in your HCL2 configurations.\nTo allow to calling to their features correctly two plugins have to have different accessors.",
                        hcl_range(sources, previous.value_span),
                        plugin.name
                    ),
                )
                .with_subject(Some(plugin.value_span)),
            );
            continue;
        }
        seen.push(plugin);
        if builtin.iter().any(|b| b.source.eq_ignore_ascii_case(&plugin.source)) {
            continue;
        }
        let families: Vec<String> =
            builtin.iter().map(|b| format!("{} ({})", b.source, b.components.join(", "))).collect();
        diags.push(
            Diagnostic::error(
                "Plugin not available in rpacker",
                format!(
                    "rpacker does not have the plugin {} {} built in, and it never downloads or installs plugins. The plugin families rpacker has built in are: {}.",
                    plugin.source,
                    plugin.version,
                    families.join(", ")
                ),
            )
            .with_subject(Some(plugin.span)),
        );
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hcl::parse::load_config;

    const BUILTIN: &[BuiltinPlugin] = &[
        BuiltinPlugin { source: "github.com/hashicorp/amazon", components: &["amazon-ebs"] },
        BuiltinPlugin { source: "github.com/hashicorp/ansible", components: &["ansible"] },
    ];

    fn check(text: &str, name: &str) -> Vec<String> {
        let dir = std::env::temp_dir().join(format!("rpacker-hcl-plugins-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.pkr.hcl"), text).unwrap();
        let mut sources = SourceMap::new();
        let config = load_config(&dir, "1.16.0", &mut sources).unwrap();
        check_plugin_requirements(&config, BUILTIN, &sources)
            .iter()
            .map(|d| {
                let (file, at) = sources.start(d.subject.unwrap()).unwrap();
                assert!(file.name.ends_with("a.pkr.hcl"));
                format!("{}:{}: {}: {}", at.line, at.col, d.summary, d.detail)
            })
            .collect()
    }

    #[test]
    fn built_in_families_are_accepted_with_any_version() {
        let text = "packer {\n  required_plugins {\n    amazon = {\n      source  = \"github.com/hashicorp/amazon\"\n      version = \">= 99.0\"\n    }\n    ansible = {\n      version = \"~> 1\"\n      source  = \"github.com/hashicorp/ansible\"\n    }\n  }\n}\n";
        assert_eq!(check(text, "ok"), Vec::<String>::new());
    }

    #[test]
    fn other_sources_and_duplicates_are_errors_at_the_entry() {
        let text = "packer {\n  required_plugins {\n    docker = {\n      source  = \"github.com/hashicorp/docker\"\n      version = \">= 1.0.0\"\n    }\n  }\n}\npacker {\n  required_plugins {\n    docker = { source = \"github.com/hashicorp/amazon\", version = \">= 1\" }\n  }\n}\n";
        let got = check(text, "bad");
        assert_eq!(
            got,
            [
                "3:5: Plugin not available in rpacker: rpacker does not have the plugin github.com/hashicorp/docker >= 1.0.0 built in, and it never downloads or installs plugins. The plugin families rpacker has built in are: github.com/hashicorp/amazon (amazon-ebs), github.com/hashicorp/ansible (ansible).",
                "11:14: Duplicate required_plugin.\"docker\" block: Block previously seen at PATH:3,14-6,6 is already named \"docker\".\nNames at the left hand side of required_plugins are made available to use in your HCL2 configurations.\nTo allow to calling to their features correctly two plugins have to have different accessors.",
            ]
            .map(|s| s.replace("PATH", &std::env::temp_dir().join(format!("rpacker-hcl-plugins-{}-bad/a.pkr.hcl", std::process::id())).display().to_string())),
        );
    }
}
