//! `-debug` for provisioners (Packer's `DebuggedProvisioner`): ask before each provisioner and
//! wait for Enter. A failed ask (no terminal) continues at once; cancellation stops with the
//! context's error. It wraps outside the policy wrappers, as upstream adds it when building the
//! provision hook.

use std::sync::Arc;

use rpacker_sdk::lifecycle::{Asker, BoxError, BoxFuture, ContextError, Provision, ProvisionContext};

/// The question, verbatim (the space before the period is upstream's).
pub(crate) const DEBUG_PROVISIONER_QUERY: &str = "Pausing before the next provisioner . Press enter to continue.";

/// Asks [`DEBUG_PROVISIONER_QUERY`], then runs the provisioner.
pub struct DebuggedProvisioner {
    asker: Arc<dyn Asker>,
    inner: Box<dyn Provision>,
}

impl DebuggedProvisioner {
    /// Wraps `inner`; questions go to `asker`.
    #[must_use]
    pub fn new(asker: Arc<dyn Asker>, inner: Box<dyn Provision>) -> Self {
        Self { asker, inner }
    }
}

impl Provision for DebuggedProvisioner {
    fn provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            tokio::select! {
                biased;
                () = ctx.cancel.cancelled() => {
                    return Err(ctx.cancel.err().unwrap_or(ContextError::Canceled).into());
                }
                _ = self.asker.ask(ctx.ui.target(), DEBUG_PROVISIONER_QUERY) => {}
            }
            self.inner.provision(ctx).await
        })
    }
}
