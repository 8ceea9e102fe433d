//! Spot builds (`spot_price` set) against moto: a launch template and an `instant` EC2 fleet
//! instead of `RunInstances`, the instance never stopped, and nothing left afterwards — no
//! launch template, no fleet still active, no spot request whose instance runs — besides the
//! usual leak check, after success, failure and Ctrl-C.

use std::sync::{Arc, Mutex};

use rpacker_sdk::lifecycle::Cancellation;
use rpacker_sdk::OnError;
use rpacker_testkit::FaultProxy;
use serde_json::{json, Value};

use super::run_harness::{
    newest_source, prepare, run, run_inspector, Commands, Outcome, Rig, BUILD, REGION, REGIONS, RUN_ID,
};

const INSPECTOR: &str = include_str!("spot_inspect.py");
/// Launch templates, fleets, instances and spot requests per region (see `spot_inspect.py`).
fn spot_resources(endpoint: &str, regions: &[&str]) -> Value {
    run_inspector("spot_inspect", INSPECTOR, endpoint, regions)
}

/// The harness's leak check, extended to what a spot build makes.
fn assert_nothing_left(rig: &Rig) {
    rig.moto.assert_no_leaks(&REGIONS);
    let found = spot_resources(&rig.moto.endpoint(), &REGIONS);
    for region in REGIONS {
        let found = &found[region];
        assert_eq!(found["launch_templates"], json!([]), "{region}: launch templates left");
        let active: Vec<_> = found["fleets"]
            .as_array()
            .expect("fleets")
            .iter()
            .filter(|f| matches!(f["state"].as_str(), Some("submitted" | "active" | "modifying")))
            .collect();
        assert!(active.is_empty(), "{region}: fleets left active: {active:?}");
        let running: Vec<_> = found["spot_requests"]
            .as_array()
            .expect("spot requests")
            .iter()
            .filter(|r| r["instance_state"] != json!("terminated"))
            .collect();
        assert!(running.is_empty(), "{region}: spot requests with a live instance: {running:?}");
    }
}

fn say(text: &str) -> String {
    format!("say {BUILD}: {text}")
}

fn message(text: &str) -> String {
    format!("message {BUILD}: {text}")
}

fn errors(outcome: &Outcome) -> Vec<&String> {
    outcome.lines.iter().filter(|l| l.starts_with("error ")).collect()
}

