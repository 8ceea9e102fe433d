//! `build.<key>` in provisioner and post-processor blocks. The values do not exist before the
//! build runs, so each key reads as the Go-template call `{{ build `<key>` }}`: plugins keep it
//! through prepare (as a `{{.<key>}}` placeholder) and render the real value at run time, as
//! for `{{ build }}` in JSON templates. Besides the common keys, a block may name keys only its
//! builder generates (`build.SourceAMI`); those are listed on the block and checked against the
//! prepared builder's keys.

use hcl_edit::structure::{Body, Structure};
use rpacker_diag::Span;

use crate::funcs::COMMON_BUILD_DATA_KEYS;
use crate::hcl::eval::referenced_variables;
use crate::hcl::parse::SpannedBody;
use crate::hcl::value::HclValue;
use crate::Spanned;

/// What `build.<key>` reads as until the build runs.
#[must_use]
pub fn deferred_build_value(key: &str) -> HclValue {
    HclValue::String(format!("{{{{ build `{key}` }}}}"))
}

/// The `build.<key>` references of `body` (attributes, nested and `dynamic` blocks) that are
/// neither common keys nor `name`, in file order.
#[must_use]
pub fn generated_key_references(body: &SpannedBody) -> Vec<Spanned<String>> {
    let mut found = Vec::new();
    walk(&body.body, body, &mut found);
    found
}

fn walk(body: &Body, origin: &SpannedBody, found: &mut Vec<Spanned<String>>) {
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => {
                for reference in referenced_variables(&attr.value) {
                    if reference.root != "build" {
                        continue;
                    }
                    let Some(key) = reference.first_attribute() else { continue };
                    if key == "name" || COMMON_BUILD_DATA_KEYS.contains(&key) {
                        continue;
                    }
                    // HCL points at the `.<key>` step, as written right after `build`.
                    let step =
                        reference.range.as_ref().map(|r| r.start + "build".len()..r.start + "build.".len() + key.len());
                    let span: Span = origin.origin.span(step, origin.span_of(&attr.value));
                    found.push(Spanned::new(key.to_owned(), span));
                }
            }
            Structure::Block(block) => walk(&block.body, origin, found),
        }
    }
}
