//! Go's `strconv` quoting rules: `Quote`, `QuoteRune`, `Unquote`, `UnquoteChar`, `IsPrint`.
//!
//! Template string literals are unquoted with Go's escapes, and error messages quote tokens
//! and names with `%q`; both must match Go byte for byte.

/// Go's `strconv.ErrSyntax` text, which the parser reports for bad literals.
pub(crate) const INVALID_SYNTAX: &str = "invalid syntax";

/// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
///
/// Rust's std has no general-category table, so non-ASCII code points are judged by the
/// categories Go excludes that matter in practice: controls, separators (other than ' '),
/// format characters and private use.
pub(crate) fn is_print(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return (0x20..0x7f).contains(&u);
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(
        u,
        0xA0 | 0xAD
            | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x180E
            | 0x2000..=0x200F
            | 0x2028..=0x202F
            | 0x205F..=0x206F
            | 0x3000
            | 0xD800..=0xF8FF
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x1D173..=0x1D17A
            | 0xE0001..=0xE007F
            | 0xF0000..
    )
}

/// Appends `c` escaped as Go's `appendEscapedRune` does inside `quote` delimiters.
fn push_escaped(out: &mut String, c: char, quote: char) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if is_print(c) {
        out.push(c);
        return;
    }
    match c {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

/// Go's `strconv.Quote` (also what `%q` prints): Packer quotes names and values in many messages
/// this way, so every crate uses this one.
#[must_use]
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c, '"');
    }
    out.push('"');
    out
}

/// Go's `strconv.QuoteRune` (invalid code points print as U+FFFD).
pub(crate) fn quote_rune(r: i64) -> String {
    let c = u32::try_from(r).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
    let mut out = String::from("'");
    push_escaped(&mut out, c, '\'');
    out.push('\'');
    out
}

/// One unquoted character: a code point, or a raw byte from `\x` / octal escapes.
enum Unquoted {
    Char(char),
    Byte(u8),
}

/// Go's `strconv.UnquoteChar`: decodes the first character or escape of `s`.
/// Returns the character and the rest of `s`.
fn unquote_char(s: &str, quote: char) -> Option<(Unquoted, &str)> {
    let mut chars = s.chars();
    let c = chars.next()?;
    if c == quote && (quote == '\'' || quote == '"') {
        return None;
    }
    if c != '\\' {
        return Some((Unquoted::Char(c), chars.as_str()));
    }
    let e = chars.next()?;
    let rest = chars.as_str();
    let simple = |ch: char| Some((Unquoted::Char(ch), rest));
    match e {
        'a' => simple('\x07'),
        'b' => simple('\x08'),
        'f' => simple('\x0c'),
        'n' => simple('\n'),
        'r' => simple('\r'),
        't' => simple('\t'),
        'v' => simple('\x0b'),
        'x' | 'u' | 'U' => {
            let n = match e {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let digits = rest.get(..n)?;
            let v = u32::from_str_radix(digits, 16).ok()?;
            if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let rest = &rest[n..];
            if e == 'x' {
                return Some((Unquoted::Byte(u8::try_from(v).ok()?), rest));
            }
            Some((Unquoted::Char(char::from_u32(v)?), rest))
        }
        '0'..='7' => {
            let digits = rest.get(..2)?;
            if !digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
                return None;
            }
            let v = (e as u32 - '0' as u32) * 64 + u32::from_str_radix(digits, 8).ok()?;
            Some((Unquoted::Byte(u8::try_from(v).ok()?), &rest[2..]))
        }
        '\\' => simple('\\'),
        '\'' | '"' if e == quote => simple(e),
        _ => None,
    }
}