/// A build that inspects moto while the instance is up; returns what it saw.
async fn build_and_inspect(rig: &Rig, options: &Value) -> (Outcome, Value) {
    let builder = prepare(options);
    let seen: Arc<Mutex<Option<Value>>> = Arc::default();
    let keep = Arc::clone(&seen);
    let endpoint = rig.moto.endpoint();
    let hooks = Arc::new(
        Commands::new(&["echo spot > \"$HOME/spot.txt\""])
            .with_inspect(move |_| *keep.lock().expect("lock") = Some(spot_resources(&endpoint, &[REGION]))),
    );
    let outcome = run(&builder, hooks, OnError::Cleanup, Cancellation::new()).await;
    let during = seen.lock().expect("lock").take().unwrap_or(Value::Null);
    (outcome, during)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_price_fleet_over_two_types_builds_the_ami_and_leaves_nothing() {
    let rig = Rig::start();
    let options = rig.options(&json!({
        "ami_name": "rpacker-spot-auto",
        "instance_type": null,
        "spot_price": "auto",
        "spot_instance_types": ["t3.small", "t3.medium"],
        "spot_tags": {"purpose": "spot-{{ .BuildRegion }}", "source": "{{ .SourceAMI }}"},
        "run_tags": {"Name": "spot-builder"},
        "run_volume_tags": {"vol": "spot"},
        "launch_block_device_mappings": [
            {"device_name": "/dev/sdf", "volume_size": 2, "volume_type": "gp2", "delete_on_termination": true}
        ],
    }));
    rig.moto.start_recording();
    let (outcome, during) = build_and_inspect(&rig, &options).await;
    let artifact = outcome.artifact();

    // The AMI, made from the (running) spot instance.
    let images = rig.moto.images(&[REGION]);
    let ami = images[REGION][0]["id"].as_str().expect("one AMI");
    assert_eq!(artifact.id(), format!("{REGION}:{ami}"));
    assert_eq!(std::fs::read_to_string(rig.home().join("spot.txt")).expect("provisioned"), "spot\n");

    // While the instance ran: one launch template with the spot tags and the run id, spot
    // market options without a maximum price ("auto"), the run tags for instance, interface
    // and volumes, no instance type (the fleet's overrides give it).
    let during = &during[REGION];
    let templates = during["launch_templates"].as_array().expect("launch templates");
    assert_eq!(templates.len(), 1, "{templates:?}");
    let template = &templates[0];
    let name = template["name"].as_str().expect("name");
    let suffix = name.strip_prefix("packer-fleet-launch-template-").expect(name);
    assert!(suffix.len() == 7 && suffix.bytes().all(|b| b.is_ascii_alphanumeric()), "{name}");
    assert_eq!(
        template["tags"],
        json!({"purpose": "spot-us-east-1", "source": newest_source(), "packer_run_id": RUN_ID}),
        "spot tags are rendered onto the launch template"
    );
    let data = &template["data"][0];
    // Empty spot options carry nothing on the wire: spot market, no maximum price.
    assert_eq!(data["InstanceMarketOptions"], json!({"MarketType": "spot"}), "{data}");
    assert_eq!(data["ImageId"], json!(newest_source()));
    assert!(data.get("InstanceType").is_none(), "{data}");
    assert!(data["KeyName"].as_str().is_some_and(|k| k.starts_with("packer_")), "{data}");
    assert_eq!(data["SecurityGroupIds"].as_array().map(Vec::len), Some(1), "{data}");
    assert_eq!(data["BlockDeviceMappings"][0]["DeviceName"], json!("/dev/sdf"));
    let tag_specs: Vec<(String, Value)> = data["TagSpecifications"]
        .as_array()
        .expect("tag specifications")
        .iter()
        .map(|s| {
            let tags: serde_json::Map<String, Value> = s["Tags"]
                .as_array()
                .expect("tags")
                .iter()
                .map(|t| (t["Key"].as_str().expect("key").to_owned(), t["Value"].clone()))
                .collect();
            (s["ResourceType"].as_str().expect("type").to_owned(), Value::Object(tags))
        })
        .collect();
    let spec = |kind: &str| tag_specs.iter().find(|(k, _)| k == kind).map(|(_, t)| t.clone());
    assert_eq!(spec("instance"), Some(json!({"Name": "spot-builder", "packer_run_id": RUN_ID})));
    assert_eq!(spec("network-interface"), Some(json!({"Name": "spot-builder", "packer_run_id": RUN_ID})));
    assert_eq!(spec("volume"), Some(json!({"vol": "spot", "packer_run_id": RUN_ID})));

    // One instant fleet over both types, tagged with the run id; its one spot instance.
    let fleets = during["fleets"].as_array().expect("fleets");
    assert_eq!(fleets.len(), 1, "{fleets:?}");
    assert_eq!((&fleets[0]["type"], &fleets[0]["state"]), (&json!("instant"), &json!("active")));
    assert_eq!(fleets[0]["tags"], json!({"packer_run_id": RUN_ID}));
    let config = &fleets[0]["configs"][0];
    assert_eq!(config["LaunchTemplateSpecification"]["LaunchTemplateName"], json!(name));
    assert_eq!(config["LaunchTemplateSpecification"]["Version"], json!("1"));
    assert_eq!(config["Overrides"], json!([{"InstanceType": "t3.small"}, {"InstanceType": "t3.medium"}]));
    let instances = during["instances"].as_array().expect("instances");
    assert_eq!(instances.len(), 1, "{instances:?}");
    let instance = &instances[0];
    assert_eq!((&instance["state"], &instance["lifecycle"]), (&json!("running"), &json!("spot")));
    assert!(["t3.small", "t3.medium"].contains(&instance["type"].as_str().expect("type")), "{instance}");
    assert_eq!(instance["tags"], json!({"Name": "spot-builder", "packer_run_id": RUN_ID}));
    let instance_id = instance["id"].as_str().expect("id");

    // Packer's texts; no stop for a spot instance.
    for line in [
        say("Launching a spot AWS instance..."),
        say("Interpolating tags for spot instance..."),
        message("Adding tag: \"Name\": \"spot-builder\""),
        message("Adding tag: \"vol\": \"spot\""),
        say("Loading User Data File..."),
        say("Creating Spot Fleet launch template..."),
        message(&format!("Instance ID: {instance_id}")),
        say(&format!("Waiting for instance ({instance_id}) to become ready...")),
        message("Adding tag: \"purpose\": \"spot-us-east-1\""),
        say("Adding tags to source EBS Volumes"),
        say("Terminating the source AWS instance..."),
        say("Deleting temporary keypair..."),
    ] {
        assert!(outcome.said(&line), "missing {line:?} in:\n{}", outcome.lines.join("\n"));
    }
    assert!(outcome.lines.iter().any(|l| l.starts_with(&say("Created Spot Fleet launch template: lt-"))));
    assert!(!outcome.said(&say("Stopping the source instance...")), "{:?}", outcome.lines);
    assert!(errors(&outcome).is_empty(), "{:?}", errors(&outcome));

    let calls = rig.moto.api_calls("aws-sdk-rust");
    let count = |action: &str| calls.iter().filter(|c| *c == action).count();
    assert_eq!(
        [
            count("CreateLaunchTemplate"),
            count("CreateFleet"),
            count("DeleteFleets"),
            count("DeleteLaunchTemplate"),
            count("RunInstances"),
            count("StopInstances")
        ],
        [1, 1, 1, 1, 0, 0],
        "{calls:?}"
    );
    let position = |action: &str| calls.iter().position(|c| c == action).expect(action);
    assert!(position("CreateImage") < position("TerminateInstances"), "{calls:?}");
    assert!(position("TerminateInstances") < position("DeleteLaunchTemplate"), "{calls:?}");

    let after = spot_resources(&rig.moto.endpoint(), &[REGION]);
    assert_eq!(after[REGION]["instances"][0]["state"], json!("terminated"));
    assert_nothing_left(&rig);
}

/// A numeric price is the template's maximum; in a subnet the template gets a network
/// interface; a capacity error from the API is retried; with a region copy the instance is terminated while the copy runs, and cleanup still removes the
/// fleet and template without complaint.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numeric_price_with_a_copy_and_a_capacity_error_builds_and_leaves_nothing() {
    let rig = Rig::start();
    let proxy = FaultProxy::start(rig.moto.port(), &["CreateFleet:1:InsufficientInstanceCapacity"]);
    let options = rig.options(&json!({
        "custom_endpoint_ec2": proxy.endpoint(),
        "ami_name": "rpacker-spot-price",
        "spot_price": "0.0421",
        "ami_regions": ["us-west-2"],
        "user_data": "#!/bin/sh\necho hi\n",
        "subnet_filter": {"filters": {"default-for-az": "true", "availability-zone": "us-east-1b"}},
        "associate_public_ip_address": true,
    }));
    let (outcome, during) = build_and_inspect(&rig, &options).await;
    let artifact = outcome.artifact();
    assert_eq!(proxy.injected(), ["CreateFleet:InsufficientInstanceCapacity"]);
    assert_eq!(proxy.calls("CreateFleet"), 2, "made again after the capacity error");

    let data = &during[REGION]["launch_templates"][0]["data"][0];
    assert_eq!(data["InstanceMarketOptions"], json!({"MarketType": "spot", "SpotOptions": {"MaxPrice": "0.0421"}}));
    assert_eq!(data["InstanceType"], json!("t3.micro"));
    assert_eq!(data["UserData"], json!("IyEvYmluL3NoCmVjaG8gaGkK"), "user data is sent base64-encoded");
    assert_eq!(during[REGION]["launch_templates"][0]["tags"], json!({"packer_run_id": RUN_ID}));
    // In a subnet the instance gets one interface with the groups and, asked for, a public IP.
    let interface = &data["NetworkInterfaces"][0];
    let subnet = interface["SubnetId"].as_str().expect("subnet");
    assert_eq!(interface["AssociatePublicIpAddress"], json!(true), "{interface}");
    assert_eq!((&interface["DeviceIndex"], &interface["DeleteOnTermination"]), (&json!(0), &json!(true)));
    assert_eq!(interface["Groups"].as_array().map(Vec::len), Some(1), "{interface}");
    assert!(data.get("SecurityGroupIds").is_none(), "{data}");
    assert_eq!(data["Placement"], json!({"AvailabilityZone": "us-east-1b"}));
    assert!(
        outcome.said(&say(&format!("changing public IP address config to true for instance on subnet \"{subnet}\"")))
    );
    let fleet = &during[REGION]["fleets"][0];
    assert!(fleet["configs"][0].get("Overrides").is_none_or(|o| o == &json!([])), "{fleet}");
    assert_eq!(during[REGION]["instances"][0]["type"], json!("t3.micro"));

    let images = rig.moto.images(&["us-east-1", "us-west-2"]);
    for region in ["us-east-1", "us-west-2"] {
        assert_eq!(images[region].as_array().map(Vec::len), Some(1), "{region}: {images}");
        assert!(artifact.id().contains(region), "{}", artifact.id());
    }
    assert!(outcome.said(&message("Copying to: us-west-2")));
    assert!(errors(&outcome).is_empty(), "{:?}", errors(&outcome));
    assert_nothing_left(&rig);
}

