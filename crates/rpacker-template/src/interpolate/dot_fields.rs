//! Keeping `{{ .Field }}` actions out of a render (the SDK's `RenderRegex`).
//!
//! User variables are rendered long before any build data exists, yet a variable may hold
//! `{{ .HTTPIP }}` meant for a builder's `boot_command`. Packer swaps every match of
//! `{{(\s|)\.(.*?)(\s|)}}` for a random 36-character UUID, renders, and swaps them back. The
//! stand-ins have the same length as Packer's, so error columns match Packer's exactly. The
//! pattern is matched by hand with the same leftmost-first semantics (no regex dependency).

use rpacker_gotmpl::{Error as GoTemplateError, FuncMap};

use super::error::RenderStage;
use super::render::render_with;
use super::InterpolateContext;
use crate::environment::random_uuid;

/// Renders `text` once with every `{{.X}}`-like action left untouched.
pub(crate) fn render_keeping_dot_fields(
    text: &str,
    ctx: &InterpolateContext,
    funcs: &FuncMap,
) -> Result<String, (RenderStage, Box<GoTemplateError>)> {
    let mut protected = text.to_owned();
    let mut swapped: Vec<(String, &str)> = Vec::new();
    for found in dot_field_actions(text) {
        let stand_in = random_uuid();
        protected = protected.replace(found, &stand_in);
        swapped.push((stand_in, found));
    }
    let mut rendered = render_with(&protected, ctx, funcs)?;
    for (stand_in, original) in &swapped {
        rendered = rendered.replace(stand_in.as_str(), original);
    }
    Ok(rendered)
}

/// All non-overlapping matches of `{{(\s|)\.(.*?)(\s|)}}`, left to right.
pub(crate) fn dot_field_actions(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut start = 0;
    while start < text.len() {
        match match_at(text, start) {
            Some(end) => {
                found.push(&text[start..end]);
                start = end;
            }
            None => start += text[start..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// Go's (RE2) `\s`: `[\t\n\f\r ]`.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// The end of a match starting exactly at `start`, preferring what a backtracking matcher
/// prefers: the optional leading space taken, then the shortest `.*?`.
fn match_at(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if !text[start..].starts_with("{{") {
        return None;
    }
    let after_braces = start + 2;
    let mut dot_positions = Vec::with_capacity(2);
    if bytes.get(after_braces).copied().is_some_and(is_space) {
        dot_positions.push(after_braces + 1);
    }
    dot_positions.push(after_braces);
    dot_positions
        .into_iter()
        .find_map(|dot| (bytes.get(dot) == Some(&b'.')).then(|| lazy_close(bytes, dot + 1)).flatten())
}

/// From `from`, the end of the shortest `(.*?)(\s|)}}`: `.` does not cross a newline, but the
/// optional space before `}}` may be one.
fn lazy_close(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        if bytes.get(i).copied().is_some_and(is_space) && bytes[i + 1..].starts_with(b"}}") {
            return Some(i + 3);
        }
        if bytes[i..].starts_with(b"}}") {
            return Some(i + 2);
        }
        match bytes.get(i) {
            None | Some(b'\n') => return None,
            Some(_) => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dot_field_actions_like_go_regexp() {
        let cases: &[(&str, &[&str])] = &[
            ("{{.X}}", &["{{.X}}"]),
            ("a {{ .HTTPIP }}:{{ .HTTPPort }} b", &["{{ .HTTPIP }}", "{{ .HTTPPort }}"]),
            ("{{  .X }}", &[]),
            ("{{ .X  }}", &["{{ .X  }}"]),
            ("{{.X | lower}}{{user `a`}}", &["{{.X | lower}}"]),
            ("{{- .X }}", &[]),
            ("{{.X\n}}", &["{{.X\n}}"]),
            ("{{\n.X}}", &["{{\n.X}}"]),
            ("{{.X\ny}}", &[]),
            ("{{{.X}}", &["{{.X}}"]),
            ("{{user `a`}}", &[]),
            ("é{{.É}}", &["{{.É}}"]),
        ];
        for (text, want) in cases {
            assert_eq!(dot_field_actions(text), *want, "{text:?}");
        }
    }
}
