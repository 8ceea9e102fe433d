//! The corpus as a test: every JSON template of `../shared/corpus` whose builders are all
//! `amazon-ebs`, prepared builder by builder and compared with Packer 1.6.6's verdict in
//! `oracle.csv` where that verdict is about the builder:
//! - `ok` rows: every builder must prepare;
//! - `Failed to prepare build: "<name>" -> <msg>` rows: the builder named must fail with `<msg>`
//!   as its first error, or — when `<msg>` is a provisioner's (missing script, source,
//!   playbook…, which Packer only reaches after the builder prepared) — every builder must
//!   prepare;
//! - other rows fail before or beside the builder (required variables, parse errors, unknown
//!   plugins) and are not compared.
//!
//! Templates are rendered as the core would, with `rpacker-template`: user variables from the
//! template's defaults (in the oracle's environment: `AWS_ACCESS_KEY_ID=x`,
//! `AWS_SECRET_ACCESS_KEY=x`, `AWS_DEFAULT_REGION=us-east-1`, no variable files), then each
//! builder's options with Packer's functions and the builder's own. Skipped: files that are
//! not valid JSON (five), and templates whose variables do not render (their verdict is
//! about the variables, not the builder). File options (`user_data_file`,
//! `ssh_private_key_file`) are made absolute against the template's folder, where Packer ran.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rpacker_amazon::AmazonEbsBuilder;
use rpacker_gotmpl::FuncMap;
use rpacker_sdk::config::{ConfigError, ConfigErrors};
use rpacker_sdk::{BuilderPlugin, ConfigRenderer, PackerConfig, PluginConfig};
use rpacker_template::environment::{Environment, RunInfo};
use rpacker_template::interpolate::{render_config, render_to_fixpoint, InterpolateContext};
use rpacker_template::variables::render_user_variables;
use serde_json::Value;

/// Where the corpus lives: `../shared/corpus` beside the repository, as CI has it.
fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

/// Packer's functions plus the builder's own, with the template's user variables.
struct PackerFunctionsRenderer {
    ctx: InterpolateContext,
}

impl ConfigRenderer for PackerFunctionsRenderer {
    fn render(&self, layer: &Value, exclude: &[&str], funcs: &FuncMap) -> Result<Value, ConfigErrors> {
        let mut ctx = self.ctx.clone();
        for name in funcs.names() {
            let f = funcs.get(name).cloned().expect("listed function exists");
            ctx = ctx.with_func(name, move |args| f(args));
        }
        render_config(layer, &ctx, exclude).map_err(|e| ConfigErrors::render(ConfigError::general(e.to_string())))
    }
}

/// Packer's verdict on a builder, as far as the oracle tells.
#[derive(Debug)]
enum Verdict {
    Prepares,
    /// 1.6.6 rejects an option current Packer accepts: rpacker must prepare.
    PreparesNewerOption,
    FailsWith {
        build: String,
        message: String,
    },
}

/// Messages of provisioners and post-processors: Packer got past the builders to report them.
const NOT_BUILDER_MESSAGES: &[&str] =
    &["Bad script", "Bad source", "playbook_file:", "Bad cookbook path", "Source must be specified"];

/// Options 1.6.6 rejects as unknown and current Packer (hence rpacker) accepts.
const NEWER_OPTIONS: &[&str] =
    &["imds_support", "metadata_options", "skip_create_ami", "deprecate_at", "ami_org_arns", "ami_ou_arns"];

fn verdict(category: &str, first_error: &str) -> Option<Verdict> {
    if category == "ok" {
        return Some(Verdict::Prepares);
    }
    let rest = first_error.strip_prefix("Error: Failed to prepare build: \"")?;
    let (build, message) = rest.split_once("\" -> ")?;
    if NOT_BUILDER_MESSAGES.iter().any(|p| message.starts_with(p)) {
        return Some(Verdict::Prepares);
    }
    if NEWER_OPTIONS.iter().any(|k| message == format!("unknown configuration key: '\"{k}\"'")) {
        return Some(Verdict::PreparesNewerOption);
    }
    Some(Verdict::FailsWith { build: build.to_owned(), message: message.to_owned() })
}

/// The oracle keeps a message up to its first blank line, joined into one line.
fn one_line(s: &str) -> String {
    let first_paragraph = s.split("\n\n").next().unwrap_or_default();
    first_paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Template errors: which key Packer reports first depends on its renderer's walk, not on the
/// builder, so two template errors count as the same verdict.
fn is_template_error(message: &str) -> bool {
    message.starts_with("invalid '") || message.starts_with("render '")
}

/// The template's user variables rendered from their defaults, as `packer validate` without
/// variable files does; `None` when they do not render.
fn user_variables(template: &Value, run: &Arc<RunInfo>, path: &Path) -> Option<BTreeMap<String, String>> {
    let declared = template.get("variables").and_then(Value::as_object).cloned().unwrap_or_default();
    let defaults: Vec<(String, Option<String>)> = declared
        .into_iter()
        .map(|(name, default)| match default {
            Value::Null => Some((name, None)),
            Value::String(s) => Some((name, Some(s))),
            _ => None,
        })
        .collect::<Option<_>>()?;
    render_user_variables(&defaults, &[], run, Some(path)).ok()
}

/// Makes relative file options absolute against the template's folder.
fn anchor_files(options: &mut Value, dir: &Path) {
    for key in ["user_data_file", "ssh_private_key_file"] {
        if let Some(Value::String(path)) = options.get_mut(key) {
            if !path.is_empty() && !path.contains("{{") && Path::new(path.as_str()).is_relative() {
                *path = dir.join(&*path).to_string_lossy().into_owned();
            }
        }
    }
}

/// How many rows of each kind the run saw.
#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    compared: usize,
    agreed: usize,
    skipped_variables_do_not_render: usize,
    skipped_invalid_json: usize,
    not_about_the_builder: usize,
    /// Of the agreed: rows where both fail on a template (the key named may differ).
    agreed_template_errors: usize,
    /// Of the agreed: rows 1.6.6 rejects for a newer option.
    agreed_newer_options: usize,
}

