//! Running a command on the host the way Packer's `RunWithUi` shows a remote one: stdout lines
//! become `ui.Message`, stderr lines `ui.Error`, each cleaned by the same rules as remote output. The process
//! is killed when the run is cancelled, so Ctrl-C never leaves a script running behind.

use std::process::Stdio;

use rpacker_sdk::lifecycle::{Cancellation, ContextError, OutputLines, TargetedSink};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Command;

/// How a local command ended without finishing normally.
#[derive(Debug)]
pub(crate) enum LocalRunError {
    /// The program could not be started.
    Spawn(std::io::Error),
    /// The run was cancelled; the process was killed.
    Cancelled(ContextError),
}

/// Runs `argv[0]` with `argv[1..]` (no shell), stdin closed, streaming its output to `ui`, and
/// returns Packer's exit status: the code, or -1 when a signal ended it.
pub(crate) async fn run_with_ui(
    argv: &[String],
    ui: &TargetedSink,
    cancel: &Cancellation,
) -> Result<i64, LocalRunError> {
    let (program, args) =
        argv.split_first().ok_or_else(|| LocalRunError::Spawn(std::io::ErrorKind::NotFound.into()))?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(LocalRunError::Spawn)?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let streams = async {
        tokio::join!(stream_lines(stdout, |l| ui.message(l)), stream_lines(stderr, |l| ui.error(l)));
        child.wait().await
    };
    let finished = tokio::select! {
        status = streams => Some(status),
        () = cancel.cancelled() => None,
    };
    match finished {
        Some(status) => Ok(status.map_err(LocalRunError::Spawn)?.code().map_or(-1, i64::from)),
        None => {
            // Kill and reap now rather than leaving it to `kill_on_drop`'s background reaping.
            let _ = child.kill().await;
            Err(LocalRunError::Cancelled(cancel.err().unwrap_or(ContextError::Canceled)))
        }
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
    use rpacker_sdk::lifecycle::RecordingSink;

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
}
