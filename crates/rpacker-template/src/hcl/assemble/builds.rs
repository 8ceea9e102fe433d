//! `build` blocks → [`HclBuild`]s: one per build block × source reference, in file order,
//! named `[<build name>.]<type>.<local name>`, with the build-level `source` arguments merged
//! into the source body (adding, never overriding) and the plugin blocks that select it.
//! `dynamic` blocks of a build are expanded first, in place.

use rpacker_diag::{Diagnostic, SourceMap};

use super::dynamic::expand_dynamic;
use super::plugin_blocks::{evaluate_names, post_processor_for, provisioner_for, BuildTarget};
use super::scope::{build_object, Evaluator};
use super::value_node::body_to_node;
use crate::hcl::eval::Scope;
use crate::hcl::parse::{
    expand_build, hcl_range, BuildBlock, ConfigFiles, Iterators, RawBlock, SourceBlock, SourceRef,
};
use crate::hcl::value::HclValue;
use crate::{BuilderDef, HclBuild, NodeValue, Spanned};

/// The literal `name` of a build block (Packer 1.6.6 allows no references there).
#[must_use]
pub fn build_block_name(build: &BuildBlock) -> Option<String> {
    build.name.as_ref().and_then(|n| n.as_literal_str()).map(str::to_owned)
}

/// The build blocks with their `dynamic` blocks expanded; `base` is the scope with `var`,
/// `local`, `path` and `packer` (what `for_each` and `labels` see, as Packer's data source
/// context).
///
/// # Errors
/// Every expansion error.
pub fn expand_build_blocks(config: &ConfigFiles, base: &Evaluator<'_>) -> Result<Vec<BuildBlock>, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut expander =
        |dynamic: &RawBlock, labels: &'static [&'static str], inherited: &Iterators, diags: &mut Vec<Diagnostic>| {
            expand_dynamic(dynamic, labels, base, inherited, diags)
        };
    let blocks = config
        .builds
        .iter()
        .map(|block| {
            let mut block = expand_build(block, &mut expander, &mut diags).unwrap_or_else(|| block.clone());
            evaluate_names(&mut block, base);
            block
        })
        .collect();
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(blocks)
}

/// Every build of `blocks` (expanded build blocks of `config`); `base` is the scope with
/// `var`, `local`, `path`, `packer`.
///
/// # Errors
/// Unknown sources, duplicate arguments, and every evaluation error.
pub fn assemble_builds(
    config: &ConfigFiles,
    blocks: &[BuildBlock],
    base: &Evaluator<'_>,
    sources: &SourceMap,
) -> Result<Vec<HclBuild>, Vec<Diagnostic>> {
    let mut builds = Vec::new();
    let mut diags = Vec::new();
    for block in blocks {
        let block_name = build_block_name(block);
        for reference in &block.sources {
            let Some(source) =
                config.sources.iter().find(|s| s.type_name == reference.type_name && s.name == reference.name)
            else {
                let known: Vec<String> = config.sources.iter().map(|s| format!("{}.{}", s.type_name, s.name)).collect();
                diags.push(
                    Diagnostic::error(
                        format!("Unknown source {}.{}", reference.type_name, reference.name),
                        format!("Known: [{}]", known.join(" ")),
                    )
                    .with_subject(Some(reference.span)),
                );
                continue;
            };
            match assemble_build(block, block_name.as_deref(), reference, source, base, sources) {
                Ok(build) => builds.push(build),
                Err(more) => diags.extend(more),
            }
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(builds)
}

fn assemble_build(
    block: &BuildBlock,
    block_name: Option<&str>,
    reference: &SourceRef,
    source: &SourceBlock,
    base: &Evaluator<'_>,
    sources: &SourceMap,
) -> Result<HclBuild, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let local_name = reference
        .local_name
        .as_ref()
        .and_then(|e| base.with_iterators(&reference.iterators).evaluate(&e.expr, &e.origin, e.span).ok())
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| source.name.clone());
    let source_ref = format!("{}.{local_name}", source.type_name);
    let name = block_name.map_or_else(|| source_ref.clone(), |b| format!("{b}.{source_ref}"));

    // Source bodies see an unknown `build` and their own `source` object.
    let source_scope = Scope::child_of(&base.scope)
        .with("source", Scope::source_object(&source.type_name, &local_name))
        .with("build", HclValue::unknown());
    let source_eval =
        Evaluator { scope: source_scope, functions: base.functions, function_context: base.function_context };
    let mut config = body_to_node(&source.body, &source_eval, &[], &mut diags);
    if let Some(extra) = &reference.overrides {
        for attr in extra.body.attributes() {
            if let Some(existing) = source.body.body.get_attribute(attr.key.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "Duplicate argument",
                        format!(
                            "Argument {:?} was already set at {}",
                            attr.key.as_str(),
                            hcl_range(sources, source.body.span_of(&existing.key))
                        ),
                    )
                    .with_subject(Some(extra.span_of(&attr.key))),
                );
            }
        }
        let added = body_to_node(extra, &source_eval.with_iterators(&reference.iterators), &[], &mut diags);
        if let (NodeValue::Object(entries), NodeValue::Object(more)) = (&mut config.value, added.value) {
            entries.extend(more);
        }
    }

    let plugin_scope = Scope::child_of(&base.scope)
        .with("source", Scope::source_object(&source.type_name, &local_name))
        .with("build", build_object(block_name.unwrap_or("")));
    let plugin_eval =
        Evaluator { scope: plugin_scope, functions: base.functions, function_context: base.function_context };
    let target = BuildTarget { source_ref: &source_ref, local_name: &local_name, build_name: &name };
    let mut provisioners = Vec::new();
    for p in &block.provisioners {
        match provisioner_for(p, &target, &plugin_eval) {
            Ok(Some(p)) => provisioners.push(p),
            Ok(None) => {}
            Err(more) => diags.extend(more),
        }
    }
    let error_cleanup_provisioner =
        match block.error_cleanup_provisioner.as_ref().map(|p| provisioner_for(p, &target, &plugin_eval)) {
            Some(Ok(p)) => p,
            Some(Err(more)) => {
                diags.extend(more);
                None
            }
            None => None,
        };
    let mut post_processors = Vec::new();
    for chain in &block.post_processors {
        let mut kept = Vec::new();
        for pp in chain {
            match post_processor_for(pp, &target, &plugin_eval) {
                Ok(Some(pp)) => kept.push(pp),
                Ok(None) => {}
                Err(more) => diags.extend(more),
            }
        }
        if !kept.is_empty() {
            post_processors.push(kept);
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(HclBuild {
        name: name.clone(),
        source_name: source.name.clone(),
        builder: BuilderDef {
            name: Spanned::new(name, reference.span),
            type_name: Spanned::new(source.type_name.clone(), source.span),
            config,
            span: source.span,
        },
        provisioners,
        error_cleanup_provisioner,
        post_processors,
    })
}
