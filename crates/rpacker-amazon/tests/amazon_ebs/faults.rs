//! EC2 calls that fail, injected by the test kit's fault proxy in front of moto (the project's
//! equivalent of the rig's `RIG_FAIL`): a throttled call is retried and the build goes on; a
//! call that fails for good ends the build with nothing left in any region.

use std::sync::Arc;

use rpacker_sdk::lifecycle::Cancellation;
use rpacker_sdk::OnError;
use rpacker_testkit::FaultProxy;
use serde_json::json;

use super::run_harness::{prepare, run, Commands, Rig, BUILD, REGIONS};

const COPY_REGIONS: [&str; 3] = ["us-east-1", "us-west-2", "eu-west-1"];

/// A build whose EC2 calls go through a fault proxy with `faults`.
fn build_through(rig: &Rig, proxy: &FaultProxy) -> rpacker_amazon::ebs::builder::AmazonEbs {
    prepare(&rig.options(&json!({
        "custom_endpoint_ec2": proxy.endpoint(),
        "ami_regions": ["us-west-2", "eu-west-1"],
        "ami_users": ["999988887777"],
        "tags": {"Name": "faults"},
    })))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttled_calls_are_retried_and_the_build_succeeds() {
    let rig = Rig::start();
    let proxy = FaultProxy::start(
        rig.moto.port(),
        &["DescribeImages:1:RequestLimitExceeded", "RunInstances:1", "CopyImage:1-2", "CreateTags:1"],
    );
    let outcome =
        run(&build_through(&rig, &proxy), Arc::new(Commands::new(&["true"])), OnError::Cleanup, Cancellation::new())
            .await;
    let artifact = outcome.artifact();
    assert_eq!(
        proxy.injected(),
        [
            "DescribeImages:RequestLimitExceeded",
            "RunInstances:RequestLimitExceeded",
            "CopyImage:RequestLimitExceeded",
            "CopyImage:RequestLimitExceeded",
            "CreateTags:RequestLimitExceeded",
        ]
    );
    // Each faulted call was made again and went through.
    assert_eq!(proxy.calls("RunInstances"), 2);
    assert_eq!(proxy.calls("CopyImage"), 4);
    let images = rig.moto.images(&COPY_REGIONS);
    for region in COPY_REGIONS {
        let list = images[region].as_array().expect("images");
        assert_eq!(list.len(), 1, "{region}: {list:?}");
        assert_eq!(list[0]["tags"]["Name"], json!("faults"), "{region}");
        assert!(artifact.id().contains(&format!("{region}:{}", list[0]["id"].as_str().expect("id"))));
    }
    rig.moto.assert_no_leaks(&REGIONS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_image_failing_for_good_leaves_nothing_behind() {
    let rig = Rig::start();
    let proxy = FaultProxy::start(rig.moto.port(), &["CreateImage:1+:UnauthorizedOperation"]);
    let outcome =
        run(&build_through(&rig, &proxy), Arc::new(Commands::new(&["true"])), OnError::Cleanup, Cancellation::new())
            .await;
    let error = outcome.error();
    assert!(error.contains("UnauthorizedOperation"), "{error}");
    assert_eq!(proxy.injected(), ["CreateImage:UnauthorizedOperation"], "not retried");
    assert!(outcome.said(&format!("say {BUILD}: Terminating the source AWS instance...")));
    assert!(!outcome.lines.iter().any(|l| l.contains("Copying to:")), "{:?}", outcome.lines);
    rig.moto.assert_no_leaks(&REGIONS);
    assert_eq!(rig.moto.images(&COPY_REGIONS), json!({"us-east-1": [], "us-west-2": [], "eu-west-1": []}));
}

/// Packer 1.6.6 leaves the copies and their snapshots in the other regions here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modify_image_attribute_failing_after_the_copies_removes_every_ami() {
    let rig = Rig::start();
    let proxy = FaultProxy::start(rig.moto.port(), &["ModifyImageAttribute:2:UnauthorizedOperation"]);
    let outcome =
        run(&build_through(&rig, &proxy), Arc::new(Commands::new(&["true"])), OnError::Cleanup, Cancellation::new())
            .await;
    let error = outcome.error();
    assert!(error.contains("UnauthorizedOperation"), "{error}");
    assert_eq!(proxy.injected(), ["ModifyImageAttribute:UnauthorizedOperation"]);
    assert!(outcome.said(&format!("message {BUILD}: Copying to: eu-west-1")));
    assert_eq!(proxy.calls("CopyImage"), 2, "the copies were made before the failure");
    rig.moto.assert_no_leaks(&REGIONS);
    assert_eq!(rig.moto.images(&COPY_REGIONS), json!({"us-east-1": [], "us-west-2": [], "eu-west-1": []}));
}

/// The temporary group is authorized right after its creation; only when EC2 does not know it
/// yet (eventual consistency: `InvalidGroup.NotFound`) is it described until it shows, as Packer
/// always does, and authorized again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_ec2_does_not_know_yet_is_waited_for_then_authorized() {
    let rig = Rig::start();
    let proxy = FaultProxy::start(
        rig.moto.port(),
        &["AuthorizeSecurityGroupIngress:1:InvalidGroup.NotFound", "DescribeSecurityGroups:1:InvalidGroup.NotFound"],
    );
    let outcome =
        run(&build_through(&rig, &proxy), Arc::new(Commands::new(&["true"])), OnError::Cleanup, Cancellation::new())
            .await;
    outcome.artifact();
    assert_eq!(
        proxy.injected(),
        ["AuthorizeSecurityGroupIngress:InvalidGroup.NotFound", "DescribeSecurityGroups:InvalidGroup.NotFound"]
    );
    assert_eq!(proxy.calls("AuthorizeSecurityGroupIngress"), 2);
    assert_eq!(proxy.calls("DescribeSecurityGroups"), 2, "described until it shows");
    rig.moto.assert_no_leaks(&REGIONS);
}

/// Without that, the group is not described at all (Packer describes it once).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_group_is_authorized_without_describing_it() {
    let rig = Rig::start();
    let proxy = FaultProxy::start(rig.moto.port(), &[]);
    let outcome =
        run(&build_through(&rig, &proxy), Arc::new(Commands::new(&["true"])), OnError::Cleanup, Cancellation::new())
            .await;
    outcome.artifact();
    assert_eq!(proxy.calls("AuthorizeSecurityGroupIngress"), 1);
    assert_eq!(proxy.calls("DescribeSecurityGroups"), 0);
    rig.moto.assert_no_leaks(&REGIONS);
}
