//! `-on-error=abort` (and `run-cleanup-provisioner`, and `ask` answered with `a`): every step
//! cleanup is replaced by a check that explains, once, why nothing is cleaned up, then names
//! each skipped step (the SDK's `handleAbortsAndInterupts`).

use super::{BoxError, TargetedSink};

use rpacker_gotmpl::go_quote;

/// Remembers whether the reason was already printed (the SDK's `abort_step_logged`).
#[derive(Debug, Default)]
pub(crate) struct AbortCheck {
    logged: bool,
}

impl AbortCheck {
    /// Prints what Packer prints in place of `step`'s cleanup; returns whether the cleanup
    /// should run after all (only when the run neither halted nor was cancelled).
    pub(crate) fn allows_cleanup(
        &mut self,
        ui: &TargetedSink,
        error: Option<&BoxError>,
        cancelled: bool,
        halted: bool,
        step: &str,
    ) -> bool {
        let already_logged = self.logged;
        if let Some(error) = error {
            if !already_logged {
                ui.error(error.to_string());
                self.logged = true;
            }
        }
        let first_reason = if cancelled {
            "Interrupted, aborting...".to_owned()
        } else if halted {
            format!("Step {} failed, aborting...", go_quote(step))
        } else {
            return true;
        };
        if already_logged {
            ui.error(format!("aborted: skipping cleanup of step {}", go_quote(step)));
        } else {
            ui.error(first_reason);
            self.logged = true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use crate::lifecycle::RecordingSink;

    use super::*;

    #[test]
    fn messages() {
        // (error, cancelled, halted, steps in cleanup order, expected lines, cleanups allowed)
        type Case = (Option<&'static str>, bool, bool, &'static [&'static str], &'static [&'static str], usize);
        let cases: &[Case] = &[
            (
                Some("boom"),
                false,
                true,
                &["StepB", "StepA"],
                &[
                    "error b: boom",
                    "error b: Step \"StepB\" failed, aborting...",
                    "error b: aborted: skipping cleanup of step \"StepA\"",
                ],
                0,
            ),
            (
                None,
                true,
                false,
                &["StepB", "StepA"],
                &["error b: Interrupted, aborting...", "error b: aborted: skipping cleanup of step \"StepA\""],
                0,
            ),
            // Cancelled wins over halted, and the error is still printed first.
            (Some("boom"), true, true, &["StepB"], &["error b: boom", "error b: Interrupted, aborting..."], 0),
            // A run that ended normally cleans up (after printing a leftover error once).
            (None, false, false, &["StepB", "StepA"], &[], 2),
            (Some("kept"), false, false, &["StepB", "StepA"], &["error b: kept"], 2),
        ];
        for (error, cancelled, halted, steps, want, want_allowed) in cases {
            let sink = RecordingSink::new();
            let ui = sink.targeted("b");
            let error: Option<BoxError> = error.map(Into::into);
            let mut check = AbortCheck::default();
            let allowed = steps
                .iter()
                .filter(|step| check.allows_cleanup(&ui, error.as_ref(), *cancelled, *halted, step))
                .count();
            assert_eq!(sink.ui_lines(), *want, "{error:?} cancelled={cancelled} halted={halted}");
            assert_eq!(allowed, *want_allowed);
        }
    }
}
