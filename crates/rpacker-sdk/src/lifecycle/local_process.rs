//! Running a program on the host the way Packer's plugins show a remote command: each output
//! line, cleaned by the same rules as remote output ([`OutputLines`]), goes to a callback as it
//! arrives. The process is killed when the run is cancelled, so Ctrl-C never leaves it running
//! behind. Shared by shell-local (stdout as messages, stderr as errors) and ansible (every
//! line said, extra environment, its own process group for ansible's worker processes).

use std::process::Stdio;

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::{Child, Command};

use super::cancellation::{Cancellation, ContextError};
use super::output_lines::{OutputLines, OutputStream};
use super::targeted_sink::TargetedSink;

/// How a local command ended without finishing normally.
#[derive(Debug)]
pub enum LocalRunError {
    /// The program could not be started.
    Spawn(std::io::Error),
    /// The run was cancelled; the process was killed.
    Cancelled(ContextError),
}

/// A program to run on the host: no shell, stdin closed.
#[derive(Debug, Clone, Copy)]
pub struct LocalCommand<'a> {
    /// The program and its arguments.
    pub argv: &'a [String],
    /// `KEY=value` entries added to rpacker's own environment, later ones winning (Go's
    /// `cmd.Env = append(os.Environ(), …)`); entries without `=` are skipped.
    pub env: &'a [String],
    /// Start it in a process group of its own and kill the whole group on cancel: for programs
    /// that start helpers of their own (ansible's workers and `ssh` clients).
    pub own_process_group: bool,
}

impl<'a> LocalCommand<'a> {
    /// `argv` with rpacker's environment, in rpacker's process group.
    #[must_use]
    pub fn new(argv: &'a [String]) -> Self {
        Self { argv, env: &[], own_process_group: false }
    }
}

/// Runs `argv[0]` with `argv[1..]` (no shell), stdin closed, stdout lines as `ui.Message`,
/// stderr lines as `ui.Error`, and returns Packer's exit status: the code, or -1 when a signal
/// ended it.
///
/// # Errors
/// The program could not start, or `cancel` fired (the process was killed).
pub async fn run_with_ui(argv: &[String], ui: &TargetedSink, cancel: &Cancellation) -> Result<i64, LocalRunError> {
    run_local(LocalCommand::new(argv), cancel, |stream, line| match stream {
        OutputStream::Stdout => ui.message(line),
        OutputStream::Stderr => ui.error(line),
    })
    .await
}

/// Runs `command`, handing each output line to `on_line` as it arrives, and returns the exit
/// status: the code, or -1 when a signal ended it.
///
/// # Errors
/// The program could not start, or `cancel` fired (the process — or its group — was killed).
pub async fn run_local(
    command: LocalCommand<'_>,
    cancel: &Cancellation,
    on_line: impl Fn(OutputStream, &str),
) -> Result<i64, LocalRunError> {
    let (program, args) =
        command.argv.split_first().ok_or_else(|| LocalRunError::Spawn(std::io::ErrorKind::NotFound.into()))?;
    let mut process = Command::new(program);
    process.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true);
    for entry in command.env {
        if let Some((key, value)) = entry.split_once('=') {
            process.env(key, value);
        }
    }
    #[cfg(unix)]
    if command.own_process_group {
        process.process_group(0);
    }
    let mut child = process.spawn().map_err(LocalRunError::Spawn)?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let streams = async {
        tokio::join!(
            stream_lines(stdout, |l| on_line(OutputStream::Stdout, l)),
            stream_lines(stderr, |l| on_line(OutputStream::Stderr, l))
        );
        child.wait().await
    };
    let finished = tokio::select! {
        status = streams => Some(status),
        () = cancel.cancelled() => None,
    };
    match finished {
        Some(status) => Ok(status.map_err(LocalRunError::Spawn)?.code().map_or(-1, i64::from)),
        None => {
            if command.own_process_group {
                kill_group(&child);
            }
            // Kill and reap now rather than leaving it to `kill_on_drop`'s background reaping.
            let _ = child.kill().await;
            Err(LocalRunError::Cancelled(cancel.err().unwrap_or(ContextError::Canceled)))
        }
    }
}

