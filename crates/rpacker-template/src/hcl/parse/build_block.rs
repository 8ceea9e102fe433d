//! The `build {}` block: source references, provisioners, post-processor chains, and the
//! `dynamic` blocks that generate any of them (expanded once values are known, through a
//! [`DynamicExpander`] the evaluator provides).

use hcl_edit::expr::Expression;
use rpacker_diag::{Diagnostic, Span};

use super::config::{BuildBlock, Iterators, PluginBlock, SourceRef};
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

const POST_PROCESSORS: Schema = Schema {
    attributes: &[],
    blocks: &[
        BlockSchema { type_name: "post-processor", labels: &["type"] },
        BlockSchema { type_name: "dynamic", labels: &["type"] },
    ],
};

/// Expands a `dynamic` block of a build into the blocks it generates, each with the iterators
/// it sees (`inherited` plus its own); given the label names of the generated block type.
pub type DynamicExpander<'e> =
    dyn FnMut(&RawBlock, &'static [&'static str], &Iterators, &mut Vec<Diagnostic>) -> Vec<(RawBlock, Iterators)> + 'e;

/// Reads a `build` block (Packer decodes it at Initialize: `diags` are deferred ones).
/// `dynamic` blocks are only checked here; [`expand_build`] expands them.
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
        raw_blocks: content.blocks.clone(),
        span: block.span,
    };
    if let Some(sources) = content.attribute("sources") {
        build.sources.extend(source_list(&sources.expr, diags));
    }
    let mut no_expansion =
        |_: &RawBlock, _: &'static [&'static str], _: &Iterators, _: &mut Vec<Diagnostic>| Vec::new();
    for inner in content.blocks {
        add_block(&mut build, inner, &Iterators::new(), &mut no_expansion, diags);
    }
    Some(build)
}

/// The build with its `dynamic` blocks expanded (in place, so blocks keep their order), or
/// `None` when it has none.
pub fn expand_build(
    block: &BuildBlock,
    expand: &mut DynamicExpander<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<BuildBlock> {
    if !block.raw_blocks.iter().any(|b| b.type_name == "dynamic") {
        return None;
    }
    let mut build = BuildBlock {
        sources: block.sources.iter().filter(|s| s.overrides.is_none()).cloned().collect(),
        provisioners: Vec::new(),
        error_cleanup_provisioner: None,
        post_processors: Vec::new(),
        ..block.clone()
    };
    for inner in &block.raw_blocks {
        add_block(&mut build, inner.clone(), &Iterators::new(), expand, diags);
    }
    Some(build)
}

/// Adds one inner block of a build (a generated one sees `iterators`).
fn add_block(
    build: &mut BuildBlock,
    inner: RawBlock,
    iterators: &Iterators,
    expand: &mut DynamicExpander<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let plugin = |inner: RawBlock, diags: &mut Vec<Diagnostic>| {
        let body = inner.body.into_spanned(diags);
        let name = body.body.get_attribute("name").and_then(|a| a.value.as_str()).map(str::to_owned);
        PluginBlock {
            type_name: inner.labels[0].0.clone(),
            span: inner.def_span,
            body,
            iterators: iterators.clone(),
            name,
        }
    };
    match inner.type_name.as_str() {
        "source" => {
            let (reference, span) = inner.labels[0].clone();
            let Some((type_name, name)) = split_source_ref(&reference, span, diags) else { return };
            let mut body = inner.body.into_spanned(diags);
            let local_name = body.body.remove_attribute("name").map(|a| Expr::new(a.value, &body.origin, body.span));
            build.sources.push(SourceRef {
                type_name,
                name,
                local_name,
                overrides: Some(body),
                iterators: iterators.clone(),
                span,
            });
        }
        "provisioner" => build.provisioners.push(plugin(inner, diags)),
        "error-cleanup-provisioner" => build.error_cleanup_provisioner = Some(plugin(inner, diags)),
        "post-processor" => build.post_processors.push(vec![plugin(inner, diags)]),
        "post-processors" => {
            let mut chain = Vec::new();
            for item in inner.body.content(&POST_PROCESSORS, diags).blocks {
                if item.type_name == "dynamic" {
                    for (generated, its) in dynamic_blocks(&item, &POST_PROCESSORS, iterators, expand, diags) {
                        chain.push(PluginBlock { iterators: its, ..plugin(generated, diags) });
                    }
                } else {
                    chain.push(plugin(item, diags));
                }
            }
            build.post_processors.push(chain);
        }
        "dynamic" => {
            for (generated, its) in dynamic_blocks(&inner, &BUILD, iterators, expand, diags) {
                add_block(build, generated, &its, expand, diags);
            }
        }
        _ => {}
    }
}

/// Checks a `dynamic` block's type against `schema` and expands it.
fn dynamic_blocks(
    dynamic: &RawBlock,
    schema: &Schema,
    iterators: &Iterators,
    expand: &mut DynamicExpander<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(RawBlock, Iterators)> {
    let (block_type, at) = &dynamic.labels[0];
    match schema.blocks.iter().find(|b| b.type_name == block_type && b.type_name != "dynamic") {
        Some(target) => expand(dynamic, target.labels, iterators, diags),
        None => {
            diags.push(
                Diagnostic::error(
                    "Unsupported block type",
                    format!("Blocks of type {block_type:?} are not expected here."),
                )
                .with_subject(Some(*at)),
            );
            Vec::new()
        }
    }
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
            refs.push(SourceRef {
                type_name,
                name,
                local_name: None,
                overrides: None,
                iterators: Iterators::new(),
                span,
            });
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
