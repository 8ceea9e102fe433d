//! A build in a process of its own, so a test can give it exactly the environment it means
//! (`AWS_*` variables are process-wide, and other tests run alongside): the test binary runs
//! itself with only [`build_in_this_process`] selected, a cleared environment plus the given
//! variables, and the options as JSON; the child prepares and runs the builder as the core
//! does — `AwsSession::new` included — and writes what happened to a file.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use rpacker_sdk::lifecycle::Cancellation;
use rpacker_sdk::OnError;
use serde::Deserialize;
use serde_json::{json, Value};

use super::run_harness::{prepare, run, Commands};

const OPTIONS_VAR: &str = "RPACKER_CHILD_BUILD_OPTIONS";
const OUTCOME_VAR: &str = "RPACKER_CHILD_BUILD_OUTCOME";
const CHILD_TEST: &str = "child_build::build_in_this_process";

/// What the child's build returned.
#[derive(Debug, Deserialize)]
pub struct ChildOutcome {
    /// The artifact id of a successful build.
    pub artifact: Option<String>,
    /// The build error.
    pub error: Option<String>,
    /// The UI lines.
    pub lines: Vec<String>,
}

impl ChildOutcome {
    /// The build error (fails when the build succeeded).
    pub fn error(&self) -> &str {
        self.error.as_deref().unwrap_or_else(|| panic!("the build succeeded: {:?}", self.artifact))
    }
}

/// Runs a build of `options` (one `true` provisioner) in a child process whose whole
/// environment is `env` (plus `PATH`); `scratch` holds the outcome file.
pub fn build_in_child(options: &Value, env: &BTreeMap<String, String>, scratch: &Path) -> ChildOutcome {
    let outcome_path = scratch.join("child-outcome.json");
    let _ = std::fs::remove_file(&outcome_path);
    // `/proc/self/exe`, not `current_exe()`: the running binary, even after a rebuild in the
    // shared target folder replaced the file.
    let output = Command::new("/proc/self/exe")
        .args([CHILD_TEST, "--exact", "--ignored", "--nocapture", "--test-threads", "1"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env)
        .env(OPTIONS_VAR, options.to_string())
        .env(OUTCOME_VAR, &outcome_path)
        .output()
        .expect("run the test binary");
    let text = std::fs::read_to_string(&outcome_path).unwrap_or_else(|_| {
        panic!(
            "the child build wrote no outcome ({}):\n{}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    serde_json::from_str(&text).expect("outcome JSON")
}

/// The child's side. Run alone (e.g. `--include-ignored`) it has no options and does nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run by the credential tests in a process of its own, with the environment under test"]
async fn build_in_this_process() {
    let (Ok(options), Ok(outcome_path)) = (std::env::var(OPTIONS_VAR), std::env::var(OUTCOME_VAR)) else {
        return;
    };
    let options: Value = serde_json::from_str(&options).expect("options JSON");
    let builder = prepare(&options);
    let outcome = run(&builder, Arc::new(Commands::new(&["true"])), OnError::Cleanup, Cancellation::new()).await;
    let (artifact, error) = match &outcome.result {
        Ok(artifact) => (artifact.as_ref().map(|a| a.id()), None),
        Err(e) => (None, Some(e.to_string())),
    };
    let report = json!({"artifact": artifact, "error": error, "lines": outcome.lines});
    std::fs::write(outcome_path, report.to_string()).expect("write the outcome");
}
