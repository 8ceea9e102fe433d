//! The result of one build as `packer build` reports it: the `Build '<name>' finished after …`
//! / `errored after …` line (printed on the build's UI when it ends) and the facts the final
//! summary lists.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use rpacker_sdk::lifecycle::Artifact;

use super::durafmt::format_elapsed;

/// How one build ended.
pub enum BuildOutcome {
    /// The builder or a post-processor failed; the error's text.
    Errored(String),
    /// The build finished. `None`: nothing to report (no builder artifact, or cancelled before
    /// post-processing); `Some`: the artifacts, even an empty list (upstream lists the build).
    Finished(Option<Vec<Arc<dyn Artifact>>>),
}

impl fmt::Debug for BuildOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Errored(e) => f.debug_tuple("Errored").field(e).finish(),
            Self::Finished(artifacts) => f
                .debug_tuple("Finished")
                .field(&artifacts.as_ref().map(|list| list.iter().map(ToString::to_string).collect::<Vec<_>>()))
                .finish(),
        }
    }
}

/// One build's name and outcome, for the summary.
#[derive(Debug)]
pub struct BuildReport {
    /// The build's name.
    pub name: String,
    /// How it ended.
    pub outcome: BuildOutcome,
}

impl BuildReport {
    /// The line printed when the build ends, on the build's (coloured, untargeted) UI:
    /// `Build 'x' finished after 9 milliseconds 722 microseconds.` (Say) or
    /// `Build 'x' errored after 1 second 36 milliseconds: <err>` (Error).
    #[must_use]
    pub fn end_line(&self, elapsed: Duration) -> EndLine {
        let elapsed = format_elapsed(elapsed);
        match &self.outcome {
            BuildOutcome::Errored(e) => {
                EndLine { text: format!("Build '{}' errored after {elapsed}: {e}", self.name), errored: true }
            }
            BuildOutcome::Finished(_) => {
                EndLine { text: format!("Build '{}' finished after {elapsed}.", self.name), errored: false }
            }
        }
    }
}

/// The line a build ends with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndLine {
    /// The text.
    pub text: String,
    /// An error (`ui.Error`) rather than a `ui.Say`.
    pub errored: bool,
}
