//! All builds of a run (the loop in `command/build.go`): start them in order, at most
//! `-parallel-builds` at once (`-debug` runs one at a time), stop starting new ones after
//! Ctrl-C, wait for all, and return their reports in start order.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rpacker_sdk::lifecycle::{Asker, Cancellation, EventSink, TargetedSink};
use rpacker_sdk::OnError;
use tokio::sync::Semaphore;

use super::one_build::run_one_build;
use crate::lifecycle::{BuildOutcome, BuildReport};
use crate::PreparedBuild;

/// The run-wide options of `build`.
#[derive(Clone)]
pub struct RunOptions {
    /// `-parallel-builds` (≤ 0: no limit).
    pub parallel_builds: i64,
    /// `-debug`: one build at a time, pauses between steps and provisioners.
    pub debug: bool,
    /// `-on-error`.
    pub on_error: OnError,
    /// Where `-on-error=ask` and `-debug` questions go.
    pub asker: Arc<dyn Asker>,
    /// Fires on the first Ctrl-C / SIGTERM.
    pub cancel: Cancellation,
    /// The run's UUID.
    pub run_uuid: Arc<str>,
    /// `SSH_AUTH_SOCK`.
    pub ssh_agent_socket: Option<PathBuf>,
}

impl std::fmt::Debug for RunOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunOptions")
            .field("parallel_builds", &self.parallel_builds)
            .field("debug", &self.debug)
            .field("on_error", &self.on_error)
            .finish_non_exhaustive()
    }
}

/// What the run produced, for the summary.
#[derive(Debug)]
pub struct RunResult {
    /// One report per build that was started (or failed to start), in start order.
    pub reports: Vec<BuildReport>,
    /// From the start of the first build to the end of the last.
    pub wait: Duration,
    /// Ctrl-C arrived.
    pub interrupted: bool,
}

/// Runs `builds`, each reporting on its own sink (its colour, in the CLI).
pub async fn run_builds(builds: Vec<(PreparedBuild, Arc<dyn EventSink>)>, options: RunOptions) -> RunResult {
    let started = Instant::now();
    let limit = if options.debug || options.parallel_builds == 1 {
        1
    } else if options.parallel_builds <= 0 {
        Semaphore::MAX_PERMITS
    } else {
        usize::try_from(options.parallel_builds).unwrap_or(Semaphore::MAX_PERMITS).min(Semaphore::MAX_PERMITS)
    };
    let semaphore = Arc::new(Semaphore::new(limit));
    let options = Arc::new(options);
    let mut tasks = Vec::with_capacity(builds.len());
    let mut reports = Vec::new();
    for (build, sink) in builds {
        if options.cancel.is_cancelled() {
            break;
        }
        let ui = TargetedSink::new(build.name.clone(), sink);
        // Acquired here, in start order, so `-parallel-builds=1` waits for each build.
        let permit = tokio::select! {
            permit = Arc::clone(&semaphore).acquire_owned() => permit.ok(),
            () = options.cancel.cancelled() => None,
        };
        let Some(permit) = permit else {
            let error = "context canceled";
            ui.error(format!("Build '{}' failed to acquire semaphore: {error}", build.name));
            reports.push(BuildReport { name: build.name, outcome: BuildOutcome::Errored(error.to_owned()) });
            break;
        };
        let options = Arc::clone(&options);
        tasks.push(tokio::spawn(async move {
            let report = run_one_build(build, ui, &options).await;
            drop(permit);
            report
        }));
    }
    let mut started_reports = Vec::with_capacity(tasks.len());
    for task in tasks {
        match task.await {
            Ok(report) => started_reports.push(report),
            // A panicking build is a bug: re-raise it so the crash handler reports it.
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
    started_reports.extend(reports);
    RunResult { reports: started_reports, wait: started.elapsed(), interrupted: options.cancel.is_cancelled() }
}
