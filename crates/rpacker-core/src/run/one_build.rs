//! One build (Packer's `CoreBuild.Run` plus the goroutine in `command/build.go` around it):
//! run the builder with the provision hooks, then the post-processor chains on its artifact,
//! then report `Build 'x' finished/errored after …`.

use std::sync::Arc;
use std::time::Instant;

use rpacker_sdk::lifecycle::{BuildContext, Cancellation, Event, StepRunner, TargetedSink};

use super::all_builds::RunOptions;
use super::hooks::BuildHooks;
use crate::lifecycle::{run_post_processor_chains, BuildOutcome, BuildReport, ChainedPostProcessor};
use crate::PreparedBuild;

/// Runs `build` to its end and reports the end line on its UI.
pub(crate) async fn run_one_build(build: PreparedBuild, ui: TargetedSink, options: &RunOptions) -> BuildReport {
    let started = Instant::now();
    let name = build.name.clone();
    let outcome = build_outcome(build, &ui, options).await;
    let report = BuildReport { name, outcome };
    let line = report.end_line(started.elapsed());
    ui.emit(Event::BuildEnded { target: ui.target().to_owned(), text: line.text, errored: line.errored });
    report
}

async fn build_outcome(build: PreparedBuild, ui: &TargetedSink, options: &RunOptions) -> BuildOutcome {
    let debug_asker = options.debug.then(|| Arc::clone(&options.asker));
    let hooks = BuildHooks::new(build.provisioners, build.error_cleanup_provisioner, debug_asker);
    let runner = StepRunner::new(options.on_error).with_debug(options.debug).with_asker(Arc::clone(&options.asker));
    let cancel: Cancellation = options.cancel.child();
    let ctx = BuildContext {
        cancel: cancel.clone(),
        ui: ui.clone(),
        runner,
        hooks: Arc::new(hooks),
        run_uuid: Arc::clone(&options.run_uuid),
        ssh_agent_socket: options.ssh_agent_socket.clone(),
    };
    let artifact = match build.builder.run(&ctx).await {
        Err(e) => return BuildOutcome::Errored(e.to_string()),
        // Packer 1.6.6 reports an interrupted build as finished with nothing to list.
        Ok(_) if cancel.is_cancelled() => return BuildOutcome::Finished(None),
        Ok(None) => return BuildOutcome::Finished(None),
        Ok(Some(artifact)) => artifact,
    };
    let chains: Vec<Vec<ChainedPostProcessor>> = build
        .post_processors
        .into_iter()
        .map(|chain| {
            chain
                .into_iter()
                .map(|pp| ChainedPostProcessor {
                    type_name: pp.type_name,
                    name: pp.name,
                    keep_input_artifact: pp.keep_input_artifact,
                    processor: pp.plugin,
                })
                .collect()
        })
        .collect();
    match run_post_processor_chains(&chains, artifact, ui, &cancel).await {
        None => BuildOutcome::Finished(None),
        Some(outcome) => match outcome.error_text() {
            Some(error) => BuildOutcome::Errored(error),
            None => BuildOutcome::Finished(Some(outcome.artifacts)),
        },
    }
}
