//! The provisioner policy wrappers and their construction rule. Message texts verified with
//! packer 1.6.6 (`Pausing 1.5s before the next provisioner...`, `Provisioner failed with "…",
//! retrying with 2 trie(s) left`, `retry limit reached.`, `Setting a 1m30s timeout for the next
//! provisioner...`; the pause repeats before every retry).

use std::sync::Arc;
use std::time::Duration;

use rpacker_sdk::lifecycle::{AskError, Cancellation, NoTerminal, Provision, ProvisionContext, RecordingSink};
use tokio::time::Instant;

use crate::lifecycle::test_doubles::{FlakyProvisioner, Journal, ScriptedAsker, SlowProvisioner};
use crate::lifecycle::{
    DebuggedProvisioner, PausedProvisioner, ProvisionerPolicy, RetriedProvisioner, TimeoutProvisioner,
};

fn context(sink: &Arc<RecordingSink>) -> ProvisionContext {
    ProvisionContext {
        cancel: Cancellation::new(),
        ui: sink.targeted("b"),
        generated_data: Arc::default(),
        communicator: Arc::new(rpacker_sdk::lifecycle::NoneCommunicator),
    }
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// Runs `p`, firing the context's cancellation after `cancel_after` if given; returns the
/// result text, the UI lines and the (paused-clock) time taken.
async fn run(
    p: &dyn Provision,
    sink: &Arc<RecordingSink>,
    cancel_after: Option<Duration>,
) -> (Result<(), String>, Vec<String>, Duration) {
    let ctx = context(sink);
    let start = Instant::now();
    let interrupt = async {
        if let Some(after) = cancel_after {
            tokio::time::sleep(after).await;
            ctx.cancel.cancel();
        }
    };
    let (result, ()) = tokio::join!(p.provision(&ctx), interrupt);
    (result.map_err(|e| e.to_string()), sink.ui_lines(), start.elapsed())
}

#[tokio::test(start_paused = true)]
async fn paused() {
    // (pause, cancel after, result, ui, provisioner journal, elapsed)
    type Case = (
        Duration,
        Option<Duration>,
        Result<(), &'static str>,
        &'static [&'static str],
        &'static [&'static str],
        Duration,
    );
    let cases: &[Case] = &[
        (secs(90), None, Ok(()), &["say b: Pausing 1m30s before the next provisioner..."], &["provision #1"], secs(90)),
        (
            Duration::from_millis(1_500),
            None,
            Ok(()),
            &["say b: Pausing 1.5s before the next provisioner..."],
            &["provision #1"],
            Duration::from_millis(1_500),
        ),
        (
            secs(90),
            Some(secs(10)),
            Err("context canceled"),
            &["say b: Pausing 1m30s before the next provisioner..."],
            &[],
            secs(10),
        ),
    ];
    for (pause, cancel_after, want, ui, provisioned, elapsed) in cases {
        let (journal, sink) = (Journal::default(), RecordingSink::new());
        let p = PausedProvisioner::new(*pause, FlakyProvisioner::boxed(0, &journal));
        let (result, lines, took) = run(&p, &sink, *cancel_after).await;
        assert_eq!(result, want.map_err(str::to_owned), "{pause:?}");
        assert_eq!(lines, *ui);
        assert_eq!(journal.entries(), *provisioned);
        assert_eq!(took, *elapsed);
    }
}

#[tokio::test(start_paused = true)]
async fn timeout() {
    // (timeout, provisioner duration, cancel after, result, ui, provisioner journal)
    type Case = (
        Duration,
        Duration,
        Option<Duration>,
        Result<(), &'static str>,
        &'static [&'static str],
        &'static [&'static str],
    );
    let cases: &[Case] = &[
        (
            secs(5),
            secs(60),
            None,
            Err("context deadline exceeded"),
            &[
                "say b: Setting a 5s timeout for the next provisioner...",
                "error b: Cancelling provisioner after a timeout...",
            ],
            &["provision started", "provision stopped: context deadline exceeded"],
        ),
        (
            secs(90),
            secs(1),
            None,
            Ok(()),
            &["say b: Setting a 1m30s timeout for the next provisioner..."],
            &["provision started", "provision done"],
        ),
        // An interrupt before the deadline is not a timeout: no timeout message.
        (
            secs(5),
            secs(60),
            Some(secs(1)),
            Err("context canceled"),
            &["say b: Setting a 5s timeout for the next provisioner..."],
            &["provision started", "provision stopped: context canceled"],
        ),
    ];
    for (timeout, work, cancel_after, want, ui, provisioned) in cases {
        let (journal, sink) = (Journal::default(), RecordingSink::new());
        let p = TimeoutProvisioner::new(*timeout, SlowProvisioner::boxed(*work, &journal));
        let (result, lines, _) = run(&p, &sink, *cancel_after).await;
        assert_eq!(result, want.map_err(str::to_owned), "{timeout:?}");
        assert_eq!(lines, *ui, "{timeout:?}");
        assert_eq!(journal.entries(), *provisioned, "{timeout:?}");
    }
}

