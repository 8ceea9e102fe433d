//! The latency proxy in front of a real moto, driven by boto3: a new instance is `pending` for
//! the configured time and then `running`, an AMI `pending` then `available`, and the log holds
//! what the rig's report reads.

use std::process::Command;

use rpacker_testkit::{FaultProxy, LatencyConfig, Moto, NEWEST_TEST_AMI};

/// Runs `body` (Python, with `ec2` a boto3 client on `endpoint`) and returns its stdout lines.
fn boto3(endpoint: &str, body: &str) -> Vec<String> {
    let script = format!(
        "import boto3, time\nec2 = boto3.client('ec2', region_name='us-east-1', endpoint_url='{endpoint}', \
         aws_access_key_id='testing', aws_secret_access_key='testing')\n{body}"
    );
    let output = Command::new("python3").arg("-c").arg(script).output().expect("run python3");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).lines().map(str::to_owned).collect()
}

#[test]
fn instances_and_images_wait_and_the_log_records_it() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    let log = dir.path().join("latency.jsonl");
    let config = LatencyConfig::new("fast", 1.0, "run=2,ami=2").expect("config");
    let proxy = FaultProxy::start_with_latency(moto.port(), &["DescribeImages:2"], config, Some(&log));
    let body = format!(
        "i = ec2.run_instances(ImageId='{}', MinCount=1, MaxCount=1)['Instances'][0]['InstanceId']\n\
         state = lambda: ec2.describe_instances(InstanceIds=[i])['Reservations'][0]['Instances'][0]['State']['Name']\n\
         checks = lambda: ec2.describe_instance_status(InstanceIds=[i])['InstanceStatuses'][0]['InstanceStatus']['Status']\n\
         print(state(), checks())\n\
         time.sleep(2.2)\n\
         print(state(), checks())\n\
         ec2.stop_instances(InstanceIds=[i])\n\
         print(state())\n\
         a = ec2.create_image(InstanceId=i, Name='latency-test')['ImageId']\n\
         print(ec2.describe_images(ImageIds=[a])['Images'][0]['State'])\n\
         time.sleep(2.2)\n\
         print(ec2.describe_images(ImageIds=[a])['Images'][0]['State'])\n\
         ec2.terminate_instances(InstanceIds=[i])\n",
        NEWEST_TEST_AMI.id
    );
    // The second DescribeImages is a fault; boto3 retries it.
    let lines = boto3(&proxy.endpoint(), &body);
    assert_eq!(lines, ["pending initializing", "running ok", "stopped", "pending", "available"], "{}", moto.log());
    assert_eq!(proxy.injected(), ["DescribeImages:RequestLimitExceeded"]);

    let records: Vec<serde_json::Value> = std::fs::read_to_string(&log)
        .expect("read the log")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(records[0]["config"]["latency_s"]["run"], 2.0);
    let learned: Vec<(&str, f64)> =
        records.iter().filter_map(|r| Some((r["learn"].as_str()?, r["latency_s"].as_f64()?))).collect();
    // stop has 0 s in `fast`: learned, never shown.
    assert_eq!(learned, [("run", 2.0), ("stop", 0.0), ("ami", 2.0), ("term", 0.0)]);
    let run = records.iter().find(|r| r["learn"] == "run").expect("run learned");
    let ready = run["ready_t"].as_f64().expect("ready_t") - run["t"].as_f64().expect("t");
    assert!((ready - 2.0).abs() < 0.01, "{run}");
    let id = run["id"].as_str().expect("id");
    let shown: Vec<&str> =
        records.iter().filter(|r| r["action"] == "DescribeInstances").filter_map(|r| r["ids"][id].as_str()).collect();
    assert_eq!(shown, ["pending", "running", "stopped"]);
    let fault = records.iter().find(|r| r.get("fault").is_some()).expect("the fault is logged");
    assert_eq!(
        (fault["action"].as_str(), fault["status"].as_u64(), fault["n"].as_u64()),
        (Some("DescribeImages"), Some(503), Some(2))
    );
    assert!(records
        .iter()
        .filter(|r| r.get("action").is_some())
        .all(|r| r["client"] == "boto3" && r["region"] == "us-east-1"));
}
