//! `SshError`: every way the communicator fails, as facts. Texts Packer users see are Packer's
//! own (verified with packer 1.6.6: null builder against a local sshd); the builder's connect
//! step prefixes them (`Error waiting for SSH: …`) as Packer's step does.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// What went wrong while connecting, running a command or moving files.
#[derive(Debug, thiserror::Error)]
pub enum SshError {
    /// `ssh_timeout` passed before a connection was made. `last_error` is the last attempt's
    /// failure, for the debug log only (Packer prints just this sentence).
    #[error("Timeout waiting for SSH.")]
    Timeout {
        /// Why the last attempt failed, if any attempt was made.
        last_error: Option<String>,
    },
    /// The wait was cancelled (Ctrl-C, or the build was stopped).
    #[error("SSH wait cancelled")]
    Cancelled,
    /// The server refused every credential `ssh_handshake_attempts` times.
    #[error(
        "Packer experienced an authentication error when trying to connect via SSH. This can happen if your \
         username/password are wrong. You may want to double-check your credentials as part of your debugging \
         process. original error: {0}"
    )]
    Authentication(AuthFailure),
    /// The options cannot make a connection (unreadable key, port out of range…).
    #[error("Error setting up SSH config: {0}")]
    Config(String),
    /// An option rpacker's communicator does not implement yet; failing beats ignoring it.
    #[error("{option} is not supported by rpacker's SSH communicator yet")]
    NotSupported {
        /// The option key, e.g. `ssh_proxy_host`.
        option: &'static str,
    },
    /// The server refused a channel request (`exec`, `pty-req`, `subsystem`).
    #[error("ssh: {request} failed")]
    RequestRejected {
        /// The request name as Go's x/crypto/ssh words it (`command <cmd>`, `pty-req`, `subsystem request`).
        request: String,
    },
    /// The SSH connection failed under an open session.
    #[error("ssh: {0}")]
    Protocol(#[from] russh::Error),
    /// An SFTP operation failed on the remote side.
    #[error("{operation} {path}: {message}")]
    Sftp {
        /// What was being done (`create`, `open`, `mkdir`, `chmod`, `read dir`, `write`…).
        operation: &'static str,
        /// The remote path.
        path: String,
        /// The server's or the SFTP client's reason.
        message: String,
    },
    /// An scp transfer (used when the server has no SFTP) failed.
    #[error("scp {path}: {message}")]
    Scp {
        /// The remote path.
        path: String,
        /// The remote scp's message, or what went wrong in the exchange.
        message: String,
    },
    /// Reading or writing a local file failed.
    #[error("{operation} {}: {source}", path.display())]
    Local {
        /// What was being done (`open`, `create`, `read`, `write`, `mkdir`…).
        operation: &'static str,
        /// The local path.
        path: PathBuf,
        /// The error from the operating system.
        source: io::Error,
    },
    /// Generating a temporary key pair failed.
    #[error("sshkey: {0}")]
    KeyGeneration(String),
}

impl SshError {
    pub(crate) fn sftp(operation: &'static str, path: &str, error: impl fmt::Display) -> Self {
        Self::Sftp { operation, path: path.to_owned(), message: error.to_string() }
    }

    pub(crate) fn scp(path: &str, error: impl fmt::Display) -> Self {
        Self::Scp { path: path.to_owned(), message: error.to_string() }
    }

    pub(crate) fn local(operation: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Self::Local { operation, path: path.into(), source }
    }
}

/// The server accepted none of the credentials: the methods tried, in order, as Go's
/// x/crypto/ssh reports them (`none` always comes first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthFailure {
    /// Method names tried (`none`, `publickey`, `password`, `keyboard-interactive`).
    pub attempted: Vec<&'static str>,
}

impl fmt::Display for AuthFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ssh: handshake failed: ssh: unable to authenticate, attempted methods [{}], no supported methods remain",
            self.attempted.join(" ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts verified with packer 1.6.6 (null builder, local sshd with password logins off).
    #[test]
    fn texts_like_packer() {
        let auth = |m: &[&'static str]| SshError::Authentication(AuthFailure { attempted: m.to_vec() }).to_string();
        let prefix = "Packer experienced an authentication error when trying to connect via SSH. This can happen if \
                      your username/password are wrong. You may want to double-check your credentials as part of \
                      your debugging process. original error: ssh: handshake failed: ssh: unable to authenticate, ";
        let cases = [
            (
                auth(&["none", "publickey"]),
                format!("{prefix}attempted methods [none publickey], no supported methods remain"),
            ),
            (auth(&["none"]), format!("{prefix}attempted methods [none], no supported methods remain")),
            (SshError::Timeout { last_error: Some("dial".into()) }.to_string(), "Timeout waiting for SSH.".into()),
            (SshError::Cancelled.to_string(), "SSH wait cancelled".into()),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }
}
