//! Uploads one local file over SFTP with rpacker's SSH library, for `scripts/bench.sh` to time
//! against OpenSSH's `scp` on the same sshd.
//!
//! ```text
//! upload_bench HOST PORT USER KEY_FILE LOCAL_FILE REMOTE_PATH
//! ```
//!
//! It connects with [`rpacker_ssh::connect`] (as a build does), uploads with
//! [`rpacker_ssh::SshSession::upload_file`] and disconnects, so the time measured from outside
//! covers the same work as `scp`: process start, handshake, login, transfer, close. It prints
//! the upload's own elapsed time and throughput on stdout.

// An example is a binary, not a library: reporting on stdout/stderr is its job.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use rpacker_sdk::Sensitive;
use rpacker_ssh::{connect, CancellationToken, SshTarget};

const USAGE: &str = "usage: upload_bench HOST PORT USER KEY_FILE LOCAL_FILE REMOTE_PATH";

struct Args {
    host: String,
    port: u16,
    user: String,
    key_file: PathBuf,
    local: PathBuf,
    remote: String,
}

fn parse_args() -> Result<Args, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [host, port, user, key_file, local, remote] = args.as_slice() else {
        return Err(USAGE.to_owned());
    };
    Ok(Args {
        host: host.clone(),
        port: port.parse().map_err(|e| format!("port {port:?}: {e}"))?,
        user: user.clone(),
        key_file: PathBuf::from(key_file),
        local: PathBuf::from(local),
        remote: remote.clone(),
    })
}

async fn upload(args: &Args) -> Result<(u64, Duration), String> {
    let key = std::fs::read_to_string(&args.key_file).map_err(|e| format!("{}: {e}", args.key_file.display()))?;
    let mut target = SshTarget::new(args.host.clone(), args.port, args.user.clone());
    target.auth.private_keys = vec![Sensitive::new(key)];
    target.timeout = Some(Duration::from_secs(30));
    let session = connect(&target, &CancellationToken::new()).await.map_err(|e| format!("connect: {e}"))?;
    let size = std::fs::metadata(&args.local).map_err(|e| format!("{}: {e}", args.local.display()))?.len();
    let started = Instant::now();
    session.upload_file(&args.local, &args.remote).await.map_err(|e| format!("upload: {e}"))?;
    let elapsed = started.elapsed();
    session.close().await.map_err(|e| format!("close: {e}"))?;
    Ok((size, elapsed))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    // The runtime `rpacker build` uses (crates/rpacker-cli/commands/build.rs).
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(upload(&args)) {
        Ok((size, elapsed)) => {
            #[allow(clippy::cast_precision_loss)] // file sizes far below 2^52 bytes
            let mib = size as f64 / f64::from(1 << 20);
            println!("{mib:.1} MiB in {:.3} s: {:.1} MiB/s", elapsed.as_secs_f64(), mib / elapsed.as_secs_f64());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("upload_bench: {message}");
            ExitCode::FAILURE
        }
    }
}
