//! Throwaway key pairs made with OpenSSH's own `ssh-keygen`, so the fixture does not depend on
//! the key code under test.

use std::path::Path;
use std::process::Command;

/// Writes an unencrypted ed25519 key pair to `path` and `path.pub`.
///
/// # Panics
/// When `ssh-keygen` fails.
pub(crate) fn ed25519_key_pair(path: &Path, comment: &str) {
    let output = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("rpacker-testkit: cannot run ssh-keygen: {e}"));
    assert!(
        output.status.success(),
        "rpacker-testkit: ssh-keygen failed for {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}
