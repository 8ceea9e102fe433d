//! `packer { required_version = "…" }`: checked against the Packer version rpacker declares
//! before anything else in the files is looked at (Packer's `sniffCoreVersionRequirements` and
//! `CheckCoreVersionRequirements`), so a configuration written for another Packer gets that
//! message rather than errors about blocks it does not know.
//!
//! Texts are current Packer's (hcl2template/version.go, version_required.go).

use rpacker_diag::Diagnostic;

use super::content::{Attr, BlockSchema, RawBody, Schema};
use super::literal::{literal, Literal};
use crate::hcl::version_constraint::VersionConstraints;
use crate::validate::GoVersion;

const SNIFF_ROOT: Schema = Schema { attributes: &[], blocks: &[BlockSchema { type_name: "packer", labels: &[] }] };

const SNIFF_PACKER: Schema = Schema { attributes: &[("required_version", false)], blocks: &[] };

/// The outcome of the core version check.
#[derive(Debug, Default)]
pub struct CoreVersionCheck {
    /// `Invalid version constraint` errors and `Unsupported Packer Core version` errors.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether a constraint rejects the running version: loading stops there.
    pub unsupported: bool,
}

/// Checks every `required_version` of `bodies` against `core_version` (its pre-release
/// dropped, as Packer checks `Version.Core()`).
#[must_use]
pub fn check_core_version<'a>(bodies: impl IntoIterator<Item = &'a RawBody>, core_version: &str) -> CoreVersionCheck {
    let mut check = CoreVersionCheck::default();
    let core = GoVersion::parse(core_version)
        .ok()
        .and_then(|v| GoVersion::parse(&format!("{}.{}.{}", v.segments()[0], v.segments()[1], v.segments()[2])).ok());
    for body in bodies {
        // Everything but `required_version` is reported when the files are decoded.
        let mut ignored = Vec::new();
        for block in body.content(&SNIFF_ROOT, &mut ignored).blocks {
            let content = block.body.content(&SNIFF_PACKER, &mut ignored);
            let Some(attr) = content.attribute("required_version") else { continue };
            let constraints = match decode_constraint(attr) {
                Ok(Some(constraints)) => constraints,
                Ok(None) => continue,
                Err(diag) => {
                    check.diagnostics.push(*diag);
                    continue;
                }
            };
            let Some(core) = &core else { continue };
            if !constraints.check(core) {
                check.unsupported = true;
                check.diagnostics.push(
                    Diagnostic::error(
                        "Unsupported Packer Core version",
                        format!(
                            "This configuration does not support Packer version {core}. To proceed, either choose another supported Packer version or update this version constraint. Version constraints are normally set for good reason, so updating the constraint may lead to other errors or unexpected behavior."
                        ),
                    )
                    .with_subject(Some(attr.span)),
                );
            }
        }
    }
    check
}

/// Packer's `decodeVersionConstraint`: the attribute's literal value as a constraint
/// (`Ok(None)` for `null`).
fn decode_constraint(attr: &Attr) -> Result<Option<VersionConstraints>, Box<Diagnostic>> {
    let at = Some(attr.expr.span);
    let text = match literal(&attr.expr.expr) {
        Ok(Literal::Null) => return Ok(None),
        Ok(value) => value.as_text().ok_or_else(|| {
            Box::new(
                Diagnostic::error("Invalid version constraint", "A string value is required for required_version.")
                    .with_subject(at),
            )
        })?,
        Err((summary, detail)) => return Err(Box::new(Diagnostic::error(summary, detail).with_subject(at))),
    };
    VersionConstraints::parse(&text).map(Some).map_err(|_| {
        Box::new(
            Diagnostic::error(
                "Invalid version constraint",
                "This string does not use correct version constraint syntax. Check out the docs: https://packer.io/docs/templates/hcl_templates/blocks/packer#version-constraints",
            )
            .with_subject(at),
        )
    })
}
