//! hashicorp/go-version constraints (v1.9, the release current Packer uses) for
//! `required_version` and `required_plugins`: comma-separated `<op> <version>` parts that must
//! all hold, with `=` (or no operator), `!=`, `>`, `>=`, `<`, `<=` and the pessimistic `~>`.
//!
//! Pre-releases follow go-version: a version with a pre-release only satisfies an ordering
//! constraint whose version is a pre-release of the same segments; `~>` with a pre-release
//! only matches pre-releases.

use std::cmp::Ordering;
use std::fmt;

use crate::validate::GoVersion;

/// The operators, in the order go-version's regexp tries them.
const OPERATORS: &[(&str, Operator)] = &[
    ("<=", Operator::LessOrEqual),
    (">=", Operator::GreaterOrEqual),
    ("!=", Operator::NotEqual),
    ("~>", Operator::Pessimistic),
    ("<", Operator::Less),
    (">", Operator::Greater),
    ("=", Operator::Equal),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    Equal,
    NotEqual,
    Greater,
    Less,
    GreaterOrEqual,
    LessOrEqual,
    Pessimistic,
}

/// One `<op> <version>` part.
#[derive(Debug, Clone)]
struct Constraint {
    op: Operator,
    version: GoVersion,
    /// How many numeric segments were written (`~> 1.2` → 2): what `~>` keeps fixed.
    specified: usize,
    original: String,
}

/// A parsed constraint string such as `>= 1.7, < 2.0`.
#[derive(Debug, Clone)]
pub struct VersionConstraints {
    parts: Vec<Constraint>,
}

/// Go's `\s`: the whitespace the constraint regexp skips.
fn is_go_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

impl VersionConstraints {
    /// go-version's `NewConstraint`.
    ///
    /// # Errors
    /// go-version's message for the first bad part (`malformed constraint: <part>` or the
    /// version's own error).
    pub fn parse(text: &str) -> Result<Self, String> {
        text.split(',').map(parse_single).collect::<Result<Vec<_>, _>>().map(|parts| Self { parts })
    }

    /// Whether `version` satisfies every part.
    #[must_use]
    pub fn check(&self, version: &GoVersion) -> bool {
        self.parts.iter().all(|c| c.check(version))
    }

    /// Whether any part names a pre-release (`>= 1.2.0-beta`).
    #[must_use]
    pub fn has_prerelease(&self) -> bool {
        self.parts.iter().any(|c| !c.version.prerelease().is_empty())
    }
}

impl fmt::Display for VersionConstraints {
    /// go-version's `Constraints.String()`: the parts as written, joined by `,`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<&str> = self.parts.iter().map(|c| c.original.as_str()).collect();
        f.write_str(&parts.join(","))
    }
}

fn parse_single(part: &str) -> Result<Constraint, String> {
    let malformed = || format!("malformed constraint: {part}");
    let rest = part.trim_start_matches(is_go_space);
    let (op, rest) = OPERATORS
        .iter()
        .find_map(|(text, op)| rest.strip_prefix(text).map(|r| (*op, r)))
        .unwrap_or((Operator::Equal, rest));
    let written = rest.trim_matches(is_go_space);
    if written.is_empty() || written.contains(is_go_space) {
        return Err(malformed());
    }
    let version = GoVersion::parse(written).map_err(|_| malformed())?;
    let numbers = written.strip_prefix('v').unwrap_or(written);
    let specified = numbers
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .next()
        .unwrap_or("")
        .split('.')
        .take_while(|s| !s.is_empty())
        .count();
    Ok(Constraint { op, version, specified, original: part.to_owned() })
}

impl Constraint {
    fn check(&self, v: &GoVersion) -> bool {
        let c = &self.version;
        let order = v.partial_cmp(c).unwrap_or(Ordering::Equal);
        match self.op {
            Operator::Equal => order == Ordering::Equal,
            Operator::NotEqual => order != Ordering::Equal,
            Operator::Greater => prerelease_check(v, c) && order == Ordering::Greater,
            Operator::Less => prerelease_check(v, c) && order == Ordering::Less,
            Operator::GreaterOrEqual => prerelease_check(v, c) && order != Ordering::Less,
            Operator::LessOrEqual => prerelease_check(v, c) && order != Ordering::Greater,
            Operator::Pessimistic => self.pessimistic(v, order),
        }
    }

    /// `~> 1.2.3` = `>= 1.2.3, < 1.3`; `~> 1.2` = `>= 1.2, < 2`.
    fn pessimistic(&self, v: &GoVersion, order: Ordering) -> bool {
        let c = &self.version;
        if !prerelease_check(v, c) || (!c.prerelease().is_empty() && v.prerelease().is_empty()) {
            return false;
        }
        if order == Ordering::Less {
            return false;
        }
        let (cs, vs) = (c.segments(), v.segments());
        if cs.len() > vs.len() {
            return false;
        }
        if (0..self.specified.saturating_sub(1)).any(|i| vs.get(i) != cs.get(i)) {
            return false;
        }
        cs.last() <= vs.get(cs.len() - 1)
    }
}

