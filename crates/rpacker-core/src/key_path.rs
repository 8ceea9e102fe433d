//! Turning a plugin error's key path (`launch_block_device_mappings[0].volume_size`) into the
//! span of that value in the user's file, so config errors point at a line and column.

use rpacker_diag::Span;
use rpacker_template::Node;

/// The span of the value at `path` under one of `configs` (searched in order: an override
/// before the base config), else `fallback`.
#[must_use]
pub fn span_of_key(configs: &[&Node], path: Option<&str>, fallback: Span) -> Span {
    let Some(path) = path else { return fallback };
    let segments = split_path(path);
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    configs
        .iter()
        .find_map(|node| {
            // Point at the key itself when the path ends at a key of an object.
            let (last, parents) = segments.split_last()?;
            let parent = node.find(parents)?;
            let key_span = parent
                .as_object()
                .and_then(|entries| entries.iter().find(|(k, _)| k.value.eq_ignore_ascii_case(last)))
                .map(|(k, _)| k.span);
            key_span.or_else(|| parent.find(&[last]).map(|n| n.span))
        })
        .unwrap_or(fallback)
}

/// `a.b[0].c` → `["a", "b", "0", "c"]`.
fn split_path(path: &str) -> Vec<String> {
    path.split(['.', '[']).filter(|s| !s.is_empty()).map(|s| s.trim_end_matches(']').to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_key_paths() {
        assert_eq!(split_path("a.b[0].c"), ["a", "b", "0", "c"]);
        assert_eq!(split_path("ami_name"), ["ami_name"]);
    }
}
