//! `-only` / `-except`. For JSON templates both are exact matches on the (interpolated) build
//! name, and `-except` also cuts post-processor chains at a post-processor of that name.

/// The build selection flags.
#[derive(Debug, Clone, Default)]
pub struct BuildFilter {
    /// `-only` values.
    pub only: Vec<String>,
    /// `-except` values.
    pub except: Vec<String>,
}

impl BuildFilter {
    /// Whether the build named `name` runs.
    #[must_use]
    pub fn selects(&self, name: &str) -> bool {
        if !self.only.is_empty() {
            return self.only.iter().any(|o| o == name);
        }
        !self.except.iter().any(|e| e == name)
    }

    /// Whether a post-processor named `name` is excluded (and its chain cut there).
    #[must_use]
    pub fn excludes_post_processor(&self, name: &str) -> bool {
        self.except.iter().any(|e| e == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_matches_only() {
        let only = BuildFilter { only: vec!["a".into()], except: vec![] };
        assert!(only.selects("a"));
        assert!(!only.selects("ab"));
        // Globs are not patterns for JSON templates (verified with packer 1.6.6).
        let glob = BuildFilter { only: vec!["a*".into()], except: vec![] };
        assert!(!glob.selects("ab"));
        let except = BuildFilter { only: vec![], except: vec!["b".into()] };
        assert!(except.selects("a"));
        assert!(!except.selects("b"));
        assert!(except.excludes_post_processor("b"));
    }
}
