//! The shell provisioner against a real sshd on 127.0.0.1. "Remote" files are on this machine,
//! so each test points `remote_folder` at a temp dir and inspects it.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rpacker_sdk::lifecycle::{Cancellation, NoneCommunicator, Provision, RecordingSink};

use crate::test_remote::{context, Remote};
use crate::verbatim_renderer::prepare_text;
use crate::ShellProvisioner;

const SAY_SCRIPT: &str = "say nb: Provisioning with shell script: ";

/// What a run left: the result text and the UI lines, the local inline script's path replaced
/// by `TMP` (after checking that file is gone).
struct Outcome {
    result: Result<(), String>,
    lines: Vec<String>,
}

async fn provision_with(remote: &Remote, options: &str, cancel: Cancellation) -> Outcome {
    let prepared = prepare_text(options, ShellProvisioner::prepare_config).unwrap();
    let sink = RecordingSink::new();
    let result = prepared.provision(&remote.context(&sink, cancel)).await.map_err(|e| e.to_string());
    scrubbed(result, sink.ui_lines())
}

async fn provision(remote: &Remote, options: &str) -> Outcome {
    provision_with(remote, options, Cancellation::new()).await
}

fn scrubbed(result: Result<(), String>, lines: Vec<String>) -> Outcome {
    let temps: Vec<String> = lines
        .iter()
        .filter_map(|l| l.strip_prefix(SAY_SCRIPT))
        .filter(|p| p.contains("packer-shell"))
        .map(ToOwned::to_owned)
        .collect();
    for temp in &temps {
        assert!(!Path::new(temp).exists(), "local temp script {temp} left behind");
    }
    let scrub = |s: String| temps.iter().fold(s, |s, t| s.replace(t.as_str(), "TMP"));
    Outcome { result: result.map_err(scrub), lines: lines.into_iter().map(scrub).collect() }
}

