//! `inspect`: the components of a JSON template, raw (nothing interpolated), in Packer's exact
//! layout and machine-readable lines.

use std::sync::Arc;

use rpacker_core::{RegistryDataSources, PACKER_COMPAT_VERSION};
use rpacker_template::environment::RunInfo;
use rpacker_template::hcl::assemble::{self, inspect_messages, AssembleContext, DataSources};
use rpacker_template::hcl::value::HclValue;
use rpacker_template::Template;

use crate::flags::{FlagDef, FlagKind};
use crate::load::{config_type, load_json_template, load_var_files, ConfigType};
use crate::load_hcl::load_hcl_config;
use crate::ui::Ui;

/// `packer inspect -h` (1.6.6 text).
pub const HELP: &str = "Usage: packer inspect TEMPLATE

  Inspects a template, parsing and outputting the components a template
  defines. This does not validate the contents of a template (other than
  basic syntax by necessity).

Options:

  -machine-readable  Machine-readable output";

const FLAGS: &[FlagDef] = &[
    FlagDef { name: "var", kind: FlagKind::KeyValue },
    FlagDef { name: "var-file", kind: FlagKind::Repeated },
    FlagDef { name: "use-sequential-evaluation", kind: FlagKind::Bool },
];

/// Runs `inspect`.
pub fn run(ui: &mut Ui, args: &[String]) -> i32 {
    let (flags, path) = match super::parse_template_command(ui, FLAGS, HELP, args) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    if config_type(&path) == ConfigType::Hcl2 {
        return inspect_hcl(ui, &path, flags.list("var-file"), flags.pairs("var"));
    }
    let mut loaded = match load_json_template(ui, &path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    // Variable values are not shown (inspect prints raw defaults), but bad var files still fail.
    if let Err(code) = load_var_files(ui, &mut loaded.sources, flags.list("var-file"), flags.pairs("var")) {
        return code;
    }
    inspect_json(ui, &loaded.template);
    0
}

/// HCL2: Initialize errors are ignored; unset variables show (and evaluate) as unknown.
fn inspect_hcl(ui: &mut Ui, path: &str, var_files: &[String], vars: &[(String, String)]) -> i32 {
    let mut loaded = match load_hcl_config(ui, path, var_files, vars) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    for var in &mut loaded.variables {
        var.value.get_or_insert_with(HclValue::unknown);
    }
    // Packer's inspect does not look for the required plugins.
    loaded.config.plugin_diagnostics.clear();
    // Current Packer's inspect runs data sources; rpacker's only checks their options, so it
    // stays offline and quick (locals that read one show as unknown; see docs/compat.md).
    let registry = crate::plugins::builtin_registry();
    let environment = Arc::new(loaded.function_context.environment.clone());
    let run = Arc::new(RunInfo::new(environment, PACKER_COMPAT_VERSION.to_owned()));
    let data_sources = RegistryDataSources::new(&registry, run);
    let ctx = AssembleContext {
        function_context: &loaded.function_context,
        path_root: &loaded.path_root,
        packer_version: PACKER_COMPAT_VERSION,
        data_sources: DataSources { runner: &data_sources, execute: false },
    };
    let (locals, build_blocks) = match assemble::initialize(&loaded.config, &loaded.variables, &ctx, &loaded.sources) {
        Ok(hcl) => {
            ui.add_secrets(hcl.secrets);
            (hcl.locals, hcl.build_blocks)
        }
        Err(_) => (Default::default(), loaded.config.builds.clone()),
    };
    // Sensitive variables are masked even when Initialize failed.
    for var in loaded.variables.iter().filter(|v| v.sensitive) {
        if let Some(value) = &var.value {
            let mut leaves = Vec::new();
            assemble::string_leaves(value, &mut leaves);
            ui.add_secrets(leaves);
        }
    }
    let variables =
        loaded.variables.iter().map(|v| (v.name.clone(), v.value.clone().unwrap_or_else(HclValue::unknown))).collect();
    for message in inspect_messages(&build_blocks, &variables, &locals) {
        ui.say(&message);
    }
    0
}

fn inspect_json(ui: &mut Ui, t: &Template) {
    ui.say("Packer Inspect: JSON mode");
    if let Some(d) = t.description.as_ref().filter(|d| !d.value.is_empty()) {
        ui.say("Description:\n");
        ui.say(&format!("{}\n", d.value));
    }
    inspect_variables(ui, t);
    ui.say("");

    ui.say("Builders:\n");
    if t.builders.is_empty() {
        ui.say("  <No builders>");
    } else {
        let mut builders: Vec<_> = t.builders.iter().collect();
        builders.sort_by(|a, b| a.name.value.cmp(&b.name.value));
        let width = builders.iter().map(|b| b.name.value.len()).max().unwrap_or(0);
        for b in builders {
            let mut line = format!("  {:<width$}", b.name.value);
            if b.name.value != b.type_name.value {
                line.push_str(&format!(" ({})", b.type_name.value));
            }
            ui.machine("", "template-builder", &[&b.name.value, &b.type_name.value]);
            ui.say(&line);
        }
    }
    ui.say("");

    ui.say("Provisioners:\n");
    if t.provisioners.is_empty() {
        ui.say("  <No provisioners>");
    }
    for p in &t.provisioners {
        ui.machine("", "template-provisioner", &[&p.type_name.value]);
        ui.say(&format!("  {}", p.type_name.value));
    }
    ui.say(
        "\nNote: If your build names contain user variables or template\nfunctions such as 'timestamp', these are processed at build time,\nand therefore only show in their raw form here.",
    );
}

fn inspect_variables(ui: &mut Ui, t: &Template) {
    if t.variables.is_empty() {
        ui.say("Variables:\n");
        ui.say("  <No variables>");
        return;
    }
    // Packer's quirk: any default equal to a sensitive variable's default is masked.
    let sensitive_defaults: Vec<&str> = t
        .sensitive_variables
        .iter()
        .filter_map(|s| t.variables.iter().find(|v| v.name.value == s.value))
        .map(|v| v.default.as_ref().map_or("", |d| d.value.as_str()))
        .collect();
    let shown = |default: &str| {
        if sensitive_defaults.contains(&default) {
            "<sensitive>".to_owned()
        } else {
            default.to_owned()
        }
    };

    let mut variables: Vec<_> = t.variables.iter().collect();
    variables.sort_by(|a, b| a.name.value.cmp(&b.name.value));
    let mut required_header = false;
    for v in variables.iter().filter(|v| v.is_required()) {
        if !required_header {
            required_header = true;
            ui.say("Required variables:\n");
        }
        ui.machine("", "template-variable", &[&v.name.value, &shown(""), "1"]);
        ui.say(&format!("  {}", v.name.value));
    }
    if required_header {
        ui.say("");
    }
    ui.say("Optional variables and their defaults:\n");
    let width = variables.iter().map(|v| v.name.value.len()).max().unwrap_or(0);
    for v in variables.iter().filter(|v| !v.is_required()) {
        let default = shown(v.default.as_ref().map_or("", |d| d.value.as_str()));
        ui.machine("", "template-variable", &[&v.name.value, &default, "0"]);
        ui.say(&format!("  {:<width$} = {default}", v.name.value));
    }
}
