//! Why a `shell` run failed, with Packer's texts (`provisioner/shell`, verified with packer
//! 1.6.6 where a real sshd can produce them).

use rpacker_sdk::lifecycle::{BoxError, ContextError};

use crate::exit_codes::InvalidExitCode;

/// Every way the shell provisioner fails.
#[derive(Debug, thiserror::Error)]
pub enum ShellError {
    /// The inline script could not be written locally.
    #[error("Error preparing shell script: {0}")]
    PrepareScript(std::io::Error),
    /// An inline line did not render (Go's template error).
    #[error("Error interpolating Inline: {0}")]
    InterpolateInline(String),
    /// A script could not be read (Go's `open <path>: …`).
    #[error("Error opening shell script: {0}")]
    OpenScript(String),
    /// `execute_command` did not render.
    #[error("Error processing command: {0}")]
    Command(String),
    /// The variable file could not be uploaded.
    #[error("Error uploading envVarFile: {0}")]
    UploadEnvVarFile(BoxError),
    /// `chmod 0600` of the variable file could not be started.
    #[error("Error chmodding script file to 0600 in remote machine: {0}")]
    ChmodEnvVarFile(BoxError),
    /// A script could not be uploaded.
    #[error("Error uploading script: {0}")]
    UploadScript(BoxError),
    /// `chmod 0755` of a script could not be started.
    #[error("Error chmodding script file to 0755 in remote machine: {0}")]
    ChmodScript(BoxError),
    /// `execute_command` could not be started (the communicator's error as is).
    #[error(transparent)]
    Start(BoxError),
    /// The connection dropped while a script ran and `expect_disconnect` is off.
    #[error(
        "Script disconnected unexpectedly. If you expected your script to disconnect, i.e. from a restart, you \
         can try adding `\"expect_disconnect\": true` or `\"valid_exit_codes\": [0, 2300218]` to the shell \
         provisioner parameters."
    )]
    Disconnected,
    /// A script ended with a code not in `valid_exit_codes`.
    #[error(transparent)]
    ExitStatus(#[from] InvalidExitCode),
    /// `rm -f <path>` could not be started.
    #[error("Error removing temporary script at {path}: {cause}")]
    RemoveStart {
        /// The remote file.
        path: String,
        /// The communicator's error.
        cause: BoxError,
    },
    /// The connection dropped during `rm -f` (retried until `start_retry_timeout`).
    #[error("Disconnect while removing temporary script.")]
    RemoveDisconnected,
    /// `rm -f <path>` exited non-zero.
    #[error("Error removing temporary script at {path}!")]
    RemoveFailed {
        /// The remote file.
        path: String,
    },
    /// The run was cancelled (Ctrl-C or the provisioner's `timeout`).
    #[error(transparent)]
    Cancelled(ContextError),
}
