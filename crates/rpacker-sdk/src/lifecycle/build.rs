//! Running a builder (Packer's `Builder.Run`): the builder gets the build's UI, cancellation,
//! step runner (`-on-error`, `-debug`) and the provision hooks, and returns its artifact.
//!
//! The hooks are how a builder's provision step reaches the build's provisioners without
//! knowing them: the core implements [`ProvisionHooks`] over the prepared provisioner list and
//! the error-cleanup provisioner.

use std::path::PathBuf;
use std::sync::Arc;

use super::artifact::Artifact;
use super::cancellation::Cancellation;
use super::future::{BoxError, BoxFuture};
use super::provision::ProvisionContext;
use super::step_runner::StepRunner;
use super::targeted_sink::TargetedSink;

/// The build's provisioners, as the provision step calls them (Packer's `packer_provision` and
/// `packer_cleanup_provision` hooks).
pub trait ProvisionHooks: Send + Sync {
    /// Runs the provisioners in order; the first failure stops them.
    fn provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>>;

    /// Runs the error-cleanup provisioner, if the build has one (nothing otherwise).
    fn cleanup_provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>>;
}

/// A build without provisioners: both hooks do nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProvisioners;

impl ProvisionHooks for NoProvisioners {
    fn provision<'a>(&'a self, _ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(std::future::ready(Ok(())))
    }

    fn cleanup_provision<'a>(&'a self, _ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(std::future::ready(Ok(())))
    }
}

/// What a builder run gets.
#[derive(Clone)]
pub struct BuildContext {
    /// Fires on Ctrl-C.
    pub cancel: Cancellation,
    /// The build's UI (target = build name).
    pub ui: TargetedSink,
    /// Runs the builder's steps with the build's `-on-error` and `-debug`.
    pub runner: StepRunner,
    /// The build's provisioners.
    pub hooks: Arc<dyn ProvisionHooks>,
    /// The run's UUID (`PackerRunUUID` in the generated data).
    pub run_uuid: Arc<str>,
    /// `SSH_AUTH_SOCK`, for `ssh_agent_auth`.
    pub ssh_agent_socket: Option<PathBuf>,
}

impl std::fmt::Debug for BuildContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildContext").field("ui", &self.ui).field("runner", &self.runner).finish_non_exhaustive()
    }
}

/// What a builder run returns: its artifact, or `None` when it made nothing (post-processors
/// are then skipped, as Packer does).
pub type BuildResult = Result<Option<Arc<dyn Artifact>>, BoxError>;

/// A builder, ready to run.
pub trait Build: Send + Sync {
    /// Runs the builder's steps (with the provision hook among them) and returns the artifact.
    fn run<'a>(&'a self, ctx: &'a BuildContext) -> BoxFuture<'a, BuildResult>;
}