/// Go's `strconv.Unquote` for `"…"`, `` `…` `` and `'…'` literals; `None` is `ErrSyntax`.
///
/// Raw bytes from `\x`/octal escapes that do not form UTF-8 are replaced by U+FFFD, since
/// values are Rust strings.
pub(crate) fn unquote(s: &str) -> Option<String> {
    let quote = s.chars().next()?;
    if s.len() < 2 || !s.ends_with(quote) {
        return None;
    }
    let body = &s[1..s.len() - 1];
    match quote {
        '`' => {
            if body.contains('`') {
                return None;
            }
            // Go drops carriage returns from raw strings.
            Some(body.replace('\r', ""))
        }
        '"' | '\'' => {
            if body.contains('\n') {
                return None;
            }
            if !body.contains('\\') && !body.contains(quote) {
                if quote == '"' {
                    return Some(body.to_owned());
                }
                let mut cs = body.chars();
                return match (cs.next(), cs.next()) {
                    (Some(c), None) => Some(c.to_string()),
                    _ => None,
                };
            }
            let mut bytes = Vec::with_capacity(body.len());
            let mut rest = body;
            while !rest.is_empty() {
                let (u, tail) = unquote_char(rest, quote)?;
                match u {
                    Unquoted::Char(c) => {
                        let mut buf = [0; 4];
                        bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    Unquoted::Byte(b) => bytes.push(b),
                }
                rest = tail;
                if quote == '\'' && !rest.is_empty() {
                    return None;
                }
            }
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
        _ => None,
    }
}

/// The code point of a character constant like `'a'` or `'\n'` (Go's `UnquoteChar` on the
/// text after the opening quote). `Err` carries Go's parse error text.
pub(crate) fn char_constant(text: &str) -> Result<i64, String> {
    let inner = &text[1..];
    let (u, tail) = unquote_char(inner, '\'').ok_or_else(|| INVALID_SYNTAX.to_owned())?;
    if tail != "'" {
        return Err(format!("malformed character constant: {text}"));
    }
    Ok(match u {
        Unquoted::Char(c) => i64::from(c as u32),
        Unquoted::Byte(b) => i64::from(b),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        let cases = [
            ("abc", r#""abc""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("\n\t\x01\x7f", r#""\n\t\x01\x7f""#),
            ("é\u{200b}", r#""é\u200b""#),
        ];
        for (input, want) in cases {
            assert_eq!(quote(input), want, "{input:?}");
        }
    }

    #[test]
    fn unquotes_like_go() {
        let cases: [(&str, Option<&str>); 12] = [
            (r#""a\nb""#, Some("a\nb")),
            (r#""\x41\u00e9\U0001F600""#, Some("Aé😀")),
            (r#""\101""#, Some("A")),
            (r#""\q""#, None),
            (r#""\'""#, None),
            ("`a\\n`", Some("a\\n")),
            ("`a\r\nb`", Some("a\nb")),
            ("'a'", Some("a")),
            ("'ab'", None),
            (r#""a"b""#, None),
            (r#""""#, Some("")),
            (r#""\"""#, Some("\"")),
        ];
        for (input, want) in cases {
            assert_eq!(unquote(input).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn char_constants() {
        assert_eq!(char_constant("'a'"), Ok(97));
        assert_eq!(char_constant(r"'\n'"), Ok(10));
        assert_eq!(char_constant("'ab'"), Err("malformed character constant: 'ab'".to_owned()));
        assert_eq!(char_constant(r"'\q'"), Err(INVALID_SYNTAX.to_owned()));
    }
}

#[cfg(test)]
mod strconv_quote_tests {
    use super::quote;

    #[test]
    fn quotes_like_strconv() {
        let cases = [
            ("", r#""""#),
            ("plain", r#""plain""#),
            (r#"say "hi""#, r#""say \"hi\"""#),
            ("a\\b", r#""a\\b""#),
            ("line\nnext\ttab\r", r#""line\nnext\ttab\r""#),
            ("\u{1}\u{7f}", r#""\x01\x7f""#),
            ("\u{7}\u{8}\u{b}\u{c}", r#""\a\b\v\f""#),
            ("héllo ✓", "\"héllo ✓\""),
            ("\u{a0}\u{200b}", r#""\u00a0\u200b""#),
            ("\u{f0000}", r#""\U000f0000""#),
        ];
        for (input, want) in cases {
            assert_eq!(quote(input), want, "{input:?}");
        }
    }
}
