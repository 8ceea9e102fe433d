//! Running a provisioner (Packer's `Provision`). Kept apart from the prepare-side
//! [`crate::Provisioner`] so the core's policy wrappers (`pause_before`, `timeout`,
//! `max_retries`) can wrap any provisioner without forwarding config methods.
//!
//! The communicator is not part of the context yet: it arrives with the communicator trait.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::cancellation::Cancellation;
use super::future::{BoxError, BoxFuture};
use super::targeted_sink::TargetedSink;

/// The build's generated data (`ID`, `Host`, `SSHPrivateKey`, builder-specific keys), rendered
/// to text as Go's `%v` would.
pub type GeneratedData = BTreeMap<String, String>;

/// What a provisioner run gets.
#[derive(Debug, Clone)]
pub struct ProvisionContext {
    /// Fires on Ctrl-C or the provisioner's `timeout`.
    pub cancel: Cancellation,
    /// The build's UI.
    pub ui: TargetedSink,
    /// The build's generated data.
    pub generated_data: Arc<GeneratedData>,
}

impl ProvisionContext {
    /// The same context with another cancellation (a wrapper's derived deadline).
    #[must_use]
    pub fn with_cancel(&self, cancel: Cancellation) -> Self {
        Self { cancel, ui: self.ui.clone(), generated_data: Arc::clone(&self.generated_data) }
    }
}

/// A provisioner, ready to run.
pub trait Provision: Send + Sync {
    /// Provisions the machine. On cancellation, returns promptly (any error).
    fn provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>>;
}
