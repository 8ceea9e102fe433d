//! [`SshSession`] as the sdk's [`Communicator`], so provisioners run commands and move files over
//! the build's one SSH connection without knowing it is SSH.

use std::path::Path;

use rpacker_sdk::lifecycle::{BoxError, BoxFuture, Communicator, OutputStream, RemoteStreams};

use crate::session::SshSession;

impl Communicator for SshSession {
    fn exec<'a>(
        &'a self,
        command: &'a str,
        on_line: &'a mut (dyn FnMut(OutputStream, &str) + Send),
    ) -> BoxFuture<'a, Result<i32, BoxError>> {
        Box::pin(async move { Ok(SshSession::exec(self, command, |stream, line| on_line(stream, line)).await?) })
    }

    fn start<'a>(&'a self, command: &'a str, streams: RemoteStreams<'a>) -> BoxFuture<'a, Result<i32, BoxError>> {
        Box::pin(
            async move { Ok(SshSession::start(self, command, streams.stdin, streams.stdout, streams.stderr).await?) },
        )
    }

    fn upload_file<'a>(
        &'a self,
        local: &'a Path,
        remote: &'a str,
        mode: Option<u32>,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move { Ok(self.upload_path(local, remote, mode).await?) })
    }

    fn upload_bytes<'a>(
        &'a self,
        contents: &'a [u8],
        remote: &'a str,
        mode: Option<u32>,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move { Ok(self.upload(contents, remote, mode).await?) })
    }

    fn upload_dir<'a>(&'a self, local: &'a Path, remote: &'a str) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move { Ok(SshSession::upload_dir(self, local, remote).await?) })
    }

    fn download_file<'a>(&'a self, remote: &'a str, local: &'a Path) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move { Ok(SshSession::download_file(self, remote, local).await?) })
    }

    fn download_dir<'a>(&'a self, remote: &'a str, local: &'a Path) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move { Ok(SshSession::download_dir(self, remote, local).await?) })
    }
}
