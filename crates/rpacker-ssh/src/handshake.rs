//! One connection attempt: dial (directly or through the bastion), SSH handshake with host-key
//! checking disabled (Packer's `InsecureIgnoreHostKey`), then log in. The wait loop in
//! [`crate::connect`] decides what a failure means.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use russh::cipher;
use russh::client::{self, Handle};
use russh::keys::PublicKeyOrCertificate;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use crate::credentials::Credentials;
use crate::error::AuthFailure;
use crate::login::{log_in, LoginError};
use crate::quick_ack::QuickAckStream;
use crate::target::SshTarget;

/// Packer's `HandshakeTimeout` default.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(60);
/// Go's dialer in Packer's `ConnectFunc`.
const DIAL_TIMEOUT: Duration = Duration::from_secs(15);
/// OpenSSH's `ServerAliveCountMax`: unanswered keep-alives before the connection is dropped.
const KEEP_ALIVE_MAX: usize = 3;
/// The cipher order of Packer's Go SSH client (`golang.org/x/crypto/ssh` defaults): AES-GCM
/// first. russh would pick chacha20-poly1305, whose Poly1305 costs ring about three times what
/// AES-GCM with AES-NI does: an SFTP upload went from ~100 to ~150 MiB/s (docs/benchmarks.md).
const CIPHER_ORDER: &[cipher::Name] = &[
    cipher::AES_128_GCM,
    cipher::AES_256_GCM,
    cipher::CHACHA20_POLY1305,
    cipher::AES_128_CTR,
    cipher::AES_192_CTR,
    cipher::AES_256_CTR,
];

/// Accepts every host key: machines being built have fresh, unknown keys.
pub(crate) struct AcceptAnyHostKey;

impl client::Handler for AcceptAnyHostKey {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _key: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// A logged-in connection; the bastion's connection, when used, must outlive it.
pub(crate) struct Connection {
    pub(crate) handle: Handle<AcceptAnyHostKey>,
    pub(crate) _bastion: Option<Handle<AcceptAnyHostKey>>,
}

/// Why one attempt failed; the wait loop counts only `Refused`.
#[derive(Debug)]
pub(crate) enum AttemptError {
    /// No transport: dial failed, or the bastion could not be used (Packer retries these
    /// without counting or the extra pause).
    Unreachable(String),
    /// The handshake or login conversation failed.
    Handshake(String),
    /// The server refused the credentials.
    Refused(AuthFailure),
}

impl AttemptError {
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Unreachable(e) | Self::Handshake(e) => e.clone(),
            Self::Refused(f) => f.to_string(),
        }
    }
}

/// Tries once to connect and log in.
pub(crate) async fn attempt(
    target: &SshTarget,
    credentials: &Credentials,
    bastion_credentials: Option<&Credentials>,
) -> Result<Connection, AttemptError> {
    let config = Arc::new(client_config(target));
    match (&target.bastion, bastion_credentials) {
        (Some(bastion), Some(bastion_credentials)) => {
            let address = format!("{}:{}", bastion.host, bastion.port);
            let unreachable = |e: String| AttemptError::Unreachable(format!("Error connecting to bastion: {e}"));
            let stream = dial(&bastion.host, bastion.port).await.map_err(|e| unreachable(e.describe()))?;
            let bastion_handle = handshake(config.clone(), stream, &bastion.user, bastion_credentials)
                .await
                .map_err(|e| unreachable(e.describe()))?;
            let channel = bastion_handle
                .channel_open_direct_tcpip(target.host.clone(), u32::from(target.port), "127.0.0.1", 0)
                .await
                .map_err(|e| {
                    AttemptError::Unreachable(format!(
                        "Error connecting to {}:{} via bastion {address}: {e}",
                        target.host, target.port
                    ))
                })?;
            let handle = handshake(config, channel.into_stream(), &target.user, credentials).await?;
            Ok(Connection { handle, _bastion: Some(bastion_handle) })
        }
        _ => {
            let stream = dial(&target.host, target.port).await?;
            let handle = handshake(config, stream, &target.user, credentials).await?;
            Ok(Connection { handle, _bastion: None })
        }
    }
}

fn client_config(target: &SshTarget) -> client::Config {
    client::Config {
        keepalive_interval: target.keep_alive_interval,
        keepalive_max: KEEP_ALIVE_MAX,
        inactivity_timeout: target.read_write_timeout,
        nodelay: true,
        preferred: russh::Preferred { cipher: Cow::Borrowed(CIPHER_ORDER), ..russh::Preferred::default() },
        ..client::Config::default()
    }
}

async fn dial(host: &str, port: u16) -> Result<QuickAckStream, AttemptError> {
    match tokio::time::timeout(DIAL_TIMEOUT, TcpStream::connect((host, port))).await {
        Ok(Ok(stream)) => {
            // russh applies `Config::nodelay` only to streams it opens itself: without this,
            // Nagle's algorithm adds ~45 ms to every exec's small request packets.
            let _ = stream.set_nodelay(true);
            Ok(QuickAckStream::new(stream))
        }
        Ok(Err(e)) => Err(AttemptError::Unreachable(format!("dial tcp {host}:{port}: {e}"))),
        Err(_) => Err(AttemptError::Unreachable(format!("dial tcp {host}:{port}: i/o timeout"))),
    }
}

async fn handshake<S>(
    config: Arc<client::Config>,
    stream: S,
    user: &str,
    credentials: &Credentials,
) -> Result<Handle<AcceptAnyHostKey>, AttemptError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let conversation = async {
        let mut handle = client::connect_stream(config, stream, AcceptAnyHostKey)
            .await
            .map_err(|e| AttemptError::Handshake(format!("ssh: handshake failed: {e}")))?;
        match log_in(&mut handle, user, credentials).await {
            Ok(()) => Ok(handle),
            Err(LoginError::Refused(failure)) => Err(AttemptError::Refused(failure)),
            Err(LoginError::Protocol(e)) => Err(AttemptError::Handshake(format!("ssh: handshake failed: {e}"))),
        }
    };
    tokio::time::timeout(HANDSHAKE_TIMEOUT, conversation)
        .await
        .unwrap_or_else(|_| Err(AttemptError::Handshake("Timeout during SSH handshake".to_owned())))
}
