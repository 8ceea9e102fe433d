//! `SshSession`: one logged-in SSH connection, reused for every command and transfer of a
//! build (Packer opens a new session channel per command over one connection too). The SFTP
//! subsystem is opened on first use and kept; without one, files go over scp.

use std::fmt;

use russh::Disconnect;
use russh_sftp::client::{Config as SftpConfig, SftpSession};
use tokio::sync::OnceCell;

use crate::error::SshError;
use crate::exec::expect_success;
use crate::handshake::Connection;

/// OpenSSH's `SFTP_MAX_MSG_LENGTH`.
const MAX_SFTP_PACKET: u32 = 256 * 1024;
/// How long one SFTP request may wait for its reply.
const SFTP_REQUEST_TIMEOUT_SECS: u64 = 600;

/// A connected, authenticated SSH session. Commands: [`SshSession::exec`]; files:
/// [`SshSession::upload`], [`SshSession::upload_dir`], [`SshSession::download`],
/// [`SshSession::download_dir`].
pub struct SshSession {
    pub(crate) connection: Connection,
    pub(crate) pty: bool,
    /// `None` inside: the server has no SFTP (see [`SshSession::sftp_if_offered`]).
    sftp: OnceCell<Option<SftpSession>>,
}

impl SshSession {
    pub(crate) fn new(connection: Connection, pty: bool) -> Self {
        Self { connection, pty, sftp: OnceCell::new() }
    }

    /// The SFTP client, opening the `sftp` subsystem the first time.
    pub(crate) async fn sftp(&self) -> Result<&SftpSession, SshError> {
        self.sftp_if_offered()
            .await?
            .ok_or_else(|| SshError::sftp("open subsystem", "sftp", "the server offers no SFTP subsystem"))
    }

    /// The SFTP client, or `None` when the server refuses the `sftp` subsystem or what it runs
    /// does not speak SFTP: transfers then use scp. Decided once per connection.
    pub(crate) async fn sftp_if_offered(&self) -> Result<Option<&SftpSession>, SshError> {
        let sftp = self
            .sftp
            .get_or_try_init(|| async {
                let mut channel = self.connection.handle.channel_open_session().await?;
                channel.request_subsystem(true, "sftp").await?;
                if expect_success(&mut channel, "subsystem request").await.is_err() {
                    return Ok::<_, SshError>(None);
                }
                Ok(SftpSession::new_with_config(channel.into_stream(), sftp_config()).await.ok())
            })
            .await?;
        Ok(sftp.as_ref())
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
        if let Some(Some(sftp)) = self.sftp.get() {
            // The connection goes away next anyway; a failed SFTP close changes nothing.
            let _ = sftp.close().await;
        }
        self.connection.handle.disconnect(Disconnect::ByApplication, "", "en").await?;
        Ok(())
    }
}

/// Uploads send writes as large as the server accepts (OpenSSH announces 255 KiB in its
/// `limits@openssh.com` reply; without it the 256 KiB packet limit applies, which OpenSSH has
/// always accepted) instead of russh-sftp's 32 KiB: 16 writes in flight then fill the server's
/// channel window, and the upload runs at OpenSSH `scp`'s speed or better.
fn sftp_config() -> SftpConfig {
    SftpConfig {
        max_write_packet_len: MAX_SFTP_PACKET,
        max_packet_len: MAX_SFTP_PACKET,
        max_concurrent_writes: 16,
        max_concurrent_reads: 16,
        // Per request, from when it is queued: 16 large writes on a slow link take longer than
        // russh-sftp's 10 s. A dead connection is noticed by the keep-alives instead.
        request_timeout_secs: SFTP_REQUEST_TIMEOUT_SECS,
    }
}

impl fmt::Debug for SshSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SshSession").field("pty", &self.pty).field("closed", &self.is_closed()).finish_non_exhaustive()
    }
}
