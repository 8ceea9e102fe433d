//! The provision hooks of one build (Packer's `ProvisionHook` and the cleanup hook): the
//! build's provisioners wrapped with their policies, run strictly in order; the first failure
//! stops the hook.

use std::sync::Arc;

use rpacker_sdk::lifecycle::{Asker, BoxError, BoxFuture, Provision, ProvisionContext, ProvisionHooks};

use crate::lifecycle::DebuggedProvisioner;
use crate::PreparedProvisioner;

/// The provisioners of one build, ready for the builder's provision step.
pub struct BuildHooks {
    provisioners: Vec<Box<dyn Provision>>,
    error_cleanup: Option<Box<dyn Provision>>,
}

impl BuildHooks {
    /// Wraps each provisioner as Packer does (`pause_before` or `timeout`, then `max_retries`;
    /// with `-debug`, a pause before each); `debug` is the asker for `-debug` pauses.
    #[must_use]
    pub fn new(
        provisioners: Vec<PreparedProvisioner>,
        error_cleanup: Option<PreparedProvisioner>,
        debug: Option<Arc<dyn Asker>>,
    ) -> Self {
        let wrap = |p: PreparedProvisioner| -> Box<dyn Provision> {
            let plugin: Box<dyn Provision> = p.plugin;
            let wrapped = p.policy.wrap(plugin);
            match &debug {
                Some(asker) => Box::new(DebuggedProvisioner::new(Arc::clone(asker), wrapped)),
                None => wrapped,
            }
        };
        Self {
            provisioners: provisioners.into_iter().map(wrap).collect(),
            error_cleanup: error_cleanup.map(|p| {
                let plugin: Box<dyn Provision> = p.plugin;
                p.policy.wrap(plugin)
            }),
        }
    }
}

impl ProvisionHooks for BuildHooks {
    fn provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            for provisioner in &self.provisioners {
                provisioner.provision(ctx).await?;
            }
            Ok(())
        })
    }

    fn cleanup_provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            match &self.error_cleanup {
                Some(provisioner) => provisioner.provision(ctx).await,
                None => Ok(()),
            }
        })
    }
}
