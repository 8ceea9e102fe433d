//! The build lifecycle's building blocks, as pure logic over the SDK's run-side traits (the
//! step runner itself lives in the SDK, so builders can drive it): the provisioner policy wrappers
//! (`pause_before`, `timeout`, `max_retries`, `-debug`), the post-processor chain algorithm,
//! and the texts `packer build` ends with (durations, per-build lines, the final summary).
//!
//! Everything reports through [`rpacker_sdk::lifecycle::EventSink`] or returns data; nothing
//! prints. Messages are Packer's, byte for byte.

mod build_report;
mod debugged_provisioner;
mod durafmt;
mod paused_provisioner;
mod post_processor_chain;
mod provisioner_policy;
mod retried_provisioner;
mod summary;
mod timeout_provisioner;

#[cfg(test)]
mod test_doubles;
#[cfg(test)]
mod tests;

pub use build_report::{BuildOutcome, BuildReport, EndLine};
pub use debugged_provisioner::DebuggedProvisioner;
pub use durafmt::{durafmt, format_elapsed};
pub use paused_provisioner::PausedProvisioner;
pub use post_processor_chain::{run_post_processor_chains, ChainError, ChainOutcome, ChainedPostProcessor};
pub use provisioner_policy::ProvisionerPolicy;
pub use retried_provisioner::RetriedProvisioner;
pub use rpacker_sdk::config::format_go_duration;
pub use rpacker_sdk::lifecycle::{RunEnd, RunOutcome, StepRunner};
pub use summary::{build_summary, Summary, SummaryLine};
pub use timeout_provisioner::TimeoutProvisioner;
