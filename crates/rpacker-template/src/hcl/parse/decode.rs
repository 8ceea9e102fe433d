//! The top-level schema: sorts a file's blocks into [`ConfigFiles`] and checks their shape.
//!
//! Packer's structural errors (texts verified with packer 1.6.6): unsupported blocks and
//! arguments, label counts, `Invalid variable name`, `Duplicate variable` (no subject, as
//! 1.6.6 prints it), `Duplicate source block` (with the first block's `file:line,col-col`),
//! and the `required_plugins` and `data` block shape errors of current Packer.

use rpacker_diag::{Diagnostic, SourceMap, Span};

use super::build_block::decode_build;
use super::config::{ConfigFiles, DataBlock, LocalDef, PackerBlock, SourceBlock, Validation, VariableBlock};
use super::content::{BlockSchema, RawBlock, RawBody, Schema};
use super::identifier::is_identifier;
use super::required_plugins::decode_required_plugins;
use super::type_expr::parse_type_constraint;

/// Packer's top-level blocks, in HCL's suggestion order (`varable` → `variables`).
pub const TOP_LEVEL: Schema = Schema {
    attributes: &[],
    blocks: &[
        BlockSchema { type_name: "packer", labels: &[] },
        BlockSchema { type_name: "source", labels: &["type", "name"] },
        BlockSchema { type_name: "variables", labels: &[] },
        BlockSchema { type_name: "variable", labels: &["name"] },
        BlockSchema { type_name: "locals", labels: &[] },
        BlockSchema { type_name: "local", labels: &["name"] },
        BlockSchema { type_name: "data", labels: &["type", "name"] },
        BlockSchema { type_name: "build", labels: &[] },
        BlockSchema { type_name: "communicator", labels: &["type", "name"] },
        BlockSchema { type_name: "hcp_packer_registry", labels: &[] },
    ],
};

const VARIABLE: Schema = Schema {
    attributes: &[("description", false), ("default", false), ("type", false), ("sensitive", false)],
    blocks: &[BlockSchema { type_name: "validation", labels: &[] }],
};

const VALIDATION: Schema = Schema { attributes: &[("condition", true), ("error_message", true)], blocks: &[] };

const PACKER: Schema = Schema {
    attributes: &[("required_version", false)],
    blocks: &[BlockSchema { type_name: "required_plugins", labels: &[] }],
};

const LOCAL: Schema = Schema { attributes: &[("expression", true), ("sensitive", false)], blocks: &[] };

/// Adds one file's top-level body to `config`.
pub fn decode_file(body: &RawBody, sources: &SourceMap, config: &mut ConfigFiles, diags: &mut Vec<Diagnostic>) {
    let content = body.content(&TOP_LEVEL, diags);
    for block in content.blocks {
        match block.type_name.as_str() {
            "packer" => decode_packer(block, config, diags),
            "variable" => decode_variable(block, config, diags),
            "variables" => {
                for attr in block.body.just_attributes(diags) {
                    let variable = VariableBlock {
                        name: attr.name,
                        type_expr: None,
                        type_constraint: None,
                        default_expr: Some(attr.expr),
                        description: None,
                        sensitive: None,
                        validations: Vec::new(),
                        from_variables_block: true,
                        span: attr.span,
                    };
                    add_variable(variable, config, diags);
                }
            }
            "locals" => {
                for attr in block.body.just_attributes(diags) {
                    config.locals.push(LocalDef { name: attr.name, expr: attr.expr, sensitive: None, span: attr.span });
                }
            }
            "local" => {
                let local = block.body.content(&LOCAL, diags);
                let name = block.labels[0].0.clone();
                if let Some(expr) = local.attribute("expression") {
                    let sensitive = local.attribute("sensitive").map(|a| a.expr.clone());
                    config.locals.push(LocalDef { name, expr: expr.expr.clone(), sensitive, span: block.def_span });
                }
            }
            "source" => decode_source(block, sources, config),
            "data" => decode_data(block, sources, config, diags),
            "build" => {
                if let Some(build) = decode_build(block, &mut config.initialize_diagnostics) {
                    config.builds.push(build);
                }
            }
            // Reserved / HCP-only: accepted by the schema, nothing to do here.
            _ => {}
        }
    }
}

fn decode_packer(block: RawBlock, config: &mut ConfigFiles, diags: &mut Vec<Diagnostic>) {
    let content = block.body.content(&PACKER, diags);
    let required_version = content.attribute("required_version").map(|a| a.expr.clone());
    let mut required_plugins = Vec::new();
    for inner in content.blocks {
        required_plugins.extend(decode_required_plugins(&inner.body, diags));
    }
    config.packer_blocks.push(PackerBlock { required_version, required_plugins, span: block.span });
}

