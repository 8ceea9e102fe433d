//! Running the file provisioner (current Packer's `provisioner/file` `Provision`): `content`
//! becomes a local temp file `pkr-file-content<n>` added to the sources; then each source is
//! uploaded or downloaded in order, `source` and `destination` rendered with the build's data.
//!
//! Upload: say `Uploading <src> => <dst>`; a folder goes through `upload_dir` (trailing `/` on
//! the source: its contents, else the folder itself into `dst`); a file goes to `dst`, or to
//! `dst<name>` when `dst` ends with `/`, with its local permission bits.
//! Download: a `dst` ending with `/` gets the source's name appended (unless the source ends
//! with `/` or `*`); the local folder is made (0755); a source ending with `/` or holding a
//! glob character is a folder download, which ends the provisioner (Packer returns there).
//!
//! Differences from Packer, both invisible in a successful run: the `content` temp file is
//! removed afterwards (Packer leaves it), and a cancellation stops a transfer at once.

use std::collections::BTreeMap;
use std::path::Path;

use rpacker_sdk::communicator::{go_errno_text, stat_error};
use rpacker_sdk::lifecycle::{
    BoxError, BoxFuture, Communicator, ContextError, Provision, ProvisionContext, TargetedSink,
};

use super::error::FileError;
use super::{FileConfig, PreparedFile};
use crate::go_path::{go_base, go_dir, go_join};
use crate::temp_file::TempFile;
use rpacker_sdk::lifecycle::run_template;

impl Provision for PreparedFile {
    fn provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let run = async {
                // Owned until the run ends, so the temp file goes on every way out.
                let content = write_content(&self.config)?;
                let mut sources = self.config.sources.clone();
                sources.extend(content.as_ref().map(TempFile::display));
                let transfer = Transfer { config: &self.config, ctx, data: &ctx.generated_data };
                if self.config.direction == "download" {
                    transfer.download(&sources).await
                } else {
                    transfer.upload(&sources).await
                }
            };
            let result = tokio::select! {
                result = run => result,
                () = ctx.cancel.cancelled() => Err(FileError::Cancelled(ctx.cancel.err().unwrap_or(ContextError::Canceled))),
            };
            result.map_err(BoxError::from)
        })
    }
}

/// `content` [≥1.7.5] as a local file (mode 0600, as Go's `os.CreateTemp` makes it, so the
/// uploaded copy is 0600 too).
fn write_content(config: &FileConfig) -> Result<Option<TempFile>, FileError> {
    if config.content.is_empty() {
        return Ok(None);
    }
    TempFile::write("pkr-file-content", "", config.content.as_bytes(), 0o600)
        .map(Some)
        .map_err(|e| FileError::Local(format!("open {}: {}", std::env::temp_dir().display(), go_errno_text(&e))))
}

/// One run's transfers.
struct Transfer<'a> {
    config: &'a FileConfig,
    ctx: &'a ProvisionContext,
    data: &'a BTreeMap<String, String>,
}

impl Transfer<'_> {
    async fn upload(&self, sources: &[String]) -> Result<(), FileError> {
        let dst = self.destination()?;
        for src in sources {
            let src = self.source(src)?;
            self.ui().say(format!("Uploading {src} => {dst}"));
            let metadata = std::fs::metadata(&src)
                .map_err(|_| FileError::Local(stat_error(&src).unwrap_or_else(|| format!("stat {src}"))))?;
            if metadata.is_dir() {
                if let Err(e) = self.comm().upload_dir(Path::new(&src), &dst).await {
                    self.ui().error(format!("Upload failed: {e}"));
                    return Err(FileError::Transfer(e));
                }
                continue;
            }
            let file_dst = if dst.ends_with('/') { format!("{dst}{}", go_base(&src)) } else { dst.clone() };
            let mode = permission_bits(&metadata);
            if let Err(e) = self.comm().upload_file(Path::new(&src), &file_dst, Some(mode)).await {
                let text = e.to_string();
                if text.contains("Error restoring file") {
                    self.ui().error(format!(
                        "Upload failed: {text}; this can occur when your file destination is a folder without a \
                         trailing slash."
                    ));
                }
                self.ui().error(format!("Upload failed: {text}"));
                return Err(FileError::Transfer(e));
            }
        }
        Ok(())
    }

    async fn download(&self, sources: &[String]) -> Result<(), FileError> {
        let destination = self.destination()?;
        for src in sources {
            let src = self.source(src)?;
            let mut dst = destination.clone();
            let dir = if !dst.ends_with('/') {
                go_dir(&dst)
            } else {
                if !src.ends_with('/') && !src.ends_with('*') {
                    dst = go_join(&dst, &go_base(&src));
                }
                destination.clone()
            };
            self.ui().say(format!("Downloading {src} => {dst}"));
            make_folder(&dir)?;
            if src.ends_with('/') || src.contains(['*', '?', '[']) {
                // Packer returns here: sources after a folder are not downloaded.
                return self.comm().download_dir(&src, Path::new(&dst)).await.map_err(FileError::Transfer);
            }
            create_local_file(&dst)?;
            if let Err(e) = self.comm().download_file(&src, Path::new(&dst)).await {
                self.ui().error(format!("Download failed: {e}"));
                return Err(FileError::Transfer(e));
            }
        }
        Ok(())
    }

    fn destination(&self) -> Result<String, FileError> {
        run_template::render(&self.config.destination, self.data).map_err(FileError::Destination)
    }

    fn source(&self, src: &str) -> Result<String, FileError> {
        run_template::render(src, self.data).map_err(FileError::Source)
    }

    fn ui(&self) -> &TargetedSink {
        &self.ctx.ui
    }

    fn comm(&self) -> &dyn Communicator {
        &*self.ctx.communicator
    }
}

/// Go's `os.MkdirAll(dir, 0755)`.
fn make_folder(dir: &str) -> Result<(), FileError> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_empty() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o755)
        .create(dir)
        .map_err(|e| FileError::Local(format!("mkdir {dir}: {}", go_errno_text(&e))))
}

/// Go's `os.OpenFile(dst, O_CREATE|O_WRONLY|O_TRUNC, 0644)`, done before the transfer as Packer
/// does (a failed download leaves the empty file).
fn create_local_file(dst: &str) -> Result<(), FileError> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(true)
        .mode(0o644)
        .open(dst)
        .map(drop)
        .map_err(|e| FileError::Local(format!("open {dst}: {}", go_errno_text(&e))))
}

fn permission_bits(metadata: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o777
}

#[cfg(test)]
#[path = "run_tests.rs"]
mod tests;
