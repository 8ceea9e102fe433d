//! Makes sure `moto[server]` (and boto3, which it brings) can be imported, installing it with
//! pip when it cannot: the project's machines start without it, and a test that needs moto must
//! not be skipped.

use std::process::{Command, Output};
use std::sync::Mutex;

/// The Python interpreter tests run moto and boto3 with (the first `python3` on `PATH`).
pub(crate) const PYTHON: &str = "python3";

/// What the harness imports: the server, its HTTP stack and boto3 for inspection.
const PROBE: &str = "import moto.server, flask, flask_cors, boto3";

/// Serialises installs between test threads of one process.
static INSTALL: Mutex<()> = Mutex::new(());

/// Installs `moto[server]` with pip unless it imports already (idempotent).
///
/// # Panics
/// When pip cannot install it (the reason and pip's output are in the message).
pub(crate) fn ensure_moto_server() {
    let _guard = INSTALL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let probe = || python(&["-c", PROBE]);
    let before = probe();
    if before.status.success() {
        return;
    }
    let install = python(&["-m", "pip", "install", "-q", "moto[server]"]);
    let after = probe();
    assert!(
        after.status.success(),
        "rpacker-testkit: moto[server] cannot be imported and `pip install moto[server]` did not fix it.\n\
         import: {}\npip: {}\nimport after: {}",
        describe(&before),
        describe(&install),
        describe(&after),
    );
}

fn python(args: &[&str]) -> Output {
    Command::new(PYTHON)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("rpacker-testkit: moto needs {PYTHON}, which could not be run: {e}"))
}

fn describe(output: &Output) -> String {
    format!("{}\n{}", output.status, String::from_utf8_lossy(&output.stderr).trim())
}
