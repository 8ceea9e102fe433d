//! File transfers over SFTP (scp when the server has none, see `scp.rs`) on the session's one
//! connection, with Packer's semantics (`sftpUploadFile`, `sftpUploadDirSession`, `DownloadDir`,
//! verified with packer 1.6.6's file provisioner):
//! - `upload` creates or truncates the remote file, then sets the mode when one is given;
//! - `upload_dir` copies `local` into `remote/<name of local>`, or its contents straight into
//!   `remote` when `local` ends with `/` (rsync's rule); folders get the local modes;
//! - `download_dir` always creates `local/<name of remote>` (as `scp -r` does).

use std::path::{Path, PathBuf};

use russh_sftp::client::fs::Metadata;
use tokio::fs;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

use crate::error::SshError;
use crate::session::SshSession;

/// Bytes read from the local source at a time when uploading.
const UPLOAD_CHUNK: usize = 256 * 1024;

impl SshSession {
    /// Writes everything `source` yields to the remote file `remote`, then sets its permission
    /// bits to `mode` if given.
    ///
    /// # Errors
    /// When the remote file cannot be created or written, or `source` fails.
    pub async fn upload<R: AsyncRead + Unpin>(
        &self,
        source: R,
        remote: &str,
        mode: Option<u32>,
    ) -> Result<(), SshError> {
        let Some(sftp) = self.sftp_if_offered().await? else {
            // scp announces the size first.
            let mut contents = Vec::new();
            let mut source = source;
            source.read_to_end(&mut contents).await.map_err(|e| SshError::scp(remote, e))?;
            return self.scp_upload(contents.as_slice(), contents.len() as u64, remote, mode).await;
        };
        let mut file = sftp.create(remote).await.map_err(|e| SshError::sftp("create", remote, e))?;
        // Large reads let each SFTP write carry as much as the server accepts (see `sftp_config`);
        // `tokio::io::copy` would cut them at 8 KiB.
        let mut source = BufReader::with_capacity(UPLOAD_CHUNK, source);
        tokio::io::copy_buf(&mut source, &mut file).await.map_err(|e| SshError::sftp("write", remote, e))?;
        // Writes are pipelined: shutting down waits for every acknowledgement and closes the handle.
        file.shutdown().await.map_err(|e| SshError::sftp("write", remote, e))?;
        if let Some(mode) = mode {
            chmod(self, remote, mode).await?;
        }
        Ok(())
    }

    /// Uploads the local file `local` to `remote` with the local file's permission bits.
    ///
    /// # Errors
    /// When `local` cannot be read or the upload fails.
    pub async fn upload_file(&self, local: &Path, remote: &str) -> Result<(), SshError> {
        self.upload_path(local, remote, None).await
    }

    /// Uploads the local file `local` to `remote` with `mode`, else the local permission bits.
    pub(crate) async fn upload_path(&self, local: &Path, remote: &str, mode: Option<u32>) -> Result<(), SshError> {
        let file = fs::File::open(local).await.map_err(|e| SshError::local("open", local, e))?;
        let metadata = file.metadata().await.map_err(|e| SshError::local("stat", local, e))?;
        let mode = mode.or_else(|| metadata.is_file().then(|| permissions(&metadata)));
        if self.sftp_if_offered().await?.is_none() {
            return self.scp_upload(file, metadata.len(), remote, mode).await;
        }
        self.upload(file, remote, mode).await
    }

    /// Uploads the folder `local` (files and sub-folders, in name order) under `remote`.
    ///
    /// # Errors
    /// When a local entry cannot be read or a remote one cannot be created.
    pub async fn upload_dir(&self, local: &Path, remote: &str) -> Result<(), SshError> {
        if self.sftp_if_offered().await?.is_none() {
            return self.scp_upload_dir(local, remote).await;
        }
        let root = if local.to_string_lossy().ends_with('/') {
            remote.to_owned()
        } else {
            remote_join(remote, &file_name(local))
        };
        // Depth first, parents before children, siblings by name (Go's filepath.Walk).
        let mut pending = vec![(local.to_path_buf(), root)];
        while let Some((local_path, remote_path)) = pending.pop() {
            let metadata =
                fs::symlink_metadata(&local_path).await.map_err(|e| SshError::local("lstat", &local_path, e))?;
            if !metadata.is_dir() {
                let file = fs::File::open(&local_path).await.map_err(|e| SshError::local("open", &local_path, e))?;
                // Packer sets the mode of regular files only (not of what a symlink points to).
                self.upload(file, &remote_path, metadata.is_file().then(|| permissions(&metadata))).await?;
                continue;
            }
            // The destination itself should exist, and we might not own it.
            if remote_path.trim_end_matches('/') != remote.trim_end_matches('/') {
                mkdir(self, &remote_path, permissions(&metadata)).await?;
            }
            let mut children = read_local_dir(&local_path).await?;
            children.sort();
            for name in children.into_iter().rev() {
                pending.push((local_path.join(&name), remote_join(&remote_path, &name)));
            }
        }
        Ok(())
    }

