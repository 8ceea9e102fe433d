//! Provisioner, error-cleanup-provisioner and post-processor blocks of one build: their
//! meta-arguments (`only`/`except` on source names, `override`, `pause_before`, `timeout`,
//! `max_retries`, `name`, `keep_input_artifact`) are read and removed, the rest becomes the
//! plugin's config.

use hcl_edit::structure::Attribute;
use rpacker_diag::{Diagnostic, Span};

use super::build_references::{deferred_build_value, generated_key_references};
use super::scope::Evaluator;
use super::value_node::{body_to_node, value_to_node};
use crate::hcl::parse::{BuildBlock, Iterators, PluginBlock};
use crate::hcl::value::HclValue;
use crate::json::parse_go_duration;
use crate::{Key, PostProcessorDef, ProvisionerDef, Spanned};

const PROVISIONER_META: &[&str] = &["name", "only", "except", "pause_before", "timeout", "max_retries", "override"];
const POST_PROCESSOR_META: &[&str] = &["name", "only", "except", "keep_input_artifact"];

/// The build a plugin block is being read for.
pub struct BuildTarget<'a> {
    /// `<type>.<local name>`: what `only`/`except` entries match.
    pub source_ref: &'a str,
    /// The source's local name: what `override` keys match.
    pub local_name: &'a str,
    /// The build's display name (the builder name `overrides` are keyed by in the model).
    pub build_name: &'a str,
}

