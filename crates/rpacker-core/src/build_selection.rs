//! `-only` / `-except`. For JSON templates both are exact matches on the (interpolated) build
//! name; for HCL2 they are globs. `-except` also cuts post-processor chains at a matching
//! post-processor name.

use rpacker_diag::Diagnostic;

use crate::glob_pattern::{glob_matches, GlobPattern};

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

    /// HCL2: checks that every `-only`, then every `-except` value is a glob pattern.
    ///
    /// # Errors
    /// Current Packer's `Invalid -only pattern <pattern>: <error>` for each bad `-only` value
    /// (the `-except` values when those are fine).
    pub fn check_globs(&self) -> Result<(), Vec<Diagnostic>> {
        for (option, patterns) in [("only", &self.only), ("except", &self.except)] {
            let errors: Vec<Diagnostic> = patterns
                .iter()
                .filter_map(|p| GlobPattern::compile(p).err().map(|e| (p, e)))
                .map(|(p, e)| Diagnostic::error(format!("Invalid -{option} pattern {p}: {e}"), ""))
                .collect();
            if !errors.is_empty() {
                return Err(errors);
            }
        }
        Ok(())
    }

    /// HCL2: whether the build named `name` runs (`-only`/`-except` are globs).
    #[must_use]
    pub fn selects_glob(&self, name: &str) -> bool {
        if !self.only.is_empty() {
            return self.only.iter().any(|o| glob_matches(o, name));
        }
        !self.except.iter().any(|e| glob_matches(e, name))
    }

    /// HCL2: whether a post-processor named `name` matches an `-except` glob.
    #[must_use]
    pub fn excludes_post_processor_glob(&self, name: &str) -> bool {
        self.except.iter().any(|e| glob_matches(e, name))
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

    #[test]
    fn hcl_globs() {
        // (only, except, name, selected): verified with packer 1.6.6 (`-only '*b'` selects
        // `null.b`; `source.` is not part of the name).
        let cases = [
            (&["*b"][..], &[][..], "null.b", true),
            (&["null.*"], &[], "null.a", true),
            (&["source.null.b"], &[], "null.b", false),
            (&["zz"], &[], "null.a", false),
            (&[], &["null.?"], "null.a", false),
            (&[], &["file.*"], "null.a", true),
        ];
        for (only, except, name, want) in cases {
            let filter = BuildFilter {
                only: only.iter().map(|s| (*s).to_owned()).collect(),
                except: except.iter().map(|s| (*s).to_owned()).collect(),
            };
            assert_eq!(filter.selects_glob(name), want, "{only:?} {except:?} {name}");
        }
    }

    #[test]
    fn invalid_globs() {
        let filter = |only: &[&str], except: &[&str]| BuildFilter {
            only: only.iter().map(|s| (*s).to_owned()).collect(),
            except: except.iter().map(|s| (*s).to_owned()).collect(),
        };
        let summaries = |f: BuildFilter| -> Vec<String> {
            f.check_globs().err().unwrap_or_default().into_iter().map(|d| d.summary).collect()
        };
        // Verified with packer 1.6.6 (`-only '['`); `-except` as current Packer.
        assert_eq!(summaries(filter(&["null.a", "["], &[])), ["Invalid -only pattern [: unexpected end of input"]);
        assert_eq!(
            summaries(filter(&[], &["[z-a]"])),
            ["Invalid -except pattern [z-a]: hi character 'a' should be greater than lo 'z'"]
        );
        assert_eq!(summaries(filter(&["["], &["[]"])), ["Invalid -only pattern [: unexpected end of input"]);
        assert!(filter(&["null.*", "a{"], &["x"]).check_globs().is_ok());
    }
}
