//! Plugin addresses as current Packer reads them (hcl2template/addrs/plugin.go):
//! `ParsePluginSourceString` for `source = "github.com/hashicorp/amazon"` and
//! `ParsePluginPart` for names. Names follow DNS label rules (the IDNA lookup profile):
//! letters, digits and dashes, no leading or trailing dash, case-folded to lower case.

/// Why a plugin name part is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PluginPartError {
    /// Not a valid part at all (the reason, as Packer words it).
    Invalid(String),
    /// Valid, but not written in its normalized (lower-case) form.
    NotNormalized(String),
}

/// `ParsePluginPart`: the normalized form of `given`.
fn parse_plugin_part(given: &str) -> Result<String, String> {
    if given.is_empty() {
        return Err("must have at least one character".to_owned());
    }
    if given.contains('.') {
        return Err("dots are not allowed".to_owned());
    }
    if given.contains("--") {
        return Err("cannot use multiple consecutive dashes".to_owned());
    }
    let idna = |reason: String| {
        format!("must contain only letters, digits, and dashes, and may not use leading or trailing dashes: {reason}")
    };
    if let Some(bad) = given.chars().find(|c| !(c.is_alphanumeric() || *c == '-')) {
        return Err(idna(format!("idna: disallowed rune U+{:04X}", u32::from(bad))));
    }
    let normalized = given.to_lowercase();
    if normalized.starts_with('-') || normalized.ends_with('-') {
        return Err(idna(format!("idna: invalid label {normalized:?}")));
    }
    Ok(normalized)
}

/// `IsPluginPartNormalized`, with the normalized form when it differs.
///
/// # Errors
/// [`PluginPartError`].
pub fn check_plugin_part(name: &str) -> Result<(), PluginPartError> {
    match parse_plugin_part(name) {
        Ok(normalized) if normalized == name => Ok(()),
        Ok(normalized) => Err(PluginPartError::NotNormalized(normalized)),
        Err(reason) => Err(PluginPartError::Invalid(reason)),
    }
}