/// CreateFleet failing for good: the launch template made just before is removed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_that_cannot_be_created_leaves_nothing_behind() {
    let rig = Rig::start();
    let proxy = FaultProxy::start(rig.moto.port(), &["CreateFleet:1+:UnauthorizedOperation"]);
    let builder = prepare(&rig.options(&json!({"custom_endpoint_ec2": proxy.endpoint(), "spot_price": "auto"})));
    let outcome = run(&builder, Arc::new(Commands::new(&["true"])), OnError::Cleanup, Cancellation::new()).await;
    assert_eq!(outcome.error(), "UnauthorizedOperation: injected by the test kit's fault proxy");
    assert_eq!(proxy.injected(), ["CreateFleet:UnauthorizedOperation"], "not retried");
    assert_eq!(proxy.calls("DeleteLaunchTemplate"), 1);
    assert_eq!(proxy.calls("DeleteFleets"), 0, "no fleet was made");
    assert!(!outcome.said(&say("Terminating the source AWS instance...")), "no instance was launched");
    assert!(outcome.said(&say("Deleting temporary security group...")));
    assert_nothing_left(&rig);
    assert_eq!(rig.moto.images(&[REGION]), json!({REGION: []}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_provisioner_on_a_spot_instance_leaves_nothing_behind() {
    let rig = Rig::start();
    let builder =
        prepare(&rig.options(&json!({"spot_price": "0.5", "spot_tags": {"a": "b"}, "run_tags": {"Name": "x"}})));
    let outcome = run(&builder, Arc::new(Commands::new(&["exit 4"])), OnError::Cleanup, Cancellation::new()).await;
    assert_eq!(outcome.error(), "Script exited with non-zero exit status: 4");
    assert!(outcome.said(&say("Terminating the source AWS instance...")));
    assert!(errors(&outcome).iter().all(|l| l.contains("non-zero exit status")), "{:?}", errors(&outcome));
    assert_nothing_left(&rig);
    assert_eq!(rig.moto.images(&[REGION]), json!({REGION: []}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_during_spot_provisioning_leaves_nothing_behind() {
    let rig = Rig::start();
    let builder = prepare(&rig.options(&json!({"spot_price": "auto"})));
    let cancel = Cancellation::new();
    let interrupt = cancel.clone();
    let hooks = Arc::new(Commands::new(&["true"]).with_inspect(move |_| interrupt.cancel()));
    let outcome = run(&builder, hooks, OnError::Cleanup, cancel).await;
    assert!(outcome.result.as_ref().is_ok_and(Option::is_none), "a cancelled build has no artifact");
    assert!(outcome.said(&say("Terminating the source AWS instance...")));
    assert_nothing_left(&rig);
    assert_eq!(rig.moto.images(&[REGION]), json!({REGION: []}));
}
