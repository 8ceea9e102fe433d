//! The proxy adapter (the SDK's `adapter.Adapter`): what the proxy does with ansible's requests.
//! `exec` runs the command through the build's communicator with the channel as its streams
//! (exit status passed back) — except `scp -t`/`scp -f`, served here ([`crate::scp`]); the
//! `sftp` subsystem runs `sftp_command` on the machine; other subsystems are refused with a UI
//! error.

use std::sync::Arc;

use rpacker_sdk::lifecycle::{BoxFuture, Communicator, RemoteStreams, TargetedSink};
use rpacker_ssh::{SessionRequest, SessionService, EXIT_DISCONNECTED};

use crate::scp::{scp_request, serve_scp};

/// Forwards the proxy's sessions to the communicator.
pub(crate) struct Adapter {
    pub(crate) communicator: Arc<dyn Communicator>,
    pub(crate) sftp_command: String,
    pub(crate) ui: TargetedSink,
}

impl Adapter {
    /// Runs `command` on the machine; a communicator that cannot start it is reported and
    /// counts as a dropped session.
    async fn remote(&self, command: &str, streams: RemoteStreams<'_>) -> u32 {
        // Re-made so the streams' lifetime can shrink to the command's.
        let RemoteStreams { stdin, stdout, stderr } = streams;
        match self.communicator.start(command, RemoteStreams { stdin, stdout, stderr }).await {
            Ok(code) => u32::try_from(code).unwrap_or(u32::MAX),
            Err(e) => {
                self.ui.error(e.to_string());
                EXIT_DISCONNECTED.unsigned_abs()
            }
        }
    }
}

impl SessionService for Adapter {
    fn accepts(&self, request: &SessionRequest) -> bool {
        match request {
            SessionRequest::Exec(_) => true,
            SessionRequest::Subsystem(name) if name == "sftp" => true,
            SessionRequest::Subsystem(name) => {
                self.ui.error(format!("unsupported subsystem requested: {name}"));
                false
            }
        }
    }

    fn serve<'a>(&'a self, request: SessionRequest, streams: RemoteStreams<'a>) -> BoxFuture<'a, Option<u32>> {
        Box::pin(async move {
            match request {
                SessionRequest::Exec(command) => match scp_request(&command) {
                    Some((options, path)) => {
                        let RemoteStreams { stdin, stdout, .. } = streams;
                        // The SDK logs the reason; the client already got the scp error.
                        let served = serve_scp(&options, &path, stdin, stdout, self.communicator.as_ref()).await;
                        Some(u32::from(served.is_err()))
                    }
                    None => Some(self.remote(&command, streams).await),
                },
                SessionRequest::Subsystem(_) => {
                    self.remote(&self.sftp_command, streams).await;
                    None
                }
            }
        })
    }

    fn error(&self, message: String) {
        self.ui.error(message);
    }
}
