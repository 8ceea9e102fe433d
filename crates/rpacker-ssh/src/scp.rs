//! The client side of the legacy scp protocol over an exec channel (the SDK's `scpSession`),
//! used when the server offers no SFTP: `scp -t <dir>` receives what we send (`C<mode> <size>
//! <name>` then the bytes and a `\0`; `D<mode> 0 <name>` … `E` around folders), `scp -f <path>`
//! sends us the same records. Every record is answered with `\0`, or `\x01`/`\x02` and a
//! message line for a warning or an error.

use std::path::{Path, PathBuf};

use russh::client::Msg;
use russh::ChannelStream;
use tokio::fs;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

use crate::error::SshError;
use crate::scp_record::{format_scp_record, parse_scp_record, ScpRecordKind};
use crate::session::SshSession;

/// Mode of uploaded data that comes with none (Packer's `scpUploadFile`).
const DEFAULT_FILE_MODE: u32 = 0o644;

/// One remote `scp` process, speaking the protocol on its stdin/stdout.
struct ScpChannel {
    stream: BufReader<ChannelStream<Msg>>,
    /// The remote path, for error messages.
    path: String,
}

impl ScpChannel {
    async fn open(session: &SshSession, flags: &str, path: &str) -> Result<Self, SshError> {
        let channel = session.connection.handle.channel_open_session().await?;
        // Packer escapes spaces only, so `~` still expands in the remote shell.
        channel.exec(true, format!("scp {flags} {}", path.replace(' ', "\\ "))).await?;
        Ok(Self { stream: BufReader::new(channel.into_stream()), path: path.to_owned() })
    }

    fn error(&self, message: impl std::fmt::Display) -> SshError {
        SshError::scp(&self.path, message)
    }

    async fn send(&mut self, bytes: &[u8]) -> Result<(), SshError> {
        let stream = self.stream.get_mut();
        stream.write_all(bytes).await.map_err(|e| SshError::scp(&self.path, e))?;
        stream.flush().await.map_err(|e| SshError::scp(&self.path, e))
    }

    /// Reads one line (without its `\n`).
    async fn read_line(&mut self) -> Result<String, SshError> {
        let mut line = Vec::new();
        self.stream.read_until(b'\n', &mut line).await.map_err(|e| self.error(e))?;
        if line.pop() != Some(b'\n') {
            return Err(self.error("unexpected end of the scp stream"));
        }
        Ok(String::from_utf8_lossy(&line).into_owned())
    }

    /// Waits for the remote scp's answer to what we sent.
    async fn expect_ok(&mut self) -> Result<(), SshError> {
        let mut code = [0u8; 1];
        if self.stream.read(&mut code).await.map_err(|e| self.error(e))? == 0 {
            return Err(self.error("unexpected end of the scp stream"));
        }
        match code[0] {
            0 => Ok(()),
            1 | 2 => {
                let message = self.read_line().await?;
                Err(self.error(message))
            }
            other => Err(self.error(format!("unexpected scp reply {other}"))),
        }
    }

    /// Sends one file record and its bytes.
    async fn send_file<R: AsyncRead + Unpin>(
        &mut self,
        name: &str,
        mode: u32,
        size: u64,
        source: R,
    ) -> Result<(), SshError> {
        self.send(format_scp_record(ScpRecordKind::File, mode, size, name).as_bytes()).await?;
        self.expect_ok().await?;
        let copied = tokio::io::copy(&mut source.take(size), self.stream.get_mut()).await.map_err(|e| self.error(e))?;
        if copied != size {
            return Err(self.error(format!("the source ended after {copied} of {size} bytes")));
        }
        self.send(b"\0").await?;
        self.expect_ok().await
    }

    /// Ends the session: closes our side and lets the remote scp finish.
    async fn finish(mut self) -> Result<(), SshError> {
        let stream = self.stream.get_mut();
        stream.shutdown().await.map_err(|e| SshError::scp(&self.path, e))?;
        // Drain until the remote side closes, so its last writes are done when we return.
        let mut rest = Vec::new();
        let _ = self.stream.read_to_end(&mut rest).await;
        Ok(())
    }
}

/// Splits a remote path into its folder (`.` when none) and its last part.
fn split_remote(remote: &str) -> (String, String) {
    match remote.rsplit_once('/') {
        Some(("", name)) => ("/".to_owned(), name.to_owned()),
        Some((dir, name)) => (dir.to_owned(), name.to_owned()),
        None => (".".to_owned(), remote.to_owned()),
    }
}

impl SshSession {
    /// Uploads `size` bytes of `source` to `remote` with scp.
    pub(crate) async fn scp_upload<R: AsyncRead + Unpin>(
        &self,
        source: R,
        size: u64,
        remote: &str,
        mode: Option<u32>,
    ) -> Result<(), SshError> {
        let (dir, name) = split_remote(remote);
        let mut scp = ScpChannel::open(self, "-t", &dir).await?;
        scp.path = remote.to_owned();
        scp.expect_ok().await?;
        scp.send_file(&name, mode.unwrap_or(DEFAULT_FILE_MODE), size, source).await?;
        scp.finish().await
    }

