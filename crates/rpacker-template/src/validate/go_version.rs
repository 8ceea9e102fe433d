//! The part of `hashicorp/go-version` (v1.2) Packer uses for `min_packer_version`: its
//! permissive version syntax, its error texts, its normalised printing (`v9` → `9.0.0`) and
//! its ordering (segments, then pre-releases; metadata ignored).

use std::cmp::Ordering;
use std::fmt;

/// A parsed version, as go-version holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoVersion {
    /// Numeric segments, padded with zeros to at least three.
    segments: Vec<i64>,
    /// Pre-release (after `-`, or letters straight after the numbers).
    pre: String,
    /// Build metadata (after `+`).
    metadata: String,
}

/// Characters allowed in pre-release and metadata parts (`[0-9A-Za-z\-~]`).
fn is_part_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'~'
}

/// Whether `text` is one or more non-empty `.`-separated parts.
fn is_dotted_parts(text: &str) -> bool {
    !text.is_empty() && text.split('.').all(|p| !p.is_empty() && p.bytes().all(is_part_char))
}

impl GoVersion {
    /// go-version's `NewVersion`.
    ///
    /// # Errors
    /// `Malformed version: <v>` or `Error parsing version: strconv.ParseInt: parsing "<n>": value out of range`.
    pub fn parse(v: &str) -> Result<Self, String> {
        let malformed = || format!("Malformed version: {v}");
        let rest = v.strip_prefix('v').unwrap_or(v);
        // `[0-9]+(\.[0-9]+)*`: the longest run of dot-separated numbers (nothing after it may
        // start with a dot or a digit, so the regexp's lazy match ends there too).
        let bytes = rest.as_bytes();
        let mut end = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        if end == 0 {
            return Err(malformed());
        }
        while end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
            end += 1;
            end += bytes[end..].iter().take_while(|b| b.is_ascii_digit()).count();
        }
        let (numbers, tail) = rest.split_at(end);
        let (pre_part, metadata) = match tail.split_once('+') {
            Some((pre, meta)) => (pre, Some(meta)),
            None => (tail, None),
        };
        let pre = match pre_part.as_bytes() {
            [] => "",
            // `-` then a digit: the pre-release is what follows the dash.
            [b'-', d, ..] if d.is_ascii_digit() => &pre_part[1..],
            // `-` then a letter: the dash is the separator.
            [b'-', c, ..] if c.is_ascii_alphabetic() || *c == b'-' || *c == b'~' => &pre_part[1..],
            // A lone dash (or one before a dot) is itself the pre-release.
            [b'-', ..] => pre_part,
            [c, ..] if c.is_ascii_alphabetic() || *c == b'~' => pre_part,
            _ => return Err(malformed()),
        };
        if !pre_part.is_empty() && !is_dotted_parts(pre) {
            return Err(malformed());
        }
        if let Some(meta) = metadata {
            if !is_dotted_parts(meta) {
                return Err(malformed());
            }
        }
        let mut segments = numbers
            .split('.')
            .map(|s| {
                s.parse::<i64>().map_err(|_| {
                    format!("Error parsing version: strconv.ParseInt: parsing \"{s}\": value out of range")
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        while segments.len() < 3 {
            segments.push(0);
        }
        Ok(Self { segments, pre: pre.to_owned(), metadata: metadata.unwrap_or_default().to_owned() })
    }

    /// The numeric segments (at least three).
    #[must_use]
    pub fn segments(&self) -> &[i64] {
        &self.segments
    }

    /// The pre-release part (`""` when there is none).
    #[must_use]
    pub fn prerelease(&self) -> &str {
        &self.pre
    }
}

impl fmt::Display for GoVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let numbers: Vec<String> = self.segments.iter().map(i64::to_string).collect();
        f.write_str(&numbers.join("."))?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.metadata.is_empty() {
            write!(f, "+{}", self.metadata)?;
        }
        Ok(())
    }
}

impl PartialOrd for GoVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(compare(self, other))
    }
}

