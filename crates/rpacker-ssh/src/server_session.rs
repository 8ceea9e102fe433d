//! One client connection of [`crate::SshServer`], as Packer's adapter (`adapter.Handle`,
//! `handleSession`) treats it: only the configured user with the authorized key gets in; only
//! `session` channels open; `pty-req` and `env` are accepted and ignored; `exec` and `subsystem`
//! go to the [`SessionService`], each on a task of its own with the channel's streams; anything
//! else is refused.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rpacker_sdk::lifecycle::RemoteStreams;
use russh::keys::PublicKey;
use russh::server::{self, Auth, ChannelOpenHandle, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, ChannelOpenFailure, Pty};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::server::{SessionRequest, SessionService};
use crate::server_keys::AuthorizedKey;

/// The russh handler of one connection.
pub(crate) struct ConnectionHandler {
    pub(crate) user: Arc<str>,
    pub(crate) authorized_key: Arc<AuthorizedKey>,
    pub(crate) service: Arc<dyn SessionService>,
    pub(crate) stop: CancellationToken,
    pub(crate) tasks: TaskTracker,
    /// Set once the client has logged in (a connection that ends before is a failed handshake).
    pub(crate) authenticated: Arc<AtomicBool>,
    /// Open session channels waiting for their `exec` or `subsystem` request.
    pub(crate) channels: HashMap<ChannelId, Channel<Msg>>,
}

impl ConnectionHandler {
    fn allowed(&self, user: &str, key: &PublicKey) -> Auth {
        if user == &*self.user && self.authorized_key.matches(key) {
            Auth::Accept
        } else {
            Auth::reject()
        }
    }

    /// Answers a request and, when it is taken, serves it on a task of its own.
    fn start(&mut self, id: ChannelId, request: SessionRequest, session: &mut Session) -> Result<(), russh::Error> {
        if matches!(&request, SessionRequest::Exec(command) if command.is_empty()) {
            session.channel_failure(id)?;
            return session.close(id);
        }
        if !self.service.accepts(&request) {
            return session.channel_failure(id);
        }
        // A channel serves one request (a second `exec` on it is refused).
        let Some(channel) = self.channels.remove(&id) else {
            return session.channel_failure(id);
        };
        session.channel_success(id)?;
        let (service, stop) = (Arc::clone(&self.service), self.stop.clone());
        self.tasks.spawn(async move {
            tokio::select! {
                () = stop.cancelled() => {}
                () = serve_channel(channel, request, &*service) => {}
            }
        });
        Ok(())
    }
}

/// Runs the request with the channel as its streams (client data → stdin; stdout → data;
/// stderr → extended data), then sends the exit status if there is one and closes.
async fn serve_channel(channel: Channel<Msg>, request: SessionRequest, service: &dyn SessionService) {
    let (mut incoming, outgoing) = channel.split();
    let mut stdout = outgoing.make_writer();
    let mut stderr = outgoing.make_writer_ext(Some(1));
    let mut stdin = incoming.make_reader();
    let streams = RemoteStreams { stdin: &mut stdin, stdout: &mut stdout, stderr: &mut stderr };
    let status = service.serve(request, streams).await;
    // The client may have gone already; there is no one left to tell then.
    if let Some(code) = status {
        let _ = outgoing.exit_status(code).await;
    }
    let _ = outgoing.eof().await;
    let _ = outgoing.close().await;
}

impl server::Handler for ConnectionHandler {
    type Error = russh::Error;

    async fn auth_publickey_offered(&mut self, user: &str, offer: PublicKeyOffer<'_>) -> Result<Auth, Self::Error> {
        Ok(self.allowed(user, offer.public_key))
    }

    async fn auth_publickey(&mut self, user: &str, key: VerifiedPublicKey<'_>) -> Result<Auth, Self::Error> {
        Ok(self.allowed(user, key.public_key))
    }

    async fn auth_succeeded(&mut self, _session: &mut Session) -> Result<(), Self::Error> {
        self.authenticated.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.channels.insert(channel.id(), channel);
        reply.accept().await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host_to_connect: &str,
        _port_to_connect: u32,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.reject(ChannelOpenFailure::UnknownChannelType).await;
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<Msg>,
        _socket_path: &str,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.reject(ChannelOpenFailure::UnknownChannelType).await;
        Ok(())
    }

    async fn channel_close(&mut self, channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        self.channels.remove(&channel);
        Ok(())
    }

    /// Accepted without allocating anything: OpenSSH asks for one for `sudo` (Packer's
    /// adapter does the same).
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        _col_width: u32,
        _row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    /// Accepted and ignored: variables are not passed on (as in Packer).
    async fn env_request(
        &mut self,
        channel: ChannelId,
        _variable_name: &str,
        _variable_value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn shell_request(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let command = String::from_utf8_lossy(data).into_owned();
        self.start(channel, SessionRequest::Exec(command), session)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.start(channel, SessionRequest::Subsystem(name.to_owned()), session)
    }
}
