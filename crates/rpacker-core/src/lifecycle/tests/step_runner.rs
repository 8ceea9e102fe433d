//! The step runner: cleanup order on success, failure and cancel; every `-on-error` mode with
//! Packer's messages (verified with packer 1.6.6: the null-builder rows, and lifecycle spec §7);
//! `-debug` pauses.

use std::time::Duration;

use rpacker_sdk::lifecycle::{AskError, Cancellation, Event, RecordingSink, StepContext};
use rpacker_sdk::OnError;

use crate::lifecycle::test_doubles::{Behaviour, CleanupBehaviour, Journal, ScriptedAsker, TestState, TestStep};
use crate::lifecycle::{RunEnd, StepRunner};

use Behaviour::{Continue, Fail, FailTimes, Interrupt};

const RM: CleanupBehaviour = CleanupBehaviour::Remove;
const PROV: CleanupBehaviour = CleanupBehaviour::CleanupProvisioner { fails: None };
const PROV_FAILS: CleanupBehaviour = CleanupBehaviour::CleanupProvisioner { fails: Some("cleanup boom") };
const ASK: &str = "ask b: [c] Clean up and exit, [a] abort without cleanup, or [r] retry step (build may fail even if retry succeeds)?";
const PROV_SAY: &str = "say b: Provisioning step had errors: Running the cleanup provisioner, if present...";

type StepSpec = (&'static str, Behaviour, CleanupBehaviour);

struct Case {
    name: &'static str,
    on_error: OnError,
    debug: bool,
    /// `None`: no terminal.
    answers: Option<&'static [Result<&'static str, AskError>]>,
    cancelled_before: bool,
    steps: &'static [StepSpec],
    journal: &'static [&'static str],
    ui: &'static [&'static str],
    end: RunEnd,
    error: Option<&'static str>,
    left_over: &'static [&'static str],
}

const BASE: Case = Case {
    name: "",
    on_error: OnError::Cleanup,
    debug: false,
    answers: None,
    cancelled_before: false,
    steps: &[],
    journal: &[],
    ui: &[],
    end: RunEnd::Completed,
    error: None,
    left_over: &[],
};

const ABC_OK: &[StepSpec] = &[("StepA", Continue, RM), ("StepB", Continue, RM), ("StepC", Continue, RM)];
const B_FAILS: &[StepSpec] = &[("StepA", Continue, RM), ("StepB", Fail("boom"), RM), ("StepC", Continue, RM)];
const B_INTERRUPTED: &[StepSpec] = &[("StepA", Continue, RM), ("StepB", Interrupt, RM), ("StepC", Continue, RM)];
const ALL_RUN: &[&str] = &["run StepA", "run StepB", "run StepC", "cleanup StepC", "cleanup StepB", "cleanup StepA"];
const B_RUN: &[&str] = &["run StepA", "run StepB", "cleanup StepB", "cleanup StepA"];
const B_HALTED: RunEnd = RunEnd::Halted { step: "StepB" };
/// A builder shaped like amazon-ebs's tail: the provision step fails.
const PROVISION_FAILS: &[StepSpec] =
    &[("StepA", Continue, RM), ("StepConnect", Continue, RM), ("StepProvision", Fail("script failed"), PROV)];

/// The null builder's steps with a failing provisioner and an error-cleanup provisioner.
const NULL_BUILDER: &[StepSpec] = &[("StepConnect", Continue, RM), ("StepProvision", Fail(SCRIPT_ERR), PROV)];
const SCRIPT_ERR: &str = "Script exited with non-zero exit status: 3.Allowed exit codes are: [0]";
const NULL_HALTED: RunEnd = RunEnd::Halted { step: "StepProvision" };

