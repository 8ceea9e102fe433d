//! A builder step (Packer's `multistep.Step`) over the builder's own typed state: `run` does one
//! thing, `cleanup` undoes what that step created. The core's step runner registers each
//! cleanup right after the step runs and unwinds them in reverse.
//!
//! Packer passes the build error through the state bag (`error`); here it travels in the
//! [`StepAction`] and, during cleanup, in the [`CleanupContext`], so the state struct only holds
//! what the builder made.

use super::cancellation::Cancellation;
use super::future::{BoxError, BoxFuture};
use super::targeted_sink::TargetedSink;

/// The Go type name of the provision step: `-on-error=run-cleanup-provisioner` still runs its
/// cleanup (which runs the error-cleanup provisioner) while skipping every other one.
pub const PROVISION_STEP: &str = "StepProvision";

/// What a step's run decided.
#[derive(Debug)]
pub enum StepAction {
    /// Go on with the next step.
    Continue,
    /// Stop the build. `Some(error)` is the build error (Packer's state `error`); `None` stops
    /// without one (the provision step on interrupt, so the error-cleanup provisioner is skipped).
    Halt(Option<BoxError>),
}

impl StepAction {
    /// Stops the build with `error`.
    pub fn fail(error: impl Into<BoxError>) -> Self {
        Self::Halt(Some(error.into()))
    }
}

/// What a step's run gets besides the state.
#[derive(Debug, Clone)]
pub struct StepContext {
    /// Fires on Ctrl-C: long waits must watch it.
    pub cancel: Cancellation,
    /// The build's UI.
    pub ui: TargetedSink,
}

/// What a step's cleanup gets: the build's UI and the build error so far. Cleanups run with no
/// cancellation (Packer runs them to completion even after Ctrl-C).
#[derive(Debug)]
pub struct CleanupContext {
    /// The build's UI.
    pub ui: TargetedSink,
    error: Option<BoxError>,
}

impl CleanupContext {
    /// A cleanup context carrying the build error so far.
    #[must_use]
    pub fn new(ui: TargetedSink, error: Option<BoxError>) -> Self {
        Self { ui, error }
    }

    /// The build error so far, set by any step (Packer's state `error`).
    #[must_use]
    pub fn error(&self) -> Option<&BoxError> {
        self.error.as_ref()
    }

    /// Replaces the build error (the provision step's `Cleanup failed: …` does).
    pub fn replace_error(&mut self, error: BoxError) -> Option<BoxError> {
        self.error.replace(error)
    }

    /// The build error after all cleanups.
    #[must_use]
    pub fn into_error(self) -> Option<BoxError> {
        self.error
    }
}

/// One step of a builder, over the builder's state type `S`.
pub trait Step<S>: Send + Sync {
    /// Packer's Go type name for this step (`StepConnect`), used in `-on-error` and `-debug`
    /// messages; keep upstream's names for output compatibility.
    fn name(&self) -> &'static str;

    /// Does the step's work.
    fn run<'a>(&'a self, state: &'a mut S, ctx: &'a StepContext) -> BoxFuture<'a, StepAction>;

    /// Undoes what this step created (it runs even when this step halted). Nothing by default.
    fn cleanup<'a>(&'a self, state: &'a mut S, ctx: &'a mut CleanupContext) -> BoxFuture<'a, ()> {
        let _ = (state, ctx);
        Box::pin(std::future::ready(()))
    }
}
