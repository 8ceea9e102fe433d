//! The `post-processors` section: each element is a chain given as a type name, an object, or
//! a list of those (Packer's `parsePostProcessor`), then each post-processor is strictly
//! decoded (`type`, `name`, `only`, `except`, `keep_input_artifact`).

use super::mapstructure::{error_list_text, field, Decoder};
use super::object_rest::without_keys;
use crate::{Node, NodeValue, PostProcessorDef, Spanned, TemplateError};

/// Keys Packer's core removes before the plugin sees the configuration.
const CORE_KEYS: &[&str] = &["except", "only", "keep_input_artifact", "type", "name"];

/// Reads the `post-processors` elements into chains; errors are appended to `errors`.
pub fn read_post_processors(items: &[Node], errors: &mut Vec<TemplateError>) -> Vec<Vec<PostProcessorDef>> {
    let mut chains = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let i = index + 1;
        let Some(members) = chain_members(i, item, errors) else { continue };
        let mut chain = Vec::with_capacity(members.len());
        for (position, member) in members.into_iter().enumerate() {
            match decode_post_processor(member) {
                Ok(pp) => chain.push(pp),
                Err(e) => errors.push(TemplateError {
                    message: format!("post-processor {i}.{}: {}", position + 1, e.message),
                    span: e.span,
                }),
            }
        }
        chains.push(chain);
    }
    chains
}

/// The members of one chain (each a string or an object), or `None` after reporting why not.
fn chain_members<'n>(i: usize, item: &'n Node, errors: &mut Vec<TemplateError>) -> Option<Vec<&'n Node>> {
    match &item.value {
        NodeValue::String(_) | NodeValue::Object(_) => Some(vec![item]),
        NodeValue::Array(members) => {
            let before = errors.len();
            for (position, member) in members.iter().enumerate() {
                let problem = match member.value {
                    NodeValue::String(_) | NodeValue::Object(_) => continue,
                    NodeValue::Array(_) => "sequence not allowed to be nested in a sequence",
                    _ => "unknown format",
                };
                errors.push(TemplateError::at(format!("post-processor {i}.{}: {problem}", position + 1), member.span));
            }
            (errors.len() == before).then(|| members.iter().collect())
        }
        _ => {
            errors.push(TemplateError::at(format!("post-processor {i}: bad format"), item.span));
            None
        }
    }
}

/// Strictly decodes one post-processor given as a type name or an object.
fn decode_post_processor(member: &Node) -> Result<PostProcessorDef, TemplateError> {
    if let NodeValue::String(type_name) = &member.value {
        return Ok(PostProcessorDef {
            type_name: Spanned::new(type_name.clone(), member.span),
            name: Spanned::new(type_name.clone(), member.span),
            display_name: type_name.clone(),
            only: Vec::new(),
            except: Vec::new(),
            keep_input_artifact: None,
            build_references: Vec::new(),
            config: Node { value: NodeValue::Object(Vec::new()), span: member.span },
            span: member.span,
        });
    }
    let entries = member.as_object().unwrap_or_default();
    let mut d = Decoder::strict();
    let only = field(entries, "Only").map(|(_, v)| d.string_list("Only", v)).unwrap_or_default();
    let except = field(entries, "Except").map(|(_, v)| d.string_list("Except", v)).unwrap_or_default();
    let name = field(entries, "Name").and_then(|(_, v)| d.string("Name", v));
    let type_name = field(entries, "Type").and_then(|(_, v)| d.string("Type", v));
    let keep_input_artifact =
        field(entries, "keep_input_artifact").and_then(|(_, v)| d.optional_bool("keep_input_artifact", v));
    if let Some((_, config)) = field(entries, "Config") {
        d.map("Config", config);
    }
    let decode_errors = d.finish();
    if let Some(first) = decode_errors.first() {
        return Err(TemplateError::at(error_list_text(&decode_errors), first.span));
    }
    let Some(type_name) = type_name.filter(|t| !t.value.is_empty()) else {
        return Err(TemplateError::at("type is required", member.span));
    };
    let name = name.filter(|n| !n.value.is_empty()).unwrap_or_else(|| type_name.clone());
    Ok(PostProcessorDef {
        display_name: name.value.clone(),
        type_name,
        name,
        only,
        except,
        keep_input_artifact,
        build_references: Vec::new(),
        config: without_keys(member, CORE_KEYS),
        span: member.span,
    })
}