/// go-version's `Compare`.
fn compare(a: &GoVersion, b: &GoVersion) -> Ordering {
    if a.to_string() == b.to_string() {
        return Ordering::Equal;
    }
    if a.segments == b.segments {
        return match (a.pre.is_empty(), b.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => compare_prereleases(&a.pre, &b.pre),
        };
    }
    // Segments of different lengths: missing ones must be zero to be equal; pre-releases are
    // then ignored (go-version's quirk).
    let longest = a.segments.len().max(b.segments.len());
    for i in 0..longest {
        match (a.segments.get(i), b.segments.get(i)) {
            (Some(x), Some(y)) if x != y => return x.cmp(y),
            (Some(_), Some(_)) => {}
            (None, _) => return if b.segments[i..].iter().all(|s| *s == 0) { Ordering::Equal } else { Ordering::Less },
            (_, None) => {
                return if a.segments[i..].iter().all(|s| *s == 0) { Ordering::Equal } else { Ordering::Greater }
            }
        }
    }
    Ordering::Equal
}

fn compare_prereleases(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let a_parts: Vec<&str> = a.split('.').collect();
    let b_parts: Vec<&str> = b.split('.').collect();
    for i in 0..a_parts.len().max(b_parts.len()) {
        let order = compare_part(a_parts.get(i).copied().unwrap_or(""), b_parts.get(i).copied().unwrap_or(""));
        if order != Ordering::Equal {
            return order;
        }
    }
    Ordering::Equal
}

fn compare_part(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let a_num = a.parse::<i64>().ok();
    let b_num = b.parse::<i64>().ok();
    if a.is_empty() {
        return if b_num.is_some() { Ordering::Less } else { Ordering::Greater };
    }
    if b.is_empty() {
        return if a_num.is_some() { Ordering::Greater } else { Ordering::Less };
    }
    match (a_num, b_num) {
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) if a > b => Ordering::Greater,
        (Some(x), Some(y)) if x > y => Ordering::Greater,
        _ => Ordering::Less,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_like_go_version() {
        let cases = [
            ("1.6.6", Ok("1.6.6")),
            ("v9", Ok("9.0.0")),
            ("01.07", Ok("1.7.0")),
            ("9.0-beta", Ok("9.0.0-beta")),
            ("1.6.7-", Ok("1.6.7--")),
            ("1.0beta.2", Ok("1.0.0-beta.2")),
            ("1.2.3-4a.b", Ok("1.2.3-4a.b")),
            ("2.0.0-rc1+build.5", Ok("2.0.0-rc1+build.5")),
            ("1.2.3.4.5", Ok("1.2.3.4.5")),
            ("abc", Err("Malformed version: abc")),
            ("1.", Err("Malformed version: 1.")),
            ("1.0-a..b", Err("Malformed version: 1.0-a..b")),
            ("1.0+", Err("Malformed version: 1.0+")),
            (" 1.0", Err("Malformed version:  1.0")),
        ];
        for (text, expected) in cases {
            let got = GoVersion::parse(text).map(|v| v.to_string());
            assert_eq!(got, expected.map(str::to_owned).map_err(str::to_owned), "{text}");
        }
    }

    #[test]
    fn orders_like_go_version() {
        let v = |s: &str| GoVersion::parse(s).unwrap();
        assert!(v("1.6.6") < v("1.6.7"));
        assert!(v("1.6.6") < v("1.6.6.1"));
        assert!(v("1.6.6-beta") < v("1.6.6"));
        assert!(v("1.6.6-alpha") < v("1.6.6-beta"));
        assert!(v("1.6.6-2") < v("1.6.6-10"));
        assert!(v("1.6.6-1") < v("1.6.6-a"));
        assert_eq!(v("1.6.6+x").partial_cmp(&v("1.6.6")), Some(Ordering::Equal));
        assert_eq!(v("1.6").partial_cmp(&v("1.6.0")), Some(Ordering::Equal));
        assert!(v("1.6.6") >= v("1.6"));
    }
}
