//! The communicator: how provisioners reach the machine being built (Packer's
//! `packersdk.Communicator`), as an async trait object so builders can hand provisioners an SSH
//! session — or, with `communicator = "none"`, [`NoneCommunicator`].

use std::path::Path;

use tokio::io::{AsyncRead, AsyncWrite};

use super::{BoxError, BoxFuture, OutputStream};

/// A remote command's standard streams wired to the caller, byte for byte (Packer's `RemoteCmd`
/// with `Stdin`/`Stdout`/`Stderr`): for commands that speak a protocol, such as those the
/// ansible proxy forwards (module runs fed on stdin, `sftp-server`).
pub struct RemoteStreams<'a> {
    /// What the command reads; its end is passed on as end of input.
    pub stdin: &'a mut (dyn AsyncRead + Send + Unpin),
    /// Where the command's standard output goes.
    pub stdout: &'a mut (dyn AsyncWrite + Send + Unpin),
    /// Where the command's standard error goes.
    pub stderr: &'a mut (dyn AsyncWrite + Send + Unpin),
}

/// Runs commands on, and moves files to and from, the machine being built.
pub trait Communicator: Send + Sync {
    /// Runs `command` (a shell command line), handing each output line to `on_line` as it
    /// arrives; returns the exit status.
    fn exec<'a>(
        &'a self,
        command: &'a str,
        on_line: &'a mut (dyn FnMut(OutputStream, &str) + Send),
    ) -> BoxFuture<'a, Result<i32, BoxError>>;

    /// Runs `command` with its standard streams connected to `streams` (raw bytes, no line
    /// rules); returns the exit status. Communicators that cannot do this refuse.
    fn start<'a>(&'a self, command: &'a str, streams: RemoteStreams<'a>) -> BoxFuture<'a, Result<i32, BoxError>> {
        let _ = (command, streams);
        Box::pin(async { Err("this communicator cannot connect a command's input and output".into()) })
    }

    /// Uploads the local file `local` to the remote path `remote` (created or truncated), with
    /// permission bits `mode` when given.
    fn upload_file<'a>(
        &'a self,
        local: &'a Path,
        remote: &'a str,
        mode: Option<u32>,
    ) -> BoxFuture<'a, Result<(), BoxError>>;

    /// Uploads `contents` to the remote path `remote` (created or truncated), with permission
    /// bits `mode` when given: Packer's `Upload` from a reader, for text the caller made (a
    /// script with its line endings converted).
    fn upload_bytes<'a>(
        &'a self,
        contents: &'a [u8],
        remote: &'a str,
        mode: Option<u32>,
    ) -> BoxFuture<'a, Result<(), BoxError>>;

    /// Uploads the folder `local` into `remote` (Packer's trailing-slash rule: with `/`, its
    /// contents; without, the folder itself).
    fn upload_dir<'a>(&'a self, local: &'a Path, remote: &'a str) -> BoxFuture<'a, Result<(), BoxError>>;

    /// Downloads the remote file `remote` to `local`.
    fn download_file<'a>(&'a self, remote: &'a str, local: &'a Path) -> BoxFuture<'a, Result<(), BoxError>>;

    /// Downloads the remote folder `remote` into `local`.
    fn download_dir<'a>(&'a self, remote: &'a str, local: &'a Path) -> BoxFuture<'a, Result<(), BoxError>>;
}

/// `communicator = "none"`: commands "succeed" without running (Packer's stub returns exit 0),
/// and every transfer fails with Packer's text, e.g. `Upload is not implemented when
/// communicator = 'none'`.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoneCommunicator;

impl NoneCommunicator {
    fn not_implemented<'a>(operation: &'static str) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move { Err(format!("{operation} is not implemented when communicator = 'none'").into()) })
    }
}

impl Communicator for NoneCommunicator {
    fn exec<'a>(
        &'a self,
        _command: &'a str,
        _on_line: &'a mut (dyn FnMut(OutputStream, &str) + Send),
    ) -> BoxFuture<'a, Result<i32, BoxError>> {
        Box::pin(async { Ok(0) })
    }

    fn start<'a>(&'a self, _command: &'a str, _streams: RemoteStreams<'a>) -> BoxFuture<'a, Result<i32, BoxError>> {
        Box::pin(async { Ok(0) })
    }

    fn upload_file<'a>(&'a self, _: &'a Path, _: &'a str, _: Option<u32>) -> BoxFuture<'a, Result<(), BoxError>> {
        Self::not_implemented("Upload")
    }

    fn upload_bytes<'a>(&'a self, _: &'a [u8], _: &'a str, _: Option<u32>) -> BoxFuture<'a, Result<(), BoxError>> {
        Self::not_implemented("Upload")
    }

    fn upload_dir<'a>(&'a self, _: &'a Path, _: &'a str) -> BoxFuture<'a, Result<(), BoxError>> {
        Self::not_implemented("UploadDir")
    }

    fn download_file<'a>(&'a self, _: &'a str, _: &'a Path) -> BoxFuture<'a, Result<(), BoxError>> {
        Self::not_implemented("Download")
    }

    fn download_dir<'a>(&'a self, _: &'a str, _: &'a Path) -> BoxFuture<'a, Result<(), BoxError>> {
        Self::not_implemented("DownloadDir")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<T>(future: BoxFuture<'_, T>) -> T {
        // The none communicator never awaits anything, so one poll finishes it.
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut future = future;
        match future.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(value) => value,
            std::task::Poll::Pending => panic!("the none communicator never waits"),
        }
    }

    #[test]
    fn none_runs_nothing_and_refuses_transfers() {
        let none = NoneCommunicator;
        let mut lines = Vec::new();
        let mut on_line = |s: OutputStream, l: &str| lines.push((s, l.to_owned()));
        assert_eq!(block_on(none.exec("echo hi", &mut on_line)).unwrap(), 0);
        assert!(lines.is_empty());
        let (mut stdin, mut stdout, mut stderr) = (&b"input"[..], Vec::new(), Vec::new());
        let streams = RemoteStreams { stdin: &mut stdin, stdout: &mut stdout, stderr: &mut stderr };
        assert_eq!(block_on(none.start("cat", streams)).unwrap(), 0);
        assert!(stdout.is_empty() && stderr.is_empty());
        let path = Path::new("/tmp/x");
        // Texts verified with packer 1.6.6 (file provisioner on a `none` build: `Upload failed: …`).
        let cases = [
            (block_on(none.upload_file(path, "/x", None)), "Upload is not implemented when communicator = 'none'"),
            (block_on(none.upload_bytes(b"x", "/x", None)), "Upload is not implemented when communicator = 'none'"),
            (block_on(none.upload_dir(path, "/x")), "UploadDir is not implemented when communicator = 'none'"),
            (block_on(none.download_file("/x", path)), "Download is not implemented when communicator = 'none'"),
            (block_on(none.download_dir("/x", path)), "DownloadDir is not implemented when communicator = 'none'"),
        ];
        for (result, message) in cases {
            assert_eq!(result.unwrap_err().to_string(), message);
        }
    }
}
