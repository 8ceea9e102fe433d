//! `-on-error=ask`: after a step halts, ask whether to clean up, abort or retry (the SDK's
//! `askStep`). No answer (no terminal, Ctrl-C) means clean up.

use super::{Asker, StepContext};

use rpacker_gotmpl::go_quote;

/// The question, verbatim.
pub(crate) const ASK_QUERY: &str =
    "[c] Clean up and exit, [a] abort without cleanup, or [r] retry step (build may fail even if retry succeeds)?";

/// The user's decision after a failed step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AskChoice {
    /// `c` (or empty, or no answer): clean up as usual.
    Cleanup,
    /// `a`: skip cleanups, like `-on-error=abort`.
    Abort,
    /// `r`: run the step again.
    Retry,
}

impl AskChoice {
    /// Reads an answer by its first letter, case-insensitively; empty means `c`.
    fn parse(line: &str) -> Option<Self> {
        let lower = line.to_lowercase();
        match lower.bytes().next().unwrap_or(b'c') {
            b'c' => Some(Self::Cleanup),
            b'a' => Some(Self::Abort),
            b'r' => Some(Self::Retry),
            _ => None,
        }
    }
}

/// Says `Step "<step>" failed` and asks until a valid answer; cancellation answers `c`.
pub(crate) async fn ask_after_failure(asker: &dyn Asker, ctx: &StepContext, step: &str) -> AskChoice {
    ctx.ui.say(format!("Step {} failed", go_quote(step)));
    tokio::select! {
        choice = prompt(asker, ctx) => choice,
        () = ctx.cancel.cancelled() => AskChoice::Cleanup,
    }
}

async fn prompt(asker: &dyn Asker, ctx: &StepContext) -> AskChoice {
    loop {
        // A failed ask (no terminal) reads as an empty line, so the answer is `c`.
        let line = asker.ask(ctx.ui.target(), ASK_QUERY).await.unwrap_or_default();
        if let Some(choice) = AskChoice::parse(&line) {
            return choice;
        }
        ctx.ui.say(format!("Incorrect input: {}", go_quote(&line)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers() {
        let cases = [
            ("", Some(AskChoice::Cleanup)),
            ("c", Some(AskChoice::Cleanup)),
            ("Clean", Some(AskChoice::Cleanup)),
            ("a", Some(AskChoice::Abort)),
            ("ABORT", Some(AskChoice::Abort)),
            ("r", Some(AskChoice::Retry)),
            ("retry please", Some(AskChoice::Retry)),
            ("x", None),
            (" c", None),
            ("é", None),
        ];
        for (line, want) in cases {
            assert_eq!(AskChoice::parse(line), want, "{line:?}");
        }
    }
}
