//! `pause_before`: wait before running the provisioner (Packer's `PausedProvisioner`). The wait
//! ends early on cancellation, with the context's error.

use std::time::Duration;

use rpacker_sdk::lifecycle::{BoxError, BoxFuture, ContextError, Provision, ProvisionContext};

use rpacker_sdk::config::format_go_duration;

/// Says `Pausing <d> before the next provisioner...`, sleeps, then runs the provisioner.
pub struct PausedProvisioner {
    pause: Duration,
    inner: Box<dyn Provision>,
}

impl PausedProvisioner {
    /// Wraps `inner` with a pause of `pause`.
    #[must_use]
    pub fn new(pause: Duration, inner: Box<dyn Provision>) -> Self {
        Self { pause, inner }
    }
}

impl Provision for PausedProvisioner {
    fn provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            ctx.ui.say(format!("Pausing {} before the next provisioner...", format_go_duration(self.pause)));
            tokio::select! {
                biased;
                () = ctx.cancel.cancelled() => {
                    return Err(ctx.cancel.err().unwrap_or(ContextError::Canceled).into());
                }
                () = tokio::time::sleep(self.pause) => {}
            }
            self.inner.provision(ctx).await
        })
    }
}
