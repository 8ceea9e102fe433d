//! Runs real `sh` processes through the provisioner and the post-processor.

use std::sync::Arc;
use std::time::Duration;

use rpacker_sdk::lifecycle::{
    Cancellation, GeneratedData, PostProcess, PostProcessContext, Provision, ProvisionContext, RecordingSink,
};

use crate::test_artifact::TestArtifact;
use crate::verbatim_renderer::prepare_text;
use crate::{ShellLocalPostProcessor, ShellLocalProvisioner};

const SCRIPT_SAY: &str = "say nb: Running local shell script: ";

/// Provisions build `nb` (builder `null`) with `options`; returns the error text and the UI
/// lines, the temp script path replaced by `TMP`.
async fn provision(options: &str, cancel: Cancellation) -> (Result<(), String>, Vec<String>) {
    let prepared = prepare_text(options, ShellLocalProvisioner::prepare_config).unwrap();
    let sink = RecordingSink::new();
    let data: GeneratedData = [("ID", "Null"), ("Host", "h1")].map(|(k, v)| (k.to_owned(), v.to_owned())).into();
    let ctx = ProvisionContext {
        cancel,
        ui: sink.targeted("nb"),
        generated_data: Arc::new(data),
        communicator: Arc::new(rpacker_sdk::lifecycle::NoneCommunicator),
    };
    let result = prepared.provision(&ctx).await.map_err(|e| e.to_string());
    let lines = sink.ui_lines();
    let temp = lines.iter().find_map(|l| l.strip_prefix(SCRIPT_SAY)).filter(|p| p.contains("packer-shell"));
    let temp = temp.map(ToOwned::to_owned);
    if let Some(path) = &temp {
        assert!(!std::path::Path::new(path).exists(), "temp script {path} left behind");
    }
    let scrub = |s: String| temp.as_ref().map_or(s.clone(), |t| s.replace(t.as_str(), "TMP"));
    (result.map_err(scrub), lines.into_iter().map(scrub).collect())
}

/// Texts verified with packer 1.6.6 (shell-local provisioner, null build `nb`), except the
/// exit-status text, which is current Packer's (1.6.6 has no space after the period).
#[tokio::test]
async fn provisioner_runs_like_packer() {
    type Case = (&'static str, Result<(), &'static str>, &'static [&'static str]);
    let cases: [Case; 8] = [
        (
            r#"{"inline": ["echo out {{ build `ID` }}", "echo two"]}"#,
            Ok(()),
            &["say nb: Running local shell script: TMP", "message nb: out Null", "message nb: two"],
        ),
        // stdout and stderr are read concurrently, so their relative order is not fixed.
        (r#"{"inline": ["echo err >&2"]}"#, Ok(()), &["say nb: Running local shell script: TMP", "error nb: err"]),
        (
            r#"{"inline": ["echo $PACKER_BUILD_NAME $PACKER_BUILDER_TYPE $A $B"], "environment_vars": ["A=it's", "B={{ build `Host` }}"]}"#,
            Ok(()),
            &["say nb: Running local shell script: TMP", "message nb: nb null it's h1"],
        ),
        (
            r#"{"inline": ["exit 3"]}"#,
            Err("Script exited with non-zero exit status: 3. Allowed exit codes are: [0]"),
            &["say nb: Running local shell script: TMP"],
        ),
        (r#"{"inline": ["exit 3"], "valid_exit_codes": [0, 3]}"#, Ok(()), &["say nb: Running local shell script: TMP"]),
        (
            r#"{"command": "kill -9 $$", "valid_exit_codes": [2, 0]}"#,
            Err("Script exited with non-zero exit status: 137. Allowed exit codes are: [2 0]"),
            &["say nb: Running local shell script: TMP", "error nb: Killed"],
        ),
        (
            r#"{"inline": ["true"], "execute_command": ["/bin/sh -c {{.Script}}"]}"#,
            Err("Error executing script: TMP\n\nPlease see output above for more information."),
            &["say nb: Running local shell script: TMP"],
        ),
        (
            r#"{"inline": ["echo no"], "only_on": ["solaris"]}"#,
            Ok(()),
            &["say nb: Skipping shell-local due to runtime OS"],
        ),
    ];
    for (options, want, lines) in cases {
        let (got, ui) = provision(options, Cancellation::new()).await;
        assert_eq!(got, want.map_err(str::to_owned), "{options}");
        assert_eq!(ui, lines, "{options}");
    }
}

#[tokio::test]
async fn scripts_run_in_order_with_execute_command_data() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.sh"), dir.path().join("b.sh"));
    std::fs::write(&a, "echo a $X\n").unwrap();
    std::fs::write(&b, "echo b\n").unwrap();
    let options = format!(
        r#"{{"scripts": ["{}", "{}"], "environment_vars": ["X=1"], "execute_command": ["/bin/sh", "-c", "{{{{.Vars}}}}sh {{{{.Command}}}} {{{{.ID}}}}"]}}"#,
        a.display(),
        b.display()
    );
    let (got, ui) = provision(&options, Cancellation::new()).await;
    assert_eq!(got, Ok(()));
    let want = [
        format!("{SCRIPT_SAY}{}", a.display()),
        "message nb: a 1".to_owned(),
        format!("{SCRIPT_SAY}{}", b.display()),
        "message nb: b".to_owned(),
    ];
    assert_eq!(ui, want);
}

#[tokio::test]
async fn cancellation_kills_and_cleans_up() {
    let cancel = Cancellation::new();
    let canceller = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        canceller.cancel();
    });
    let started = std::time::Instant::now();
    // `provision` asserts the temp script is gone.
    let (got, ui) = provision(r#"{"inline": ["echo started", "sleep 30"]}"#, cancel).await;
    assert_eq!(got, Err("context canceled".to_owned()));
    assert_eq!(ui, ["say nb: Running local shell script: TMP", "message nb: started"]);
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// The post-processor: target `nb (shell-local)`, data from the artifact, input passed
/// through with keep and force (verified with packer 1.6.6).
#[tokio::test]
async fn post_processor_passes_input_through() {
    let cases: [(&str, Result<&str, &str>); 3] = [
        (r#"{"inline": ["echo {{ build `ID` }} $PACKER_BUILD_NAME"]}"#, Ok("message nb (shell-local): Null nb")),
        (r#"{"inline": ["echo x"], "execute_command": "{{.Vars}} sh {{.Script}}"}"#, Ok("message nb (shell-local): x")),
        (r#"{"inline": ["exit 1"]}"#, Err("Script exited with non-zero exit status: 1. Allowed exit codes are: [0]")),
    ];
    for (options, want) in cases {
        let prepared = prepare_text(options, ShellLocalPostProcessor::prepare_config).unwrap();
        let sink = RecordingSink::new();
        let ctx = PostProcessContext { cancel: Cancellation::new(), ui: sink.targeted("nb (shell-local)") };
        let input = TestArtifact::null(&[]);
        let got = prepared.post_process(&ctx, Arc::clone(&input) as _).await;
        match want {
            Ok(line) => {
                let out = got.unwrap();
                assert!((out.keep_input, out.force_override) == (true, true), "{options}");
                assert_eq!(out.artifact.unwrap().id(), "Null");
                assert_eq!(sink.ui_lines().last().map(String::as_str), Some(line), "{options}");
            }
            Err(text) => assert_eq!(got.unwrap_err().to_string(), text, "{options}"),
        }
    }
}