#[tokio::test]
async fn retried() {
    // (max_retries, failures before success, result, ui, runs)
    type Case = (i64, usize, Result<(), &'static str>, &'static [&'static str], usize);
    let cases: &[Case] = &[
        (2, 0, Ok(()), &[], 1),
        (2, 1, Ok(()), &["say b: Provisioner failed with \"attempt 1 failed\", retrying with 2 trie(s) left"], 2),
        (
            2,
            5,
            // The FIRST error is returned and quoted in every message (upstream shadowing).
            Err("attempt 1 failed"),
            &[
                "say b: Provisioner failed with \"attempt 1 failed\", retrying with 2 trie(s) left",
                "say b: Provisioner failed with \"attempt 1 failed\", retrying with 1 trie(s) left",
                "say b: retry limit reached.",
            ],
            3,
        ),
        (-1, 5, Err("attempt 1 failed"), &["say b: retry limit reached."], 1),
    ];
    for (max_retries, failures, want, ui, runs) in cases {
        let (journal, sink) = (Journal::default(), RecordingSink::new());
        let p = RetriedProvisioner::new(*max_retries, FlakyProvisioner::boxed(*failures, &journal));
        let (result, lines, _) = run(&p, &sink, None).await;
        assert_eq!(result, want.map_err(str::to_owned), "{max_retries} {failures}");
        assert_eq!(lines, *ui, "{max_retries} {failures}");
        assert_eq!(journal.entries().len(), *runs, "{max_retries} {failures}");
    }
}

#[tokio::test]
async fn retried_stops_when_cancelled() {
    let (journal, sink) = (Journal::default(), RecordingSink::new());
    let p = RetriedProvisioner::new(3, FlakyProvisioner::boxed(5, &journal));
    let ctx = context(&sink);
    ctx.cancel.cancel();
    let result = p.provision(&ctx).await.map_err(|e| e.to_string());
    assert_eq!(result, Err("context canceled".to_owned()));
    assert!(journal.entries().is_empty());
}

#[tokio::test(start_paused = true)]
async fn policy_construction() {
    // (pause_before, timeout, max_retries, failures, ui): verified with packer 1.6.6 —
    // `timeout` is ignored when `pause_before` is set; the pause repeats before each retry.
    type Case = (Duration, Duration, i64, usize, &'static [&'static str]);
    let cases: &[Case] = &[
        (Duration::ZERO, Duration::ZERO, 0, 0, &[]),
        (secs(1), secs(5), 0, 0, &["say b: Pausing 1s before the next provisioner..."]),
        (Duration::ZERO, secs(5), 0, 0, &["say b: Setting a 5s timeout for the next provisioner..."]),
        (
            Duration::from_millis(1_500),
            secs(5),
            2,
            1,
            &[
                "say b: Pausing 1.5s before the next provisioner...",
                "say b: Provisioner failed with \"attempt 1 failed\", retrying with 2 trie(s) left",
                "say b: Pausing 1.5s before the next provisioner...",
            ],
        ),
        (
            Duration::ZERO,
            secs(5),
            1,
            1,
            &[
                "say b: Setting a 5s timeout for the next provisioner...",
                "say b: Provisioner failed with \"attempt 1 failed\", retrying with 1 trie(s) left",
                "say b: Setting a 5s timeout for the next provisioner...",
            ],
        ),
    ];
    for (pause_before, timeout, max_retries, failures, ui) in cases {
        let (journal, sink) = (Journal::default(), RecordingSink::new());
        let policy = ProvisionerPolicy { pause_before: *pause_before, timeout: *timeout, max_retries: *max_retries };
        let p = policy.wrap(FlakyProvisioner::boxed(*failures, &journal));
        let (result, lines, _) = run(p.as_ref(), &sink, None).await;
        assert_eq!(result, Ok(()), "{policy:?}");
        assert_eq!(lines, *ui, "{policy:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn debugged() {
    let query = "ask b: Pausing before the next provisioner . Press enter to continue.";
    // (answers, cancel after, result, journal)
    type Case =
        (&'static [Result<&'static str, AskError>], Option<Duration>, Result<(), &'static str>, Vec<&'static str>);
    let cases: Vec<Case> = vec![
        (&[Ok("")], None, Ok(()), vec![query, "provision #1"]),
        (&[Err(AskError::NoTty)], None, Ok(()), vec![query, "provision #1"]),
        // Nobody presses Enter; Ctrl-C stops the build before the provisioner runs.
        (&[], Some(secs(3)), Err("context canceled"), vec![query]),
    ];
    for (answers, cancel_after, want, entries) in cases {
        let (journal, sink) = (Journal::default(), RecordingSink::new());
        let p = DebuggedProvisioner::new(ScriptedAsker::new(answers, &journal), FlakyProvisioner::boxed(0, &journal));
        let (result, _, _) = run(&p, &sink, cancel_after).await;
        assert_eq!(result, want.map_err(str::to_owned));
        assert_eq!(journal.entries(), entries);
    }
    // Without a terminal the pause is skipped at once.
    let (journal, sink) = (Journal::default(), RecordingSink::new());
    let p = DebuggedProvisioner::new(Arc::new(NoTerminal), FlakyProvisioner::boxed(0, &journal));
    assert_eq!(run(&p, &sink, None).await.0, Ok(()));
}