#[test]
fn corpus_agrees_with_packer() {
    let root = corpus_dir();
    let mut oracle = csv::Reader::from_path(root.join("oracle.csv")).expect("the corpus oracle is readable");
    let oracle_env = [("AWS_ACCESS_KEY_ID", "x"), ("AWS_SECRET_ACCESS_KEY", "x"), ("AWS_DEFAULT_REGION", "us-east-1")];
    let env = Arc::new(Environment::new(oracle_env.map(|(k, v)| (k.to_owned(), v.to_owned())), root.clone()));
    let run = Arc::new(RunInfo::new(env, "1.6.6".into()));
    let mut tally = Tally::default();
    let mut disagreements = Vec::new();
    for row in oracle.deserialize::<std::collections::HashMap<String, String>>() {
        let row = row.expect("oracle rows parse");
        if row["format"] != "json" {
            continue;
        }
        let path = root.join(&row["file"]);
        let Ok(template) = serde_json::from_str::<Value>(&std::fs::read_to_string(&path).unwrap_or_default()) else {
            tally.skipped_invalid_json += 1;
            continue;
        };
        let builders = template.get("builders").and_then(Value::as_array).cloned().unwrap_or_default();
        if builders.is_empty() || !builders.iter().all(|b| b.get("type").and_then(Value::as_str) == Some("amazon-ebs"))
        {
            continue;
        }
        let Some(variables) = user_variables(&template, &run, &path) else {
            tally.skipped_variables_do_not_render += 1;
            continue;
        };
        let Some(verdict) = verdict(&row["validate_full_category"], &row["validate_full_first_error"]) else {
            tally.not_about_the_builder += 1;
            continue;
        };
        tally.compared += 1;
        let dir = path.parent().unwrap_or(&root).to_path_buf();
        let ctx = InterpolateContext::new(Arc::clone(&run))
            .with_user_variables(Arc::new(variables))
            .with_template_path(Some(path.clone()));
        let renderer = PackerFunctionsRenderer { ctx: ctx.clone() };
        let results: Vec<(String, Result<(), String>)> = builders
            .iter()
            .map(|b| {
                let raw_name = b.get("name").or_else(|| b.get("type")).and_then(Value::as_str).unwrap_or_default();
                let name = render_to_fixpoint(raw_name, "name", &ctx).unwrap_or_else(|_| raw_name.to_owned());
                let mut options = b.clone();
                // The core hands a builder its options without `name` and `type`.
                if let Value::Object(map) = &mut options {
                    map.remove("name");
                    map.remove("type");
                }
                anchor_files(&mut options, &dir);
                let packer = PackerConfig {
                    build_name: name.clone(),
                    builder_type: "amazon-ebs".into(),
                    ..PackerConfig::default()
                };
                let config = PluginConfig { layers: vec![options], packer: &packer, renderer: &renderer };
                // Messages name files as the user wrote them, relative to the template's folder.
                let anchor = format!("{}/", dir.display());
                let first_error = AmazonEbsBuilder.prepare(&config).map(|_| ()).map_err(|e| {
                    e.errors.first().map(|e| one_line(&e.message.replace(&anchor, ""))).unwrap_or_default()
                });
                (name, first_error)
            })
            .collect();
        let agrees = match &verdict {
            Verdict::Prepares => results.iter().all(|(_, r)| r.is_ok()),
            Verdict::PreparesNewerOption => {
                tally.agreed_newer_options += 1;
                results.iter().all(|(_, r)| r.is_ok())
            }
            Verdict::FailsWith { build, message } => results.iter().any(|(name, r)| {
                let Err(got) = r else { return false };
                if name != build {
                    return false;
                }
                if *got != one_line(message) && is_template_error(got) && is_template_error(message) {
                    tally.agreed_template_errors += 1;
                    return true;
                }
                *got == one_line(message)
            }),
        };
        if agrees {
            tally.agreed += 1;
        } else {
            disagreements.push(format!("{}: packer {verdict:?}, rpacker {results:?}", row["file"]));
        }
    }
    assert!(disagreements.is_empty(), "disagreements with packer 1.6.6:\n{}", disagreements.join("\n"));
    // Pinned so a change in coverage is noticed.
    let want = Tally {
        compared: 97,
        agreed: 97,
        skipped_variables_do_not_render: 3,
        skipped_invalid_json: 5,
        not_about_the_builder: 13,
        agreed_template_errors: 1,
        agreed_newer_options: 1,
    };
    assert_eq!(tally, want);
}
