//! Running the built `rpacker` binary the way a user (or CI job) would, and normalising its
//! output for snapshots.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What a run printed and returned.
#[derive(Debug)]
pub struct Output {
    /// The exit code.
    pub code: i32,
    /// Everything on stdout.
    pub stdout: String,
    /// Everything on stderr.
    pub stderr: String,
}

impl Output {
    /// A transcript for snapshots: exit code, stdout, stderr, with run-specific values filtered.
    pub fn transcript(&self) -> String {
        format!("exit: {}\n--- stdout\n{}--- stderr\n{}", self.code, filter(&self.stdout), filter(&self.stderr))
    }
}

/// Path of the binary under test.
pub fn rpacker_bin() -> &'static str {
    env!("CARGO_BIN_EXE_rpacker")
}

/// Runs `rpacker args…` in `dir` with a clean, offline environment (as the oracle ran Packer).
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    run_with_env(dir, args, &[])
}

/// `rpacker args…` in `dir` with a clean, offline environment plus `env`, not started yet.
pub fn command_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let home = std::env::temp_dir().join("rpacker-test-home");
    let _ = std::fs::create_dir_all(&home);
    let mut command = Command::new(rpacker_bin());
    command
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("CHECKPOINT_DISABLE", "1")
        .env("AWS_ACCESS_KEY_ID", "x")
        .env("AWS_SECRET_ACCESS_KEY", "x")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .envs(env.iter().copied())
        .stdin(Stdio::null());
    command
}

/// Like [`run_in`], with extra environment variables.
pub fn run_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let out = command_in(dir, args, env).output().expect("the rpacker binary runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// What an interrupted run printed and returned.
#[derive(Debug)]
pub struct Interrupted {
    /// Everything on stdout, before and after the signal.
    pub stdout: String,
    /// The exit code.
    pub code: Option<i32>,
    /// From the signal to the exit.
    pub took: std::time::Duration,
}

/// Starts `rpacker args…` in `dir`, waits until stdout contains `marker`, sends SIGINT (what
/// Ctrl-C sends) and waits for the exit.
pub fn interrupt_when(dir: &Path, args: &[&str], marker: &str) -> Interrupted {
    use std::io::Read;
    use std::time::{Duration, Instant};
    let mut child = command_in(dir, args, &[]).stdout(Stdio::piped()).spawn().expect("rpacker starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut seen = String::new();
    let started = Instant::now();
    while !seen.contains(marker) {
        let mut buf = [0u8; 4096];
        let n = stdout.read(&mut buf).expect("read stdout");
        assert!(n > 0 && started.elapsed() < Duration::from_secs(30), "never printed {marker:?}: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    let signalled = Instant::now();
    let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    stdout.read_to_string(&mut seen).expect("read the rest");
    let code = child.wait().expect("rpacker exits").code();
    Interrupted { stdout: seen, code, took: signalled.elapsed() }
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/corpus`, which CI has beside the repository; missing is a failure, not a skip.
pub fn corpus_dir() -> PathBuf {
    let dir = repo_root().join("../shared/corpus");
    assert!(
        dir.join("oracle.csv").is_file(),
        "the shared corpus is missing at {} (CI and developers have ../shared beside the repo)",
        dir.display()
    );
    dir
}

/// Replaces values that change between runs: the version line and machine-readable timestamps.
fn filter(text: &str) -> String {
    text.lines()
        .map(|line| {
            let line = match line.split_once(',') {
                Some((ts, rest)) if ts.len() >= 9 && ts.bytes().all(|b| b.is_ascii_digit()) => format!("[TS],{rest}"),
                _ => line.to_owned(),
            };
            line.replace(rpacker_core::RPACKER_VERSION, "[RPACKER_VERSION]")
        })
        .map(|l| l + "\n")
        .collect()
}
