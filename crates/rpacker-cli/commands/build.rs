//! `build`: load → Initialize → GetBuilds (diagnostics printed; builds that prepared still run)
//! → run every build with its coloured, prefixed UI → the summary. Exit 1 when anything failed
//! or the run was interrupted.

use std::sync::{Arc, Mutex};

use rpacker_core::lifecycle::{build_summary, SummaryLine};
use rpacker_core::run::{run_builds, RunOptions};
use rpacker_core::{BuildFilter, BuildFlags};
use rpacker_diag::Diagnostic;
use rpacker_sdk::lifecycle::{Cancellation, EventSink};
use rpacker_sdk::OnError;

use crate::build_output::{build_color, colorize, BuildOutput, Decoration};
use crate::diagnostics::write_diagnostics;
use crate::flags::{FlagDef, FlagKind, ParsedFlags};
use crate::prepare::{load, prepare};
use crate::terminal_asker::TerminalAsker;
use crate::ui::Ui;

/// `packer build -h` (1.6.6 text).
pub const HELP: &str = "Usage: packer build [options] TEMPLATE

  Will execute multiple builds in parallel as defined in the template.
  The various artifacts created by the template will be outputted.

Options:

  -color=false                  Disable color output. (Default: color)
  -debug                        Debug mode enabled for builds.
  -except=foo,bar,baz           Run all builds and post-processors other than these.
  -only=foo,bar,baz             Build only the specified builds.
  -force                        Force a build to continue if artifacts exist, deletes existing artifacts.
  -machine-readable             Produce machine-readable output.
  -on-error=[cleanup|abort|ask|run-cleanup-provisioner] If the build fails do: clean up (default), abort, ask, or run-cleanup-provisioner.
  -parallel-builds=1            Number of builds to run in parallel. 1 disables parallelization. 0 means no limit (Default: 0)
  -timestamp-ui                 Enable prefixing of each ui output with an RFC3339 timestamp.
  -var 'key=value'              Variable for templates, can be used multiple times.
  -var-file=path                JSON or HCL2 file containing user variables.";

const FLAGS: &[FlagDef] = &[
    FlagDef { name: "color", kind: FlagKind::Bool },
    FlagDef { name: "debug", kind: FlagKind::Bool },
    FlagDef { name: "except", kind: FlagKind::CommaList },
    FlagDef { name: "only", kind: FlagKind::CommaList },
    FlagDef { name: "force", kind: FlagKind::Bool },
    FlagDef { name: "on-error", kind: FlagKind::Enum(&["cleanup", "abort", "ask", "run-cleanup-provisioner"]) },
    FlagDef { name: "parallel-builds", kind: FlagKind::Int },
    FlagDef { name: "timestamp-ui", kind: FlagKind::Bool },
    FlagDef { name: "var", kind: FlagKind::KeyValue },
    FlagDef { name: "var-file", kind: FlagKind::Repeated },
    // Flags of current Packer that only matter for HCL2 evaluation order, plugin binaries or
    // HCP Packer; accepted so scripts written for current Packer run.
    FlagDef { name: "warn-on-undeclared-var", kind: FlagKind::Bool },
    FlagDef { name: "ignore-prerelease-plugins", kind: FlagKind::Bool },
    FlagDef { name: "use-sequential-evaluation", kind: FlagKind::Bool },
    FlagDef { name: "skip-enforcement", kind: FlagKind::Bool },
];