    /// Uploads the folder `local` under `remote` with `scp -r` (the contents straight into
    /// `remote` when `local` ends with `/`, as over SFTP).
    pub(crate) async fn scp_upload_dir(&self, local: &Path, remote: &str) -> Result<(), SshError> {
        let mut scp = ScpChannel::open(self, "-rt", remote).await?;
        scp.expect_ok().await?;
        let contents_only = local.to_string_lossy().ends_with('/');
        // Depth first, names in order; `None` marks the end of a folder whose D record was sent.
        let mut pending: Vec<Option<PathBuf>> = vec![Some(local.to_path_buf())];
        let mut first = true;
        while let Some(entry) = pending.pop() {
            let Some(path) = entry else {
                scp.send(b"E\n").await?;
                scp.expect_ok().await?;
                continue;
            };
            // stat, not lstat: scp follows symlinks.
            let metadata = fs::metadata(&path).await.map_err(|e| SshError::local("stat", &path, e))?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let mode = permissions(&metadata);
            if !metadata.is_dir() {
                let file = fs::File::open(&path).await.map_err(|e| SshError::local("open", &path, e))?;
                scp.send_file(&name, mode, metadata.len(), file).await?;
                continue;
            }
            let enter = !(first && contents_only);
            first = false;
            if enter {
                scp.send(format_scp_record(ScpRecordKind::Folder, mode, 0, &name).as_bytes()).await?;
                scp.expect_ok().await?;
                pending.push(None);
            }
            let mut children = Vec::new();
            let mut entries = fs::read_dir(&path).await.map_err(|e| SshError::local("open", &path, e))?;
            while let Some(child) = entries.next_entry().await.map_err(|e| SshError::local("readdirent", &path, e))? {
                children.push(child.path());
            }
            children.sort();
            pending.extend(children.into_iter().rev().map(Some));
        }
        scp.finish().await
    }

    /// Downloads the remote file `remote` with `scp -f` into `dest`.
    pub(crate) async fn scp_download<W: AsyncWrite + Unpin>(&self, remote: &str, dest: &mut W) -> Result<(), SshError> {
        let mut scp = ScpChannel::open(self, "-f", remote).await?;
        scp.send(b"\0").await?;
        match scp.next_record().await? {
            None => Err(scp.error("no file received")),
            Some(Record::File { size, .. }) => {
                scp.receive(size, dest).await?;
                dest.flush().await.map_err(|e| scp.error(e))?;
                scp.finish().await
            }
            Some(Record::Dir { .. } | Record::End) => Err(scp.error("is a folder")),
        }
    }

    /// Downloads the remote folder `remote` with `scp -rf` into `local/<name of remote>`.
    pub(crate) async fn scp_download_dir(&self, remote: &str, local: &Path) -> Result<(), SshError> {
        let mut scp = ScpChannel::open(self, "-rf", remote).await?;
        scp.send(b"\0").await?;
        let mut folders: Vec<PathBuf> = Vec::new();
        while let Some(record) = scp.next_record().await? {
            let parent = folders.last().map_or(local, PathBuf::as_path).to_path_buf();
            match record {
                Record::End => {
                    folders.pop();
                }
                Record::Dir { mode, name } => {
                    let path = parent.join(name);
                    fs::DirBuilder::new()
                        .recursive(true)
                        .mode(mode & 0o777)
                        .create(&path)
                        .await
                        .map_err(|e| SshError::local("mkdir", &path, e))?;
                    folders.push(path);
                }
                Record::File { mode, size, name } => {
                    let path = parent.join(name);
                    let mut file = fs::OpenOptions::new()
                        .write(true)
                        .create(true)
                        .truncate(true)
                        .mode(mode & 0o777)
                        .open(&path)
                        .await
                        .map_err(|e| SshError::local("open", &path, e))?;
                    scp.receive(size, &mut file).await?;
                    file.flush().await.map_err(|e| SshError::local("write", &path, e))?;
                }
            }
            if folders.is_empty() {
                break;
            }
        }
        scp.finish().await
    }
}

/// What `scp -f` sends.
enum Record {
    File { mode: u32, size: u64, name: String },
    Dir { mode: u32, name: String },
    End,
}

impl ScpChannel {
    /// The next `C`/`D`/`E` record (times skipped), acknowledged; `None` when the remote side
    /// closed.
    async fn next_record(&mut self) -> Result<Option<Record>, SshError> {
        loop {
            let mut kind = [0u8; 1];
            if self.stream.read(&mut kind).await.map_err(|e| self.error(e))? == 0 {
                return Ok(None);
            }
            if matches!(kind[0], 1 | 2) {
                let message = self.read_line().await?;
                return Err(self.error(message));
            }
            let line = self.read_line().await?;
            let record = match kind[0] {
                b'T' => None,
                b'E' => Some(Record::End),
                kind @ (b'C' | b'D') => {
                    let Some((mode, size, name)) = parse_scp_record(&line) else {
                        return Err(self.error(format!("bad scp record {}{line}", char::from(kind))));
                    };
                    Some(if kind == b'C' { Record::File { mode, size, name } } else { Record::Dir { mode, name } })
                }
                other => return Err(self.error(format!("unexpected scp message {}{line}", char::from(other)))),
            };
            self.send(b"\0").await?;
            if let Some(record) = record {
                return Ok(Some(record));
            }
        }
    }

    /// Copies a file's `size` bytes to `dest`, then takes its status byte and acknowledges.
    async fn receive<W: AsyncWrite + Unpin>(&mut self, size: u64, dest: &mut W) -> Result<(), SshError> {
        let copied = tokio::io::copy(&mut (&mut self.stream).take(size), dest).await.map_err(|e| self.error(e))?;
        if copied != size {
            return Err(self.error("unexpected end of the scp stream"));
        }
        self.expect_ok().await?;
        self.send(b"\0").await
    }
}

fn permissions(metadata: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    metadata.permissions().mode() & 0o777
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_paths_split() {
        assert_eq!(split_remote("/tmp/a"), ("/tmp".to_owned(), "a".to_owned()));
        assert_eq!(split_remote("/a"), ("/".to_owned(), "a".to_owned()));
        assert_eq!(split_remote("a"), (".".to_owned(), "a".to_owned()));
    }
}
