//! The connect step every builder with a communicator uses (the SDK's `communicator.StepConnect`
//! for `ssh` and `none`): announce the host, wait for SSH, hand the session to later steps.
//! With `pause_before_connecting`, connect once, wait, then connect again (Packer does so for
//! machines whose first boot reboots them).

use std::path::PathBuf;
use std::sync::Arc;

use rpacker_sdk::communicator::{CommConfig, CommType};
use rpacker_sdk::lifecycle::{
    BoxError, BoxFuture, CleanupContext, Communicator, NoneCommunicator, Step, StepAction, StepContext,
};

use crate::connect::connect;
use crate::error::SshError;
use crate::session::SshSession;
use crate::target::SshTarget;

/// What the connect step needs from a builder's state.
pub trait ConnectState: Send {
    /// The address to connect to (Packer's `Host` func: configured or discovered).
    ///
    /// # Errors
    /// When the builder has no address yet.
    fn connect_host(&self) -> Result<String, BoxError>;

    /// The private key of the builder's temporary key pair, when it made one.
    fn temporary_private_key(&self) -> Option<String>;

    /// Stores the connected communicator for the provision step.
    fn set_communicator(&mut self, communicator: Option<Arc<dyn Communicator>>);
}

/// Connects the build's communicator.
#[derive(Debug, Clone)]
pub struct StepConnect {
    comm: CommConfig,
    agent_socket: Option<PathBuf>,
}

impl StepConnect {
    /// The step for `comm`; `agent_socket` is `SSH_AUTH_SOCK` (used only with agent auth).
    #[must_use]
    pub fn new(comm: CommConfig, agent_socket: Option<PathBuf>) -> Self {
        Self { comm, agent_socket }
    }

    async fn connect_ssh<S: ConnectState + Sync>(
        &self,
        state: &S,
        ctx: &StepContext,
    ) -> Result<SshSession, StepAction> {
        let host = state.connect_host().map_err(StepAction::fail)?;
        let key = state.temporary_private_key();
        let target = SshTarget::from_comm_config(&self.comm, &host, key.as_deref(), self.agent_socket.clone())
            .map_err(|e| StepAction::fail(e.to_string()))?;
        ctx.ui.say("Waiting for SSH to become available...");
        match connect(&target, ctx.cancel.token()).await {
            Ok(session) => {
                ctx.ui.say("Connected to SSH!");
                Ok(session)
            }
            // Interrupted: halt quietly; the runner reports the cancellation.
            Err(SshError::Cancelled) => Err(StepAction::Halt(None)),
            Err(e @ SshError::Timeout { .. }) => {
                ctx.ui.error(e.to_string());
                Err(StepAction::fail(e.to_string()))
            }
            Err(e) => {
                ctx.ui.error(format!("Error waiting for SSH: {e}"));
                Err(StepAction::fail(e.to_string()))
            }
        }
    }
}

impl<S: ConnectState + Sync> Step<S> for StepConnect {
    fn name(&self) -> &'static str {
        "StepConnect"
    }

    fn run<'a>(&'a self, state: &'a mut S, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            match self.comm.comm_type() {
                Some(CommType::None) => {
                    state.set_communicator(Some(Arc::new(NoneCommunicator)));
                    return StepAction::Continue;
                }
                Some(CommType::Ssh) => {}
                other => {
                    let name = other.map_or_else(|| self.comm.communicator.clone(), |t| t.as_str().to_owned());
                    return StepAction::fail(format!("the {name} communicator is not available in rpacker yet"));
                }
            }
            if let Ok(host) = state.connect_host() {
                ctx.ui.say(format!("Using ssh communicator to connect: {host}"));
            }
            let mut session = match self.connect_ssh(state, ctx).await {
                Ok(session) => session,
                Err(action) => return action,
            };
            let pause = self.comm.pause_before_connecting.0;
            if !pause.is_zero() {
                ctx.ui.say(format!("Pausing {} before connecting...", rpacker_sdk::config::format_go_duration(pause)));
                let _ = session.close().await;
                tokio::select! {
                    () = tokio::time::sleep(pause) => {}
                    () = ctx.cancel.cancelled() => return StepAction::Halt(None),
                }
                session = match self.connect_ssh(state, ctx).await {
                    Ok(session) => session,
                    Err(action) => return action,
                };
            }
            state.set_communicator(Some(Arc::new(session)));
            StepAction::Continue
        })
    }

    fn cleanup<'a>(&'a self, state: &'a mut S, _ctx: &'a mut CleanupContext) -> BoxFuture<'a, ()> {
        // Dropping the last handle closes the connection.
        state.set_communicator(None);
        Box::pin(std::future::ready(()))
    }
}
