//! `rpacker build` of `null` builds over SSH to a real, private sshd (127.0.0.1, throwaway
//! keys, stopped by PID): the rig's offline template, remote failures and retries, Ctrl-C in
//! the middle of a remote command, and no temporary files left on either side.

use std::path::Path;
use std::time::Duration;

use rpacker_testkit::Sshd;

use crate::support::{interrupt_when, run_with_env, Output};

/// The environment the rig's `null-basic.json` reads.
fn rig_env(sshd: &Sshd, out_dir: &Path, run_id: &str) -> Vec<(String, String)> {
    vec![
        ("RIG_SSH_HOST".into(), "127.0.0.1".into()),
        ("RIG_SSH_PORT".into(), sshd.port().to_string()),
        ("RIG_SSH_USER".into(), sshd.user().to_owned()),
        ("RIG_SSH_KEY".into(), sshd.private_key_path().to_string_lossy().into_owned()),
        ("RIG_OUT_DIR".into(), out_dir.to_string_lossy().into_owned()),
        ("RIG_RUN_ID".into(), run_id.into()),
    ]
}

fn run(dir: &Path, args: &[&str], env: &[(String, String)]) -> Output {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    run_with_env(dir, args, &env)
}

/// The rig's offline baseline: shell (inline, env vars), file upload and download, shell-local,
/// and a manifest with `strip_path` and `custom_data`.
#[test]
fn rig_null_basic_template() {
    let sshd = Sshd::start();
    let out_dir = tempfile::tempdir().expect("temp dir");
    let template = crate::support::repo_root().join("../shared/tools/rig/templates/null-basic.json");
    let template = template.to_string_lossy().into_owned();
    let run_id = format!("rpacker-test-{}", std::process::id());
    let env = rig_env(&sshd, out_dir.path(), &run_id);
    let out = run(out_dir.path(), &["build", "-color=false", &template], &env);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, sshd.log());
    let text = &out.stdout;
    for expected in [
        "==> null-basic: Using ssh communicator to connect: 127.0.0.1\n",
        "==> null-basic: Waiting for SSH to become available...\n",
        "==> null-basic: Connected to SSH!\n",
        "==> null-basic: Provisioning with shell script: ",
        "PACKER_BUILD_NAME=null-basic\n",
        "==> null-basic: shell-local: build=null-basic type=null\n",
        "==> null-basic: Running post-processor: manifest\n",
        "Build 'null-basic' finished after ",
        "--> null-basic: Did not export anything. This is the null builder\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let tags: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.path().join("ami_tags.json")).expect("downloaded"))
            .expect("the downloaded tags are JSON");
    assert_eq!(tags[0]["Key"], "sw:bash");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.path().join("manifest.json")).expect("manifest written"))
            .expect("manifest JSON");
    let build = &manifest["builds"][0];
    assert_eq!(build["name"], "null-basic");
    assert_eq!(build["builder_type"], "null");
    assert_eq!(build["artifact_id"], "Null");
    assert_eq!(build["custom_data"]["run_id"], run_id.as_str());
    assert_eq!(build["custom_data"]["template"], "null-basic.json");
    assert!(build["build_time"].as_u64().is_some_and(|t| t > 1_700_000_000));
    assert_eq!(manifest["last_run_uuid"], build["packer_run_uuid"]);
    // The template removes its remote folder; rpacker removes its uploaded scripts.
    assert!(!Path::new(&format!("/tmp/rig-instance-{run_id}")).exists());
}

