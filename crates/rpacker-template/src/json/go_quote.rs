//! Go's `encoding/json` `quoteChar`: how a syntax error names the byte it stopped at
//! (`'}'`, `'\n'`, `'\x01'`, `'ï'` for a UTF-8 BOM's first byte). Users compare these texts
//! with Packer's, so they are reproduced byte for byte.

use std::fmt::Write;

/// The byte `c` quoted as Go's JSON scanner quotes it in error messages.
#[must_use]
pub fn quote_char(c: u8) -> String {
    match c {
        b'\'' => r"'\''".to_owned(),
        b'"' => "'\"'".to_owned(),
        _ => {
            let mut out = String::with_capacity(8);
            out.push('\'');
            push_quoted_rune(&mut out, char::from(c));
            out.push('\'');
            out
        }
    }
}

/// `strconv.Quote`'s escaping of one rune below U+0100 (the byte read as Latin-1, as Go's
/// `string(byte)` does).
fn push_quoted_rune(out: &mut String, ch: char) {
    match ch {
        '\u{7}' => out.push_str(r"\a"),
        '\u{8}' => out.push_str(r"\b"),
        '\u{c}' => out.push_str(r"\f"),
        '\n' => out.push_str(r"\n"),
        '\r' => out.push_str(r"\r"),
        '\t' => out.push_str(r"\t"),
        '\u{b}' => out.push_str(r"\v"),
        '\\' => out.push_str(r"\\"),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => {
            let _ = write!(out, r"\x{:02x}", c as u32);
        }
        // C1 controls, NBSP and the soft hyphen are not printable for Go's `strconv.IsPrint`.
        c if (0x80..=0xa0).contains(&(c as u32)) || c as u32 == 0xad => {
            let _ = write!(out, r"\u{:04x}", c as u32);
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        // Verified with packer 1.6.6 syntax errors (and Go's strconv.Quote for the rest).
        let cases: &[(u8, &str)] = &[
            (b'}', "'}'"),
            (b'\n', r"'\n'"),
            (b'\t', r"'\t'"),
            (0x01, r"'\x01'"),
            (0xef, "'ï'"),
            (0xc3, "'Ã'"),
            (b'\'', r"'\''"),
            (b'"', "'\"'"),
            (b'\\', r"'\\'"),
            (0x85, r"'\u0085'"),
            (0x7f, r"'\x7f'"),
        ];
        for (byte, quoted) in cases {
            assert_eq!(quote_char(*byte), *quoted, "{byte:#x}");
        }
    }
}
