//! `SshServer`: a small SSH server for one client program — the ansible provisioner's proxy,
//! which ansible logs in to on 127.0.0.1 and whose `exec` and `subsystem` requests are served by
//! the caller's [`SessionService`] (the provisioner forwards them to the build's communicator).
//!
//! One user, one authorized public key, public-key logins only; session channels only. Every
//! connection and channel runs on a task the server tracks, so [`SshServer::shutdown`] leaves
//! nothing behind: the listener closes, connections are disconnected, requests being served
//! are dropped.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rpacker_sdk::lifecycle::{BoxFuture, RemoteStreams};
use russh::server::{self, run_stream};
use russh::{Disconnect, MethodKind, MethodSet};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::server_keys::{AuthorizedKey, HostKey};
use crate::server_session::ConnectionHandler;

/// How long a connection may take to close after the server said goodbye.
const DISCONNECT_GRACE: Duration = Duration::from_secs(2);

/// What a session channel asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionRequest {
    /// `exec` with its command line (never empty: empty commands are refused before).
    Exec(String),
    /// `subsystem` with its name (`sftp`).
    Subsystem(String),
}

/// Serves what the server's clients ask of their session channels.
pub trait SessionService: Send + Sync + 'static {
    /// Whether to take `request`; a refused request is answered with failure and the channel
    /// stays open for another.
    fn accepts(&self, request: &SessionRequest) -> bool;

    /// Serves an accepted request over the channel's streams. Returns the exit status to send
    /// back (`None`: the channel closes without one).
    fn serve<'a>(&'a self, request: SessionRequest, streams: RemoteStreams<'a>) -> BoxFuture<'a, Option<u32>>;

    /// Something went wrong that only the user can be told about, in Packer's adapter's
    /// words: `failed to handshake` (a client that did not log in), `listen.Accept failed: …`.
    fn error(&self, message: String);
}

/// Who may log in, and how the server proves who it is.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Host keys offered, in the server's order (clients pick by their own preference).
    pub host_keys: Vec<HostKey>,
    /// The one user name accepted.
    pub user: String,
    /// The one public key accepted.
    pub authorized_key: AuthorizedKey,
}

/// A running server; stop it with [`SshServer::shutdown`] (dropping it stops it too, without
/// waiting).
#[derive(Debug)]
pub struct SshServer {
    address: SocketAddr,
    stop: CancellationToken,
    tasks: TaskTracker,
}

impl SshServer {
    /// Serves `listener` in the background.
    ///
    /// # Errors
    /// When the listener's address cannot be read.
    pub fn serve(
        listener: TcpListener,
        options: ServerOptions,
        service: Arc<dyn SessionService>,
    ) -> std::io::Result<Self> {
        let address = listener.local_addr()?;
        let stop = CancellationToken::new();
        let tasks = TaskTracker::new();
        let accept = Acceptor {
            config: Arc::new(server_config(options.host_keys)),
            user: Arc::from(options.user),
            authorized_key: Arc::new(options.authorized_key),
            service,
            stop: stop.clone(),
            tasks: tasks.clone(),
        };
        tasks.spawn(accept.run(listener));
        Ok(Self { address, stop, tasks })
    }

    /// The address it listens on.
    #[must_use]
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// Closes the listener, disconnects every client and stops every request being served;
    /// returns when all of that is done.
    pub async fn shutdown(self) {
        self.stop.cancel();
        self.tasks.close();
        self.tasks.wait().await;
    }
}

impl Drop for SshServer {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

fn server_config(host_keys: Vec<HostKey>) -> server::Config {
    server::Config {
        keys: host_keys.into_iter().map(|k| k.0).collect(),
        methods: MethodSet::from(&[MethodKind::PublicKey][..]),
        // One local client: no timing side channel to hide, and OpenSSH's first `none` probe
        // must not cost a second.
        auth_rejection_time: Duration::ZERO,
        auth_rejection_time_initial: Some(Duration::ZERO),
        // The server lives as long as its provisioner; ansible keeps idle control connections.
        inactivity_timeout: None,
        nodelay: true,
        ..server::Config::default()
    }
}

/// The accept loop and what every connection shares.
struct Acceptor {
    config: Arc<server::Config>,
    user: Arc<str>,
    authorized_key: Arc<AuthorizedKey>,
    service: Arc<dyn SessionService>,
    stop: CancellationToken,
    tasks: TaskTracker,
}

impl Acceptor {
    async fn run(self, listener: TcpListener) {
        loop {
            let accepted = tokio::select! {
                () = self.stop.cancelled() => return,
                accepted = listener.accept() => accepted,
            };
            match accepted {
                Ok((stream, _)) => {
                    // russh sets `nodelay` only on sockets it accepts itself.
                    let _ = stream.set_nodelay(true);
                    self.tasks.spawn(self.connection(stream));
                }
                Err(e) => self.service.error(format!("listen.Accept failed: {e}")),
            }
        }
    }

    /// Serves one client until it leaves or the server stops; a client that never logged in
    /// is reported as Packer's adapter reports it.
    fn connection(&self, stream: TcpStream) -> impl std::future::Future<Output = ()> + Send + 'static {
        let authenticated = Arc::new(AtomicBool::new(false));
        let handler = ConnectionHandler {
            user: Arc::clone(&self.user),
            authorized_key: Arc::clone(&self.authorized_key),
            service: Arc::clone(&self.service),
            stop: self.stop.clone(),
            tasks: self.tasks.clone(),
            authenticated: Arc::clone(&authenticated),
            channels: std::collections::HashMap::new(),
        };
        let (config, service, stop) = (Arc::clone(&self.config), Arc::clone(&self.service), self.stop.clone());
        async move {
            let session = tokio::select! {
                () = stop.cancelled() => return,
                session = run_stream(config, stream, handler) => session,
            };
            if let Ok(session) = session {
                let handle = session.handle();
                tokio::pin!(session);
                tokio::select! {
                    _ = &mut session => {}
                    () = stop.cancelled() => {
                        let _ = handle.disconnect(Disconnect::ByApplication, String::new(), String::new()).await;
                        let _ = tokio::time::timeout(DISCONNECT_GRACE, &mut session).await;
                        return;
                    }
                }
            }
            if !authenticated.load(Ordering::SeqCst) {
                service.error("failed to handshake".to_owned());
            }
        }
    }
}