/// Options with `remote_folder` set to `dir` and a fixed `remote_file`.
fn in_folder(dir: &Path, options: &str) -> String {
    let folder = format!(r#"{{"remote_folder": "{}", "remote_file": "script.sh", "#, dir.display());
    options.replacen('{', &folder, 1)
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// UI lines and errors of inline scripts. Texts verified with packer 1.6.6 (null build `nb`
/// against a local sshd) except two that follow current Packer: stdout lines are `say` (1.6.6:
/// `message`), and the exit-status text has a space after the period.
#[tokio::test]
async fn inline_scripts_like_packer() {
    let remote = Remote::start().await;
    let dir = tempfile::tempdir().unwrap();
    type Case = (&'static str, Result<(), &'static str>, &'static [&'static str]);
    let cases: [Case; 10] = [
        (r#"{"inline": ["echo out1", "echo {{ build `ID` }}"]}"#, Ok(()), &["say nb: out1", "say nb: Null"]),
        (r#"{"inline": ["echo err1 >&2"]}"#, Ok(()), &["error nb: err1"]),
        // Output lines: trailing space trimmed, text before `\r` dropped, empty and last lines kept.
        (r#"{"inline": ["printf 'a\\rb  \\n\\nlast'"]}"#, Ok(()), &["say nb: b", "say nb: ", "say nb: last"]),
        (
            r#"{"inline": ["echo \"$FOO|$BAR|$E|$PACKER_BUILD_NAME|$PACKER_BUILDER_TYPE|${PACKER_HTTP_ADDR-unset}\""],
                "environment_vars": ["FOO=it's", "BAR=x y"], "env": {"E": "'q'"}}"#,
            Ok(()),
            &["say nb: it's|x y|'q'|nb|null|unset"],
        ),
        (
            r#"{"inline": ["exit 3"]}"#,
            Err("Script exited with non-zero exit status: 3. Allowed exit codes are: [0]"),
            &[],
        ),
        (r#"{"inline": ["exit 3"], "valid_exit_codes": [0, 3]}"#, Ok(()), &[]),
        (
            r#"{"inline": ["exit 0"], "valid_exit_codes": [2, 3]}"#,
            Err("Script exited with non-zero exit status: 0. Allowed exit codes are: [2 3]"),
            &[],
        ),
        // The default shebang `/bin/sh -e` stops at the first failing line.
        (
            r#"{"inline": ["false", "echo not reached"]}"#,
            Err("Script exited with non-zero exit status: 1. Allowed exit codes are: [0]"),
            &[],
        ),
        (
            r#"{"inline": ["echo \"$A\""], "environment_vars": ["A=1"], "env_var_format": "%s=\"%s-fmt\" "}"#,
            Ok(()),
            &["say nb: 1-fmt"],
        ),
        (
            r#"{"inline": ["echo body"], "execute_command": "echo path={{.Path}} id={{.ID}}; {{.Vars}}sh {{.Path}}"}"#,
            Ok(()),
            &["say nb: path=REMOTE id=Null", "say nb: body"],
        ),
    ];
    let remote_path = dir.path().join("script.sh").display().to_string();
    for (options, want, lines) in cases {
        let got = provision(&remote, &in_folder(dir.path(), options)).await;
        let want_lines: Vec<String> = std::iter::once(format!("{SAY_SCRIPT}TMP"))
            .chain(lines.iter().map(|l| l.replace("REMOTE", &remote_path)))
            .collect();
        assert_eq!(got.result, want.map_err(str::to_owned), "{options}");
        assert_eq!(got.lines, want_lines, "{options}");
    }
}

/// `inline_shebang`: since Packer 1.13 an inline script starting with `#!` keeps its own unless
/// `inline_shebang` is written; a written one always comes first.
#[tokio::test]
async fn inline_shebang() {
    let remote = Remote::start().await;
    let dir = tempfile::tempdir().unwrap();
    let interpreter = r##"["#!/bin/bash", "readlink /proc/$$/exe"]"##;
    let cases = [
        (format!(r#"{{"inline": {interpreter}}}"#), "bash"),
        (format!(r#"{{"inline": {interpreter}, "inline_shebang": "/bin/dash"}}"#), "dash"),
        (r#"{"inline": ["readlink /proc/$$/exe"], "inline_shebang": "/bin/bash -e"}"#.to_owned(), "bash"),
    ];
    for (options, shell) in cases {
        let got = provision(&remote, &in_folder(dir.path(), &options)).await;
        assert_eq!(got.result, Ok(()), "{options}");
        let exe = got.lines.last().unwrap();
        assert!(exe.ends_with(&format!("/{shell}")), "{options}: {exe}");
    }
}

/// Scripts run in order, each announced by the path as written; CRLF becomes LF unless
/// `binary`; with `skip_clean` the uploaded script stays, mode 0755, with the uploaded bytes.
#[tokio::test]
async fn scripts_line_endings_and_skip_clean() {
    let remote = Remote::start().await;
    let local = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let crlf = local.path().join("crlf.sh");
    let plain = local.path().join("plain.sh");
    std::fs::write(&crlf, "X=1\r\necho \"[$X]\"").unwrap();
    std::fs::write(&plain, "echo plain\n").unwrap();
    let scripts = format!(r#""scripts": ["{}", "{}"]"#, crlf.display(), plain.display());
    let uploaded = dir.path().join("script.sh");
    for (binary, crlf_line) in [("false", "say nb: [1]"), ("true", "say nb: ]")] {
        let options = format!(r#"{{{scripts}, "binary": {binary}, "skip_clean": true}}"#);
        let got = provision(&remote, &in_folder(dir.path(), &options)).await;
        assert_eq!(got.result, Ok(()), "{options}");
        let want = [
            format!("{SAY_SCRIPT}{}", crlf.display()),
            crlf_line.to_owned(),
            format!("{SAY_SCRIPT}{}", plain.display()),
            "say nb: plain".to_owned(),
        ];
        assert_eq!(got.lines, want, "{options}");
        assert_eq!(mode(&uploaded), 0o755);
    }
    // Only the last script's upload is left (every script shares `remote_path`); check the
    // conversion on the first one alone.
    for (binary, want) in [("false", &b"X=1\necho \"[$X]\"\n"[..]), ("true", &b"X=1\r\necho \"[$X]\""[..])] {
        let options = format!(r#"{{"script": "{}", "binary": {binary}, "skip_clean": true}}"#, crlf.display());
        assert_eq!(provision(&remote, &in_folder(dir.path(), &options)).await.result, Ok(()));
        assert_eq!(std::fs::read(&uploaded).unwrap(), want, "binary {binary}");
    }
}

/// Without `skip_clean` the script is removed after it ran; a failed script stays (Packer).
#[tokio::test]
async fn remote_script_removed_unless_failed() {
    let remote = Remote::start().await;
    let dir = tempfile::tempdir().unwrap();
    let ok = provision(&remote, &in_folder(dir.path(), r#"{"inline": ["echo hi"]}"#)).await;
    assert_eq!(ok.result, Ok(()));
    assert_eq!(names_in(dir.path()), Vec::<String>::new());
    let failed = provision(&remote, &in_folder(dir.path(), r#"{"inline": ["exit 4"]}"#)).await;
    assert!(failed.result.is_err());
    assert_eq!(names_in(dir.path()), ["script.sh"]);
}

/// `use_env_var_file`: the variables go to `<remote_folder>/varfile_<n>.sh` (mode 0600,
/// `export K='v'` lines, quotes escaped) which the default command sources.
#[tokio::test]
async fn env_var_file() {
    let remote = Remote::start().await;
    let dir = tempfile::tempdir().unwrap();
    let options = r#"{"inline": ["echo \"$FOO|$PACKER_BUILD_NAME\""], "environment_vars": ["FOO=it's"], "use_env_var_file": true}"#;
    let got = provision(&remote, &in_folder(dir.path(), options)).await;
    assert_eq!(got.result, Ok(()));
    assert_eq!(got.lines, [format!("{SAY_SCRIPT}TMP"), "say nb: it's|nb".to_owned()]);
    assert_eq!(names_in(dir.path()), Vec::<String>::new(), "var file and script removed");

    let keep =
        r#"{"inline": ["true"], "environment_vars": ["FOO=it's"], "use_env_var_file": true, "skip_clean": true}"#;
    assert_eq!(provision(&remote, &in_folder(dir.path(), keep)).await.result, Ok(()));
    let names = names_in(dir.path());
    let var_file = names.iter().find(|n| n.starts_with("varfile_") && n.ends_with(".sh")).expect("var file kept");
    let var_path = dir.path().join(var_file);
    assert_eq!(mode(&var_path), 0o600);
    assert_eq!(
        std::fs::read_to_string(&var_path).unwrap(),
        "export FOO='it'\"'\"'s'\nexport PACKER_BUILDER_TYPE='null'\nexport PACKER_BUILD_NAME='nb'\n"
    );
}

/// Kills the sshd process serving the script's connection, so the command ends without an
/// exit status (as a reboot does).
const DROP_CONNECTION: &str = r#"p=$$; while [ "$(cut -c1-4 /proc/$p/comm)" != sshd ]; do p=$(awk '{print $4}' /proc/$p/stat); done; echo before; sleep 0.2; kill -9 $p"#;

/// A dropped connection fails the script unless `expect_disconnect`; listing 2300218 in
/// `valid_exit_codes` does not help (Packer checks the disconnect first). Verified with packer
/// 1.6.6 (`kill -9 $PPID` in an inline script).
#[tokio::test]
async fn expect_disconnect() {
    let disconnected = "Script disconnected unexpectedly. If you expected your script to disconnect, i.e. from a \
                        restart, you can try adding `\"expect_disconnect\": true` or `\"valid_exit_codes\": [0, \
                        2300218]` to the shell provisioner parameters.";
    let cases = [
        (r#""skip_clean": true"#, Err(disconnected)),
        (r#""skip_clean": true, "valid_exit_codes": [0, 2300218]"#, Err(disconnected)),
        (r#""skip_clean": true, "expect_disconnect": true"#, Ok(())),
    ];
    for (extra, want) in cases {
        // Each case drops its connection, so each gets its own server.
        let remote = Remote::start().await;
        let dir = tempfile::tempdir().unwrap();
        let options = format!(r#"{{"inline": [{}], {extra}}}"#, serde_json::to_string(DROP_CONNECTION).unwrap());
        let got = provision(&remote, &in_folder(dir.path(), &options)).await;
        assert_eq!(got.result, want.map_err(str::to_owned), "{extra}");
        assert_eq!(got.lines, [format!("{SAY_SCRIPT}TMP"), "say nb: before".to_owned()], "{extra}");
        assert!(remote.session.is_closed(), "{extra}\nsshd log:\n{}", remote.sshd.log());
    }
}

/// `start_retry_timeout`: upload, chmod and start are retried every 2 s until the timeout has
/// passed, then the last error stands; a later success ends the loop.
#[tokio::test]
async fn start_retry_timeout() {
    let remote = Remote::start().await;
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("later");

    let started = Instant::now();
    let options = in_folder(&missing, r#"{"inline": ["echo hi"], "start_retry_timeout": "3s"}"#);
    let got = provision(&remote, &options).await;
    let elapsed = started.elapsed();
    let err = got.result.unwrap_err();
    assert!(err.starts_with("Error uploading script: "), "{err}");
    // Tries at 0, 2 and 4 s.
    assert!(elapsed >= Duration::from_secs(4) && elapsed < Duration::from_secs(10), "{elapsed:?}");

    let create = missing.clone();
    let creator = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        std::fs::create_dir(create).unwrap();
    });
    let started = Instant::now();
    let options = in_folder(&missing, r#"{"inline": ["echo hi"], "start_retry_timeout": "30s"}"#);
    let got = provision(&remote, &options).await;
    creator.await.unwrap();
    assert_eq!(got.result, Ok(()));
    assert_eq!(got.lines, [format!("{SAY_SCRIPT}TMP"), "say nb: hi".to_owned()]);
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(2) && elapsed < Duration::from_secs(10), "{elapsed:?}");
}

/// With `communicator = "none"` every upload fails, so the loop runs out its time (verified
/// with packer 1.6.6, which waits the default 5 minutes).
#[tokio::test]
async fn none_communicator_retries_then_fails() {
    let prepared =
        prepare_text(r#"{"inline": ["true"], "start_retry_timeout": "1s"}"#, ShellProvisioner::prepare_config).unwrap();
    let sink = RecordingSink::new();
    let ctx = context(Arc::new(NoneCommunicator), &sink, Cancellation::new());
    let got = prepared.provision(&ctx).await.map_err(|e| e.to_string());
    let got = scrubbed(got, sink.ui_lines());
    assert_eq!(got.result, Err("Error uploading script: Upload is not implemented when communicator = 'none'".into()));
    assert_eq!(got.lines, [format!("{SAY_SCRIPT}TMP")]);
}

/// A cancellation in the middle of a long command returns at once; the local temp script and
/// the remote script are gone.
#[tokio::test]
async fn cancel_during_a_long_command() {
    let remote = Remote::start().await;
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("pid");
    let options = format!(r#"{{"inline": ["echo $$ > {}", "echo started", "exec sleep 60"]}}"#, pid_file.display());
    let prepared = prepare_text(&in_folder(dir.path(), &options), ShellProvisioner::prepare_config).unwrap();
    let sink = RecordingSink::new();
    let cancel = Cancellation::new();
    let watcher = {
        let (sink, cancel) = (Arc::clone(&sink), cancel.clone());
        tokio::spawn(async move {
            while !sink.ui_lines().iter().any(|l| l == "say nb: started") {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            cancel.cancel();
            Instant::now()
        })
    };
    let result = prepared.provision(&remote.context(&sink, cancel)).await.map_err(|e| e.to_string());
    let returned = Instant::now();
    let cancelled_at = watcher.await.unwrap();
    let got = scrubbed(result, sink.ui_lines());
    assert_eq!(got.result, Err("context canceled".to_owned()));
    assert_eq!(got.lines, [format!("{SAY_SCRIPT}TMP"), "say nb: started".to_owned()]);
    assert!(returned - cancelled_at < Duration::from_secs(2), "took {:?}", returned - cancelled_at);
    assert_eq!(names_in(dir.path()), ["pid"], "remote script removed");
    // The remote command keeps running after its channel is dropped, as in Packer; stop it.
    let pid = std::fs::read_to_string(&pid_file).unwrap().trim().to_owned();
    let status = std::process::Command::new("kill").arg(&pid).status().unwrap();
    assert!(status.success(), "remote sleep {pid} was still running");
}

/// `pause_after`: said, then waited.
#[tokio::test]
async fn pause_after() {
    let remote = Remote::start().await;
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let got = provision(&remote, &in_folder(dir.path(), r#"{"inline": ["true"], "pause_after": "1s"}"#)).await;
    assert_eq!(got.result, Ok(()));
    assert_eq!(got.lines, [format!("{SAY_SCRIPT}TMP"), "say nb: Pausing 1s after this provisioner...".to_owned()]);
    assert!(started.elapsed() >= Duration::from_secs(1));
}

/// Errors before anything runs remotely.
#[tokio::test]
async fn local_errors() {
    let remote = Remote::start().await;
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("gone.sh");
    std::fs::write(&script, "true\n").unwrap();
    let options = format!(r#"{{"script": "{}"}}"#, script.display());
    let prepared = prepare_text(&in_folder(dir.path(), &options), ShellProvisioner::prepare_config).unwrap();
    std::fs::remove_file(&script).unwrap();
    let sink = RecordingSink::new();
    let got = prepared.provision(&remote.context(&sink, Cancellation::new())).await.map_err(|e| e.to_string());
    assert_eq!(got, Err(format!("Error opening shell script: open {}: no such file or directory", script.display())));

    let cases = [
        (r#"{"inline": ["echo {{ build `Nope` }}"]}"#, "Error interpolating Inline: "),
        (r#"{"inline": ["true"], "execute_command": "{{.Path"}"#, "Error processing command: "),
    ];
    for (options, prefix) in cases {
        let got = provision(&remote, &in_folder(dir.path(), options)).await;
        let err = got.result.unwrap_err();
        assert!(err.starts_with(prefix), "{options}: {err}");
    }
    assert!(!dir.path().join("script.sh").exists());
}
