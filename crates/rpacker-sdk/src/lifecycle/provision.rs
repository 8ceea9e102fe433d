//! Running a provisioner (Packer's `Provision`). Kept apart from the prepare-side
//! [`crate::Provisioner`] so the core's policy wrappers (`pause_before`, `timeout`,
//! `max_retries`) can wrap any provisioner without forwarding config methods.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::cancellation::Cancellation;
use super::communicator::Communicator;
use super::future::{BoxError, BoxFuture};
use super::targeted_sink::TargetedSink;

/// The build's generated data (`ID`, `Host`, `SSHPrivateKey`, builder-specific keys), rendered
/// to text as Go's `%v` would.
pub type GeneratedData = BTreeMap<String, String>;

/// What a provisioner run gets.
#[derive(Clone)]
pub struct ProvisionContext {
    /// Fires on Ctrl-C or the provisioner's `timeout`.
    pub cancel: Cancellation,
    /// The build's UI.
    pub ui: TargetedSink,
    /// The build's generated data.
    pub generated_data: Arc<GeneratedData>,
    /// How to reach the machine (the `none` communicator when there is none to reach).
    pub communicator: Arc<dyn Communicator>,
}

impl std::fmt::Debug for ProvisionContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProvisionContext")
            .field("ui", &self.ui)
            .field("generated_data", &self.generated_data)
            .finish_non_exhaustive()
    }
}

impl ProvisionContext {
    /// The same context with another cancellation (a wrapper's derived deadline).
    #[must_use]
    pub fn with_cancel(&self, cancel: Cancellation) -> Self {
        Self {
            cancel,
            ui: self.ui.clone(),
            generated_data: Arc::clone(&self.generated_data),
            communicator: Arc::clone(&self.communicator),
        }
    }
}

/// A provisioner, ready to run.
pub trait Provision: Send + Sync {
    /// Provisions the machine. On cancellation, returns promptly (any error).
    fn provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>>;
}