fn cases() -> Vec<Case> {
    vec![
        // The null-builder rows reproduce `packer build -on-error=<mode>` runs of packer 1.6.6
        // (stdin not a terminal), minus the cleanup provisioner's own output.
        Case {
            name: "null builder, cleanup (verified)",
            steps: NULL_BUILDER,
            journal: &["run StepConnect", "run StepProvision", "cleanup StepProvision", "cleanup StepConnect"],
            ui: &[PROV_SAY],
            end: NULL_HALTED,
            error: Some(SCRIPT_ERR),
            ..BASE
        },
        Case {
            name: "null builder, abort (verified)",
            on_error: OnError::Abort,
            steps: NULL_BUILDER,
            journal: &["run StepConnect", "run StepProvision"],
            ui: &[
                "error b: Script exited with non-zero exit status: 3.Allowed exit codes are: [0]",
                "error b: Step \"StepProvision\" failed, aborting...",
                "error b: aborted: skipping cleanup of step \"StepConnect\"",
            ],
            end: NULL_HALTED,
            error: Some(SCRIPT_ERR),
            left_over: &["StepConnect", "StepProvision"],
            ..BASE
        },
        Case {
            name: "null builder, run-cleanup-provisioner (verified)",
            on_error: OnError::RunCleanupProvisioner,
            steps: NULL_BUILDER,
            journal: &["run StepConnect", "run StepProvision", "cleanup StepProvision"],
            ui: &[
                PROV_SAY,
                "error b: Script exited with non-zero exit status: 3.Allowed exit codes are: [0]",
                "error b: Step \"StepConnect\" failed, aborting...",
            ],
            end: NULL_HALTED,
            error: Some(SCRIPT_ERR),
            left_over: &["StepConnect"],
            ..BASE
        },
        Case {
            name: "null builder, ask without a terminal (verified)",
            on_error: OnError::Ask,
            steps: NULL_BUILDER,
            journal: &["run StepConnect", "run StepProvision", "cleanup StepProvision", "cleanup StepConnect"],
            ui: &[
                "error b: Script exited with non-zero exit status: 3.Allowed exit codes are: [0]",
                "say b: Step \"StepProvision\" failed",
                PROV_SAY,
            ],
            end: NULL_HALTED,
            error: Some(SCRIPT_ERR),
            ..BASE
        },
        Case { name: "cleanup: success unwinds in reverse", steps: ABC_OK, journal: ALL_RUN, ..BASE },
        Case {
            name: "cleanup: failure cleans the failing step too",
            steps: B_FAILS,
            journal: B_RUN,
            end: B_HALTED,
            error: Some("boom"),
            ..BASE
        },
        Case { name: "cleanup: interrupt", steps: B_INTERRUPTED, journal: B_RUN, end: RunEnd::Cancelled, ..BASE },
        Case {
            name: "cleanup: cancelled before the first step",
            cancelled_before: true,
            steps: ABC_OK,
            end: RunEnd::Cancelled,
            ..BASE
        },
        Case {
            name: "abort: failure skips every cleanup",
            on_error: OnError::Abort,
            steps: B_FAILS,
            journal: &["run StepA", "run StepB"],
            ui: &[
                "error b: boom",
                "error b: Step \"StepB\" failed, aborting...",
                "error b: aborted: skipping cleanup of step \"StepA\"",
            ],
            end: B_HALTED,
            error: Some("boom"),
            left_over: &["StepA", "StepB"],
            ..BASE
        },
        Case {
            name: "abort: interrupt skips every cleanup",
            on_error: OnError::Abort,
            steps: B_INTERRUPTED,
            journal: &["run StepA", "run StepB"],
            ui: &["error b: Interrupted, aborting...", "error b: aborted: skipping cleanup of step \"StepA\""],
            end: RunEnd::Cancelled,
            left_over: &["StepA", "StepB"],
            ..BASE
        },
        Case {
            name: "abort: success cleans up normally",
            on_error: OnError::Abort,
            steps: ABC_OK,
            journal: ALL_RUN,
            ..BASE
        },
        Case {
            name: "cleanup: provision failure runs the cleanup provisioner",
            steps: PROVISION_FAILS,
            journal: &[
                "run StepA",
                "run StepConnect",
                "run StepProvision",
                "cleanup StepProvision",
                "cleanup StepConnect",
                "cleanup StepA",
            ],
            ui: &[PROV_SAY],
            end: RunEnd::Halted { step: "StepProvision" },
            error: Some("script failed"),
            ..BASE
        },
        Case {
            name: "cleanup: a failing cleanup provisioner replaces the error",
            steps: &[("StepProvision", Fail("script failed"), PROV_FAILS)],
            journal: &["run StepProvision", "cleanup StepProvision"],
            ui: &[PROV_SAY],
            end: RunEnd::Halted { step: "StepProvision" },
            error: Some("Cleanup failed: cleanup boom. Original Provisioning error: script failed"),
            ..BASE
        },
        Case {
            name: "cleanup: interrupted provisioning does not run the cleanup provisioner",
            steps: &[("StepConnect", Continue, RM), ("StepProvision", Interrupt, PROV)],
            journal: &["run StepConnect", "run StepProvision", "cleanup StepProvision", "cleanup StepConnect"],
            end: RunEnd::Cancelled,
            ..BASE
        },
        Case {
            name: "abort: the cleanup provisioner does not run",
            on_error: OnError::Abort,
            steps: PROVISION_FAILS,
            journal: &["run StepA", "run StepConnect", "run StepProvision"],
            ui: &[
                "error b: script failed",
                "error b: Step \"StepProvision\" failed, aborting...",
                "error b: aborted: skipping cleanup of step \"StepConnect\"",
                "error b: aborted: skipping cleanup of step \"StepA\"",
            ],
            end: RunEnd::Halted { step: "StepProvision" },
            error: Some("script failed"),
            left_over: &["StepA", "StepConnect", "StepProvision"],
            ..BASE
        },
        Case {
            name: "run-cleanup-provisioner: only the provision step cleans up",
            on_error: OnError::RunCleanupProvisioner,
            steps: PROVISION_FAILS,
            journal: &["run StepA", "run StepConnect", "run StepProvision", "cleanup StepProvision"],
            ui: &[
                PROV_SAY,
                "error b: script failed",
                "error b: Step \"StepConnect\" failed, aborting...",
                "error b: aborted: skipping cleanup of step \"StepA\"",
            ],
            end: RunEnd::Halted { step: "StepProvision" },
            error: Some("script failed"),
            left_over: &["StepA", "StepConnect"],
            ..BASE
        },
        Case {
            name: "ask without a terminal: treated as cleanup",
            on_error: OnError::Ask,
            steps: B_FAILS,
            journal: B_RUN,
            ui: &["error b: boom", "say b: Step \"StepB\" failed"],
            end: B_HALTED,
            error: Some("boom"),
            ..BASE
        },
        Case {
            name: "ask: empty answer cleans up",
            on_error: OnError::Ask,
            answers: Some(&[Ok("")]),
            steps: B_FAILS,
            journal: &["run StepA", "run StepB", ASK, "cleanup StepB", "cleanup StepA"],
            ui: &["error b: boom", "say b: Step \"StepB\" failed"],
            end: B_HALTED,
            error: Some("boom"),
            ..BASE
        },
        Case {
            name: "ask: a aborts without cleanup",
            on_error: OnError::Ask,
            answers: Some(&[Ok("a")]),
            steps: B_FAILS,
            journal: &["run StepA", "run StepB", ASK],
            ui: &[
                "error b: boom",
                "say b: Step \"StepB\" failed",
                "error b: boom",
                "error b: Step \"StepB\" failed, aborting...",
                "error b: aborted: skipping cleanup of step \"StepA\"",
            ],
            end: B_HALTED,
            error: Some("boom"),
            left_over: &["StepA", "StepB"],
            ..BASE
        },
        Case {
            name: "ask: bad input asks again, r retries, the error stays",
            on_error: OnError::Ask,
            answers: Some(&[Ok("x"), Ok("R")]),
            steps: &[("StepA", Continue, RM), ("StepB", FailTimes(1, "flaky"), RM), ("StepC", Continue, RM)],
            journal: &[
                "run StepA",
                "run StepB",
                ASK,
                ASK,
                "run StepB",
                "run StepC",
                "cleanup StepC",
                "cleanup StepB",
                "cleanup StepA",
            ],
            ui: &["error b: flaky", "say b: Step \"StepB\" failed", "say b: Incorrect input: \"x\""],
            error: Some("flaky"),
            ..BASE
        },
        Case {
            name: "ask: a failed ask after bad input cleans up",
            on_error: OnError::Ask,
            answers: Some(&[Ok("what"), Err(AskError::Interrupted)]),
            steps: B_FAILS,
            journal: &["run StepA", "run StepB", ASK, ASK, "cleanup StepB", "cleanup StepA"],
            ui: &["error b: boom", "say b: Step \"StepB\" failed", "say b: Incorrect input: \"what\""],
            end: B_HALTED,
            error: Some("boom"),
            ..BASE
        },
        Case {
            name: "ask: success never asks",
            on_error: OnError::Ask,
            answers: Some(&[]),
            steps: ABC_OK,
            journal: ALL_RUN,
            ..BASE
        },
        Case {
            name: "debug: pauses after each continued step and before its cleanup",
            debug: true,
            answers: Some(&[Ok(""), Err(AskError::NoTty)]),
            steps: &[("StepA", Continue, RM), ("StepB", Fail("boom"), RM)],
            journal: &[
                "run StepA",
                "ask b: Pausing after run of step 'StepA'. Press enter to continue.",
                "run StepB",
                "cleanup StepB",
                "ask b: Pausing before cleanup of step 'StepA'. Press enter to continue.",
                "cleanup StepA",
            ],
            end: B_HALTED,
            error: Some("boom"),
            ..BASE
        },
    ]
}

