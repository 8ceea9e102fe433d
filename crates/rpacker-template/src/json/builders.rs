//! The `builders` section: each element weakly decoded for `name` and `type` (Packer's
//! `mapstructure.WeakDecode`), the name defaulting to the type and unique, and everything else
//! handed to the plugin as its configuration.

use std::collections::HashSet;

use super::go_value::kind_name;
use super::mapstructure::{error_list_text, field, Decoder};
use super::object_rest::without_keys;
use crate::{BuilderDef, Node, NodeValue, Spanned, TemplateError};

/// Reads the `builders` elements; errors (`builder <i>: …`) are appended to `errors`.
pub fn read_builders(items: &[Node], errors: &mut Vec<TemplateError>) -> Vec<BuilderDef> {
    let mut builders = Vec::with_capacity(items.len());
    let mut names = HashSet::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let number = index + 1;
        let NodeValue::Object(entries) = &item.value else {
            // Packer 1.6.6 crashes on a `null` builder; rpacker reports it like other shapes.
            let message = format!("builder {number}: '' expected a map, got '{}'", shown_kind(item));
            errors.push(TemplateError::at(message, item.span));
            continue;
        };
        let mut decoder = Decoder::weak();
        let name = field(entries, "Name").and_then(|(_, v)| decoder.string("Name", v));
        let type_name = field(entries, "Type").and_then(|(_, v)| decoder.string("Type", v));
        if let Some((_, config)) = field(entries, "Config") {
            decoder.map("Config", config);
        }
        let decode_errors = decoder.finish();
        if let Some(first) = decode_errors.first() {
            errors
                .push(TemplateError::at(format!("builder {number}: {}", error_list_text(&decode_errors)), first.span));
            continue;
        }
        let Some(type_name) = type_name.filter(|t| !t.value.is_empty()) else {
            errors.push(TemplateError::at(format!("builder {number}: missing 'type'"), item.span));
            continue;
        };
        let name = name.filter(|n| !n.value.is_empty()).unwrap_or_else(|| type_name.clone());
        if !names.insert(name.value.clone()) {
            let message = format!("builder {number}: builder with name '{}' already exists", name.value);
            errors.push(TemplateError::at(message, name.span));
            continue;
        }
        builders.push(BuilderDef {
            name: Spanned::new(name.value, name.span),
            type_name,
            config: without_keys(item, &["name", "type"]),
            span: item.span,
        });
    }
    builders
}

/// The kind named in the error for a non-object element (`null` has no Go kind; Packer panics).
fn shown_kind(node: &Node) -> &'static str {
    match node.value {
        NodeValue::Null => "null",
        _ => kind_name(node),
    }
}