/// Runs `build`.
pub fn run(ui: &mut Ui, args: &[String]) -> i32 {
    let (flags, path) = match super::parse_template_command(ui, FLAGS, HELP, args) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    let on_error = flags.value("on-error").and_then(OnError::parse).unwrap_or_default();
    let build_flags = BuildFlags {
        filter: BuildFilter { only: flags.list("only").to_vec(), except: flags.list("except").to_vec() },
        debug: flags.bool("debug"),
        force: flags.bool("force"),
        on_error,
    };
    let loaded = match load(ui, &flags, &path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let prepared = match prepare(ui, loaded, &build_flags, true) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let prepare_code = write_diagnostics(ui, &prepared.sources, &prepared.prepared.diagnostics);
    let builds = prepared.prepared.builds;
    if builds.is_empty() {
        if prepare_code != 0 {
            return prepare_code;
        }
        let none = Diagnostic::error(
            "No builds to run",
            "A build command cannot run without at least one build to process. If the only or except flags have been specified at run time check that at least one build is selected for execution.",
        );
        return write_diagnostics(ui, &prepared.sources, &[none]).max(1);
    }
    if build_flags.debug {
        ui.say("Debug mode enabled. Builds will not be parallelized.");
    }
    // Packer exports the run's id to everything it starts (shell-local, the manifest).
    std::env::set_var("PACKER_RUN_UUID", &prepared.run.run_uuid);

    // One worker beside the main thread: builds wait on the network and on sshd; a second
    // worker bought no time and cost a malloc arena of its own (~0.9 MB of a 10 MB build).
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            ui.error(&format!("Failed to start the build runtime: {e}"));
            return 1;
        }
    };
    // Builds share the one UI (with its secrets) from here on; nothing prints through `ui` after.
    let shared = Arc::new(Mutex::new(std::mem::replace(ui, Ui::stdout(ui.is_machine_readable()))));
    let code = runtime.block_on(run_all(builds, &flags, on_error, &prepared.run.run_uuid, shared));
    // Every build and cleanup has finished: what is left are idle connections and watchers,
    // which need no orderly end (waiting for them cost ~10 ms per build).
    runtime.shutdown_background();
    code.max(i32::from(prepare_code != 0))
}

async fn run_all(
    builds: Vec<rpacker_core::PreparedBuild>,
    flags: &ParsedFlags,
    on_error: OnError,
    run_uuid: &str,
    ui: Arc<Mutex<Ui>>,
) -> i32 {
    let cancel = Cancellation::new();
    if let Err(e) = crate::interrupt::watch(Arc::clone(&ui), cancel.clone()) {
        crate::debug_log::log(&format!("[WARN] cannot watch for interrupts: {e}"));
    }
    let machine_readable = ui.lock().unwrap_or_else(std::sync::PoisonError::into_inner).is_machine_readable();
    let color = flags.bool_or("color", true) && !machine_readable;
    let decoration = Decoration {
        color_codes: color && std::env::var_os("PACKER_NO_COLOR").is_none_or(|v| v.is_empty()),
        timestamp: flags.bool("timestamp-ui"),
    };
    let count = builds.len();
    let mut with_sinks = Vec::with_capacity(count);
    for (index, build) in builds.into_iter().enumerate() {
        let color_code = build_color(index);
        if color {
            let mut ui = ui.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let line = format!("{}: output will be in this color.", build.name);
            ui.say(&if decoration.color_codes { colorize(&line, color_code, true) } else { line });
            if index + 1 == count {
                ui.say("");
            }
        }
        let sink: Arc<dyn EventSink> = Arc::new(BuildOutput::new(Arc::clone(&ui), color_code, decoration));
        with_sinks.push((build, sink));
    }
    let options = RunOptions {
        parallel_builds: flags.int("parallel-builds").unwrap_or(0),
        debug: flags.bool("debug"),
        on_error,
        asker: Arc::new(TerminalAsker::new(Arc::clone(&ui), cancel.clone())),
        cancel,
        run_uuid: Arc::from(run_uuid),
        ssh_agent_socket: std::env::var_os("SSH_AUTH_SOCK").map(Into::into),
    };
    let result = run_builds(with_sinks, options).await;
    let summary = build_summary(&result.reports, result.wait, result.interrupted);
    let mut ui = ui.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    for line in summary.lines {
        match line {
            SummaryLine::Say(text) => ui.say(&text),
            SummaryLine::Error(text) => ui.error(&text),
            SummaryLine::Machine { target, kind, args } => {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                ui.machine(target.as_deref().unwrap_or(""), kind, &args);
            }
        }
    }
    i32::from(summary.failed)
}