#[tokio::test]
async fn runs_and_cleans_up() {
    for case in cases() {
        let journal = Journal::default();
        let sink = RecordingSink::new();
        let steps: Vec<_> =
            case.steps.iter().map(|&(name, run, clean)| TestStep::with_cleanup(name, run, clean, &journal)).collect();
        let mut runner = StepRunner::new(case.on_error).with_debug(case.debug);
        if let Some(answers) = case.answers {
            runner = runner.with_asker(ScriptedAsker::new(answers, &journal));
        }
        let ctx = StepContext { cancel: Cancellation::new(), ui: sink.targeted("b") };
        if case.cancelled_before {
            ctx.cancel.cancel();
        }
        let mut state = TestState::default();
        let outcome = runner.run(&steps, &mut state, &ctx).await;
        assert_eq!(journal.entries(), case.journal, "{}: journal", case.name);
        assert_eq!(sink.ui_lines(), case.ui, "{}: ui", case.name);
        assert_eq!(outcome.end, case.end, "{}: end", case.name);
        assert_eq!(outcome.error.map(|e| e.to_string()).as_deref(), case.error, "{}: error", case.name);
        assert_eq!(state.created, case.left_over, "{}: left over", case.name);
    }
}

#[tokio::test]
async fn reports_step_events() {
    let journal = Journal::default();
    let sink = RecordingSink::new();
    let steps = vec![TestStep::boxed("StepA", Continue, &journal), TestStep::boxed("StepB", Fail("boom"), &journal)];
    let ctx = StepContext { cancel: Cancellation::new(), ui: sink.targeted("b") };
    StepRunner::new(OnError::Cleanup).run(&steps, &mut TestState::default(), &ctx).await;
    let step = |started: bool, step: &'static str| {
        if started {
            Event::StepStarted { target: "b".into(), step }
        } else {
            Event::StepCleanup { target: "b".into(), step }
        }
    };
    assert_eq!(sink.events(), [step(true, "StepA"), step(true, "StepB"), step(false, "StepB"), step(false, "StepA")]);
}