/// go-version's `prereleaseCheck` for the ordering operators.
fn prerelease_check(v: &GoVersion, c: &GoVersion) -> bool {
    match (v.prerelease().is_empty(), c.prerelease().is_empty()) {
        (false, false) => v.segments() == c.segments(),
        (false, true) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_like_go_version() {
        // (constraint, version, satisfied): go-version's own table (constraint_test.go), then
        // checks of rpacker's declared 1.16.0.
        let cases = [
            (">= 1.0, < 1.2", "1.1.5", true),
            ("< 1.0, < 1.2", "1.1.5", false),
            ("= 1.0", "1.1.5", false),
            ("= 1.0", "1.0.0", true),
            ("1.0", "1.0.0", true),
            ("~> 1.0", "2.0", false),
            ("~> 1.0", "1.1", true),
            ("~> 1.0", "1.2.3", true),
            ("~> 1.0.0", "1.2.3", false),
            ("~> 1.0.0", "1.0.7", true),
            ("~> 1.0.0", "1.1.0", false),
            ("~> 1.0.7", "1.0.4", false),
            ("~> 1.0.7", "1.0.7", true),
            ("~> 1.0.7", "1.0.8", true),
            ("~> 1.0.7", "1.0.7.5", true),
            ("~> 1.0.7", "1.0.6.99", false),
            ("~> 1.0.7", "1.0.8.0", true),
            ("~> 1.0.9.5", "1.0.9.5", true),
            ("~> 1.0.9.5", "1.0.9.4", false),
            ("~> 1.0.9.5", "1.0.9.6", true),
            ("~> 1.0.9.5", "1.0.9.5.0", true),
            ("~> 1.0.9.5", "1.0.9.5.1", true),
            ("~> 2.0", "2.1.0-beta", false),
            ("~> 2.1.0-a", "2.2.0", false),
            ("~> 2.1.0-a", "2.1.0", false),
            ("~> 2.1.0-a", "2.1.0-beta", true),
            ("~> 2.1.0-a", "2.2.0-alpha", false),
            ("> 2.0", "2.1.0-beta", false),
            (">= 2.1.0-a", "2.1.0-beta", true),
            (">= 2.1.0-a", "2.1.1-beta", false),
            (">= 2.0.0", "2.1.0-beta", false),
            (">= 2.1.0-a", "2.1.1", true),
            (">= 2.1.0-a", "2.1.0", true),
            ("<= 2.1.0-a", "2.0.0", true),
            (">= 1.7", "1.16.0", true),
            ("=1.16", "1.16.0", true),
            ("v1.16", "1.16.0", true),
            ("<= 1.2", "1.16.0", false),
            ("!= 1.16.0", "1.16.0", false),
            ("!= 1.6.6", "1.16.0", true),
            (">= 1.7,< 1.10", "1.16.0", false),
            ("~> 1.16.0", "1.16.0", true),
            ("~> 1.15.0", "1.16.0", false),
            ("~> 1", "1.16.0", true),
            ("  >=  1.16  ", "1.16.0", true),
        ];
        for (constraint, version, want) in cases {
            let parsed = VersionConstraints::parse(constraint).unwrap_or_else(|e| panic!("{constraint}: {e}"));
            let v = GoVersion::parse(version).unwrap();
            assert_eq!(parsed.check(&v), want, "{constraint} vs {version}");
        }
    }

    #[test]
    fn rejects_malformed_constraints() {
        let cases = [
            ("", "malformed constraint: "),
            (">== 1.0", "malformed constraint: >== 1.0"),
            (">= 1.0,", "malformed constraint: "),
            ("=> 1.0", "malformed constraint: => 1.0"),
            ("~ 1.0", "malformed constraint: ~ 1.0"),
            (">= 1 .0", "malformed constraint: >= 1 .0"),
            ("latest", "malformed constraint: latest"),
            (">= 1.x", "malformed constraint: >= 1.x"),
        ];
        for (constraint, want) in cases {
            assert_eq!(VersionConstraints::parse(constraint).err().as_deref(), Some(want), "{constraint}");
        }
    }

    #[test]
    fn prints_parts_as_written_and_spots_prereleases() {
        let parsed = VersionConstraints::parse(">= 1.7, < 2").unwrap();
        assert_eq!(parsed.to_string(), ">= 1.7, < 2");
        assert!(!parsed.has_prerelease());
        assert!(VersionConstraints::parse(">= 1.2.0-beta").unwrap().has_prerelease());
    }
}
