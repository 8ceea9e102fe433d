//! HCL identifiers: what a variable, source or plugin name may be.

/// Whether `name` is a valid HCL identifier (letter or `_` first, then letters, digits, `_`
/// and `-`) — Packer's rule for variable names and source references.
#[must_use]
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        let cases = [("a", true), ("_x-1", true), ("1a", false), ("", false), ("a.b", false), ("é", true)];
        for (name, want) in cases {
            assert_eq!(is_identifier(name), want, "{name}");
        }
    }
}