#[tokio::test(start_paused = true)]
async fn cancel_while_asking_cleans_up() {
    let journal = Journal::default();
    let sink = RecordingSink::new();
    let steps = vec![TestStep::boxed("StepA", Continue, &journal), TestStep::boxed("StepB", Fail("boom"), &journal)];
    let runner = StepRunner::new(OnError::Ask).with_asker(ScriptedAsker::new(&[], &journal));
    let ctx = StepContext { cancel: Cancellation::new(), ui: sink.targeted("b") };
    let mut state = TestState::default();
    let interrupt = async {
        tokio::time::sleep(Duration::from_secs(30)).await;
        ctx.cancel.cancel();
    };
    let (outcome, ()) = tokio::join!(runner.run(&steps, &mut state, &ctx), interrupt);
    assert_eq!(journal.entries(), ["run StepA", "run StepB", ASK, "cleanup StepB", "cleanup StepA"]);
    // The interrupt answered the question with `c`; the run counts as cancelled, as upstream.
    assert_eq!(outcome.end, RunEnd::Cancelled);
    assert!(state.created.is_empty());
}

#[tokio::test(start_paused = true)]
async fn cancel_during_debug_pause_stops_the_run() {
    let journal = Journal::default();
    let sink = RecordingSink::new();
    let steps = vec![TestStep::boxed("StepA", Continue, &journal), TestStep::boxed("StepB", Continue, &journal)];
    // The user never presses Enter; the pause before cleanup is cut short as well.
    let runner = StepRunner::new(OnError::Cleanup).with_debug(true).with_asker(ScriptedAsker::new(&[], &journal));
    let ctx = StepContext { cancel: Cancellation::new(), ui: sink.targeted("b") };
    let mut state = TestState::default();
    let interrupt = async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        ctx.cancel.cancel();
    };
    let (outcome, ()) = tokio::join!(runner.run(&steps, &mut state, &ctx), interrupt);
    assert_eq!(
        journal.entries(),
        [
            "run StepA",
            "ask b: Pausing after run of step 'StepA'. Press enter to continue.",
            "ask b: Pausing before cleanup of step 'StepA'. Press enter to continue.",
            "cleanup StepA",
        ]
    );
    assert_eq!(outcome.end, RunEnd::Cancelled);
}