/// Reads a provisioner for `target`; `Ok(None)` when its `only`/`except` leave the build out.
///
/// # Errors
/// Evaluation errors, both `only` and `except`, bad durations.
pub fn provisioner_for(
    block: &PluginBlock,
    target: &BuildTarget<'_>,
    eval: &Evaluator<'_>,
) -> Result<Option<ProvisionerDef>, Vec<Diagnostic>> {
    let (bindings, build_references) = block_bindings(block, eval);
    let eval = &eval.with_iterators(&bindings);
    let mut diags = Vec::new();
    if !selects(block, target, eval, &mut diags) {
        return if diags.is_empty() { Ok(None) } else { Err(diags) };
    }
    let duration = |name: &str, diags: &mut Vec<Diagnostic>| {
        let (value, span) = meta_value(block, name, eval, diags)?;
        let text = value.as_str()?.to_owned();
        match parse_go_duration(&text) {
            Ok(d) => Some(Spanned::new(d, span)),
            Err(e) => {
                diags.push(Diagnostic::error(format!("Failed to parse {name} duration"), e).with_subject(Some(span)));
                None
            }
        }
    };
    let block_name = meta_value(block, "name", eval, &mut diags)
        .and_then(|(v, _)| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let pause_before = duration("pause_before", &mut diags);
    let timeout = duration("timeout", &mut diags);
    let max_retries = meta_value(block, "max_retries", eval, &mut diags).and_then(|(v, span)| {
        let text = match &v {
            HclValue::Number(n) => n.to_string(),
            HclValue::String(s) => s.clone(),
            _ => return None,
        };
        Some(Spanned::new(text, span))
    });
    let mut overrides = Vec::new();
    if let Some((HclValue::Object(entries) | HclValue::Map(entries), span)) =
        meta_value(block, "override", eval, &mut diags)
    {
        if let Some(value) = entries.get(target.local_name) {
            overrides.push((Key::new(target.build_name.to_owned(), span), value_to_node(value, span)));
        }
    }
    let config = body_to_node(&block.body, eval, PROVISIONER_META, &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(Some(ProvisionerDef {
        type_name: Spanned::new(block.type_name.clone(), block.span),
        only: Vec::new(),
        except: Vec::new(),
        overrides,
        pause_before,
        timeout,
        max_retries,
        block_name,
        build_references,
        config,
        span: block.span,
    }))
}

/// Reads a post-processor for `target`; `Ok(None)` when its `only`/`except` leave it out.
///
/// # Errors
/// Evaluation errors, both `only` and `except`.
pub fn post_processor_for(
    block: &PluginBlock,
    target: &BuildTarget<'_>,
    eval: &Evaluator<'_>,
) -> Result<Option<PostProcessorDef>, Vec<Diagnostic>> {
    let (bindings, build_references) = block_bindings(block, eval);
    let eval = &eval.with_iterators(&bindings);
    let mut diags = Vec::new();
    if !selects(block, target, eval, &mut diags) {
        return if diags.is_empty() { Ok(None) } else { Err(diags) };
    }
    let given = meta_value(block, "name", eval, &mut diags)
        .and_then(|(v, span)| v.as_str().map(|s| Spanned::new(s.to_owned(), span)));
    let display_name = given.as_ref().map(|n| n.value.clone()).unwrap_or_default();
    // `-except` matches the type of an unnamed post-processor.
    let name = given.unwrap_or_else(|| Spanned::new(block.type_name.clone(), block.span));
    let keep_input_artifact = meta_value(block, "keep_input_artifact", eval, &mut diags).and_then(|(v, _)| v.as_bool());
    let config = body_to_node(&block.body, eval, POST_PROCESSOR_META, &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(Some(PostProcessorDef {
        type_name: Spanned::new(block.type_name.clone(), block.span),
        name,
        display_name,
        only: Vec::new(),
        except: Vec::new(),
        keep_input_artifact,
        build_references,
        config,
        span: block.span,
    }))
}

/// What a plugin block's expressions see besides `eval`'s scope: its iterators, and a `build`
/// object that also has the builder-generated keys it references; with those references.
fn block_bindings(block: &PluginBlock, eval: &Evaluator<'_>) -> (Iterators, Vec<Spanned<String>>) {
    let references = generated_key_references(&block.body);
    let mut bindings = block.iterators.clone();
    if let (false, Some(HclValue::Object(build))) = (references.is_empty(), eval.scope.get("build")) {
        let mut build = build.clone();
        for key in &references {
            build.insert(key.value.clone(), deferred_build_value(&key.value));
        }
        bindings.insert("build".to_owned(), HclValue::Object(build));
    }
    (bindings, references)
}

/// The `name` of a plugin block (what `inspect` shows after the type).
#[must_use]
pub fn block_name(block: &PluginBlock) -> Option<String> {
    block.name.clone()
}

/// Evaluates the `name` of a build's plugin blocks, as Packer decodes them at Initialize
/// (`var`, `local`, `path`, `packer` and their iterators; a name that cannot be evaluated
/// there keeps its literal value).
pub fn evaluate_names(build: &mut BuildBlock, base: &Evaluator<'_>) {
    let chains = build.post_processors.iter_mut().flatten();
    for block in build.provisioners.iter_mut().chain(build.error_cleanup_provisioner.as_mut()).chain(chains) {
        let Some(attr) = block.body.body.get_attribute("name") else { continue };
        let eval = base.with_iterators(&block.iterators);
        if let Ok(HclValue::String(name)) =
            eval.evaluate(&attr.value, &block.body.origin, block.body.span_of(&attr.value))
        {
            block.name = Some(name);
        }
    }
}

/// Whether the block's `only`/`except` (lists of `type.name`) select the build.
fn selects(block: &PluginBlock, target: &BuildTarget<'_>, eval: &Evaluator<'_>, diags: &mut Vec<Diagnostic>) -> bool {
    let list = |name: &str, diags: &mut Vec<Diagnostic>| -> Option<Vec<String>> {
        let (value, _) = meta_value(block, name, eval, diags)?;
        Some(value.elements()?.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
    };
    let only = list("only", diags);
    let except = list("except", diags);
    if only.is_some() && except.is_some() {
        diags.push(
            Diagnostic::error("only one of 'only' or 'except' may be specified", "").with_subject(Some(block.span)),
        );
        return false;
    }
    if let Some(only) = only {
        return only.iter().any(|o| o == target.source_ref);
    }
    !except.is_some_and(|e| e.iter().any(|x| x == target.source_ref))
}

/// A meta-argument's value and span, when the block sets it to something non-null.
fn meta_value(
    block: &PluginBlock,
    name: &str,
    eval: &Evaluator<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(HclValue, Span)> {
    let attr: &Attribute = block.body.body.get_attribute(name)?;
    let span = block.body.span_of(&attr.value);
    match eval.evaluate(&attr.value, &block.body.origin, span) {
        Ok(value) if value.is_null() => None,
        Ok(value) => Some((value, span)),
        Err(more) => {
            diags.extend(more);
            None
        }
    }
}
