//! Go's `strconv.Quote` (what `%q` prints), for values echoed back in Packer's error texts:
//! Rust's `{:?}` escapes differently (`\u{1}` where Go writes `\x01`, `\0` for `\x00`).

/// `s` in double quotes with Go's escapes. Non-ASCII characters Go does not print (controls and
/// spaces other than U+0020) become `\uXXXX`; Unicode format characters (U+200B …) are kept,
/// where Go would escape them, since Rust has no `unicode.IsPrint`.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if c.is_ascii_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c if !c.is_ascii() && (c.is_control() || c.is_whitespace()) => {
                let n = u32::from(c);
                out.push_str(&if n > 0xFFFF { format!("\\U{n:08x}") } else { format!("\\u{n:04x}") });
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values are Go's `strconv.Quote` results.
    #[test]
    fn quotes_like_go() {
        let cases = [
            ("DSA", r#""DSA""#),
            ("", r#""""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("\t\n\r\u{7}\u{8}\u{b}\u{c}", r#""\t\n\r\a\b\v\f""#),
            ("\0\u{1b}\u{7f}", r#""\x00\x1b\x7f""#),
            ("é ü", "\"é ü\""),
            ("\u{a0}\u{85}\u{2028}", r#""\u00a0\u0085\u2028""#),
        ];
        for (input, want) in cases {
            assert_eq!(go_quote(input), want, "{input:?}");
        }
    }
}
