//! The glob patterns of HCL2 `-only`/`-except` (gobwas/glob without separators): `*` matches
//! any run of characters (dots included), `?` one character, `[abc]` / `[a-z]` / `[!a]` one of
//! a class, `{a,b}` alternatives, `\` escapes. A pattern that does not parse matches nothing.

/// Whether `name` matches `pattern`.
#[must_use]
pub fn glob_matches(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    matches_at(&pattern, &name)
}

fn matches_at(p: &[char], n: &[char]) -> bool {
    let Some((&first, rest)) = p.split_first() else { return n.is_empty() };
    match first {
        '*' => (0..=n.len()).any(|i| matches_at(rest, &n[i..])),
        '?' => !n.is_empty() && matches_at(rest, &n[1..]),
        '\\' => match rest.split_first() {
            Some((&c, rest)) => n.first() == Some(&c) && matches_at(rest, &n[1..]),
            None => false,
        },
        '[' => {
            let Some(close) = rest.iter().position(|&c| c == ']') else { return false };
            let (class, after) = (&rest[..close], &rest[close + 1..]);
            let Some(&c) = n.first() else { return false };
            class_matches(class, c) && matches_at(after, &n[1..])
        }
        '{' => {
            let Some(close) = rest.iter().position(|&c| c == '}') else { return false };
            let (alternatives, after) = (&rest[..close], &rest[close + 1..]);
            alternatives.split(|&c| c == ',').any(|alt| {
                let mut joined = alt.to_vec();
                joined.extend_from_slice(after);
                matches_at(&joined, n)
            })
        }
        c => n.first() == Some(&c) && matches_at(rest, &n[1..]),
    }
}

fn class_matches(class: &[char], c: char) -> bool {
    let (negated, class) = match class.split_first() {
        Some((&'!', rest)) => (true, rest),
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
    use super::glob_matches;

    #[test]
    fn gobwas_syntax() {
        let cases = [
            ("*", "null.a", true),
            ("null.*", "null.a", true),
            ("*.a", "mybuild.null.a", true),
            ("null.?", "null.ab", false),
            ("null.[ab]", "null.b", true),
            ("null.[!ab]", "null.b", false),
            ("null.[a-c]", "null.c", true),
            ("{null,file}.a", "file.a", true),
            ("{null,file}.a", "docker.a", false),
            ("null\\*", "null*", true),
            ("null.a", "null.ab", false),
        ];
        for (pattern, name, want) in cases {
            assert_eq!(glob_matches(pattern, name), want, "{pattern} {name}");
        }
    }
}
