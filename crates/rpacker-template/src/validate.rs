//! Packer's checks when a JSON template is initialised (`Core.validate`), with its exact texts:
//! the template's own consistency (builders present, only/except/override naming real
//! builders), `min_packer_version`, then required variables. Each stage is separate because
//! Packer stops at the first stage that fails.

mod go_version;

use std::collections::HashSet;

use crate::{Spanned, Template, TemplateError};

pub use go_version::GoVersion;

/// Packer's `Template.Validate`: errors in Packer's order (builders, provisioners,
/// post-processors). The error-cleanup provisioner is not checked, as in Packer.
#[must_use]
pub fn validate_structure(t: &Template) -> Vec<TemplateError> {
    let mut errors = Vec::new();
    if t.builders.is_empty() {
        errors.push(TemplateError::bare("at least one builder must be defined"));
    }
    let builders: HashSet<&str> = t.builders.iter().map(|b| b.name.value.as_str()).collect();
    for (index, p) in t.provisioners.iter().enumerate() {
        let prefix = format!("provisioner {}", index + 1);
        check_only_except(&prefix, &p.only, &p.except, &builders, p.span, &mut errors);
        // Packer walks the override map in Go map order; file order is the stable choice.
        for (name, _) in &p.overrides {
            if !builders.contains(name.value.as_str()) {
                errors.push(TemplateError::at(format!("{prefix}: override '{}' doesn't exist", name.value), name.span));
            }
        }
    }
    for (i, chain) in t.post_processors.iter().enumerate() {
        for (j, pp) in chain.iter().enumerate() {
            let prefix = format!("post-processor {}.{}", i + 1, j + 1);
            check_only_except(&prefix, &pp.only, &pp.except, &builders, pp.span, &mut errors);
        }
    }
    errors
}

/// Packer's `OnlyExcept.Validate`: both set is one error (names then unchecked); otherwise
/// every name must be a builder's raw name.
fn check_only_except(
    prefix: &str,
    only: &[Spanned<String>],
    except: &[Spanned<String>],
    builders: &HashSet<&str>,
    span: rpacker_diag::Span,
    errors: &mut Vec<TemplateError>,
) {
    if !only.is_empty() && !except.is_empty() {
        errors.push(TemplateError::at(format!("{prefix}: only one of 'only' or 'except' may be specified"), span));
        return;
    }
    for (which, names) in [("only", only), ("except", except)] {
        for name in names {
            if !builders.contains(name.value.as_str()) {
                let message = format!("{prefix}: '{which}' specified builder '{}' not found", name.value);
                errors.push(TemplateError::at(message, name.span));
            }
        }
    }
}

/// Checks `min_packer_version` against the running version (e.g. `1.6.6`).
///
/// # Errors
/// `min_version is invalid: <go-version error>` or
/// `This template requires Packer version <min> or higher; using <running>` (both normalised).
pub fn check_min_version(t: &Template, running: &str) -> Result<(), TemplateError> {
    let Some(min) = t.min_packer_version.as_ref().filter(|m| !m.value.is_empty()) else { return Ok(()) };
    let required = GoVersion::parse(&min.value)
        .map_err(|e| TemplateError::at(format!("min_version is invalid: {e}"), min.span))?;
    // Packer panics on a malformed running version; ours is always well formed.
    let Ok(actual) = GoVersion::parse(running) else { return Ok(()) };
    if actual < required {
        let message = format!("This template requires Packer version {required} or higher; using {actual}");
        return Err(TemplateError::at(message, min.span));
    }
    Ok(())
}

/// `required variable not set: <name>` for each required variable `provided` does not know,
/// in template order (Packer uses Go map order). An empty provided value counts as set.
#[must_use]
pub fn check_required_variables(t: &Template, provided: &dyn Fn(&str) -> bool) -> Vec<TemplateError> {
    t.variables
        .iter()
        .filter(|v| v.is_required() && !provided(&v.name.value))
        .map(|v| TemplateError::at(format!("required variable not set: {}", v.name.value), v.name.span))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::load_template;
    use rpacker_diag::FileId;

    fn load(text: &str) -> Template {
        load_template(text, FileId(0), None).expect("template loads")
    }

    fn messages(errors: Vec<TemplateError>) -> Vec<String> {
        errors.into_iter().map(|e| e.message).collect()
    }

    #[test]
    fn structure_checks_match_packer() {
        // Verified with packer 1.6.6 `packer validate`.
        let cases: &[(&str, &[&str])] = &[
            (r#"{}"#, &["at least one builder must be defined"]),
            (r#"{"builders":[{"type":"null"}]}"#, &[]),
            (
                r#"{"builders":[{"type":"null"}],"provisioners":[{"type":"shell","only":["null"],"except":["x"],"override":{"zzz":{}}}],
                   "post-processors":[{"type":"manifest","only":["x"]}]}"#,
                &[
                    "provisioner 1: only one of 'only' or 'except' may be specified",
                    "provisioner 1: override 'zzz' doesn't exist",
                    "post-processor 1.1: 'only' specified builder 'x' not found",
                ],
            ),
            (
                r#"{"builders":[{"type":"null","name":"{{user `n`}}"}],"provisioners":[{"type":"shell","except":["{{user `n`}}","nm"]}],
                   "post-processors":[["a",{"type":"b","except":["y"]}]]}"#,
                &[
                    "provisioner 1: 'except' specified builder 'nm' not found",
                    "post-processor 1.2: 'except' specified builder 'y' not found",
                ],
            ),
            (r#"{"builders":[{"type":"null"}],"error-cleanup-provisioner":{"type":"shell","only":["x"]}}"#, &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(messages(validate_structure(&load(text))), *expected, "{text}");
        }
    }

    #[test]
    fn min_version_matches_packer() {
        // Verified with packer 1.6.6 `packer validate` (running 1.6.6).
        let cases = [
            ("abc", Some("min_version is invalid: Malformed version: abc")),
            ("1.2.3.4.5", None),
            ("v9", Some("This template requires Packer version 9.0.0 or higher; using 1.6.6")),
            ("9.0-beta", Some("This template requires Packer version 9.0.0-beta or higher; using 1.6.6")),
            (
                "99999999999999999999",
                Some("min_version is invalid: Error parsing version: strconv.ParseInt: parsing \"99999999999999999999\": value out of range"),
            ),
            ("1.6.6", None),
            ("1.6.7-", Some("This template requires Packer version 1.6.7-- or higher; using 1.6.6")),
            ("01.07", Some("This template requires Packer version 1.7.0 or higher; using 1.6.6")),
            ("1.6.6.1", Some("This template requires Packer version 1.6.6.1 or higher; using 1.6.6")),
            ("1.6", None),
            ("", None),
            (" 1.0", Some("min_version is invalid: Malformed version:  1.0")),
            ("1.6.6+x", None),
            ("2.0.0-rc1+build.5", Some("This template requires Packer version 2.0.0-rc1+build.5 or higher; using 1.6.6")),
        ];
        for (min, expected) in cases {
            let text = format!(r#"{{"min_packer_version":"{min}","builders":[{{"type":"null"}}]}}"#);
            let got = check_min_version(&load(&text), "1.6.6").err().map(|e| e.message);
            assert_eq!(got.as_deref(), expected, "{min}");
        }
    }

    #[test]
    fn required_variables_in_template_order() {
        let t = load(r#"{"variables":{"b":null,"a":"x","c":null,"d":null},"builders":[{"type":"null"}]}"#);
        let provided = |name: &str| name == "d";
        assert_eq!(
            messages(check_required_variables(&t, &provided)),
            ["required variable not set: b", "required variable not set: c"]
        );
    }
}
