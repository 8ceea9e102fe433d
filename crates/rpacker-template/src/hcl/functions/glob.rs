//! The glob matching `fileset` uses: bmatcuk/doublestar (v1) patterns over `/`-separated
//! relative paths.
//!
//! A pattern is split into path segments; `**` matches any number of segments (including
//! none), and within a segment `*` matches any run of characters, `?` one character, `[...]`
//! (with `^`/`!` negation and ranges) one character of a class, `{a,b}` either alternative,
//! and `\` escapes the next character.

/// A malformed pattern (an unclosed `[` or `{`), Go's `path.ErrBadPattern`.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct BadPattern;

/// Whether the `/`-separated `path` matches `pattern`.
pub(super) fn matches(pattern: &str, path: &str) -> Result<bool, BadPattern> {
    let pattern: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let path: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match_segments(&pattern, &path)
}

/// Checks the whole pattern for syntax errors, as doublestar does before walking.
pub(super) fn validate(pattern: &str) -> Result<(), BadPattern> {
    for segment in pattern.split('/') {
        if segment != "**" {
            // Matching against the empty string reads the whole pattern only if it is valid.
            segment_matches(segment, "").map(|_| ())?;
            check_brackets(segment)?;
        }
    }
    Ok(())
}

fn check_brackets(segment: &str) -> Result<(), BadPattern> {
    let mut chars = segment.chars();
    let (mut brackets, mut braces) = (0i32, 0i32);
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' => brackets += 1,
            ']' if brackets > 0 => brackets -= 1,
            '{' => braces += 1,
            '}' if braces > 0 => braces -= 1,
            _ => {}
        }
    }
    if brackets == 0 && braces == 0 {
        Ok(())
    } else {
        Err(BadPattern)
    }
}

fn match_segments(pattern: &[&str], path: &[&str]) -> Result<bool, BadPattern> {
    match pattern.split_first() {
        None => Ok(path.is_empty()),
        Some((&"**", rest)) => {
            for skip in 0..=path.len() {
                if match_segments(rest, &path[skip..])? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Some((segment, rest)) => match path.split_first() {
            Some((name, path_rest)) if segment_matches(segment, name)? => match_segments(rest, path_rest),
            _ => Ok(false),
        },
    }
}

/// Matches one segment pattern against one name.
fn segment_matches(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    match_from(&p, &n)
}

fn match_from(p: &[char], n: &[char]) -> Result<bool, BadPattern> {
    let Some((&first, rest)) = p.split_first() else {
        return Ok(n.is_empty());
    };
    match first {
        '*' => {
            for skip in 0..=n.len() {
                if match_from(rest, &n[skip..])? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        '?' => Ok(!n.is_empty() && match_from(rest, &n[1..])?),
        '[' => {
            let close = rest.iter().position(|c| *c == ']').ok_or(BadPattern)?;
            let class = &rest[..close];
            let Some((&c, n_rest)) = n.split_first() else { return Ok(false) };
            Ok(class_matches(class, c) && match_from(&rest[close + 1..], n_rest)?)
        }
        '{' => {
            let close = rest.iter().position(|c| *c == '}').ok_or(BadPattern)?;
            let after = &rest[close + 1..];
            for alternative in rest[..close].split(|c| *c == ',') {
                let mut candidate = alternative.to_vec();
                candidate.extend_from_slice(after);
                if match_from(&candidate, n)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        '\\' => {
            let Some((&literal, rest)) = rest.split_first() else { return Err(BadPattern) };
            Ok(n.first() == Some(&literal) && match_from(rest, &n[1..])?)
        }
        literal => Ok(n.first() == Some(&literal) && match_from(rest, &n[1..])?),
    }
}

fn class_matches(class: &[char], c: char) -> bool {
    let (negated, class) = match class.split_first() {
        Some(('^' | '!', rest)) => (true, rest),
        _ => (false, class),
    };
    let mut found = false;
    let mut i = 0;
    while i < class.len() {
        if i + 2 < class.len() && class[i + 1] == '-' {
            found |= class[i] <= c && c <= class[i + 2];
            i += 3;
        } else {
            found |= class[i] == c;
            i += 1;
        }
    }
    found != negated
}

#[cfg(test)]
mod tests {
    use super::{matches, validate, BadPattern};

    #[test]
    #[rustfmt::skip]
    fn doublestar_patterns() {
        let cases: &[(&str, &str, bool)] = &[
            ("*.txt", "hello.txt", true),
            ("*.txt", "sub/hello.txt", false),
            ("**/*.txt", "hello.txt", true),
            ("**/*.txt", "a/b/hello.txt", true),
            ("hello.???", "hello.txt", true),
            ("hello.{tmpl,txt}", "hello.tmpl", true),
            ("hello.{tmpl,txt}", "hello.md", false),
            ("[a-h]ello.txt", "hello.txt", true),
            ("[!h]ello.txt", "hello.txt", false),
            ("*/hello*", "testdata/hello.txt", true),
            ("a\\*", "a*", true),
        ];
        for (pattern, path, want) in cases {
            assert_eq!(matches(pattern, path), Ok(*want), "{pattern} ~ {path}");
        }
        assert_eq!(validate("["), Err(BadPattern));
        assert_eq!(validate("{a,b"), Err(BadPattern));
        assert_eq!(validate("**/*.txt"), Ok(()));
    }
}
