//! Go's `html`, `js` and `urlquery` escapers (`text/template`'s `HTMLEscapeString`,
//! `JSEscapeString` and `net/url.QueryEscape`).

use std::fmt::Write;

/// `HTMLEscapeString`: `<>&'"` and NUL.
pub(crate) fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{FFFD}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// `JSEscapeString`: quotes, `<>&=`, backslash, controls as `\u00XX`, non-printable
/// non-ASCII as `\uXXXX`.
pub(crate) fn js(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u00{:02X}", c as u32);
            }
            c if c.is_ascii() || crate::go_quote::is_print(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
        }
    }
    out
}

/// `url.QueryEscape`: unreserved bytes kept, space as `+`, the rest `%XX`.
pub(crate) fn urlquery(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            b => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_go() {
        // verified with go1.19.8 text/template: html, js, urlquery of the same inputs.
        assert_eq!(html("<a href=\"x\">&'</a>"), "&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt;");
        assert_eq!(
            js("<a href=\"x\">&'\n</a>é"),
            "\\u003Ca href\\u003D\\\"x\\\"\\u003E\\u0026\\'\\u000A\\u003C/a\\u003Eé"
        );
        assert_eq!(urlquery("a b&c=d/é~"), "a+b%26c%3Dd%2F%C3%A9~");
    }
}
