//! Real `amazon-ebs` builds against moto and an sshd playing the instance. Every test ends
//! with a leak check in every region: no running instance, no temporary key pair or security
//! group, no unattached volume, no snapshot without an AMI.

use std::sync::{Arc, Mutex};

use rpacker_sdk::lifecycle::Cancellation;
use rpacker_sdk::OnError;
use serde_json::{json, Value};

use super::run_harness::{newest_source, prepare, run, Commands, Rig, BUILD, REGION, REGIONS, RUN_ID};

const SHARED_WITH: &str = "999988887777";

fn tags_of(image: &Value) -> &serde_json::Map<String, Value> {
    image["tags"].as_object().expect("tags")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn builds_copies_shares_and_tags_amis_then_cleans_up() {
    let rig = Rig::start();
    let options = rig.options(&json!({
        "ami_name": "rpacker-basic-1",
        "ami_description": "from {{ .SourceAMIName }}",
        "ami_regions": ["us-west-2", "eu-west-1"],
        "ami_users": [SHARED_WITH],
        "snapshot_users": [SHARED_WITH],
        "run_tags": {"Name": "builder", "owner": "{{ .SourceAMIOwner }}"},
        "run_volume_tags": {"vol": "{{ .BuildRegion }}"},
        "tags": {"Name": "rpacker-basic", "Base_AMI_ID": "{{ .SourceAMI }}", "Build_Region": "{{ .BuildRegion }}"},
        "snapshot_tags": {"snap": "yes"},
    }));
    let builder = prepare(&options);
    rig.moto.start_recording();
    let seen_during: Arc<Mutex<Option<(Value, Value)>>> = Arc::default();
    let keep = Arc::clone(&seen_during);
    // While the instance is up: what moto holds, read through the testkit's own client.
    let probe = rig.moto.probe();
    let hooks = Arc::new(
        Commands::new(&["echo provisioned on $(hostname) > \"$HOME/provisioned.txt\"", "echo hello from the instance"])
            .with_inspect(move |_| {
                *keep.lock().expect("lock") = Some((probe.instances(&[REGION]), probe.tagged(&[REGION])))
            }),
    );
    let outcome = run(&builder, hooks.clone(), OnError::Cleanup, Cancellation::new()).await;
    let artifact = outcome.artifact();

    // The artifact: one AMI per region, Packer's id and text.
    let images = rig.moto.images(&["us-east-1", "us-west-2", "eu-west-1"]);
    let ami = |region: &str| images[region][0]["id"].as_str().expect("one AMI").to_owned();
    assert_eq!(
        artifact.id(),
        format!("eu-west-1:{},us-east-1:{},us-west-2:{}", ami("eu-west-1"), ami("us-east-1"), ami("us-west-2"))
    );
    assert!(artifact.to_string().starts_with("AMIs were created:\neu-west-1: ami-"), "{artifact}");
    for region in ["us-east-1", "us-west-2", "eu-west-1"] {
        let list = images[region].as_array().expect("images");
        assert_eq!(list.len(), 1, "{region}: {list:?}");
        let image = &list[0];
        assert!(image["name"].as_str().expect("name").starts_with("rpacker-basic-"), "{image}");
        // Given to CreateImage and CopyImage (Packer sets it afterwards, to the same end).
        assert_eq!(
            image["description"],
            json!("from rpacker-test/ubuntu-jammy-22.04-amd64-server-20240310"),
            "{region}"
        );
        let tags = tags_of(image);
        assert_eq!(tags["Base_AMI_ID"], json!(newest_source()), "{region}");
        assert_eq!(tags["Build_Region"], json!(REGION), "copies carry the build region, as in Packer");
        assert_eq!(tags["Name"], json!("rpacker-basic"));
        assert!(!tags.contains_key("packer_run_id"), "the kept AMIs carry only the user's tags: {tags:?}");
        assert_eq!(image["launch_permissions"], json!([{"UserId": SHARED_WITH}]), "{region}");
        let snapshot = &image["snapshots"][0];
        assert_eq!(snapshot["tags"]["snap"], json!("yes"), "{region}: {snapshot}");
        assert_eq!(snapshot["tags"]["Base_AMI_ID"], json!(newest_source()), "tags go on snapshots too");
        assert_eq!(snapshot["create_volume_permissions"], json!([{"UserId": SHARED_WITH}]));
    }
    assert!(images.get("ap-south-1").is_none());

    // The provisioners ran on the "instance" with the build's generated data.
    let provisioned = std::fs::read_to_string(rig.home().join("provisioned.txt")).expect("provisioner output");
    assert!(provisioned.starts_with("provisioned on "), "{provisioned}");
    let data = hooks.seen.lock().expect("lock").clone().expect("provision hook ran");
    assert_eq!(data.get("SourceAMI").map(String::as_str), Some(newest_source()));
    assert_eq!(data.get("BuildRegion").map(String::as_str), Some(REGION));
    assert_eq!(data.get("Host").map(String::as_str), Some("127.0.0.1"));
    assert!(data.get("SSHPrivateKey").is_some_and(|k| k.contains("PRIVATE KEY")), "the temporary key is shared");
    let generated = artifact.state("generated_data").expect("generated data");
    assert_eq!(generated["SourceAMIName"], json!("rpacker-test/ubuntu-jammy-22.04-amd64-server-20240310"));

    // During provisioning: the instance ran with the rendered run tags and the temporary key pair;
    // the key pair and security group carried the run id.
    let (instances, tagged) = seen_during.lock().expect("lock").clone().expect("inspected during provisioning");
    let instance = &instances[REGION][0];
    assert_eq!(instance["state"], json!("running"));
    assert_eq!(instance["image_id"], json!(newest_source()));
    assert_eq!(instance["tags"]["Name"], json!("builder"));
    assert_eq!(instance["tags"]["owner"], json!("099720109477"));
    assert_eq!(instance["tags"]["packer_run_id"], json!(RUN_ID));
    let key_name = instance["key_name"].as_str().expect("launched with a key pair");
    assert!(key_name.starts_with("packer_"), "{key_name}");
    assert_eq!(tagged[REGION]["key_pairs"][key_name]["packer_run_id"], json!(RUN_ID));
    let group = instance["security_groups"][0].as_str().expect("a security group");
    assert!(group.starts_with("packer_"), "{group}");
    assert_eq!(tagged[REGION]["security_groups"][group]["packer_run_id"], json!(RUN_ID));

    // Packer's texts, in its order.
    let say = |text: &str| format!("say {BUILD}: {text}");
    let message = |text: &str| format!("message {BUILD}: {text}");
    for line in [
        message(&format!("Found Image ID: {}", newest_source())),
        say(&format!("Creating temporary keypair: {key_name}")),
        say(&format!("Creating temporary security group for this instance: {group}")),
        say(&format!(
            "Authorizing access to port {} from [0.0.0.0/0] in the temporary security groups...",
            rig.sshd.port()
        )),
        say("Launching a source AWS instance..."),
        message("Adding tag: \"Name\": \"builder\""),
        message("hello from the instance"),
        say("Stopping the source instance..."),
        say("Waiting for AMI to become ready..."),
        message("Copying to: us-west-2"),
        message("Modifying: description"),
        message("Modifying: users"),
        say("Terminating the source AWS instance..."),
        say("No volumes to clean up, skipping"),
        say("Deleting temporary security group..."),
        say("Deleting temporary keypair..."),
    ] {
        assert!(outcome.said(&line), "missing {line:?} in:\n{}", outcome.lines.join("\n"));
    }
    let position = |line: &str| outcome.lines.iter().position(|l| l == line).expect(line);
    assert!(position(&say("Terminating the source AWS instance...")) < position(&say("Deleting temporary keypair...")));

    rig.moto.assert_no_leaks(&REGIONS);
    // Packer 1.6.6 makes 34 calls for the rig's ebs-basic build; this one adds DescribeRegions,
    // the key pair's create and delete, 3 ModifySnapshotAttribute and 3 snapshot CreateTags: 43.
    // Describes are not repeated: one poll per wait (moto is instant), the images from the waits;
    // the new group is authorized without describing it, volumes deleted on termination are not
    // described, and the description goes with CreateImage/CopyImage (no ModifyImageAttribute).
    let calls = rig.moto.api_calls("aws-sdk-rust");
    let count = |action: &str| calls.iter().filter(|c| *c == action).count();
    assert_eq!(calls.len(), 32, "{calls:?}");
    assert_eq!(count("ModifyImageAttribute"), 3, "launch permissions only: {calls:?}");
    assert_eq!(count("DescribeSecurityGroups") + count("DescribeVolumes"), 0, "{calls:?}");
    assert_eq!((count("DescribeImages"), count("DescribeInstances")), (5, 3), "{calls:?}");

    // A post-processor that drops the artifact destroys it: every AMI and snapshot goes.
    artifact.destroy().await.expect("destroy");
    let after = rig.moto.images(&["us-east-1", "us-west-2", "eu-west-1"]);
    for region in ["us-east-1", "us-west-2", "eu-west-1"] {
        assert_eq!(after[region], json!([]), "{region}");
    }
    rig.moto.assert_no_leaks(&REGIONS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_provisioner_leaves_nothing_behind() {
    let rig = Rig::start();
    let builder = prepare(&rig.options(&json!({"ami_regions": ["us-west-2"], "tags": {"a": "b"}})));
    let hooks = Arc::new(Commands::new(&["echo before", "exit 7"]));
    let outcome = run(&builder, hooks, OnError::Cleanup, Cancellation::new()).await;
    assert_eq!(outcome.error(), "Script exited with non-zero exit status: 7");
    assert!(!outcome.said(&format!("say {BUILD}: Stopping the source instance...")));
    assert!(outcome.said(&format!("say {BUILD}: Terminating the source AWS instance...")));
    rig.moto.assert_no_leaks(&REGIONS);
    assert_eq!(rig.moto.images(&["us-east-1", "us-west-2"]), json!({"us-east-1": [], "us-west-2": []}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_during_provisioning_leaves_nothing_behind() {
    let rig = Rig::start();
    let builder = prepare(&rig.options(&json!({"ami_regions": ["eu-west-1"]})));
    let cancel = Cancellation::new();
    let interrupt = cancel.clone();
    let hooks = Arc::new(Commands::new(&["true"]).with_inspect(move |_| interrupt.cancel()));
    let outcome = run(&builder, hooks, OnError::Cleanup, cancel).await;
    assert!(outcome.result.as_ref().is_ok_and(Option::is_none), "a cancelled build has no artifact");
    assert!(!outcome.said(&format!("say {BUILD}: Stopping the source instance...")));
    assert!(outcome.said(&format!("say {BUILD}: Deleting temporary keypair...")));
    rig.moto.assert_no_leaks(&REGIONS);
    assert_eq!(rig.moto.images(&["us-east-1", "eu-west-1"]), json!({"us-east-1": [], "eu-west-1": []}));
}

/// Packer leaves the copies in other regions when a step after the copies fails; rpacker
/// removes them with the build region's AMI.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_after_the_copies_removes_every_ami() {
    let rig = Rig::start();
    let builder = prepare(&rig.options(&json!({
        "ami_regions": ["us-west-2", "eu-west-1"],
        "tags": {"broken": "{{ no_such_function }}"},
    })));
    let outcome = run(&builder, Arc::new(Commands::new(&["true"])), OnError::Cleanup, Cancellation::new()).await;
    let error = outcome.error();
    assert!(error.starts_with("Error tagging AMI: Error processing tag: broken:{{ no_such_function }} - "), "{error}");
    assert!(outcome.said(&format!("message {BUILD}: Copying to: eu-west-1")));
    rig.moto.assert_no_leaks(&REGIONS);
    let images = rig.moto.images(&["us-east-1", "us-west-2", "eu-west-1"]);
    assert_eq!(images, json!({"us-east-1": [], "us-west-2": [], "eu-west-1": []}));
}

/// `-on-error=abort` leaves everything as it is (as Packer does), for inspection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_error_abort_leaves_the_instance_and_temporaries() {
    let rig = Rig::start();
    let builder = prepare(&rig.options(&json!({})));
    let outcome = run(&builder, Arc::new(Commands::new(&["exit 3"])), OnError::Abort, Cancellation::new()).await;
    assert_eq!(outcome.error(), "Script exited with non-zero exit status: 3");
    let leaks = rig.moto.leaks(&[REGION]).remove(0).1;
    assert_eq!(leaks.instances.len(), 1, "{leaks:?}");
    assert!(leaks.instances[0].ends_with(":running"), "{leaks:?}");
    assert_eq!(leaks.key_pairs.len(), 1, "{leaks:?}");
    assert_eq!(leaks.security_groups.len(), 1, "{leaks:?}");
}
