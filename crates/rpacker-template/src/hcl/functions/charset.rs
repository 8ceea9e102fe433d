//! The text encodings `textencodebase64`/`textdecodebase64` accept, by IANA name or alias.
//!
//! Packer resolves names with `golang.org/x/text/encoding/ianaindex`, which knows dozens of
//! legacy charsets. We implement the ones templates use in practice — UTF-8, UTF-16 (LE, BE,
//! and BOM-marked), ISO-8859-1, windows-1252 and US-ASCII; any other name is reported as
//! unsupported with Packer's message, which is the documented limit.

/// A supported encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Charset {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// `UTF-16`: big-endian with a byte-order mark when encoding; BOM-detected when decoding.
    Utf16,
    Latin1,
    Windows1252,
    Ascii,
}

/// Names and aliases (compared case-insensitively), from the IANA character-set registry.
const NAMES: &[(&str, Charset)] = &[
    ("utf-8", Charset::Utf8),
    ("utf8", Charset::Utf8),
    ("csutf8", Charset::Utf8),
    ("utf-16le", Charset::Utf16Le),
    ("csutf16le", Charset::Utf16Le),
    ("utf-16be", Charset::Utf16Be),
    ("csutf16be", Charset::Utf16Be),
    ("utf-16", Charset::Utf16),
    ("csutf16", Charset::Utf16),
    ("iso-8859-1", Charset::Latin1),
    ("iso_8859-1", Charset::Latin1),
    ("iso_8859-1:1987", Charset::Latin1),
    ("iso-ir-100", Charset::Latin1),
    ("latin1", Charset::Latin1),
    ("l1", Charset::Latin1),
    ("ibm819", Charset::Latin1),
    ("cp819", Charset::Latin1),
    ("csisolatin1", Charset::Latin1),
    ("windows-1252", Charset::Windows1252),
    ("cswindows1252", Charset::Windows1252),
    ("us-ascii", Charset::Ascii),
    ("ascii", Charset::Ascii),
    ("us", Charset::Ascii),
    ("ansi_x3.4-1968", Charset::Ascii),
    ("iso646-us", Charset::Ascii),
    ("csascii", Charset::Ascii),
];

/// windows-1252's mapping of bytes 0x80..=0x9F (`None`: undefined).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('\u{20AC}'),
    None,
    Some('\u{201A}'),
    Some('\u{0192}'),
    Some('\u{201E}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02C6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017D}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02DC}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203A}'),
    Some('\u{0153}'),
    None,
    Some('\u{017E}'),
    Some('\u{0178}'),
];

impl Charset {
    /// The encoding `name` stands for, if supported.
    pub(super) fn lookup(name: &str) -> Option<Charset> {
        let lower = name.to_ascii_lowercase();
        NAMES.iter().find(|(n, _)| *n == lower).map(|(_, c)| *c)
    }

    /// The canonical IANA name, as Packer's messages print it.
    pub(super) fn name(self) -> &'static str {
        match self {
            Charset::Utf8 => "UTF-8",
            Charset::Utf16Le => "UTF-16LE",
            Charset::Utf16Be => "UTF-16BE",
            Charset::Utf16 => "UTF-16",
            Charset::Latin1 => "ISO-8859-1",
            Charset::Windows1252 => "windows-1252",
            Charset::Ascii => "US-ASCII",
        }
    }

    /// `text` in this encoding, or `None` if a character has no representation.
    pub(super) fn encode(self, text: &str) -> Option<Vec<u8>> {
        match self {
            Charset::Utf8 => Some(text.as_bytes().to_vec()),
            Charset::Utf16Le => Some(text.encode_utf16().flat_map(u16::to_le_bytes).collect()),
            Charset::Utf16Be => Some(text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
            Charset::Utf16 => {
                Some([0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect())
            }
            Charset::Latin1 => text.chars().map(|c| u8::try_from(c as u32).ok()).collect(),
            Charset::Ascii => text.chars().map(|c| if c.is_ascii() { Some(c as u8) } else { None }).collect(),
            Charset::Windows1252 => text.chars().map(cp1252_byte).collect(),
        }
    }

    /// `bytes` decoded from this encoding, or `None` if they are not valid in it.
    pub(super) fn decode(self, bytes: &[u8]) -> Option<String> {
        match self {
            Charset::Utf8 => String::from_utf8(bytes.to_vec()).ok(),
            Charset::Utf16Le => utf16(bytes, u16::from_le_bytes),
            Charset::Utf16Be => utf16(bytes, u16::from_be_bytes),
            Charset::Utf16 => match bytes {
                [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
                [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
                _ => utf16(bytes, u16::from_be_bytes),
            },
            Charset::Latin1 => Some(bytes.iter().map(|&b| char::from(b)).collect()),
            Charset::Ascii => bytes.iter().map(|&b| if b.is_ascii() { Some(char::from(b)) } else { None }).collect(),
            Charset::Windows1252 => bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
                    _ => Some(char::from(b)),
                })
                .collect(),
        }
    }
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|p| word([p[0], p[1]])).collect();
    String::from_utf16(&units).ok()
}

fn cp1252_byte(c: char) -> Option<u8> {
    match c as u32 {
        0x00..=0x7F | 0xA0..=0xFF => Some(c as u8),
        _ => CP1252_HIGH.iter().position(|m| *m == Some(c)).map(|i| 0x80 + i as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::Charset;

    #[test]
    #[rustfmt::skip]
    fn round_trips_and_rejections() {
        let cases: &[(&str, &str, Option<&[u8]>)] = &[
            ("UTF-16LE", "Hi", Some(&[b'H', 0, b'i', 0])),
            ("utf-16be", "Hi", Some(&[0, b'H', 0, b'i'])),
            ("UTF-16", "H", Some(&[0xFE, 0xFF, 0, b'H'])),
            ("latin1", "é", Some(&[0xE9])),
            ("windows-1252", "€", Some(&[0x80])),
            ("US-ASCII", "é", None),
            ("ISO-8859-1", "€", None),
        ];
        for (name, text, bytes) in cases {
            let charset = Charset::lookup(name).expect(name);
            assert_eq!(charset.encode(text).as_deref(), *bytes, "{name} {text}");
            if let Some(bytes) = bytes {
                assert_eq!(charset.decode(bytes).as_deref(), Some(*text), "{name} {text}");
            }
        }
        assert_eq!(Charset::lookup("klingon"), None);
    }
}
