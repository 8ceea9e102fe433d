//! `packer { required_plugins { name = { source = "…", version = "…" } } }`, read as current
//! Packer's `decodeRequiredPluginsBlock` reads it (1.6.6 has no such block): values without any
//! context, the local name normalized, the version a go-version constraint without
//! pre-release, the source a plugin address (`host/namespace/name`). Whether rpacker has the
//! plugin is decided later ([`crate::hcl::assemble::check_plugin_requirements`]), where Packer
//! looks for installed plugins.

use hcl_edit::expr::{Object, ObjectKey};
use rpacker_diag::{Diagnostic, Span};

use super::config::RequiredPlugin;
use super::content::{Attr, RawBody};
use super::literal::{literal, Literal};
use super::plugin_source::{check_plugin_part, parse_plugin_source, PluginPartError};
use crate::hcl::version_constraint::VersionConstraints;

const CONSTRAINT_DOCS: &str =
    "See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#version-constraint-syntax for docs.";

/// Reads one `required_plugins` block.
pub fn decode_required_plugins(body: &RawBody, diags: &mut Vec<Diagnostic>) -> Vec<RequiredPlugin> {
    body.just_attributes(diags).into_iter().filter_map(|attr| decode_entry(&attr, diags)).collect()
}

fn decode_entry(attr: &Attr, diags: &mut Vec<Diagnostic>) -> Option<RequiredPlugin> {
    let at = Some(attr.expr.span);
    let error = |summary: &str, detail: String| Diagnostic::error(summary, detail).with_subject(at);
    let value = match literal(&attr.expr.expr) {
        Ok(value) => value,
        Err((summary, detail)) => {
            diags.push(error(summary, detail.to_owned()));
            Literal::Other
        }
    };
    check_local_name(&attr.name, attr.expr.span, diags);
    let object = match value {
        Literal::Object(object) => object,
        Literal::String(_) | Literal::Number(_) | Literal::Bool(_) => {
            let version = value.as_text().filter(|v| VersionConstraints::parse(v).is_ok());
            let version = version.unwrap_or_else(|| "version".to_owned());
            diags.push(
                Diagnostic::error(
                    "Invalid plugin requirement",
                    format!(
                        "'{0} = \"{1}\"' plugin requirement calls are not possible. You must define a whole block. For example:\n{0} = {{\n  source  = \"github.com/hashicorp/{0}\"\n  version = \"{1}\"\n}}",
                        attr.name, version
                    ),
                )
                .with_subject(Some(attr.span)),
            );
            return None;
        }
        _ => {
            diags
                .push(error("Invalid required_plugins syntax", "required_plugins entries must be objects.".to_owned()));
            return None;
        }
    };
    let Some(version) = field(object, "version") else {
        diags.push(error(
            "No version constraint was set",
            "The version field must be specified as a string. Ex: `version = \">= 1.2.0, < 2.0.0\". See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#version-constraints for docs".to_owned(),
        ));
        return None;
    };
    let Some(Literal::String(version)) = version else {
        diags.push(error(
            "Invalid version constraint",
            format!("Version must be specified as a string. {CONSTRAINT_DOCS}"),
        ));
        return None;
    };
    let constraints = match VersionConstraints::parse(&version) {
        Ok(constraints) => constraints,
        Err(e) => {
            diags.push(error(
                "Invalid version constraint",
                format!("This string does not use correct version constraint syntax. {CONSTRAINT_DOCS}\n{e}"),
            ));
            return None;
        }
    };
    if constraints.has_prerelease() {
        diags.push(error("Invalid version constraint", format!("Unsupported prerelease for constraint {version:?}")));
    }
    let Some(source) = field(object, "source") else {
        diags.push(error(
            "No source was set",
            "The source field must be specified as a string. Ex: `source = \"coolcloud\". See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#specifying-plugin-requirements for docs".to_owned(),
        ));
        return None;
    };
    let Some(Literal::String(source)) = source else {
        diags.push(error(
            "Invalid source",
            "Source must be specified as a string. For example: source = \"coolcloud\"".to_owned(),
        ));
        return None;
    };
    if let Err(detail) = parse_plugin_source(&source) {
        diags.push(Diagnostic::error("Failed to parse source", detail).with_subject(Some(attr.span)));
        return None;
    }
    if object.iter().any(|(k, _)| !matches!(key_name(k).as_deref(), Some("version" | "source"))) {
        diags.push(error(
            "Invalid required_plugins object",
            "required_plugins objects can only contain \"version\" and \"source\" attributes.".to_owned(),
        ));
    }
    Some(RequiredPlugin { name: attr.name.clone(), source, version, span: attr.span, value_span: attr.expr.span })
}

/// An object key as written (`version` or `"version"`).
fn key_name(key: &ObjectKey) -> Option<String> {
    match key {
        ObjectKey::Ident(i) => Some(i.as_str().to_owned()),
        ObjectKey::Expression(e) => e.as_str().map(str::to_owned),
    }
}

/// The literal value of an object field: `None` when absent, `Some(None)` when not literal.
#[allow(clippy::option_option)]
fn field<'a>(object: &'a Object, name: &str) -> Option<Option<Literal<'a>>> {
    object.iter().find(|(k, _)| key_name(k).as_deref() == Some(name)).map(|(_, v)| literal(v.expr()).ok())
}

/// Packer's `checkPluginNameNormalized`: the local name must be a normalized plugin part.
fn check_local_name(name: &str, span: Span, diags: &mut Vec<Diagnostic>) {
    let detail = match check_plugin_part(name) {
        Ok(()) => return,
        Err(PluginPartError::Invalid(reason)) => format!("{name} is an invalid plugin local name: {reason}"),
        Err(PluginPartError::NotNormalized(normalized)) => {
            format!("Plugin names must be normalized. Replace {name:?} with {normalized:?} to fix this error.")
        }
    };
    diags.push(Diagnostic::error("Invalid plugin local name", detail).with_subject(Some(span)));
}