/// The same rig template built by packer 1.6.6 and by rpacker against the same sshd yields the
/// same manifest (but for the run's time and UUID) and the same downloaded file.
#[test]
fn rig_null_basic_same_as_packer() {
    rpacker_testkit::ensure_debian_package("packer", &["/usr/bin/packer"]);
    let sshd = Sshd::start();
    let template = crate::support::repo_root().join("../shared/tools/rig/templates/null-basic.json");
    let template = template.to_string_lossy().into_owned();
    let results: Vec<(serde_json::Value, Vec<u8>)> = ["packer", "rpacker"]
        .iter()
        .map(|tool| {
            let out_dir = tempfile::tempdir().expect("temp dir");
            let env = rig_env(&sshd, out_dir.path(), &format!("same-{tool}-{}", std::process::id()));
            let out = if *tool == "packer" {
                let output = std::process::Command::new("/usr/bin/packer")
                    .args(["build", "-color=false", &template])
                    .current_dir(out_dir.path())
                    .env("CHECKPOINT_DISABLE", "1")
                    .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                    .output()
                    .expect("packer runs");
                (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
            } else {
                let output = run(out_dir.path(), &["build", "-color=false", &template], &env);
                (Some(output.code), output.stdout)
            };
            assert_eq!(out.0, Some(0), "{tool}: {}", out.1);
            let mut manifest: serde_json::Value =
                serde_json::from_slice(&std::fs::read(out_dir.path().join("manifest.json")).expect("manifest written"))
                    .expect("manifest JSON");
            // What differs by nature between two runs.
            let build = &mut manifest["builds"][0];
            assert!(build["build_time"].as_u64().is_some(), "{tool}: {build}");
            build["build_time"] = 0.into();
            build["packer_run_uuid"] = "".into();
            build["custom_data"]["run_id"] = "".into();
            manifest["last_run_uuid"] = "".into();
            let tags = std::fs::read(out_dir.path().join("ami_tags.json")).expect("ami_tags.json downloaded");
            (manifest, tags)
        })
        .collect();
    assert_eq!(results[0].0, results[1].0, "manifests differ");
    assert_eq!(results[0].1, results[1].1, "downloaded files differ");
}

/// A remote command that fails is retried (`max_retries`), then reported with Packer's texts.
#[test]
fn remote_failure_with_retries() {
    let sshd = Sshd::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let template = format!(
        r#"{{
  "builders": [{{"type": "null", "ssh_host": "127.0.0.1", "ssh_port": {port}, "ssh_username": "{user}",
                 "ssh_private_key_file": "{key}"}}],
  "provisioners": [{{"type": "shell", "max_retries": 2, "inline": ["echo attempt >> {counter}", "exit 7"]}}]
}}"#,
        port = sshd.port(),
        user = sshd.user(),
        key = sshd.private_key_path().display(),
        counter = dir.path().join("attempts").display(),
    );
    std::fs::write(dir.path().join("t.json"), template).expect("write template");
    let out = run(dir.path(), &["build", "-color=false", "t.json"], &[]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    let attempts = std::fs::read_to_string(dir.path().join("attempts")).expect("the command ran");
    assert_eq!(attempts.lines().count(), 3, "first run plus two retries");
    let error = "Script exited with non-zero exit status: 7. Allowed exit codes are: [0]";
    assert!(out
        .stdout
        .contains(&format!("==> null: Provisioner failed with \"{error}\", retrying with 2 trie(s) left\n")));
    assert!(out.stdout.contains("==> null: Provisioner failed with \"Script exited"));
    assert!(out.stdout.contains("==> null: retry limit reached.\n"), "{}", out.stdout);
    assert!(out.stdout.contains(&format!("--> null: {error}\n")), "{}", out.stdout);
}

/// Ctrl-C during a remote command: the build stops promptly, cleans up, and neither the
/// remote script nor local temporary files are left behind.
#[test]
fn interrupt_during_remote_command() {
    let sshd = Sshd::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let remote_dir = tempfile::tempdir().expect("remote folder");
    let template = format!(
        r#"{{
  "builders": [{{"type": "null", "ssh_host": "127.0.0.1", "ssh_port": {port}, "ssh_username": "{user}",
                 "ssh_private_key_file": "{key}"}}],
  "provisioners": [{{"type": "shell", "remote_folder": "{remote}", "inline": ["echo started", "sleep 30"]}}]
}}"#,
        port = sshd.port(),
        user = sshd.user(),
        key = sshd.private_key_path().display(),
        remote = remote_dir.path().display(),
    );
    std::fs::write(dir.path().join("t.json"), template).expect("write template");
    let run = interrupt_when(dir.path(), &["build", "-color=false", "t.json"], "==> null: started\n");
    let all = &run.stdout;
    assert!(run.took < Duration::from_secs(10), "cancelling took {:?}", run.took);
    assert_eq!(run.code, Some(1), "{all}");
    assert!(all.contains("Cancelling build after receiving interrupt\n"), "{all}");
    assert!(all.ends_with("Cleanly cancelled builds after being interrupted.\n"), "{all}");
    let left: Vec<_> = std::fs::read_dir(remote_dir.path()).expect("list remote folder").collect();
    assert!(left.is_empty(), "remote scripts left behind: {left:?}");
}
