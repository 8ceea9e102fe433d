//! Loading a legacy JSON template into the [`Template`] model, reproducing Packer's
//! `template.Parse` step by step: Go's JSON decode, the duplicate-key scan, the strict root
//! decode, then the structural decode of each section with errors collected in Packer's order
//! (variables, builders, post-processors, provisioners, error-cleanup provisioner).

use std::path::PathBuf;

use rpacker_diag::FileId;

use super::builders::read_builders;
use super::go_value::kind_name;
use super::parse_error::TemplateParseError;
use super::post_processors::read_post_processors;
use super::provisioners::{read_cleanup_provisioner, read_provisioners};
use super::reader::read_json_document;
use super::root::{decode_root, RootError};
use super::variables::read_variables;
use crate::{NodeValue, Template, TemplateError};

/// Loads a JSON template from its text.
///
/// # Errors
/// Packer's parse errors, see [`TemplateParseError`].
pub fn load_template(text: &str, file: FileId, path: Option<PathBuf>) -> Result<Template, TemplateParseError> {
    load_template_bytes(text.as_bytes(), file, path)
}

/// Loads a JSON template from raw bytes (Go accepts invalid UTF-8 inside strings and replaces
/// it, so a file need not be valid UTF-8).
///
/// # Errors
/// Packer's parse errors, see [`TemplateParseError`].
pub fn load_template_bytes(bytes: &[u8], file: FileId, path: Option<PathBuf>) -> Result<Template, TemplateParseError> {
    let doc = read_json_document(bytes, file).map_err(TemplateParseError::Syntax)?;
    if let Some(number) = doc.out_of_range_number {
        let message = format!("json: cannot unmarshal number {} into Go value of type float64", number.value);
        return Err(TemplateParseError::Single(TemplateError::at(message, number.span)));
    }
    if let Some(key) = doc.duplicate_key {
        return Err(TemplateParseError::DuplicateField(key));
    }
    let mut template = Template { path, file, ..Template::default() };
    let entries = match &doc.root.value {
        NodeValue::Object(entries) => entries,
        // A `null` template decodes to an empty one (and fails validation later).
        NodeValue::Null => return Ok(template),
        _ => {
            let message = format!("'' expected a map, got '{}'", kind_name(&doc.root));
            return Err(TemplateParseError::Single(TemplateError::at(message, doc.root.span)));
        }
    };
    let sections = decode_root(entries).map_err(|e| match e {
        RootError::Decode(errors) => TemplateParseError::root_decode(errors),
        RootError::Single(error) => TemplateParseError::Single(error),
        RootError::UnknownKeys(errors) => TemplateParseError::Multiple(errors),
    })?;
    let mut errors = Vec::new();
    template.variables = read_variables(sections.variables, &mut errors);
    template.builders = read_builders(sections.builders, &mut errors);
    template.post_processors = read_post_processors(sections.post_processors, &mut errors);
    template.provisioners = read_provisioners(sections.provisioners, &mut errors);
    template.error_cleanup_provisioner =
        sections.cleanup_provisioner.and_then(|node| read_cleanup_provisioner(node, &mut errors));
    if !errors.is_empty() {
        return Err(TemplateParseError::Multiple(errors));
    }
    template.description = sections.description;
    template.min_packer_version = sections.min_packer_version;
    template.sensitive_variables = sections.sensitive_variables;
    Ok(template)
}
