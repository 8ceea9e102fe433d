//! The provision step every builder ends with (the SDK's `commonsteps.StepProvision`): it hands
//! the communicator and the build's generated data to the provisioners, and in its cleanup runs
//! the error-cleanup provisioner when any step failed.

use std::sync::Arc;

use super::build::ProvisionHooks;
use super::cancellation::Cancellation;
use super::communicator::Communicator;
use super::future::BoxFuture;
use super::provision::{GeneratedData, ProvisionContext};
use super::step::{CleanupContext, Step, StepAction, StepContext, PROVISION_STEP};

/// Packer's text when a build has provisioners but no communicator.
pub const NO_COMMUNICATOR: &str = "No communicator found for provisioners! This is usually because the\n\
`communicator` config was set to \"none\". If you have any provisioners\n\
then a communicator is required. Please fix this to continue.";

/// What the provision step needs from a builder's state.
pub trait ProvisionState: Send {
    /// The connected communicator (`None` before the connect step ran).
    fn communicator(&self) -> Option<Arc<dyn Communicator>>;

    /// The build's generated data (`ID`, `Host`, `SSHPrivateKey`, … and builder keys).
    fn generated_data(&self) -> GeneratedData;
}

/// Runs the `packer_provision` hook; its cleanup runs `packer_cleanup_provision` on error.
pub struct StepProvision {
    hooks: Arc<dyn ProvisionHooks>,
}

impl StepProvision {
    /// The provision step over the build's hooks.
    #[must_use]
    pub fn new(hooks: Arc<dyn ProvisionHooks>) -> Self {
        Self { hooks }
    }

    fn context(state: &dyn ProvisionState, cancel: Cancellation, ui: super::TargetedSink) -> Option<ProvisionContext> {
        let communicator = state.communicator()?;
        Some(ProvisionContext { cancel, ui, generated_data: Arc::new(state.generated_data()), communicator })
    }
}

impl<S: ProvisionState + Sync> Step<S> for StepProvision {
    fn name(&self) -> &'static str {
        PROVISION_STEP
    }

    fn run<'a>(&'a self, state: &'a mut S, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            let Some(provision_ctx) = Self::context(state, ctx.cancel.child(), ctx.ui.clone()) else {
                return StepAction::fail(NO_COMMUNICATOR);
            };
            let result = self.hooks.provision(&provision_ctx).await;
            // Interrupted: halt without an error, so the error-cleanup provisioner is skipped.
            if ctx.cancel.is_cancelled() {
                return StepAction::Halt(None);
            }
            match result {
                Ok(()) => StepAction::Continue,
                Err(e) => StepAction::fail(e),
            }
        })
    }

    fn cleanup<'a>(&'a self, state: &'a mut S, ctx: &'a mut CleanupContext) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            if ctx.error().is_none() {
                return;
            }
            ctx.ui.say("Provisioning step had errors: Running the cleanup provisioner, if present...");
            // A fresh, uncancelled context: cleanup runs to completion even after Ctrl-C.
            let Some(provision_ctx) = Self::context(state, Cancellation::new(), ctx.ui.clone()) else {
                return;
            };
            if let Err(e) = self.hooks.cleanup_provision(&provision_ctx).await {
                let original = ctx.error().map(ToString::to_string).unwrap_or_default();
                ctx.replace_error(format!("Cleanup failed: {e}. Original Provisioning error: {original}").into());
            }
        })
    }
}
