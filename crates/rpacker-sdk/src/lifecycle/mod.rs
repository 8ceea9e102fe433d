//! The run side of the plugin contract: what the build lifecycle hands plugins and gets back.
//!
//! Libraries never print: plugins and the core report through an [`EventSink`] (usually via a
//! [`TargetedSink`] bound to a build name), and the CLI renders the typed [`Event`]s as Packer's
//! UI. A builder is a list of [`Step`]s over its own typed state (no string-keyed state bag);
//! the core's step runner drives them with Packer's cleanup stack and `-on-error` policy.
//! Cancellation is a [`Cancellation`] (a `CancellationToken` that remembers Go's reason).
//!
//! Trait objects return boxed futures ([`BoxFuture`]) so they stay object-safe without the
//! async-trait crate.

mod abort_check;
mod artifact;
mod ask;
mod ask_prompt;
mod build;
mod cancellation;
mod communicator;
mod debug_pause;
mod event;
mod future;
mod hook_data;
mod local_process;
mod output_lines;
mod post_process;
mod provision;
#[cfg(any(test, feature = "testing"))]
mod recording_sink;
pub mod run_template;
mod step;
mod step_provision;
mod step_runner;
mod targeted_sink;

pub use artifact::{Artifact, GENERATED_DATA_STATE};
pub use ask::{AskError, Asker, NoTerminal};
pub use build::{Build, BuildContext, BuildResult, NoProvisioners, ProvisionHooks};
pub use cancellation::{Cancellation, ContextError};
pub use communicator::{Communicator, NoneCommunicator, RemoteStreams};
pub use event::{Event, EventSink};
pub use future::{BoxError, BoxFuture};
pub use hook_data::{provision_hook_data, HookDataSource, HTTP_ADDR_NOT_IMPLEMENTED, ID_NOT_IMPLEMENTED};
pub use local_process::{run_local, run_with_ui, LocalCommand, LocalRunError};
pub use output_lines::{OutputLines, OutputStream};
pub use post_process::{PostProcess, PostProcessContext, PostProcessOutput};
pub use provision::{GeneratedData, Provision, ProvisionContext};
#[cfg(any(test, feature = "testing"))]
pub use recording_sink::RecordingSink;
pub use step::{CleanupContext, Step, StepAction, StepContext, PROVISION_STEP};
pub use step_provision::{ProvisionState, StepProvision, NO_COMMUNICATOR};
pub use step_runner::{RunEnd, RunOutcome, StepRunner};
pub use targeted_sink::TargetedSink;
