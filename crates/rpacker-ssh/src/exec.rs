//! `SshSession::exec`: runs one command on a new session channel, streaming its output line by
//! line as Packer's `RunWithUi` shows it, and returns its exit code. As in Packer the command
//! is sent with a trailing newline, stdin is closed at once, and `ssh_pty` requests an `xterm`
//! PTY (80×40, echo off, 14400 baud).

use russh::{ChannelMsg, Pty};

use crate::error::SshError;
use crate::exit_status::exit_code;
use crate::session::SshSession;
use rpacker_sdk::lifecycle::{OutputLines, OutputStream};

/// Go's `TerminalModes` in Packer's communicator.
pub(crate) const PTY_MODES: &[(Pty, u32)] = &[(Pty::ECHO, 0), (Pty::TTY_OP_ISPEED, 14400), (Pty::TTY_OP_OSPEED, 14400)];

impl SshSession {
    /// Runs `command` and calls `on_line` for each output line (stdout and stderr as they
    /// arrive). Returns the exit code: the command's status, 128 + signal number when it was
    /// killed, or [`crate::EXIT_DISCONNECTED`] (2300218) when the server reported neither.
    ///
    /// Dropping the future abandons the command; it keeps running remotely until the
    /// connection closes, as in Packer.
    ///
    /// # Errors
    /// When the session channel cannot be opened or the server refuses the PTY or the command.
    pub async fn exec(&self, command: &str, mut on_line: impl FnMut(OutputStream, &str)) -> Result<i32, SshError> {
        let mut channel = self.connection.handle.channel_open_session().await?;
        if self.pty {
            channel.request_pty(true, "xterm", 80, 40, 0, 0, PTY_MODES).await?;
            expect_success(&mut channel, "pty-req").await?;
        }
        channel.exec(true, format!("{command}\n")).await?;
        channel.eof().await?;

        let (mut stdout, mut stderr) = (OutputLines::default(), OutputLines::default());
        let (mut status, mut signal) = (None, None);
        while let Some(message) = channel.wait().await {
            match message {
                ChannelMsg::Data { data } => stdout.push(&data, &mut |l| on_line(OutputStream::Stdout, l)),
                ChannelMsg::ExtendedData { data, ext: 1 } => {
                    stderr.push(&data, &mut |l| on_line(OutputStream::Stderr, l));
                }
                ChannelMsg::ExitStatus { exit_status } => status = Some(exit_status),
                ChannelMsg::ExitSignal { signal_name, .. } => signal = Some(signal_name),
                // The answer to `exec` (the PTY's was awaited above).
                ChannelMsg::Failure => return Err(SshError::RequestRejected { request: format!("command {command}") }),
                _ => {}
            }
        }
        stdout.finish(&mut |l| on_line(OutputStream::Stdout, l));
        stderr.finish(&mut |l| on_line(OutputStream::Stderr, l));
        Ok(exit_code(status, signal.as_ref()))
    }
}

/// Waits for the server's answer to a request sent with `want_reply`.
pub(crate) async fn expect_success(
    channel: &mut russh::Channel<russh::client::Msg>,
    request: &str,
) -> Result<(), SshError> {
    loop {
        match channel.wait().await {
            Some(ChannelMsg::Success) => return Ok(()),
            Some(ChannelMsg::Failure) | None => return Err(SshError::RequestRejected { request: request.to_owned() }),
            Some(_) => {}
        }
    }
}
