//! Why a `file` run failed, with Packer's texts (`provisioner/file`): local failures as Go's
//! `*PathError` prints them, transfer failures as the communicator reports them.

use rpacker_sdk::lifecycle::{BoxError, ContextError};

/// Every way the file provisioner fails.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// `destination` did not render with the build's data.
    #[error("Error interpolating destination: {0}")]
    Destination(String),
    /// A source did not render with the build's data.
    #[error("Error interpolating source: {0}")]
    Source(String),
    /// A local file or folder could not be read or made (e.g. `stat <src>: no such file or
    /// directory`).
    #[error("{0}")]
    Local(String),
    /// The transfer failed (the communicator's error as is; the UI already showed
    /// `Upload failed: …` or `Download failed: …`).
    #[error(transparent)]
    Transfer(BoxError),
    /// The run was cancelled (Ctrl-C or the provisioner's `timeout`).
    #[error(transparent)]
    Cancelled(ContextError),
}
