//! Shared setup: a target for the test sshd, logging in with its key.

use std::time::Duration;

use rpacker_sdk::Sensitive;
use rpacker_ssh::{connect, CancellationToken, SshSession, SshTarget};
use rpacker_testkit::Sshd;

/// A target for `sshd` with its user key, and a timeout short enough for a failing test.
pub fn target(sshd: &Sshd) -> SshTarget {
    let mut target = SshTarget::new("127.0.0.1", sshd.port(), sshd.user());
    target.auth.private_keys = vec![Sensitive::new(sshd.private_key_pem())];
    target.timeout = Some(Duration::from_secs(30));
    target
}

/// A connected session (panics with sshd's log if it cannot connect).
pub async fn session(sshd: &Sshd) -> SshSession {
    session_to(sshd, &target(sshd)).await
}

/// Connects to `target`, which should be served by `sshd`.
pub async fn session_to(sshd: &Sshd, target: &SshTarget) -> SshSession {
    match connect(target, &CancellationToken::new()).await {
        Ok(session) => session,
        Err(e) => panic!("connect failed: {e} ({e:?})\nsshd log:\n{}", sshd.log()),
    }
}
