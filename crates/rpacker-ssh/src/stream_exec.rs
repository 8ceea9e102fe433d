//! `SshSession::start`: runs one command with its standard streams wired to the caller byte for
//! byte (Packer's `Start` with a `RemoteCmd`'s `Stdin`/`Stdout`/`Stderr`), for commands that
//! speak a protocol — the ansible proxy forwards module runs and `sftp-server` this way. As
//! [`SshSession::exec`] does, the command is sent with a trailing newline and `ssh_pty`
//! requests a PTY.

use russh::ChannelMsg;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};

use crate::error::SshError;
use crate::exec::{expect_success, PTY_MODES};
use crate::exit_status::exit_code;
use crate::session::SshSession;

impl SshSession {
    /// Runs `command` with `stdin` fed to it (its end sent as EOF) and its output written to
    /// `stdout` and `stderr` as it arrives. Returns the exit code as [`SshSession::exec`] does.
    /// A writer that fails stops receiving output; the command still runs to its end.
    ///
    /// # Errors
    /// When the session channel cannot be opened or the server refuses the PTY or the command.
    pub async fn start<I, O, E>(
        &self,
        command: &str,
        stdin: &mut I,
        stdout: &mut O,
        stderr: &mut E,
    ) -> Result<i32, SshError>
    where
        I: AsyncRead + Unpin + ?Sized,
        O: AsyncWrite + Unpin + ?Sized,
        E: AsyncWrite + Unpin + ?Sized,
    {
        let mut channel = self.connection.handle.channel_open_session().await?;
        if self.pty {
            channel.request_pty(true, "xterm", 80, 40, 0, 0, PTY_MODES).await?;
            expect_success(&mut channel, "pty-req").await?;
        }
        channel.exec(true, format!("{command}\n")).await?;
        let (mut incoming, outgoing) = channel.split();
        let feed = async {
            // A failed send means the channel is gone; the drain below sees that too.
            if outgoing.data(&mut *stdin).await.is_ok() {
                let _ = outgoing.eof().await;
            }
            std::future::pending::<std::convert::Infallible>().await
        };
        let drain = async {
            let (mut status, mut signal) = (None, None);
            let (mut out_open, mut err_open) = (true, true);
            while let Some(message) = incoming.wait().await {
                match message {
                    ChannelMsg::Data { data } if out_open => out_open = write_all(stdout, &data).await,
                    ChannelMsg::ExtendedData { data, ext: 1 } if err_open => err_open = write_all(stderr, &data).await,
                    ChannelMsg::ExitStatus { exit_status } => status = Some(exit_status),
                    ChannelMsg::ExitSignal { signal_name, .. } => signal = Some(signal_name),
                    // The answer to `exec` (the PTY's was awaited above).
                    ChannelMsg::Failure => {
                        return Err(SshError::RequestRejected { request: format!("command {command}") })
                    }
                    _ => {}
                }
            }
            Ok(exit_code(status, signal.as_ref()))
        };
        tokio::select! {
            result = drain => result,
            never = feed => match never {},
        }
    }
}

/// Writes and flushes; false once the writer has failed.
async fn write_all<W: AsyncWrite + Unpin + ?Sized>(writer: &mut W, data: &[u8]) -> bool {
    writer.write_all(data).await.is_ok() && writer.flush().await.is_ok()
}
