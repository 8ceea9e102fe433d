//! Runs a builder's steps (the SDK's `BasicRunner` with `commonsteps.NewRunner`'s `-on-error`
//! and `-debug` wrappers): steps run in order over the builder's typed state; each step's
//! cleanup is stacked right after it runs, whatever the result, and the stack unwinds in reverse
//! when the run ends — completed, halted or cancelled. `-on-error` decides whether cleanups
//! actually run. Cancellation is checked before each step.
//!
//! It only uses SDK types, so it can move into the SDK unchanged if builders in plugin crates
//! need to call it directly.

use std::sync::Arc;

use super::{Asker, BoxError, CleanupContext, NoTerminal, Step, StepAction, StepContext, PROVISION_STEP};
use crate::OnError;

use super::abort_check::AbortCheck;
use super::ask_prompt::{ask_after_failure, AskChoice};
use super::debug_pause::{debug_pause, PausePoint};

/// How a step run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunEnd {
    /// Every step continued.
    Completed,
    /// A step halted (Packer's state `halted`).
    Halted {
        /// The step that halted.
        step: &'static str,
    },
    /// The run was cancelled (Packer's state `cancelled`).
    Cancelled,
}

/// The result of [`StepRunner::run`].
#[derive(Debug)]
pub struct RunOutcome {
    /// How the steps ended.
    pub end: RunEnd,
    /// The build error (Packer's state `error`) after all cleanups: the halting step's error,
    /// possibly replaced by a cleanup (`Cleanup failed: …`). With `-on-error=ask` and a
    /// successful retry it is still set, as upstream warns.
    pub error: Option<BoxError>,
}

/// One entry of the cleanup stack.
#[derive(Debug, Clone, Copy)]
enum Stacked {
    /// The cleanup of the step at this index.
    Step(usize),
    /// The `-debug` pause before the cleanup of this step.
    DebugPause(&'static str),
}

/// Runs step lists with one `-on-error` mode and `-debug` setting.
#[derive(Clone)]
pub struct StepRunner {
    on_error: OnError,
    debug: bool,
    asker: Arc<dyn Asker>,
}

impl std::fmt::Debug for StepRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StepRunner")
            .field("on_error", &self.on_error)
            .field("debug", &self.debug)
            .finish_non_exhaustive()
    }
}

impl StepRunner {
    /// A runner for `-on-error=<on_error>`, without `-debug`, with no terminal to ask on (so
    /// `ask` behaves as `cleanup`, as Packer does without a TTY).
    #[must_use]
    pub fn new(on_error: OnError) -> Self {
        Self { on_error, debug: false, asker: Arc::new(NoTerminal) }
    }

    /// Pauses after each step and before each cleanup (`-debug`).
    #[must_use]
    pub fn with_debug(mut self, debug: bool) -> Self {
        self.debug = debug;
        self
    }

    /// Where `ask` and `-debug` questions go.
    #[must_use]
    pub fn with_asker(mut self, asker: Arc<dyn Asker>) -> Self {
        self.asker = asker;
        self
    }

    /// Whether a failed build may keep what it made (`-on-error=abort` or `ask`, or `-debug`):
    /// steps then leave resources to their cleanups rather than removing them early.
    #[must_use]
    pub fn may_keep_on_error(&self) -> bool {
        self.debug || matches!(self.on_error, OnError::Abort | OnError::Ask)
    }

    /// Runs `steps` over `state`, then unwinds the cleanup stack.
    pub async fn run<S: Send>(&self, steps: &[Box<dyn Step<S>>], state: &mut S, ctx: &StepContext) -> RunOutcome {
        let mut stack = Vec::with_capacity(steps.len() * 2);
        let mut error = None;
        let mut end = RunEnd::Completed;
        let mut aborted = false;
        for (index, step) in steps.iter().enumerate() {
            if ctx.cancel.is_cancelled() {
                end = RunEnd::Cancelled;
                break;
            }
            ctx.ui.step_started(step.name());
            let action = self.run_step(step.as_ref(), state, ctx, &mut error, &mut aborted).await;
            stack.push(Stacked::Step(index));
            if ctx.cancel.is_cancelled() {
                end = RunEnd::Cancelled;
                break;
            }
            if matches!(action, StepAction::Halt(_)) {
                end = RunEnd::Halted { step: step.name() };
                break;
            }
            if self.debug {
                // Upstream the pause is a step of its own: a halted step gets no pause.
                debug_pause(self.asker.as_ref(), ctx, PausePoint::AfterRun, step.name()).await;
                stack.push(Stacked::DebugPause(step.name()));
                if ctx.cancel.is_cancelled() {
                    end = RunEnd::Cancelled;
                    break;
                }
            }
        }

        let mut cleanup = CleanupContext::new(ctx.ui.clone(), error);
        let mut abort_check = AbortCheck::default();
        for entry in stack.into_iter().rev() {
            let index = match entry {
                Stacked::DebugPause(name) => {
                    debug_pause(self.asker.as_ref(), ctx, PausePoint::BeforeCleanup, name).await;
                    continue;
                }
                Stacked::Step(index) => index,
            };
            let step = steps[index].as_ref();
            if self.cleanup_is_checked(step.name(), aborted) {
                // Cancellation at any time before the runner returns counts, as upstream.
                let cancelled = end == RunEnd::Cancelled || ctx.cancel.is_cancelled();
                let halted = matches!(end, RunEnd::Halted { .. });
                if !abort_check.allows_cleanup(&ctx.ui, cleanup.error(), cancelled, halted, step.name()) {
                    continue;
                }
            }
            ctx.ui.step_cleanup(step.name());
            step.cleanup(state, &mut cleanup).await;
        }
        RunOutcome { end, error: cleanup.into_error() }
    }

    /// Runs one step; with `-on-error=ask`, a halt asks whether to clean up, abort or retry.
    async fn run_step<S: Send>(
        &self,
        step: &dyn Step<S>,
        state: &mut S,
        ctx: &StepContext,
        error: &mut Option<BoxError>,
        aborted: &mut bool,
    ) -> StepAction {
        loop {
            let action = step.run(state, ctx).await;
            let StepAction::Halt(halt_error) = action else {
                return action;
            };
            if let Some(e) = halt_error {
                *error = Some(e);
            }
            if self.on_error != OnError::Ask {
                return StepAction::Halt(None);
            }
            if let Some(e) = error.as_ref() {
                ctx.ui.error(e.to_string());
            }
            match ask_after_failure(self.asker.as_ref(), ctx, step.name()).await {
                AskChoice::Cleanup => return StepAction::Halt(None),
                AskChoice::Abort => {
                    *aborted = true;
                    return StepAction::Halt(None);
                }
                // The error stays recorded: "build may fail even if retry succeeds".
                AskChoice::Retry => {}
            }
        }
    }

    /// Whether `-on-error` replaces this step's cleanup with the abort check.
    fn cleanup_is_checked(&self, step: &str, aborted: bool) -> bool {
        match self.on_error {
            OnError::Cleanup => false,
            OnError::Abort => true,
            OnError::RunCleanupProvisioner => step != PROVISION_STEP,
            OnError::Ask => aborted,
        }
    }
}
