//! Go's `strings.ToUpper` / `strings.ToLower`: one character in, one character out.
//!
//! Go maps each rune with Unicode's *simple* case mapping, so `ß` stays `ß` and `İ` becomes
//! `i`, whereas Rust's `str::to_uppercase` applies the full mappings (`ß` → `SS`) and the
//! final-sigma rule. Rust's per-char mapping agrees with Go's whenever it yields a single
//! character; the few characters whose full mapping expands are handled here.

/// Go's `strings.ToUpper`.
pub(crate) fn to_upper(s: &str) -> String {
    s.chars().map(upper_char).collect()
}

/// Go's `strings.ToLower`.
pub(crate) fn to_lower(s: &str) -> String {
    s.chars().map(lower_char).collect()
}

fn upper_char(c: char) -> char {
    let mut full = c.to_uppercase();
    match (full.next(), full.next()) {
        (Some(one), None) => one,
        // Expanding mappings: Go uses the simple mapping, which exists only for the Greek
        // letters with ypogegrammeni (ᾀ → ᾈ, ᾳ → ᾼ …); the others (ß, ŉ, ﬀ …) stay as they are.
        _ => match u32::from(c) {
            0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => char::from_u32(u32::from(c) + 8).unwrap_or(c),
            0x1FB3 => '\u{1FBC}',
            0x1FC3 => '\u{1FCC}',
            0x1FF3 => '\u{1FFC}',
            _ => c,
        },
    }
}

fn lower_char(c: char) -> char {
    let mut full = c.to_lowercase();
    match (full.next(), full.next()) {
        (Some(one), None) => one,
        // Only İ (U+0130) expands when lowercased; its simple mapping is plain `i`.
        _ if c == '\u{130}' => 'i',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_like_go() {
        let cases = [
            // (input, ToUpper, ToLower) — Go's unicode.ToUpper/ToLower simple mappings.
            ("abc", "ABC", "abc"),
            ("ABC", "ABC", "abc"),
            ("straße", "STRAßE", "straße"),
            ("İstanbul", "İSTANBUL", "istanbul"),
            ("ΣΑΣ", "ΣΑΣ", "σασ"),
            ("ᾳ ᾀ ﬀ", "ᾼ ᾈ ﬀ", "ᾳ ᾀ ﬀ"),
            ("é-1_x", "É-1_X", "é-1_x"),
        ];
        for (input, upper, lower) in cases {
            assert_eq!(to_upper(input), upper, "upper {input}");
            assert_eq!(to_lower(input), lower, "lower {input}");
        }
    }
}
