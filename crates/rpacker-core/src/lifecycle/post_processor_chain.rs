//! Packer's post-processor chains (`CoreBuild.Run`, after the builder): every chain starts from
//! the builder's artifact; each post-processor's input is kept or destroyed by the
//! `keep_input_artifact` tri-state, the post-processor's default and its force-override; the
//! builder's artifact is kept if the first post-processor of any chain keeps it (or there are no
//! chains), else destroyed at the end. A failing post-processor ends its chain and adds
//! `Post-processor failed: …` to the build's errors; other chains still run.

use std::fmt;
use std::sync::Arc;

use rpacker_sdk::lifecycle::{Artifact, BoxError, Cancellation, Event, PostProcess, PostProcessContext, TargetedSink};

use rpacker_gotmpl::go_quote;

/// One post-processor of a chain, with the core's options.
pub struct ChainedPostProcessor {
    /// `type`.
    pub type_name: String,
    /// `name` (JSON: defaults to the type; HCL: empty when unnamed).
    pub name: String,
    /// `keep_input_artifact`: `None` when the user did not set it.
    pub keep_input_artifact: Option<bool>,
    /// The post-processor.
    pub processor: Box<dyn PostProcess>,
}

impl fmt::Debug for ChainedPostProcessor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChainedPostProcessor")
            .field("type_name", &self.type_name)
            .field("name", &self.name)
            .field("keep_input_artifact", &self.keep_input_artifact)
            .finish_non_exhaustive()
    }
}

/// One error of the chains; `Display` is Packer's text.
#[derive(Debug)]
pub enum ChainError {
    /// A post-processor returned an error.
    PostProcessorFailed(BoxError),
    /// Destroying an intermediate artifact nobody keeps failed.
    PriorArtifactCleanup {
        /// Why.
        error: BoxError,
        /// The post-processor whose input it was.
        post_processor_type: String,
    },
    /// Destroying the builder's artifact (kept by no chain) failed.
    BuilderArtifactDestroy {
        /// Why.
        error: BoxError,
        /// The artifact's files.
        files: Vec<String>,
    },
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PostProcessorFailed(e) => write!(f, "Post-processor failed: {e}"),
            Self::PriorArtifactCleanup { error, post_processor_type } => {
                write!(f, "Failed cleaning up prior artifact: {error}; pp is {post_processor_type}")
            }
            Self::BuilderArtifactDestroy { error, files } => {
                write!(f, "Error destroying builder artifact: {error}; bad artifact: {}", go_string_slice(files))
            }
        }
    }
}

impl std::error::Error for ChainError {}

/// Go's `%#v` of a `[]string`; an empty list prints as nil, as builders return nil then.
fn go_string_slice(items: &[String]) -> String {
    if items.is_empty() {
        return "[]string(nil)".to_owned();
    }
    let quoted: Vec<String> = items.iter().map(|s| go_quote(s)).collect();
    format!("[]string{{{}}}", quoted.join(", "))
}

/// What the chains produced.
#[derive(Debug, Default)]
pub struct ChainOutcome {
    /// The build's artifacts in Packer's order (the kept builder artifact first).
    pub artifacts: Vec<Arc<dyn Artifact>>,
    /// Everything that went wrong; any error makes the build errored.
    pub errors: Vec<ChainError>,
}

impl ChainOutcome {
    /// The build error text (Packer's `MultiError`), if any.
    #[must_use]
    pub fn error_text(&self) -> Option<String> {
        if self.errors.is_empty() {
            return None;
        }
        let texts: Vec<String> = self.errors.iter().map(ToString::to_string).collect();
        Some(rpacker_diag::go_errors::sdk_multierror(&texts))
    }
}

/// Runs `chains` on the builder's artifact. `ui` is the build's UI (post-processors get
/// `<build> (<type>)`). Returns `None` when the build was cancelled before post-processing
/// (upstream then reports the build finished with no artifacts).
pub async fn run_post_processor_chains(
    chains: &[Vec<ChainedPostProcessor>],
    builder_artifact: Arc<dyn Artifact>,
    ui: &TargetedSink,
    cancel: &Cancellation,
) -> Option<ChainOutcome> {
    if cancel.is_cancelled() {
        return None;
    }
    let mut outcome = ChainOutcome::default();
    let mut keep_original = chains.is_empty();
    'chains: for chain in chains {
        let mut prior = Arc::clone(&builder_artifact);
        for (index, pp) in chain.iter().enumerate() {
            if pp.name == pp.type_name {
                ui.say(format!("Running post-processor: {}", pp.type_name));
            } else {
                ui.say(format!("Running post-processor: {} (type {})", pp.name, pp.type_name));
            }
            let ctx = PostProcessContext {
                cancel: cancel.clone(),
                ui: ui.retarget(format!("{} ({})", ui.target(), pp.type_name)),
            };
            let output = match pp.processor.post_process(&ctx, Arc::clone(&prior)).await {
                Ok(output) => output,
                Err(e) => {
                    outcome.errors.push(ChainError::PostProcessorFailed(e));
                    continue 'chains;
                }
            };
            let Some(artifact) = output.artifact else {
                continue 'chains;
            };
            report_artifact(&ctx.ui, artifact.as_ref());
            let keep = match pp.keep_input_artifact {
                // A post-processor that must keep its input (manifest) overrides the user's `false`.
                Some(false) if output.keep_input && output.force_override => true,
                Some(user) => user,
                None => output.keep_input,
            };
            if index == 0 {
                // The builder's artifact may be another chain's input: decided at the end.
                keep_original |= keep;
            } else if keep {
                outcome.artifacts.push(Arc::clone(&prior));
            } else if let Err(error) = prior.destroy().await {
                outcome
                    .errors
                    .push(ChainError::PriorArtifactCleanup { error, post_processor_type: pp.type_name.clone() });
            }
            prior = artifact;
        }
        outcome.artifacts.push(prior);
    }
    if keep_original {
        outcome.artifacts.insert(0, builder_artifact);
    } else if let Err(error) = builder_artifact.destroy().await {
        outcome.errors.push(ChainError::BuilderArtifactDestroy { error, files: builder_artifact.files() });
    }
    Some(outcome)
}

fn report_artifact(ui: &TargetedSink, artifact: &dyn Artifact) {
    ui.emit(Event::ArtifactProduced {
        target: ui.target().to_owned(),
        builder_id: artifact.builder_id(),
        id: artifact.id(),
        description: artifact.to_string(),
    });
}