fn decode_variable(block: RawBlock, config: &mut ConfigFiles, diags: &mut Vec<Diagnostic>) {
    let (name, name_span) = block.labels[0].clone();
    let content = block.body.content(&VARIABLE, diags);
    if !is_identifier(&name) {
        diags.push(
            Diagnostic::error(
                "Invalid variable name",
                "A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.",
            )
            .with_subject(Some(name_span)),
        );
        return;
    }
    let attr = |n: &str| content.attribute(n).map(|a| a.expr.clone());
    let type_constraint = match content.attribute("type").map(|a| parse_type_constraint(&a.expr)) {
        Some(Ok(t)) => Some(t),
        Some(Err(diag)) => {
            diags.push(diag);
            None
        }
        None => None,
    };
    let mut validations = Vec::new();
    for v in &content.blocks {
        let inner = v.body.content(&VALIDATION, diags);
        if let (Some(condition), Some(error_message)) = (inner.attribute("condition"), inner.attribute("error_message"))
        {
            validations.push(Validation {
                condition: condition.expr.clone(),
                error_message: error_message.expr.clone(),
                span: v.span,
            });
        }
    }
    let variable = VariableBlock {
        name,
        type_expr: attr("type"),
        type_constraint,
        default_expr: attr("default"),
        description: attr("description"),
        sensitive: attr("sensitive"),
        validations,
        from_variables_block: false,
        span: block.def_span,
    };
    add_variable(variable, config, diags);
}

fn add_variable(variable: VariableBlock, config: &mut ConfigFiles, diags: &mut Vec<Diagnostic>) {
    if config.variables.iter().any(|v| v.name == variable.name) {
        // Packer 1.6.6 prints this one without a source location.
        diags.push(Diagnostic::error(
            "Duplicate variable",
            format!("Duplicate {} variable definition found.", variable.name),
        ));
        return;
    }
    config.variables.push(variable);
}

/// Source blocks are checked at Initialize in Packer, so their errors are deferred.
fn decode_source(block: RawBlock, sources: &SourceMap, config: &mut ConfigFiles) {
    let diags = &mut config.initialize_diagnostics;
    let [(type_name, _), (name, _)] = <[_; 2]>::try_from(block.labels).unwrap_or_default();
    if let Some(previous) = config.sources.iter().find(|s| s.type_name == type_name && s.name == name) {
        diags.push(
            Diagnostic::error(
                "Duplicate source block",
                format!(
                    "This source block has the same builder type and name as a previous block declared at {}. Each source must have a unique name per builder type.",
                    hcl_range(sources, previous.span)
                ),
            )
            .with_subject(Some(block.def_span)),
        );
        return;
    }
    let body = block.body.into_spanned(diags);
    config.sources.push(SourceBlock { type_name, name, body, span: block.def_span });
}

/// A `data` block: both labels must be identifiers, and a type and name pair is declared once
/// (Packer checks both when it reads the files, so `validate -syntax-only` reports them).
fn decode_data(block: RawBlock, sources: &SourceMap, config: &mut ConfigFiles, diags: &mut Vec<Diagnostic>) {
    let [(type_name, type_span), (name, name_span)] = <[_; 2]>::try_from(block.labels).unwrap_or_default();
    let mut valid = true;
    for (label, span, summary) in
        [(&type_name, type_span, "Invalid data source name"), (&name, name_span, "Invalid data resource name")]
    {
        if !is_identifier(label) {
            valid = false;
            diags.push(
                Diagnostic::error(
                    summary,
                    "A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.",
                )
                .with_subject(Some(span)),
            );
        }
    }
    if !valid {
        return;
    }
    if let Some(previous) = config.data.iter().find(|d| d.type_name == type_name && d.name == name) {
        diags.push(
            Diagnostic::error(
                "Duplicate data block",
                format!(
                    "This data block has the same data type and name as a previous block declared at {}. Each data must have a unique name per builder type.",
                    hcl_range(sources, previous.span)
                ),
            )
            .with_subject(Some(block.def_span)),
        );
        return;
    }
    let body = block.body.into_spanned(diags);
    config.data.push(DataBlock { type_name, type_span, name, body, span: block.def_span });
}

/// HCL's `Range.String()`: `file:line,col-col` or `file:line,col-line,col`.
pub fn hcl_range(sources: &SourceMap, span: Span) -> String {
    let Some(file) = sources.file(span.file) else { return String::new() };
    let start = file.line_col(span.start as usize);
    let end = file.line_col(span.end as usize);
    if start.line == end.line {
        format!("{}:{},{}-{}", file.name, start.line, start.col, end.col)
    } else {
        format!("{}:{},{}-{},{}", file.name, start.line, start.col, end.line, end.col)
    }
}
