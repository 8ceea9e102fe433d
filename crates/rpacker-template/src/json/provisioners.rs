//! Provisioners and the error-cleanup provisioner: Packer's `decodeProvisioner` — a weak decode
//! of the core fields (`type`, `only`, `except`, `override`, `pause_before`, `timeout`,
//! `max_retries`; durations through Go's `time.ParseDuration`), the rest left to the plugin.

use super::go_value::kind_name;
use super::mapstructure::{error_list_text, field, Decoder};
use super::object_rest::without_keys;
use crate::{Node, NodeValue, ProvisionerDef, TemplateError};

/// Keys Packer's core removes before the plugin sees the configuration.
const CORE_KEYS: &[&str] = &["except", "only", "override", "pause_before", "max_retries", "type", "timeout"];

/// Reads the `provisioners` elements; errors (`provisioner <i>: …`) are appended to `errors`.
pub fn read_provisioners(items: &[Node], errors: &mut Vec<TemplateError>) -> Vec<ProvisionerDef> {
    let mut provisioners = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match decode_provisioner(item) {
            Ok(p) => provisioners.push(p),
            Err(e) => errors
                .push(TemplateError { message: format!("provisioner {}: {}", index + 1, e.message), span: e.span }),
        }
    }
    provisioners
}

/// Reads `error-cleanup-provisioner`; its errors are prefixed `On Error Cleanup Provisioner error: `.
pub fn read_cleanup_provisioner(item: &Node, errors: &mut Vec<TemplateError>) -> Option<ProvisionerDef> {
    match decode_provisioner(item) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(TemplateError {
                message: format!("On Error Cleanup Provisioner error: {}", e.message),
                span: e.span,
            });
            None
        }
    }
}

/// Packer's `rawTemplate.decodeProvisioner`.
fn decode_provisioner(item: &Node) -> Result<ProvisionerDef, TemplateError> {
    let entries = match &item.value {
        NodeValue::Object(entries) => entries.as_slice(),
        NodeValue::Null => &[],
        _ => {
            let message = format!("Error decoding provisioner: '' expected a map, got '{}'", kind_name(item));
            return Err(TemplateError::at(message, item.span));
        }
    };
    let mut d = Decoder::weak();
    let only = field(entries, "Only").map(|(_, v)| d.string_list("Only", v)).unwrap_or_default();
    let except = field(entries, "Except").map(|(_, v)| d.string_list("Except", v)).unwrap_or_default();
    let type_name = field(entries, "Type").and_then(|(_, v)| d.string("Type", v));
    if let Some((_, config)) = field(entries, "Config") {
        // Decoded (and so checked) by Packer, then replaced by the raw element.
        d.map("Config", config);
    }
    let overrides = field(entries, "Override").map(|(_, v)| d.map("Override", v)).unwrap_or_default();
    let pause_before = field(entries, "pause_before").and_then(|(_, v)| d.duration("pause_before", v));
    let max_retries = field(entries, "max_retries").and_then(|(_, v)| d.string("max_retries", v));
    let timeout = field(entries, "timeout").and_then(|(_, v)| d.duration("timeout", v));
    let decode_errors = d.finish();
    if let Some(first) = decode_errors.first() {
        let message = format!("Error decoding provisioner: {}", error_list_text(&decode_errors));
        return Err(TemplateError::at(message, first.span));
    }
    let Some(type_name) = type_name.filter(|t| !t.value.is_empty()) else {
        return Err(TemplateError::at("Provisioner missing 'type'", item.span));
    };
    Ok(ProvisionerDef {
        type_name,
        only,
        except,
        overrides,
        pause_before,
        timeout,
        max_retries,
        block_name: String::new(),
        build_references: Vec::new(),
        config: without_keys(item, CORE_KEYS),
        span: item.span,
    })
}
