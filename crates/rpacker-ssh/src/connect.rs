//! `connect`: Packer's wait for SSH (`StepConnectSSH.waitForSSH`). The first attempt is made
//! at once, then one every 5 s: a failed dial is simply retried; a failed handshake adds a 2 s
//! pause; a refused login also counts, and after `ssh_handshake_attempts` of them the wait
//! ends with the authentication error. `ssh_timeout` bounds the whole wait
//! (`Timeout waiting for SSH.`), and cancelling ends it at once.

use std::sync::Mutex;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::credentials::Credentials;
use crate::error::SshError;
use crate::handshake::{attempt, AttemptError};
use crate::session::SshSession;
use crate::target::SshTarget;

/// Packer's pause between attempts.
const RETRY_INTERVAL: Duration = Duration::from_secs(5);
/// Packer's extra pause after a failed handshake, "so we don't get a ton of authentication
/// errors back to back".
const HANDSHAKE_FAILURE_PAUSE: Duration = Duration::from_secs(2);

/// Waits until `target` accepts an SSH login, and returns the session.
///
/// # Errors
/// [`SshError::Timeout`] when `target.timeout` passes, [`SshError::Authentication`] after
/// `target.handshake_attempts` refused logins, [`SshError::Cancelled`] when `cancel` fires,
/// [`SshError::Config`] when a private key cannot be parsed.
pub async fn connect(target: &SshTarget, cancel: &CancellationToken) -> Result<SshSession, SshError> {
    let credentials = Credentials::parse(&target.auth)?;
    let bastion_credentials = target.bastion.as_ref().map(|b| Credentials::parse(&b.auth)).transpose()?;
    let last_error = Mutex::new(None);
    let wait = wait_for_ssh(target, &credentials, bastion_credentials.as_ref(), &last_error);
    let deadline = async {
        match target.timeout {
            Some(timeout) => tokio::time::sleep(timeout).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        result = wait => result,
        () = deadline => Err(SshError::Timeout {
            last_error: last_error.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take(),
        }),
        () = cancel.cancelled() => Err(SshError::Cancelled),
    }
}

async fn wait_for_ssh(
    target: &SshTarget,
    credentials: &Credentials,
    bastion_credentials: Option<&Credentials>,
    last_error: &Mutex<Option<String>>,
) -> Result<SshSession, SshError> {
    let mut refused = 0u32;
    let mut first = true;
    loop {
        if !first {
            tokio::time::sleep(RETRY_INTERVAL).await;
        }
        first = false;
        let error = match attempt(target, credentials, bastion_credentials).await {
            Ok(connection) => return Ok(SshSession::new(connection, target.pty)),
            Err(error) => error,
        };
        *last_error.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(error.describe());
        match error {
            AttemptError::Unreachable(_) => continue,
            AttemptError::Refused(failure) => {
                refused += 1;
                if target.handshake_attempts > 0 && refused >= target.handshake_attempts {
                    return Err(SshError::Authentication(failure));
                }
            }
            AttemptError::Handshake(_) => {}
        }
        tokio::time::sleep(HANDSHAKE_FAILURE_PAUSE).await;
    }
}
