//! `packer { required_plugins { name = { source = "…", version = "…" } } }` shape checks.
//!
//! Texts follow current Packer's `decodeRequiredPluginsBlock` (1.6.6 has no such block).
//! Only literal structure is checked here; version constraints and source addresses are
//! parsed when the plugins are resolved.

use hcl_edit::expr::{Expression, ObjectKey};
use rpacker_diag::Diagnostic;

use super::config::RequiredPlugin;
use super::content::RawBody;
use super::origin::Expr;

/// Reads one `required_plugins` block.
pub fn decode_required_plugins(body: &RawBody, diags: &mut Vec<Diagnostic>) -> Vec<RequiredPlugin> {
    let mut plugins = Vec::new();
    for attr in body.just_attributes(diags) {
        let at = Some(attr.expr.span);
        match &attr.expr.expr {
            Expression::String(_) | Expression::Number(_) | Expression::Bool(_) | Expression::StringTemplate(_) => {
                let version = attr.expr.as_literal_str().unwrap_or("version");
                diags.push(
                    Diagnostic::error(
                        "Invalid plugin requirement",
                        format!(
                            "'{0} = \"{1}\"' plugin requirement calls are not possible. You must define a whole block. For example:\n{0} = {{\n  source  = github.com/hashicorp/{0}\n  version = {1}\n}}",
                            attr.name, version
                        ),
                    )
                    .with_subject(Some(attr.span)),
                );
            }
            Expression::Object(object) => {
                let field = |name: &str| {
                    object.iter().find_map(|(k, v)| {
                        let key = match k {
                            ObjectKey::Ident(i) => i.as_str(),
                            ObjectKey::Expression(e) => e.as_str()?,
                        };
                        (key == name).then(|| v.expr().clone())
                    })
                };
                let Some(version) = field("version") else {
                    diags.push(Diagnostic::error(
                        "No version constraint was set",
                        "The version field must be specified as a string. Ex: `version = \">= 1.2.0, < 2.0.0\". See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#version-constraints for docs",
                    ).with_subject(at));
                    continue;
                };
                let Some(source) = field("source") else {
                    diags.push(Diagnostic::error(
                        "No source was set",
                        "The source field must be specified as a string. Ex: `source = \"coolcloud\". See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#specifying-plugin-requirements for docs",
                    ).with_subject(at));
                    continue;
                };
                if object.len() > 2 {
                    diags.push(
                        Diagnostic::error(
                            "Invalid required_plugins object",
                            "required_plugins objects can only contain \"version\" and \"source\" attributes.",
                        )
                        .with_subject(at),
                    );
                }
                plugins.push(RequiredPlugin {
                    name: attr.name,
                    source: Expr::new(source, &attr.expr.origin, attr.expr.span),
                    version: Expr::new(version, &attr.expr.origin, attr.expr.span),
                    span: attr.span,
                });
            }
            _ => diags.push(
                Diagnostic::error("Invalid required_plugins syntax", "required_plugins entries must be objects.")
                    .with_subject(at),
            ),
        }
    }
    plugins
}
