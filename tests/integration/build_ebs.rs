//! `rpacker build` of the rig's `amazon-ebs` template against a local EC2 API (moto) and an
//! sshd playing the instance, both started by the test kit: shell, file up/down, shell-local,
//! then the manifest and a shell-local post-processor that tags every AMI with the
//! instance's software list through `aws ec2 create-tags`. Nothing leaves 127.0.0.1.

use std::path::Path;
use std::process::{Command, Stdio};

use rpacker_testkit::{FaultProxy, InstanceSshd, Moto, NEWEST_TEST_AMI, TEST_AMI_OWNER};

use crate::support::{command_in, run_with_env};

const REGIONS: [&str; 3] = ["us-east-1", "us-west-2", "eu-west-1"];

/// The environment the rig's `ebs-basic.json` reads.
fn rig_env(moto: &Moto, sshd: &InstanceSshd, out_dir: &Path, run_id: &str) -> Vec<(String, String)> {
    [
        ("RIG_EC2_ENDPOINT", moto.endpoint()),
        ("RIG_SSH_HOST", "127.0.0.1".into()),
        ("RIG_SSH_PORT", sshd.port().to_string()),
        ("RIG_SSH_USER", sshd.user().to_owned()),
        ("RIG_SSH_KEY", sshd.private_key_path().to_string_lossy().into_owned()),
        ("RIG_KEYPAIR_NAME", String::new()),
        ("RIG_SOURCE_AMI_OWNER", TEST_AMI_OWNER.into()),
        ("RIG_SOURCE_AMI_NAME", "rpacker-test/ubuntu-jammy-22.04-amd64-*".into()),
        ("RIG_OUT_DIR", out_dir.to_string_lossy().into_owned()),
        ("RIG_RUN_ID", run_id.into()),
        // The aws CLI in the post-processor: moto's credentials, no metadata service, no config.
        ("AWS_ACCESS_KEY_ID", "testing".into()),
        ("AWS_SECRET_ACCESS_KEY", "testing".into()),
        ("AWS_EC2_METADATA_DISABLED", "true".into()),
        ("AWS_CONFIG_FILE", "/dev/null".into()),
        ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// One of the rig's `ebs-basic` templates and what its build prints and names.
struct RigTemplate {
    /// File name under the rig's templates folder.
    file: &'static str,
    /// The build's name in the UI (HCL2 names builds `type.name`).
    build: &'static str,
    /// The start of the AMI's name.
    ami_name_prefix: &'static str,
}

/// Builds `rig` with `rpacker build` against moto and an sshd, and checks the AMIs in every
/// region (template and post-processor tags, launch permissions), the manifest, the call count
/// and that nothing leaked.
fn build_rig_template(rig: &RigTemplate) {
    rpacker_testkit::ensure_debian_package("jq", &["/usr/bin/jq"]);
    let moto = Moto::start();
    let sshd = InstanceSshd::start(&moto, &REGIONS);
    let out_dir = tempfile::tempdir().expect("temp dir");
    let template = crate::support::repo_root().join("../shared/tools/rig/templates").join(rig.file);
    let template = template.to_string_lossy().into_owned();
    let run_id = format!("rpacker-ebs-{}", std::process::id());
    let env = rig_env(&moto, &sshd, out_dir.path(), &run_id);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    moto.start_recording();
    let out = run_with_env(out_dir.path(), &["build", "-color=false", &template], &env);
    assert_eq!(out.code, 0, "{}\n{}\n{}", out.stdout, out.stderr, sshd.log());
    let build = rig.build;
    for expected in [
        format!("{build}: Found Image ID: {}\n", NEWEST_TEST_AMI.id),
        format!("==> {build}: Launching a source AWS instance...\n"),
        format!("==> {build}: Connected to SSH!\n"),
        format!("==> {build}: Creating AMI {}", rig.ami_name_prefix),
        format!("{build}: Copying to: eu-west-1\n"),
        format!("==> {build}: Terminating the source AWS instance...\n"),
        format!("--> {build}: AMIs were created:\neu-west-1: ami-"),
    ] {
        assert!(out.stdout.contains(&expected), "missing {expected:?} in:\n{}", out.stdout);
    }
    let images = moto.images(&REGIONS);
    for region in REGIONS {
        let list = images[region].as_array().expect("images");
        assert_eq!(list.len(), 1, "{region}: {list:?}");
        assert!(list[0]["name"].as_str().is_some_and(|n| n.starts_with(rig.ami_name_prefix)), "{list:?}");
        let tags = &list[0]["tags"];
        assert_eq!(tags["Base_AMI_ID"], NEWEST_TEST_AMI.id, "{region}");
        assert_eq!(tags["Base_AMI_Name"], NEWEST_TEST_AMI.name);
        assert_eq!(tags["Build_Region"], "us-east-1");
        assert_eq!(tags["rig_run"], run_id.as_str());
        // Added by the post-processor from the file the instance wrote.
        assert!(tags["sw:bash"].as_str().is_some_and(|v| !v.is_empty()), "{region}: {tags}");
        assert_eq!(list[0]["launch_permissions"], serde_json::json!([{"UserId": "999988887777"}]));
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.path().join("manifest.json")).expect("manifest written"))
            .expect("manifest JSON");
    let built = &manifest["builds"][0];
    assert_eq!(built["builder_type"], "amazon-ebs");
    let ami = |region: &str| images[region][0]["id"].as_str().expect("id").to_owned();
    assert_eq!(
        built["artifact_id"],
        format!("eu-west-1:{},us-east-1:{},us-west-2:{}", ami("eu-west-1"), ami("us-east-1"), ami("us-west-2"))
    );
    moto.assert_no_leaks(&REGIONS);
    // Packer 1.6.6 makes 34 EC2 calls for this build (11 of them DescribeImages), the aws CLI 3.
    let calls = moto.api_calls("aws-sdk-rust");
    assert!(calls.len() <= 34, "{} calls: {calls:?}", calls.len());
    assert_eq!(moto.api_calls("aws-cli").len(), 3);
}

#[test]
fn rig_ebs_basic_template() {
    build_rig_template(&RigTemplate { file: "ebs-basic.json", build: "ebs-basic", ami_name_prefix: "rig-ebs-basic-" });
}

#[test]
fn rig_ebs_basic_hcl_template() {
    build_rig_template(&RigTemplate {
        file: "ebs-basic.pkr.hcl",
        build: "amazon-ebs.ebs-basic",
        ami_name_prefix: "rig-ebs-basic-hcl-",
    });
}

/// Ctrl-C while the build waits for its AMI (the fault proxy shows moto's new AMI as `pending`
/// until then): the build stops, and nothing is left in any region — no instance, temporaries,
/// AMI or snapshot.
#[test]
fn sigint_during_ami_creation_leaves_nothing_behind() {
    use std::io::Read;
    use std::time::{Duration, Instant};

    let moto = Moto::start();
    let sshd = InstanceSshd::start(&moto, &REGIONS);
    let proxy = FaultProxy::start(moto.port(), &[]);
    proxy.hold_new_images_pending(true);
    let out_dir = tempfile::tempdir().expect("temp dir");
    let template = crate::support::repo_root().join("../shared/tools/rig/templates/ebs-basic.json");
    let template = template.to_string_lossy().into_owned();
    let run_id = format!("rpacker-ebs-int-{}", std::process::id());
    let mut env = rig_env(&moto, &sshd, out_dir.path(), &run_id);
    env.retain(|(k, _)| k != "RIG_EC2_ENDPOINT");
    env.push(("RIG_EC2_ENDPOINT".into(), proxy.endpoint()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut child = command_in(out_dir.path(), &["build", "-color=false", &template], &env)
        .stdout(Stdio::piped())
        .spawn()
        .expect("rpacker starts");
    let mut stdout = child.stdout.take().expect("stdout");
    // Read stdout on a thread so the pipe never fills while the test waits on the proxy.
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    proxy.wait_for("the AMI shown pending", Duration::from_secs(60), |p| p.pending_shown() > 0);
    let signalled = Instant::now();
    let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    let code = child.wait().expect("rpacker exits").code();
    let took = signalled.elapsed();
    let text = reader.join().expect("stdout reader");
    proxy.hold_new_images_pending(false);
    assert_eq!(code, Some(1), "{text}");
    assert!(took < Duration::from_secs(15), "cancelling took {took:?}");
    assert!(text.contains("==> ebs-basic: Waiting for AMI to become ready...\n"), "{text}");
    assert!(text.contains("==> ebs-basic: Terminating the source AWS instance...\n"), "{text}");
    assert!(text.ends_with("Cleanly cancelled builds after being interrupted.\n"), "{text}");
    assert!(!text.contains("Copying to:"), "{text}");
    moto.assert_no_leaks(&REGIONS);
    let images = moto.images(&REGIONS);
    assert_eq!(images, serde_json::json!({"us-east-1": [], "us-west-2": [], "eu-west-1": []}), "{text}");
}