/// `ParsePluginSourceString`: checks `source` is `host/namespace/name` (up to 16 parts).
///
/// # Errors
/// Packer's explanation of what is wrong.
pub fn parse_plugin_source(source: &str) -> Result<(), String> {
    let mut errors = Vec::new();
    if source.starts_with('/') {
        errors.push("A source URL must not start with a '/' character.".to_owned());
    }
    if source.ends_with('/') {
        errors.push("A source URL must not end with a '/' character.".to_owned());
    }
    if source.matches('/').count() < 2 {
        errors.push("A source URL must at least contain a host and a path with 2 components".to_owned());
    }
    // Go's url.Parse: a scheme is `letter [letter digit + - .]*` before the first `:`.
    let before_path = source.split('/').next().unwrap_or("");
    if let Some((scheme, _)) = before_path.split_once(':') {
        let mut chars = scheme.chars();
        let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if scheme.is_empty() {
            errors.push(format!("Failed to parse source URL: parse {source:?}: missing protocol scheme"));
        } else if valid {
            errors.push("A source URL must not contain a scheme (e.g. https://).".to_owned());
        }
    }
    let without_fragment = source.split_once('#');
    let query = without_fragment.map_or(source, |(s, _)| s).split_once('?').map(|(_, q)| q);
    if query.is_some_and(|q| !q.is_empty()) {
        errors.push("A source URL must not contain a query (e.g. ?var=val)".to_owned());
    }
    if without_fragment.is_some_and(|(_, f)| !f.is_empty()) {
        errors.push("A source URL must not contain a fragment (e.g. #anchor).".to_owned());
    }
    if !errors.is_empty() {
        let list: String = errors.iter().map(|e| format!("* {e}\n")).collect();
        return Err(format!(
            "The provided source URL is invalid.\nThe following errors have been discovered:\n{list}\nA valid source looks like \"github.com/hashicorp/happycloud\""
        ));
    }
    let name = source.rsplit('/').next().unwrap_or(source);
    if let Err(reason) = parse_plugin_part(name) {
        return Err(format!("Invalid plugin type {name:?} in source: {reason}\""));
    }
    if let Some(rest) = name.strip_prefix("packer-") {
        if let Some(suggested) = name.strip_prefix("packer-plugin-").filter(|s| parse_plugin_part(s).is_ok()) {
            return Err(format!(
                "Plugin source has a type with the prefix \"packer-plugin-\", which isn't valid.\nAlthough that prefix is often used in the names of version control repositories for Packer plugins, plugin source strings should not include it.\n\nDid you mean {suggested:?}?"
            ));
        }
        return Err(format!(
            "Plugin source has a type with the \"packer-\" prefix, which isn't valid.\nIf you are the author of this plugin, rename it to not include the prefix.\nEx: {rest:?}"
        ));
    }
    let parts = source.split('/').filter(|p| !p.is_empty()).count();
    if parts > 16 {
        return Err(format!(
            "The source URL must have at most 16 components, and the one provided has {parts}.\nThis is unsupported by Packer, please consider using a source that has less components to it.\nIf this is a blocking issue for you, please open an issue to ask for supporting more components to the source URI."
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugin_parts() {
        let cases = [
            ("amazon", Ok(())),
            ("amazon-ebs", Ok(())),
            ("Amazon", Err(PluginPartError::NotNormalized("amazon".to_owned()))),
            ("", Err(PluginPartError::Invalid("must have at least one character".to_owned()))),
            ("a.b", Err(PluginPartError::Invalid("dots are not allowed".to_owned()))),
            ("a--b", Err(PluginPartError::Invalid("cannot use multiple consecutive dashes".to_owned()))),
            ("a_b", Err(PluginPartError::Invalid("must contain only letters, digits, and dashes, and may not use leading or trailing dashes: idna: disallowed rune U+005F".to_owned()))),
            ("-a", Err(PluginPartError::Invalid("must contain only letters, digits, and dashes, and may not use leading or trailing dashes: idna: invalid label \"-a\"".to_owned()))),
        ];
        for (name, want) in cases {
            assert_eq!(check_plugin_part(name), want, "{name}");
        }
    }

    #[test]
    fn plugin_sources() {
        let invalid = |errors: &[&str]| {
            let list: String = errors.iter().map(|e| format!("* {e}\n")).collect();
            Err(format!("The provided source URL is invalid.\nThe following errors have been discovered:\n{list}\nA valid source looks like \"github.com/hashicorp/happycloud\""))
        };
        let cases = [
            ("github.com/hashicorp/amazon", Ok(())),
            ("example.com/a/b/c", Ok(())),
            ("hashicorp/amazon", invalid(&["A source URL must at least contain a host and a path with 2 components"])),
            ("/github.com/hashicorp/amazon/", invalid(&["A source URL must not start with a '/' character.", "A source URL must not end with a '/' character."])),
            ("https://github.com/hashicorp/amazon", invalid(&["A source URL must not contain a scheme (e.g. https://)."])),
            ("github.com/hashicorp/amazon?x=1", invalid(&["A source URL must not contain a query (e.g. ?var=val)"])),
            ("github.com/hashicorp/amazon#x", invalid(&["A source URL must not contain a fragment (e.g. #anchor)."])),
            ("github.com/hashicorp/a_b", Err("Invalid plugin type \"a_b\" in source: must contain only letters, digits, and dashes, and may not use leading or trailing dashes: idna: disallowed rune U+005F\"".to_owned())),
            ("github.com/hashicorp/packer-plugin-amazon", Err("Plugin source has a type with the prefix \"packer-plugin-\", which isn't valid.\nAlthough that prefix is often used in the names of version control repositories for Packer plugins, plugin source strings should not include it.\n\nDid you mean \"amazon\"?".to_owned())),
            ("github.com/hashicorp/packer-amazon", Err("Plugin source has a type with the \"packer-\" prefix, which isn't valid.\nIf you are the author of this plugin, rename it to not include the prefix.\nEx: \"amazon\"".to_owned())),
        ];
        for (source, want) in cases {
            assert_eq!(parse_plugin_source(source), want, "{source}");
        }
    }
}
