//! Turning the bytes between a JSON string's quotes into text exactly as Go's `encoding/json`
//! does: escapes decoded, an invalid UTF-8 byte becomes U+FFFD (one per byte, like Go's
//! `utf8.DecodeRune`), and a broken surrogate `\u` escape becomes U+FFFD without consuming
//! what follows. The scanner has already checked the escapes are well formed.

/// Decodes the raw contents of a string literal (without its quotes).
#[must_use]
pub fn decode_string(raw: &[u8]) -> String {
    if !raw.contains(&b'\\') {
        return match std::str::from_utf8(raw) {
            Ok(text) => text.to_owned(),
            Err(_) => {
                let mut out = String::with_capacity(raw.len() + 8);
                push_lossy(&mut out, raw);
                out
            }
        };
    }
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let run_end = raw[i..].iter().position(|&b| b == b'\\').map_or(raw.len(), |p| i + p);
        push_lossy(&mut out, &raw[i..run_end]);
        i = run_end;
        if i >= raw.len() {
            break;
        }
        // raw[i] is a backslash; the scanner guarantees a valid escape follows.
        let Some(&kind) = raw.get(i + 1) else { break };
        i += 2;
        match kind {
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let Some(unit) = hex4(&raw[i..]) else { break };
                i += 4;
                if (0xd800..0xe000).contains(&unit) {
                    let low = raw.get(i..i + 2).filter(|p| *p == b"\\u").and_then(|_| hex4(&raw[i + 2..]));
                    match low {
                        Some(low) if (0xd800..0xdc00).contains(&unit) && (0xdc00..0xe000).contains(&low) => {
                            let code = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                            i += 6;
                        }
                        _ => out.push('\u{fffd}'),
                    }
                } else {
                    out.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
                }
            }
            // `\\`, `\/`, `\"`.
            other => out.push(char::from(other)),
        }
    }
    out
}

/// Four hex digits at the start of `bytes`.
fn hex4(bytes: &[u8]) -> Option<u32> {
    let digits = bytes.get(..4)?;
    let mut value = 0;
    for &d in digits {
        value = value * 16 + char::from(d).to_digit(16)?;
    }
    Some(value)
}

/// Appends `bytes`, replacing every byte that is not part of a valid UTF-8 sequence by U+FFFD.
fn push_lossy(out: &mut String, mut bytes: &[u8]) {
    loop {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(text);
                return;
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = e.error_len().unwrap_or(rest.len());
                for _ in 0..bad {
                    out.push('\u{fffd}');
                }
                bytes = &rest[bad..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_like_go() {
        let cases: &[(&[u8], &str)] = &[
            (b"plain", "plain"),
            (br"a\nb\t\/\\\u0041", "a\nb\t/\\A"),
            (br"\ud83d\ude00", "\u{1f600}"),
            (br"\ud800x", "\u{fffd}x"),
            (br"\udc00\u0041", "\u{fffd}A"),
            (br"\ud800\u0041", "\u{fffd}A"),
            (b"\xff\xfe", "\u{fffd}\u{fffd}"),
            (b"\xe2\x82a", "\u{fffd}\u{fffd}a"),
            (b"\xc3\xa9\\n", "\u{e9}\n"),
        ];
        for (raw, text) in cases {
            assert_eq!(decode_string(raw), *text, "{raw:?}");
        }
    }
}
