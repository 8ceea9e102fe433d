//! `rpacker build` end to end, on builds that need no remote machine (`communicator = "none"`
//! with local provisioners and post-processors): output as Packer prints it (human, coloured,
//! machine-readable), exit codes, `-on-error`, `-only`, parallelism, Ctrl-C, secret masking.
//! Builds over SSH are in `build_ssh.rs`.

use std::path::Path;
use std::time::Duration;

use crate::support::{interrupt_when, run_in, run_with_env, Output};

/// A temporary project folder with `files`.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write fixture");
    }
    dir
}

/// Replaces what changes between runs: durations, temp script names, RFC3339 timestamps,
/// machine-readable timestamps.
fn normalize(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut line = line.to_owned();
        for marker in ["finished after ", "errored after ", "Wait completed after "] {
            if let Some(at) = line.find(marker) {
                let start = at + marker.len();
                let rest = &line[start..];
                // The duration ends at "." (finished), ":" (errored) or the line's end.
                let end = rest.find([':', '.']).unwrap_or(rest.len());
                line = format!("{}[DURATION]{}", &line[..start], &rest[end..]);
            }
        }
        while let Some(at) = line.find("/tmp/packer-shell") {
            let digits = line[at + 17..].bytes().take_while(u8::is_ascii_digit).count();
            line.replace_range(at..at + 17 + digits, "[SCRIPT]");
        }
        if let Some((ts, rest)) = line.split_once(',') {
            if ts.len() >= 9 && ts.bytes().all(|b| b.is_ascii_digit()) {
                line = format!("[TS],{rest}");
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn transcript(out: &Output) -> String {
    format!("exit: {}\n--- stdout\n{}--- stderr\n{}", out.code, normalize(&out.stdout), normalize(&out.stderr))
}

const ONE_BUILD: &str = r#"{
  "variables": {"greeting": "hello"},
  "builders": [{"type": "null", "communicator": "none"}],
  "provisioners": [{"type": "shell-local", "inline": ["echo {{user `greeting`}} from $PACKER_BUILD_NAME"]}],
  "post-processors": [{"type": "manifest", "output": "manifest.json", "strip_time": true}]
}"#;

#[test]
fn success_human_output_and_manifest() {
    let dir = project(&[("t.json", ONE_BUILD)]);
    let out = run_in(dir.path(), &["build", "-color=false", "t.json"]);
    insta::assert_snapshot!(transcript(&out), @r"
    exit: 0
    --- stdout
    ==> null: Running local shell script: [SCRIPT]
    ==> null: hello from null
    ==> null: Running post-processor: manifest
    Build 'null' finished after [DURATION].

    ==> Wait completed after [DURATION]

    ==> Builds finished. The artifacts of successful builds are:
    --> null: Did not export anything. This is the null builder
    --> null: Did not export anything. This is the null builder
    --- stderr
    ");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).expect("manifest written"))
            .expect("manifest is JSON");
    let uuid = manifest["last_run_uuid"].as_str().expect("run uuid");
    assert_eq!(uuid.len(), 36);
    assert_eq!(manifest["builds"][0]["name"], "null");
    assert_eq!(manifest["builds"][0]["artifact_id"], "Null");
    assert_eq!(manifest["builds"][0]["packer_run_uuid"], uuid);
    assert!(manifest["builds"][0].get("build_time").is_none(), "strip_time drops build_time");
}

#[test]
fn colours_per_build() {
    let two = r#"{
      "builders": [{"type": "null", "communicator": "none"}, {"type": "null", "name": "b", "communicator": "none"}],
      "provisioners": [{"type": "shell-local", "inline": ["echo hi"]}]
    }"#;
    let dir = project(&[("t.json", two)]);
    let out = run_in(dir.path(), &["build", "-parallel-builds=1", "t.json"]);
    insta::assert_snapshot!(transcript(&out).replace('\u{1b}', "\\e"), @r"
    exit: 0
    --- stdout
    \e[1;32mb: output will be in this color.\e[0m
    \e[1;36mnull: output will be in this color.\e[0m

    \e[1;32m==> b: Running local shell script: [SCRIPT]\e[0m
    \e[1;32m==> b: hi\e[0m
    \e[1;32mBuild 'b' finished after [DURATION].\e[0m
    \e[1;36m==> null: Running local shell script: [SCRIPT]\e[0m
    \e[1;36m==> null: hi\e[0m
    \e[1;36mBuild 'null' finished after [DURATION].\e[0m

    ==> Wait completed after [DURATION]

    ==> Builds finished. The artifacts of successful builds are:
    --> b: Did not export anything. This is the null builder
    --> null: Did not export anything. This is the null builder
    --- stderr
    ");
    let no_color = run_with_env(dir.path(), &["build", "-parallel-builds=1", "t.json"], &[("PACKER_NO_COLOR", "1")]);
    assert!(!no_color.stdout.contains('\u{1b}'), "{}", no_color.stdout);
    assert!(no_color.stdout.starts_with("b: output will be in this color.\nnull: output will be in this color.\n\n"));
}

#[test]
fn machine_readable_output() {
    let dir = project(&[("t.json", ONE_BUILD)]);
    let out = run_in(dir.path(), &["build", "-machine-readable", "t.json"]);
    insta::assert_snapshot!(transcript(&out), @r"
    exit: 0
    --- stdout
    [TS],,ui,say,==> null: Running local shell script: [SCRIPT]
    [TS],,ui,say,==> null: hello from null
    [TS],,ui,say,==> null: Running post-processor: manifest
    [TS],,ui,say,Build 'null' finished after [DURATION].
    [TS],,ui,say,\n==> Wait completed after [DURATION]
    [TS],,ui,say,\n==> Builds finished. The artifacts of successful builds are:
    [TS],null,artifact-count,2
    [TS],null,artifact,0,builder-id,fnoeding.null
    [TS],null,artifact,0,id,Null
    [TS],null,artifact,0,string,Did not export anything. This is the null builder
    [TS],null,artifact,0,files-count,0
    [TS],null,artifact,0,end
    [TS],,ui,say,--> null: Did not export anything. This is the null builder
    [TS],null,artifact,1,builder-id,fnoeding.null
    [TS],null,artifact,1,id,Null
    [TS],null,artifact,1,string,Did not export anything. This is the null builder
    [TS],null,artifact,1,files-count,0
    [TS],null,artifact,1,end
    [TS],,ui,say,--> null: Did not export anything. This is the null builder
    --- stderr
    ");
}

const FAILING: &str = r#"{
  "builders": [{"type": "null", "communicator": "none"}],
  "provisioners": [{"type": "shell-local", "inline": ["echo before", "exit 3"]}],
  "error-cleanup-provisioner": {"type": "shell-local", "inline": ["echo cleaning up"]}
}"#;

#[test]
fn failure_runs_the_error_cleanup_provisioner() {
    let dir = project(&[("t.json", FAILING)]);
    let out = run_in(dir.path(), &["build", "-color=false", "t.json"]);
    insta::assert_snapshot!(transcript(&out), @r"
    exit: 1
    --- stdout
    ==> null: Running local shell script: [SCRIPT]
    ==> null: before
    ==> null: Provisioning step had errors: Running the cleanup provisioner, if present...
    ==> null: Running local shell script: [SCRIPT]
    ==> null: cleaning up
    Build 'null' errored after [DURATION]: Script exited with non-zero exit status: 3. Allowed exit codes are: [0]

    ==> Wait completed after [DURATION]

    ==> Some builds didn't complete successfully and had errors:
    --> null: Script exited with non-zero exit status: 3. Allowed exit codes are: [0]

    ==> Builds finished but no artifacts were created.
    --- stderr
    ");
}

#[test]
fn on_error_abort_skips_every_cleanup() {
    let dir = project(&[("t.json", FAILING)]);
    let out = run_in(dir.path(), &["build", "-color=false", "-on-error=abort", "t.json"]);
    assert_eq!(out.code, 1);
    let text = normalize(&out.stdout);
    assert!(!text.contains("cleaning up"), "{text}");
    assert!(text.contains("==> null: Script exited with non-zero exit status: 3. Allowed exit codes are: [0]\n==> null: Step \"StepProvision\" failed, aborting...\n==> null: aborted: skipping cleanup of step \"StepConnect\"\n"), "{text}");

    let out = run_in(dir.path(), &["build", "-color=false", "-on-error=run-cleanup-provisioner", "t.json"]);
    let text = normalize(&out.stdout);
    assert!(text.contains("cleaning up"), "{text}");
    assert!(text.contains("Step \"StepConnect\" failed, aborting..."), "{text}");

    // No terminal to ask on: `ask` cleans up, as Packer does.
    let out = run_in(dir.path(), &["build", "-color=false", "-on-error=ask", "t.json"]);
    assert!(normalize(&out.stdout).contains("==> null: cleaning up"), "{}", out.stdout);

    let out = run_in(dir.path(), &["build", "-on-error=bogus", "t.json"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.ends_with(
        "invalid value \"bogus\" for flag -on-error: expected one of [\"cleanup\" \"abort\" \"ask\" \"run-cleanup-provisioner\"]\n"
    ));
}

#[test]
fn only_except_and_no_builds() {
    let two = r#"{
      "builders": [{"type": "null", "communicator": "none"}, {"type": "null", "name": "b", "communicator": "none"}],
      "provisioners": [{"type": "shell-local", "inline": ["echo from $PACKER_BUILD_NAME"]}]
    }"#;
    let dir = project(&[("t.json", two)]);
    let out = run_in(dir.path(), &["build", "-color=false", "-only=b", "t.json"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("==> b: from b") && !out.stdout.contains("==> null:"), "{}", out.stdout);
    let out = run_in(dir.path(), &["build", "-color=false", "-except=b", "t.json"]);
    assert!(out.stdout.contains("==> null: from null") && !out.stdout.contains("==> b:"), "{}", out.stdout);
    let out = run_in(dir.path(), &["build", "-only=nothing", "t.json"]);
    insta::assert_snapshot!(transcript(&out), @r"
    exit: 1
    --- stdout
    Error: No builds to run

    A build command cannot run without at least one build to process. If the only or
    except flags have been specified at run time check that at least one build is
    selected for execution.


    --- stderr
    ");
}

#[test]
fn a_build_that_fails_to_prepare_does_not_stop_the_others() {
    let mixed = r#"{
      "builders": [{"type": "null", "communicator": "none"}, {"type": "null", "name": "bad"}],
      "provisioners": [{"type": "shell-local", "inline": ["echo ran $PACKER_BUILD_NAME"]}]
    }"#;
    let dir = project(&[("t.json", mixed)]);
    let out = run_in(dir.path(), &["build", "-color=false", "t.json"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.starts_with("Error: Failed to prepare build: \"bad\""), "{}", out.stdout);
    assert!(out.stdout.contains("==> null: ran null"), "{}", out.stdout);
    assert!(out.stdout.contains("--> null: Did not export anything. This is the null builder"));
}

/// Each build records when its provisioner ran; `-parallel-builds=1` must not overlap them.
#[test]
fn parallel_builds_limit() {
    let template = r#"{
      "builders": [{"type": "null", "communicator": "none"}, {"type": "null", "name": "b", "communicator": "none"}],
      "provisioners": [{"type": "shell-local", "inline": ["date +%s.%N >> $PACKER_BUILD_NAME.times", "sleep 1", "date +%s.%N >> $PACKER_BUILD_NAME.times"]}]
    }"#;
    let span = |dir: &Path, name: &str| -> (f64, f64) {
        let text = std::fs::read_to_string(dir.join(format!("{name}.times"))).expect("times written");
        let times: Vec<f64> = text.lines().map(|l| l.parse().expect("a time")).collect();
        std::fs::remove_file(dir.join(format!("{name}.times"))).expect("remove times");
        (times[0], times[1])
    };
    let dir = project(&[("t.json", template)]);
    let out = run_in(dir.path(), &["build", "-parallel-builds=1", "t.json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let (b, null) = (span(dir.path(), "b"), span(dir.path(), "null"));
    assert!(b.1 <= null.0, "one at a time: b {b:?} then null {null:?}");

    let out = run_in(dir.path(), &["build", "t.json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let (b, null) = (span(dir.path(), "b"), span(dir.path(), "null"));
    assert!(null.0 < b.1 && b.0 < null.1, "in parallel: b {b:?} and null {null:?} overlap");
}

#[test]
fn timestamp_ui_prefixes_build_lines() {
    let dir = project(&[("t.json", ONE_BUILD)]);
    let out = run_in(dir.path(), &["build", "-color=false", "-timestamp-ui", "t.json"]);
    assert_eq!(out.code, 0);
    let build_lines: Vec<&str> =
        out.stdout.lines().filter(|l| l.contains("==> null:") || l.starts_with("20")).collect();
    assert!(!build_lines.is_empty());
    for line in build_lines {
        // 2026-11-23T07:33:22Z: ==> null: …
        let (stamp, rest) = line.split_once(": ").expect("a timestamp prefix");
        assert_eq!(stamp.len(), 20, "{line}");
        assert_eq!(&stamp[10..11], "T", "{line}");
        assert!(rest.starts_with("==> null: ") || rest.starts_with("Build 'null' finished"), "{line}");
    }
    assert!(out.stdout.contains("\n==> Wait completed after "), "the summary has no timestamps");
}

#[test]
fn secrets_never_reach_output_or_log() {
    let secret = "s3cr3t-Value-42";
    let template = r#"{
      "variables": {"password": ""},
      "sensitive-variables": ["password"],
      "builders": [{"type": "null", "communicator": "none"}],
      "provisioners": [{"type": "shell-local", "inline": ["echo the password is {{user `password`}}", "echo {{user `password`}} >&2", "exit 1"]}]
    }"#;
    let dir = project(&[("t.json", template)]);
    let log = dir.path().join("packer.log");
    let log_path = log.to_string_lossy().into_owned();
    let var = format!("password={secret}");
    for args in [vec!["build", "-var", &var, "t.json"], vec!["build", "-machine-readable", "-var", &var, "t.json"]] {
        let out = run_with_env(dir.path(), &args, &[("PACKER_LOG", "1"), ("PACKER_LOG_PATH", &log_path)]);
        assert_eq!(out.code, 1);
        assert!(out.stdout.contains("the password is <sensitive>"), "{}", out.stdout);
        let logged = std::fs::read_to_string(&log).expect("the debug log is written");
        assert!(logged.contains("the password is <sensitive>"), "{logged}");
        assert!(logged.starts_with("20") && logged.as_bytes().get(4) == Some(&b'/'), "Go log format:\n{logged}");
        for (what, text) in [("stdout", &out.stdout), ("stderr", &out.stderr), ("log", &logged)] {
            assert!(!text.contains(secret), "the secret leaked into {what}:\n{text}");
        }
    }
}

/// Ctrl-C in the middle of a provisioner: the running command is killed, cleanups run,
/// Packer's messages are printed, exit 1, and no temporary script is left behind.
#[test]
fn interrupt_cancels_and_cleans_up() {
    let template = r#"{
      "builders": [{"type": "null", "communicator": "none"}],
      "provisioners": [{"type": "shell-local", "inline": ["echo started", "sleep 30", "echo never"]}],
      "error-cleanup-provisioner": {"type": "shell-local", "inline": ["echo cleanup provisioner ran"]}
    }"#;
    let dir = project(&[("t.json", template)]);
    let run = interrupt_when(dir.path(), &["build", "-color=false", "t.json"], "==> null: started\n");
    let all = normalize(&run.stdout);
    let script = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("==> null: Running local shell script: "))
        .expect("script path shown")
        .to_owned();
    assert!(run.took < Duration::from_secs(10), "cancelling took {:?}", run.took);
    assert_eq!(run.code, Some(1), "{all}");
    assert!(all.contains("Cancelling build after receiving interrupt\n"), "{all}");
    assert!(
        all.ends_with("==> Wait completed after [DURATION]\nCleanly cancelled builds after being interrupted.\n"),
        "{all}"
    );
    assert!(!all.contains("never"), "{all}");
    // An interrupt is not a failure: the error-cleanup provisioner does not run (Packer 1.6.6).
    assert!(!all.contains("cleanup provisioner ran"), "{all}");
    assert!(!Path::new(&script).exists(), "temporary script {script} left behind");
}

#[test]
fn hcl2_build() {
    let hcl = r#"
variable "who" {
  type    = string
  default = "hcl"
}

source "null" "one" {
  communicator = "none"
}

build {
  sources = ["source.null.one"]

  provisioner "shell-local" {
    inline = ["echo hello ${var.who} from ${source.name}"]
  }

  post-processor "manifest" {
    output     = "manifest.json"
    strip_time = true
  }
}
"#;
    let dir = project(&[("build.pkr.hcl", hcl)]);
    let out = run_in(dir.path(), &["build", "-color=false", "-var", "who=tests", "."]);
    insta::assert_snapshot!(transcript(&out), @r"
    exit: 0
    --- stdout
    ==> null.one: Running local shell script: [SCRIPT]
    ==> null.one: hello tests from one
    ==> null.one: Running post-processor:  (type manifest)
    Build 'null.one' finished after [DURATION].

    ==> Wait completed after [DURATION]

    ==> Builds finished. The artifacts of successful builds are:
    --> null.one: Did not export anything. This is the null builder
    --> null.one: Did not export anything. This is the null builder
    --- stderr
    ");
    let manifest = std::fs::read_to_string(dir.path().join("manifest.json")).expect("manifest written");
    assert!(manifest.contains("\"name\": \"one\""), "the manifest names the source: {manifest}");
}

#[test]
fn machine_readable_failure() {
    let dir = project(&[("t.json", FAILING)]);
    let out = run_in(dir.path(), &["build", "-machine-readable", "-on-error=abort", "t.json"]);
    insta::assert_snapshot!(transcript(&out), @r#"
    exit: 1
    --- stdout
    [TS],,ui,say,==> null: Running local shell script: [SCRIPT]
    [TS],,ui,say,==> null: before
    [TS],,ui,error,==> null: Script exited with non-zero exit status: 3. Allowed exit codes are: [0]
    [TS],,ui,error,==> null: Step "StepProvision" failed%!(PACKER_COMMA) aborting...
    [TS],,ui,error,==> null: aborted: skipping cleanup of step "StepConnect"
    [TS],,ui,error,Build 'null' errored after [DURATION]: Script exited with non-zero exit status: 3. Allowed exit codes are: [0]
    [TS],,ui,say,\n==> Wait completed after [DURATION]
    [TS],,error-count,1
    [TS],,ui,error,\n==> Some builds didn't complete successfully and had errors:
    [TS],null,error,Script exited with non-zero exit status: 3. Allowed exit codes are: [0]
    [TS],,ui,error,--> null: Script exited with non-zero exit status: 3. Allowed exit codes are: [0]
    [TS],,ui,say,\n==> Builds finished but no artifacts were created.
    --- stderr
    "#);
}

/// `-debug` without a terminal: builds run one at a time, every pause question fails at once
/// (as Packer's does without a TTY) and the build goes on.
#[test]
fn debug_without_a_terminal() {
    let dir = project(&[("t.json", ONE_BUILD)]);
    let out = run_in(dir.path(), &["build", "-color=false", "-debug", "t.json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.starts_with("Debug mode enabled. Builds will not be parallelized.\n"), "{}", out.stdout);
    assert!(out.stdout.contains("==> null: hello from null\n"), "{}", out.stdout);
}

/// `PACKER_LOG=1` alone logs to stderr, without the UI lines stdout already has.
#[test]
fn packer_log_to_stderr() {
    let dir = project(&[("t.json", ONE_BUILD)]);
    let out = run_with_env(dir.path(), &["build", "-color=false", "t.json"], &[("PACKER_LOG", "1")]);
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("[INFO] Packer version: 1.16.0"), "{}", out.stderr);
    assert!(out.stderr.contains("Running step StepProvision"), "{}", out.stderr);
    assert!(!out.stderr.contains("ui: "), "{}", out.stderr);
    let quiet = run_in(dir.path(), &["build", "-color=false", "t.json"]);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
}
