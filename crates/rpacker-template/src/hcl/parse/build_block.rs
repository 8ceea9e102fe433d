//! The `build {}` block: source references, provisioners, post-processor chains.

use hcl_edit::expr::Expression;
use rpacker_diag::{Diagnostic, Span};

use super::config::{BuildBlock, PluginBlock, SourceRef};
use super::content::{BlockSchema, RawBlock, Schema};
use super::identifier::is_identifier;
use super::origin::Expr;

const BUILD: Schema = Schema {
    attributes: &[("name", false), ("description", false), ("sources", false)],
    blocks: &[
        BlockSchema { type_name: "source", labels: &["reference"] },
        BlockSchema { type_name: "provisioner", labels: &["type"] },
        BlockSchema { type_name: "error-cleanup-provisioner", labels: &["type"] },
        BlockSchema { type_name: "post-processor", labels: &["type"] },
        BlockSchema { type_name: "post-processors", labels: &[] },
        BlockSchema { type_name: "hcp_packer_registry", labels: &[] },
        BlockSchema { type_name: "dynamic", labels: &["type"] },
    ],
};

const POST_PROCESSORS: Schema =
    Schema { attributes: &[], blocks: &[BlockSchema { type_name: "post-processor", labels: &["type"] }] };

/// Reads a `build` block (Packer decodes it at Initialize: `diags` are deferred ones).
pub fn decode_build(block: RawBlock, diags: &mut Vec<Diagnostic>) -> Option<BuildBlock> {
    let content = block.body.content(&BUILD, diags);
    let attr = |n: &str| content.attribute(n).map(|a| a.expr.clone());
    let mut build = BuildBlock {
        name: attr("name"),
        description: attr("description"),
        sources: Vec::new(),
        provisioners: Vec::new(),
        error_cleanup_provisioner: None,
        post_processors: Vec::new(),
        dynamic_blocks: Vec::new(),
        span: block.span,
    };
    if let Some(sources) = content.attribute("sources") {
        build.sources.extend(source_list(&sources.expr, diags));
    }
    for inner in content.blocks {
        let plugin = |inner: RawBlock, diags: &mut Vec<Diagnostic>| PluginBlock {
            type_name: inner.labels[0].0.clone(),
            span: inner.def_span,
            body: inner.body.into_spanned(diags),
        };
        match inner.type_name.as_str() {
            "source" => {
                let (reference, span) = inner.labels[0].clone();
                let Some((type_name, name)) = split_source_ref(&reference, span, diags) else { continue };
                let mut body = inner.body.into_spanned(diags);
                let local_name =
                    body.body.remove_attribute("name").map(|a| Expr::new(a.value, &body.origin, body.span));
                build.sources.push(SourceRef { type_name, name, local_name, overrides: Some(body), span });
            }
            "provisioner" => build.provisioners.push(plugin(inner, diags)),
            "error-cleanup-provisioner" => build.error_cleanup_provisioner = Some(plugin(inner, diags)),
            "post-processor" => build.post_processors.push(vec![plugin(inner, diags)]),
            "post-processors" => {
                let chain = inner.body.content(&POST_PROCESSORS, diags);
                build.post_processors.push(chain.blocks.into_iter().map(|b| plugin(b, diags)).collect());
            }
            "dynamic" => build.dynamic_blocks.push(inner.body.into_spanned(diags)),
            _ => {}
        }
    }
    Some(build)
}

/// `sources = ["source.null.a", "null.b"]`: literal strings only (Packer decodes it without
/// an evaluation context).
fn source_list(expr: &Expr, diags: &mut Vec<Diagnostic>) -> Vec<SourceRef> {
    let Expression::Array(items) = &expr.expr else {
        diags.push(
            Diagnostic::error("Unsuitable value type", "Unsuitable value: list of string required")
                .with_subject(Some(expr.span)),
        );
        return Vec::new();
    };
    let mut refs = Vec::new();
    for item in items {
        let span = expr.span_of(item);
        let Some(text) = item.as_str() else {
            diags.push(
                Diagnostic::error("Variables not allowed", "Variables may not be used here.").with_subject(Some(span)),
            );
            continue;
        };
        if let Some((type_name, name)) = split_source_ref(text, span, diags) {
            refs.push(SourceRef { type_name, name, local_name: None, overrides: None, span });
        }
    }
    refs
}

/// `source.type.name` or `type.name` → `(type, name)`; Packer 1.6.6's error text otherwise
/// (its missing spaces included, verified with packer 1.6.6).
fn split_source_ref(reference: &str, span: Span, diags: &mut Vec<Diagnostic>) -> Option<(String, String)> {
    let parts: Vec<&str> = reference.split('.').collect();
    let pair = match parts.as_slice() {
        // Packer 1.6.6 ignores what the first of three parts says (`sources.null.a` works).
        [_, t, n] | [t, n] => Some((*t, *n)),
        _ => None,
    };
    match pair {
        Some((t, n)) if is_identifier(t) && is_identifier(n) => Some((t.to_owned(), n.to_owned())),
        _ => {
            diags.push(
                Diagnostic::error(
                    "Invalid source reference",
                    "A source type is made of three parts that aresplit by a dot `.`; each part must start with a letter and may contain only letters, digits, underscores, and dashes.A valid source reference looks like: `source.type.name`",
                )
                .with_subject(Some(span)),
            );
            None
        }
    }
}
