//! `SshSession`: one logged-in SSH connection, reused for every command and transfer of a
//! build (Packer opens a new session channel per command over one connection too). The SFTP
//! subsystem is opened on first use and kept.

use std::fmt;

use russh::Disconnect;
use russh_sftp::client::SftpSession;
use tokio::sync::OnceCell;

use crate::error::SshError;
use crate::handshake::Connection;

/// A connected, authenticated SSH session. Commands: [`SshSession::exec`]; files:
/// [`SshSession::upload`], [`SshSession::upload_dir`], [`SshSession::download`],
/// [`SshSession::download_dir`].
pub struct SshSession {
    pub(crate) connection: Connection,
    pub(crate) pty: bool,
    sftp: OnceCell<SftpSession>,
}

impl SshSession {
    pub(crate) fn new(connection: Connection, pty: bool) -> Self {
        Self { connection, pty, sftp: OnceCell::new() }
    }

    /// The SFTP client, opening the `sftp` subsystem the first time.
    pub(crate) async fn sftp(&self) -> Result<&SftpSession, SshError> {
        self.sftp
            .get_or_try_init(|| async {
                let channel = self.connection.handle.channel_open_session().await?;
                channel.request_subsystem(true, "sftp").await?;
                SftpSession::new(channel.into_stream())
                    .await
                    .map_err(|e| SshError::sftp("open subsystem", "sftp", format!("sftpSession error: {e}")))
            })
            .await
    }

    /// Whether the connection has been closed (by either side).
    #[must_use]
    pub fn is_closed(&self) -> bool {
        self.connection.handle.is_closed()
    }

    /// Says goodbye to the server and closes the connection.
    ///
    /// # Errors
    /// When the connection is already broken.
    pub async fn close(self) -> Result<(), SshError> {
        if let Some(sftp) = self.sftp.get() {
            // The connection goes away next anyway; a failed SFTP close changes nothing.
            let _ = sftp.close().await;
        }
        self.connection.handle.disconnect(Disconnect::ByApplication, "", "en").await?;
        Ok(())
    }
}

impl fmt::Debug for SshSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SshSession").field("pty", &self.pty).field("closed", &self.is_closed()).finish_non_exhaustive()
    }
}
