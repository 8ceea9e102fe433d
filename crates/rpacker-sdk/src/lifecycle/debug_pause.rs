//! `-debug` for builder steps (the SDK's `DebugRunner`): pause after each step that continued
//! and before its cleanup, until Enter. A failed ask (no terminal) or Ctrl-C ends the pause.

use super::{Asker, StepContext};

/// Where the pause happens; worded as Packer words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PausePoint {
    /// After the step ran.
    AfterRun,
    /// Before the step's cleanup.
    BeforeCleanup,
}

/// The pause prompt: `Pausing after run of step 'StepX'. Press enter to continue.`
pub(crate) fn pause_query(point: PausePoint, step: &str) -> String {
    let at = match point {
        PausePoint::AfterRun => "after run of",
        PausePoint::BeforeCleanup => "before cleanup of",
    };
    format!("Pausing {at} step '{step}'. Press enter to continue.")
}

/// Asks the pause question; returns on any answer, on a failed ask, or on cancellation.
pub(crate) async fn debug_pause(asker: &dyn Asker, ctx: &StepContext, point: PausePoint, step: &str) {
    let query = pause_query(point, step);
    tokio::select! {
        _ = asker.ask(ctx.ui.target(), &query) => {}
        () = ctx.cancel.cancelled() => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries() {
        let cases = [
            (PausePoint::AfterRun, "Pausing after run of step 'StepConnect'. Press enter to continue."),
            (PausePoint::BeforeCleanup, "Pausing before cleanup of step 'StepConnect'. Press enter to continue."),
        ];
        for (point, want) in cases {
            assert_eq!(pause_query(point, "StepConnect"), want);
        }
    }
}