/// Kills the process group the child leads (its helpers too).
fn kill_group(child: &Child) {
    #[cfg(unix)]
    if let Some(pid) = child.id().and_then(|id| i32::try_from(id).ok()).and_then(rustix::process::Pid::from_raw) {
        // Gone already is fine: the child itself is killed and reaped next.
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
}

/// Sends each line (Packer's rules, shared with remote commands: `OutputLines`) to `emit`.
async fn stream_lines<R: AsyncRead + Unpin>(pipe: Option<R>, emit: impl Fn(&str)) {
    let Some(mut pipe) = pipe else { return };
    let mut lines = OutputLines::default();
    let mut emit = |line: &str| emit(line);
    let mut buf = [0u8; 8192];
    loop {
        match pipe.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => lines.push(&buf[..n], &mut emit),
        }
    }
    lines.finish(&mut emit);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::RecordingSink;

    fn argv(script: &str) -> Vec<String> {
        ["/bin/sh", "-c", script].map(String::from).to_vec()
    }

    /// Output rules verified with packer 1.6.6 (shell-local post-processor printing
    /// `a\rb  \n\nlast`: `b`, an empty message, `last`).
    #[tokio::test]
    async fn streams_and_reports_exit_status() {
        let cases: [(&str, &[&str], i64); 4] = [
            ("printf 'a\\rb  \\n\\nlast'", &["message t: b", "message t: ", "message t: last"], 0),
            ("echo e >&2; exit 3", &["error t: e"], 3),
            ("kill -9 $$", &[], -1),
            ("exec sh -c 'exit 137'", &[], 137),
        ];
        for (script, lines, code) in cases {
            let sink = RecordingSink::new();
            let got = run_with_ui(&argv(script), &sink.targeted("t"), &Cancellation::new()).await;
            assert_eq!(got.ok(), Some(code), "{script}");
            assert_eq!(sink.ui_lines(), lines, "{script}");
        }
    }

    #[tokio::test]
    async fn spawn_failure_and_cancellation() {
        let sink = RecordingSink::new();
        let missing = run_with_ui(&["/nonexistent/x".to_owned()], &sink.targeted("t"), &Cancellation::new()).await;
        assert!(matches!(missing, Err(LocalRunError::Spawn(_))));
        let cancel = Cancellation::new();
        let canceller = cancel.clone();
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            canceller.expire();
        });
        let started = std::time::Instant::now();
        let got = run_with_ui(&argv("sleep 30"), &sink.targeted("t"), &cancel).await;
        assert!(matches!(got, Err(LocalRunError::Cancelled(ContextError::DeadlineExceeded))));
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }

    #[tokio::test]
    async fn extra_environment_wins_over_rpackers() {
        let lines = std::sync::Mutex::new(Vec::new());
        let argv = argv("echo \"$PATH|$RPACKER_X|$RPACKER_Y\"");
        let env = ["RPACKER_X=1".to_owned(), "RPACKER_X=2=3".to_owned(), "NOEQUALS".to_owned(), "PATH=/bin".to_owned()];
        let command = LocalCommand { argv: &argv, env: &env, own_process_group: false };
        let code = run_local(command, &Cancellation::new(), |s, l| lines.lock().unwrap().push((s, l.to_owned()))).await;
        assert_eq!(code.ok(), Some(0));
        assert_eq!(lines.into_inner().unwrap(), [(OutputStream::Stdout, "/bin|2=3|".to_owned())]);
    }

    /// A cancelled run in its own group takes its helpers down too.
    #[cfg(unix)]
    #[tokio::test]
    async fn cancelling_kills_the_whole_group() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("helper.pid");
        let script = format!("sleep 30 & echo $! > {}; wait", pid_file.display());
        let argv = argv(&script);
        let cancel = Cancellation::new();
        let canceller = cancel.clone();
        let watched = pid_file.clone();
        tokio::spawn(async move {
            while !watched.exists() {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            canceller.cancel();
        });
        let command = LocalCommand { argv: &argv, env: &[], own_process_group: true };
        let got = run_local(command, &cancel, |_, _| {}).await;
        assert!(matches!(got, Err(LocalRunError::Cancelled(ContextError::Canceled))));
        let helper = std::fs::read_to_string(&pid_file).unwrap().trim().to_owned();
        // The helper is gone (or a zombie waiting for init to reap it).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            let status = std::fs::read_to_string(format!("/proc/{helper}/status")).unwrap_or_default();
            if status.is_empty() || status.contains("State:\tZ") {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "helper {helper} still running:\n{status}");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}
