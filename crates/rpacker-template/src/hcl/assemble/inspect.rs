//! `packer inspect`'s HCL2 report: variables and locals with Go-quoted rendered values, then
//! each build block's sources, provisioners and post-processor chains, as the three UI
//! messages Packer 1.6.6 sends (verified with packer 1.6.6, machine-readable included).

use std::collections::BTreeMap;

use rpacker_gotmpl::go_quote;

use super::builds::build_block_name;
use super::plugin_blocks::block_name;
use super::value_node::render_value;
use crate::hcl::parse::{BuildBlock, PluginBlock};
use crate::hcl::value::HclValue;

/// The three messages `inspect` says, in order (each printed with a newline after it), for
/// `build_blocks` (expanded ones when Initialize got that far, else the configuration's).
#[must_use]
pub fn inspect_messages(
    build_blocks: &[BuildBlock],
    variables: &BTreeMap<String, HclValue>,
    locals: &BTreeMap<String, HclValue>,
) -> [String; 3] {
    let mut values = String::from("> input-variables:\n\n");
    for (name, value) in variables {
        values.push_str(&format!("var.{name}: {}\n", go_quote(&render_value(value))));
    }
    values.push_str("\n> local-variables:\n\n");
    for (name, value) in locals {
        values.push_str(&format!("local.{name}: {}\n", go_quote(&render_value(value))));
    }

    let mut builds = String::from("> builds:\n");
    for (i, build) in build_blocks.iter().enumerate() {
        let name = build_block_name(build).unwrap_or_else(|| format!("<unnamed build {i}>"));
        builds.push_str(&format!("\n  > {name}:\n"));
        if let Some(description) = build.description.as_ref().and_then(|d| d.as_literal_str()) {
            builds.push_str(&format!("\n  > Description: {description}\n"));
        }
        builds.push_str("\n    sources:\n");
        if build.sources.is_empty() {
            builds.push_str("\n      <no source>\n");
        }
        for source in &build.sources {
            // Packer 1.6.6 prints the definition reference, not the build-level name.
            builds.push_str(&format!("\n      {}.{}\n", source.type_name, source.name));
        }
        builds.push_str("\n    provisioners:\n\n");
        if build.provisioners.is_empty() {
            builds.push_str("      <no provisioner>\n");
        }
        for p in &build.provisioners {
            builds.push_str(&format!("      {}\n", plugin_label(p)));
        }
        builds.push_str("\n    post-processors:\n");
        if build.post_processors.is_empty() {
            builds.push_str("\n      <no post-processor>\n");
        }
        for (i, chain) in build.post_processors.iter().enumerate() {
            builds.push_str(&format!("\n      {i}:\n"));
            for pp in chain {
                builds.push_str(&format!("        {}\n", plugin_label(pp)));
            }
        }
    }
    ["Packer Inspect: HCL2 mode\n".to_owned(), values, builds]
}

/// `type` or `type.name`.
fn plugin_label(block: &PluginBlock) -> String {
    match block_name(block) {
        Some(name) => format!("{}.{name}", block.type_name),
        None => block.type_name.clone(),
    }
}
