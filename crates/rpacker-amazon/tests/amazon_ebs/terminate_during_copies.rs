//! The source instance is terminated while the region copies run, not after them (Packer
//! waits for the termination on the critical path): the fault proxy keeps the copies
//! `pending` until moto shows the instance terminated; the UI keeps Packer's lines.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rpacker_sdk::lifecycle::Cancellation;
use rpacker_sdk::OnError;
use rpacker_testkit::FaultProxy;
use serde_json::json;

use super::run_harness::{prepare, run, Commands, Rig, BUILD, REGION, REGIONS};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_instance_is_terminated_while_the_copies_run() {
    let rig = Rig::start();
    let proxy = FaultProxy::start(rig.moto.port(), &[]);
    proxy.hold_image_copies_pending(true);
    let builder = prepare(&rig.options(&json!({
        "custom_endpoint_ec2": proxy.endpoint(),
        "ami_regions": ["us-west-2", "eu-west-1"],
    })));
    let probe = rig.moto.probe();
    let build = run(&builder, Arc::new(Commands::new(&["true"])), OnError::Cleanup, Cancellation::new());
    let watch = async {
        let started = Instant::now();
        let instance_state = || {
            let probe = probe.clone();
            tokio::task::spawn_blocking(move || probe.instances(&[REGION])[REGION][0]["state"].clone())
        };
        // The copies are held pending: the build can only get past them once they are released.
        while proxy.pending_shown() == 0 || instance_state().await.expect("probe") != json!("terminated") {
            assert!(started.elapsed() < Duration::from_secs(60), "the instance was not terminated during the copies");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let shown_before_release = proxy.pending_shown();
        proxy.hold_image_copies_pending(false);
        shown_before_release
    };
    let (outcome, shown_before_release) = tokio::join!(build, watch);
    let artifact = outcome.artifact();
    assert!(shown_before_release > 0);
    assert_eq!(artifact.id().matches(":ami-").count(), 3, "{}", artifact.id());
    assert_eq!(proxy.calls("TerminateInstances"), 1, "cleanup does not terminate again");
    let say = |text: &str| format!("say {BUILD}: {text}");
    let position = |line: &str| outcome.lines.iter().position(|l| *l == line).unwrap_or_else(|| panic!("{line:?}"));
    // Packer's lines in Packer's order.
    assert!(
        position(&format!("message {BUILD}: Waiting for all copies to complete..."))
            < position(&say("Terminating the source AWS instance..."))
    );
    assert!(position(&say("Terminating the source AWS instance...")) < position(&say("Deleting temporary keypair...")));
    rig.moto.assert_no_leaks(&REGIONS);
}

/// With `-on-error=abort` a failure after the copies keeps the instance for inspection, as in
/// Packer: it is not terminated early.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_error_abort_keeps_the_instance_through_the_copies() {
    let rig = Rig::start();
    let proxy = FaultProxy::start(rig.moto.port(), &["ModifyImageAttribute:1+:UnauthorizedOperation"]);
    let builder = prepare(&rig.options(&json!({
        "custom_endpoint_ec2": proxy.endpoint(),
        "ami_regions": ["us-west-2"],
        "ami_users": ["999988887777"],
    })));
    let outcome = run(&builder, Arc::new(Commands::new(&["true"])), OnError::Abort, Cancellation::new()).await;
    assert!(outcome.error().contains("UnauthorizedOperation"), "{}", outcome.error());
    assert_eq!(proxy.calls("CopyImage"), 1);
    assert_eq!(proxy.calls("TerminateInstances"), 0);
    let leaks = rig.moto.leaks(&[REGION]).remove(0).1;
    assert_eq!(leaks.instances.len(), 1, "{leaks:?}");
    assert!(leaks.instances[0].ends_with(":stopped"), "{leaks:?}");
}