    /// Copies the remote file `remote` into `dest`.
    ///
    /// # Errors
    /// When the remote file cannot be read or `dest` fails.
    pub async fn download<W: AsyncWrite + Unpin>(&self, remote: &str, mut dest: W) -> Result<(), SshError> {
        let Some(sftp) = self.sftp_if_offered().await? else {
            return self.scp_download(remote, &mut dest).await;
        };
        let mut file = sftp.open(remote).await.map_err(|e| SshError::sftp("open", remote, e))?;
        tokio::io::copy(&mut file, &mut dest).await.map_err(|e| SshError::sftp("read", remote, e))?;
        dest.flush().await.map_err(|e| SshError::sftp("read", remote, e))?;
        Ok(())
    }

    /// Downloads the remote file `remote` to the local file `local` (created or truncated).
    ///
    /// # Errors
    /// When either side fails.
    pub async fn download_file(&self, remote: &str, local: &Path) -> Result<(), SshError> {
        let file = fs::File::create(local).await.map_err(|e| SshError::local("create", local, e))?;
        self.download(remote, file).await
    }

    /// Downloads the remote folder `remote` into `local/<name of remote>`, keeping modes.
    ///
    /// # Errors
    /// When a remote entry cannot be read or a local one cannot be created.
    pub async fn download_dir(&self, remote: &str, local: &Path) -> Result<(), SshError> {
        let Some(sftp) = self.sftp_if_offered().await? else {
            return self.scp_download_dir(remote, local).await;
        };
        let name = remote.trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_owned();
        let mut pending = vec![(remote.to_owned(), local.join(name))];
        while let Some((remote_path, local_path)) = pending.pop() {
            // stat, not lstat: scp follows symlinks.
            let metadata =
                sftp.metadata(remote_path.clone()).await.map_err(|e| SshError::sftp("stat", &remote_path, e))?;
            let mode = metadata.permissions.unwrap_or(0o755) & 0o777;
            if !metadata.is_dir() {
                let file = open_local_for_write(&local_path, mode).await?;
                self.download(&remote_path, file).await?;
                continue;
            }
            fs::DirBuilder::new()
                .recursive(true)
                .mode(mode)
                .create(&local_path)
                .await
                .map_err(|e| SshError::local("mkdir", &local_path, e))?;
            let entries =
                sftp.read_dir(remote_path.clone()).await.map_err(|e| SshError::sftp("read dir", &remote_path, e))?;
            let mut names: Vec<String> =
                entries.map(|entry| entry.file_name()).filter(|name| name != "." && name != "..").collect();
            names.sort();
            for name in names.into_iter().rev() {
                pending.push((remote_join(&remote_path, &name), local_path.join(&name)));
            }
        }
        Ok(())
    }
}

async fn chmod(session: &SshSession, remote: &str, mode: u32) -> Result<(), SshError> {
    let attributes = Metadata { permissions: Some(mode), ..Metadata::empty() };
    session.sftp().await?.set_metadata(remote, attributes).await.map_err(|e| SshError::sftp("chmod", remote, e))
}

/// Packer's `sftpMkdir`: an existing folder is fine; the mode is set either way.
async fn mkdir(session: &SshSession, remote: &str, mode: u32) -> Result<(), SshError> {
    let sftp = session.sftp().await?;
    if let Err(e) = sftp.create_dir(remote).await {
        let exists = sftp.symlink_metadata(remote).await.is_ok_and(|m| m.is_dir());
        if !exists {
            return Err(SshError::sftp("mkdir", remote, e));
        }
    }
    chmod(session, remote, mode).await
}

async fn read_local_dir(path: &Path) -> Result<Vec<String>, SshError> {
    let mut entries = fs::read_dir(path).await.map_err(|e| SshError::local("open", path, e))?;
    let mut names = Vec::new();
    while let Some(entry) = entries.next_entry().await.map_err(|e| SshError::local("readdirent", path, e))? {
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    Ok(names)
}

/// Created with the remote mode (less the umask), as Go's `os.OpenFile` in Packer does.
async fn open_local_for_write(path: &PathBuf, mode: u32) -> Result<fs::File, SshError> {
    fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(mode)
        .open(path)
        .await
        .map_err(|e| SshError::local("open", path, e))
}

fn permissions(metadata: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    metadata.permissions().mode() & 0o777
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Remote paths are always `/`-separated.
fn remote_join(base: &str, name: &str) -> String {
    format!("{}/{name}", base.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_paths() {
        let cases = [("/tmp", "a", "/tmp/a"), ("/tmp/", "a", "/tmp/a"), ("/", "a", "/a"), ("dir", "a", "dir/a")];
        for (base, name, want) in cases {
            assert_eq!(remote_join(base, name), want);
        }
    }
}