#[tokio::test(start_paused = true)]
async fn abort_mode_honours_an_interrupt_after_the_last_step() {
    // Upstream marks the run cancelled whenever the context fires before the runner returns, so
    // an interrupt that lands after the last step still turns abort-mode cleanups into skips.
    let journal = Journal::default();
    let sink = RecordingSink::new();
    let steps = vec![TestStep::boxed("StepA", Continue, &journal), TestStep::boxed("StepB", Continue, &journal)];
    let runner =
        StepRunner::new(OnError::Abort).with_debug(true).with_asker(ScriptedAsker::new(&[Ok(""), Ok("")], &journal));
    let ctx = StepContext { cancel: Cancellation::new(), ui: sink.targeted("b") };
    let mut state = TestState::default();
    // Both steps complete; the pause before StepB's cleanup waits for Enter until the interrupt.
    let interrupt = async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        ctx.cancel.cancel();
    };
    let (outcome, ()) = tokio::join!(runner.run(&steps, &mut state, &ctx), interrupt);
    assert_eq!(outcome.end, RunEnd::Completed);
    assert_eq!(
        sink.ui_lines(),
        ["error b: Interrupted, aborting...", "error b: aborted: skipping cleanup of step \"StepA\""]
    );
    assert_eq!(state.created, ["StepA", "StepB"]);
}
