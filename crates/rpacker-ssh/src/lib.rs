//! The SSH communicator: how rpacker reaches the machine it builds. Built on russh (pure Rust,
//! async on tokio), with Packer's behaviour where users can see it:
//!
//! - [`connect`] is Packer's wait for SSH: attempts every 5 s, host keys not checked, refused
//!   logins counted against `ssh_handshake_attempts`, `Timeout waiting for SSH.` after
//!   `ssh_timeout`, cancellable;
//! - [`SshSession::exec`] streams a command's output as the lines Packer prints and returns its
//!   exit code (2300218 when the server gave none);
//! - [`SshSession::upload`], [`SshSession::upload_dir`], [`SshSession::download`] and
//!   [`SshSession::download_dir`] move files over SFTP on the same connection, or over scp
//!   when the server has no SFTP subsystem;
//! - [`generate_temporary_key`] makes the per-build key pair builders launch machines with, and
//!   [`StepCleanupTempKeys`] removes it from `authorized_keys` (`ssh_clear_authorized_keys`);
//! - [`SshSession::start`] runs a command with its streams wired byte for byte, and
//!   [`SshServer`] is the server side the ansible provisioner's proxy runs on 127.0.0.1.
//!
//! ```text
//! let target = SshTarget::from_comm_config(&comm, &host, temp_key, agent_socket)?;
//! let session = rpacker_ssh::connect(&target, &cancel).await?;   // "Connected to SSH!"
//! let code = session.exec("uname -a", |stream, line| sink.line(stream, line)).await?;
//! session.upload_file(Path::new("setup.sh"), "/tmp/setup.sh").await?;
//! ```
//!
//! A library: it never prints; the caller turns results and lines into UI events. Files go over
//! SFTP whatever `ssh_file_transfer_method` says (Packer's default is `scp`; the results on disk
//! are the same), and over scp only when the server refuses SFTP. Not implemented yet, and
//! refused by [`SshTarget::from_comm_config`] rather than ignored: SOCKS proxies, port tunnels,
//! certificates, cipher and key-exchange lists, interactive bastion logins. Agent forwarding to
//! the remote machine is not offered.

mod communicator;
mod connect;
mod credentials;
mod error;
mod exec;
mod exit_status;
mod handshake;
mod login;
mod quick_ack;
mod scp;
mod scp_record;
mod server;
mod server_keys;
mod server_session;
mod session;
mod step_cleanup_temp_keys;
mod step_connect;
mod stream_exec;
mod target;
mod temporary_key;
mod transfer;

pub use connect::connect;
pub use error::{AuthFailure, SshError};
pub use exit_status::EXIT_DISCONNECTED;
pub use rpacker_sdk::lifecycle::OutputStream;
pub use scp_record::{format_scp_record, parse_scp_record, ScpRecordKind};
pub use server::{ServerOptions, SessionRequest, SessionService, SshServer};
pub use server_keys::{AuthorizedKey, HostKey, ServerKeyError};
pub use session::SshSession;
pub use step_cleanup_temp_keys::StepCleanupTempKeys;
pub use step_connect::{ConnectState, StepConnect};
pub use target::{Bastion, SshAuth, SshTarget};
pub use temporary_key::{generate_temporary_key, TemporaryKey, TemporaryKeyType};
/// The cancellation handle [`connect`] takes.
pub use tokio_util::sync::CancellationToken;
