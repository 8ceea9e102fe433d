//! `packer build` after GetBuilds: run every prepared build (in parallel up to
//! `-parallel-builds`), each as Packer's `CoreBuild.Run` — the builder with the provision hooks,
//! then the post-processor chains — and collect what the final summary needs.
//!
//! Nothing prints: every line goes out as an [`rpacker_sdk::lifecycle::Event`], and the result
//! is data ([`RunResult`]) the CLI turns into the summary with [`crate::lifecycle::build_summary`].

mod all_builds;
mod hooks;
mod one_build;

pub use all_builds::{run_builds, RunOptions, RunResult};
pub use hooks::BuildHooks;
