//! The root object against Packer's root struct (`rawTemplate`): which keys it takes
//! (case-insensitively, exact match first), strict type checks on each, and the leftover keys
//! (`_`-prefixed string comments, or `Unknown root level key in template: '<key>'`).

use super::mapstructure::{field, unconvertible, Decoder, FieldError};
use crate::{Key, Node, NodeValue, Spanned, TemplateError};

/// The root sections Packer knows, each as written (after the strict root decode succeeded).
#[derive(Debug, Default)]
pub struct RootSections<'n> {
    /// `min_packer_version`.
    pub min_packer_version: Option<Spanned<String>>,
    /// `description`.
    pub description: Option<Spanned<String>>,
    /// `builders` elements.
    pub builders: &'n [Node],
    /// `provisioners` elements.
    pub provisioners: &'n [Node],
    /// `post-processors` elements.
    pub post_processors: &'n [Node],
    /// `error-cleanup-provisioner`, unless absent or null.
    pub cleanup_provisioner: Option<&'n Node>,
    /// `variables` entries.
    pub variables: &'n [(Key, Node)],
    /// `sensitive-variables`.
    pub sensitive_variables: Vec<Spanned<String>>,
}

/// Why the root did not decode.
#[derive(Debug)]
pub enum RootError {
    /// mapstructure's field errors (printed as its sorted list).
    Decode(Vec<FieldError>),
    /// One error printed alone (a bad root comment).
    Single(TemplateError),
    /// Unknown root keys (printed as a go-multierror list).
    UnknownKeys(Vec<TemplateError>),
}

/// Decodes the root object's entries.
pub fn decode_root(entries: &[(Key, Node)]) -> Result<RootSections<'_>, RootError> {
    let mut d = Decoder::strict();
    let mut used = vec![false; entries.len()];
    let mut take = |name: &str| -> Option<&Node> {
        let entry = field(entries, name)?;
        let index = entries.iter().position(|e| std::ptr::eq(e, entry))?;
        used[index] = true;
        Some(&entry.1).filter(|v| v.value != NodeValue::Null)
    };
    if let Some(comments) = take("Comments") {
        check_comments(&mut d, comments);
    }
    if let Some(push) = take("Push") {
        d.map("Push", push);
    }
    if let Some(raw) = take("RawContents") {
        d.bytes("RawContents", raw);
    }
    let sections = RootSections {
        min_packer_version: take("min_packer_version").and_then(|v| d.string("min_packer_version", v)),
        description: take("Description").and_then(|v| d.string("Description", v)),
        builders: take("builders").map(|v| list(&mut d, "builders", v)).unwrap_or_default(),
        provisioners: take("Provisioners").map(|v| list(&mut d, "Provisioners", v)).unwrap_or_default(),
        post_processors: take("post-processors").map(|v| list(&mut d, "post-processors", v)).unwrap_or_default(),
        cleanup_provisioner: take("error-cleanup-provisioner"),
        variables: match take("Variables") {
            Some(Node { value: NodeValue::Object(vars), .. }) => vars,
            Some(other) => {
                d.map("Variables", other);
                &[]
            }
            None => &[],
        },
        sensitive_variables: take("sensitive-variables")
            .map(|v| d.string_list("sensitive-variables", v))
            .unwrap_or_default(),
    };
    let errors = d.finish();
    if !errors.is_empty() {
        return Err(RootError::Decode(errors));
    }
    check_unused(entries, &used)?;
    Ok(sections)
}

/// A `[]interface{}` field: the elements, or a recorded error.
fn list<'n>(d: &mut Decoder, name: &str, node: &'n Node) -> &'n [Node] {
    match &node.value {
        NodeValue::Array(items) => items,
        _ => {
            d.string_list(name, node);
            &[]
        }
    }
}

/// `comments` is a `[]map[string]string`.
fn check_comments(d: &mut Decoder, node: &Node) {
    let NodeValue::Array(items) = &node.value else {
        d.string_list("Comments", node);
        return;
    };
    for (i, item) in items.iter().enumerate() {
        match &item.value {
            NodeValue::Null => {}
            NodeValue::Object(entries) => {
                for (key, value) in entries {
                    if !matches!(value.value, NodeValue::Null | NodeValue::String(_)) {
                        d.push(unconvertible(&format!("Comments[{i}][{}]", key.value), "string", value), value.span);
                    }
                }
            }
            _ => {
                d.map(&format!("Comments[{i}]"), item);
            }
        }
    }
}

/// Leftover root keys, in Go's sorted order: comments must be strings, others are unknown.
fn check_unused(entries: &[(Key, Node)], used: &[bool]) -> Result<(), RootError> {
    let mut unused: Vec<&(Key, Node)> = entries.iter().zip(used).filter(|(_, u)| !**u).map(|(e, _)| e).collect();
    if unused.is_empty() {
        return Ok(());
    }
    unused.sort_by(|a, b| a.0.value.cmp(&b.0.value));
    let mut unknown = Vec::new();
    for (key, value) in unused {
        if key.value.starts_with('_') {
            if !matches!(value.value, NodeValue::String(_)) {
                let message =
                    format!("Failed to cast root level comment value in comment \"{}\" to string.", key.value);
                return Err(RootError::Single(TemplateError::at(message, value.span)));
            }
            continue;
        }
        unknown.push(TemplateError::at(format!("Unknown root level key in template: '{}'", key.value), key.span));
    }
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(RootError::UnknownKeys(unknown))
    }
}
