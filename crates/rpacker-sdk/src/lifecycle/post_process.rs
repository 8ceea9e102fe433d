//! Running a post-processor (Packer's `PostProcess`): it takes the previous artifact of its
//! chain and returns a new one plus how the input should be treated. The core's chain
//! algorithm decides what is kept and destroyed.

use std::fmt;
use std::sync::Arc;

use super::artifact::Artifact;
use super::cancellation::Cancellation;
use super::future::{BoxError, BoxFuture};
use super::targeted_sink::TargetedSink;

/// What a post-processor run gets.
#[derive(Debug, Clone)]
pub struct PostProcessContext {
    /// Fires on Ctrl-C.
    pub cancel: Cancellation,
    /// The post-processor's UI (target `<build> (<type>)`).
    pub ui: TargetedSink,
}

/// A post-processor's result.
pub struct PostProcessOutput {
    /// The new artifact; `None` ends the chain (nothing of it is listed).
    pub artifact: Option<Arc<dyn Artifact>>,
    /// Whether the input artifact is kept when the user did not set `keep_input_artifact`.
    pub keep_input: bool,
    /// Keep the input even if the user set `keep_input_artifact = false` (when `keep_input`
    /// is true): the manifest post-processor returns its input and must not have it destroyed.
    pub force_override: bool,
}

impl fmt::Debug for PostProcessOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostProcessOutput")
            .field("artifact", &self.artifact.as_ref().map(ToString::to_string))
            .field("keep_input", &self.keep_input)
            .field("force_override", &self.force_override)
            .finish()
    }
}

/// A post-processor, ready to run.
pub trait PostProcess: Send + Sync {
    /// Processes `input` (the builder's artifact, or the previous post-processor's).
    fn post_process<'a>(
        &'a self,
        ctx: &'a PostProcessContext,
        input: Arc<dyn Artifact>,
    ) -> BoxFuture<'a, Result<PostProcessOutput, BoxError>>;
}
