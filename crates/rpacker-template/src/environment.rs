//! The process environment and the run's constants: the one door to `std::env`.
//!
//! Template functions (`env`, `pwd`, `vault`'s `VAULT_TOKEN`…) read the environment, and
//! `timestamp`/`isotime`/`build "PackerRunUUID"` read per-run constants. Both are captured once
//! here and passed around, so tests inject them and no other code in the workspace reads the
//! process environment directly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rand::RngCore;
use time::OffsetDateTime;

/// A snapshot of the process environment variables and working directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    vars: BTreeMap<String, String>,
    cwd: PathBuf,
}

impl Environment {
    /// The environment of this process, read once. Variables that are not valid UTF-8 are
    /// left out (Go would see them, but no Packer template can name them usefully).
    #[must_use]
    pub fn from_process() -> Self {
        let vars =
            std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))).collect();
        // Go's os.Getwd fails only if the directory vanished; an empty path then renders as
        // an empty `pwd`, which is what a template can still work with.
        let cwd = std::env::current_dir().unwrap_or_default();
        Self { vars, cwd }
    }

    /// An environment made of the given variables and working directory (tests, embedding).
    #[must_use]
    pub fn new(vars: impl IntoIterator<Item = (String, String)>, cwd: impl Into<PathBuf>) -> Self {
        Self { vars: vars.into_iter().collect(), cwd: cwd.into() }
    }

    /// The value of variable `name`, if set (Go's `os.Getenv` treats unset as empty).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// The working directory.
    #[must_use]
    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// All variables, sorted by name (to hand on to child processes).
    pub fn vars(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Constants of one rpacker run, shared by every render of every build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunInfo {
    /// When the run started, in UTC: `timestamp`, `isotime` and `strftime` all render this, so
    /// they are constant for the whole run (upstream: per plugin process).
    pub init_time: OffsetDateTime,
    /// The run's random id (`PACKER_RUN_UUID`, `{{ build "PackerRunUUID" }}`, the manifest).
    pub run_uuid: String,
    /// The environment the run was started in.
    pub env: Arc<Environment>,
    /// The Packer version reported by `packer_version` and to plugins.
    pub packer_version: String,
}

impl RunInfo {
    /// A new run starting now, with a fresh random run UUID.
    #[must_use]
    pub fn new(env: Arc<Environment>, packer_version: String) -> Self {
        Self { init_time: OffsetDateTime::now_utc(), run_uuid: random_uuid(), env, packer_version }
    }
}

/// 16 random bytes as `8-4-4-4-12` hex, like hashicorp/go-uuid's `GenerateUUID` that Packer
/// uses for the run UUID (no version or variant bits are set).
#[must_use]
pub fn random_uuid() -> String {
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b);
    let hex = |bytes: &[u8]| bytes.iter().map(|x| format!("{x:02x}")).collect::<String>();
    format!("{}-{}-{}-{}-{}", hex(&b[0..4]), hex(&b[4..6]), hex(&b[6..8]), hex(&b[8..10]), hex(&b[10..16]))
}

/// The run of Packer's 1.6.6 quick-reference render (json-template spec §9): init time
/// 1795419190, a fixed run UUID, `HOME=/root`, cwd `/cwd`. Tests compare against values
/// produced by the reference binary at that time.
#[cfg(test)]
pub(crate) fn reference_run() -> Arc<RunInfo> {
    let env = Environment::new([("HOME".to_owned(), "/root".to_owned())], "/cwd");
    Arc::new(RunInfo {
        init_time: time::macros::datetime!(2026-11-23 07:33:10 UTC),
        run_uuid: "6640b9d6-669b-9dd8-f85f-772ee11d87f5".to_owned(),
        env: Arc::new(env),
        packer_version: "1.6.6".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injected_environment_answers_lookups() {
        let env = Environment::new([("HOME".to_owned(), "/home/u".to_owned())], "/work");
        assert_eq!(env.get("HOME"), Some("/home/u"));
        assert_eq!(env.get("NOPE"), None);
        assert_eq!(env.cwd(), Path::new("/work"));
        assert_eq!(env.vars().collect::<Vec<_>>(), vec![("HOME", "/home/u")]);
    }

    #[test]
    fn run_uuid_is_8_4_4_4_12_hex_and_fresh() {
        let run = RunInfo::new(Arc::new(Environment::default()), "1.6.6".to_owned());
        let lens: Vec<usize> = run.run_uuid.split('-').map(str::len).collect();
        assert_eq!(lens, [8, 4, 4, 4, 12]);
        assert!(run.run_uuid.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(random_uuid(), random_uuid());
        assert_eq!(run.init_time.offset(), time::UtcOffset::UTC);
    }
}
