//! `Sshd`: a real OpenSSH server on 127.0.0.1 for one test, with its own host key, user key,
//! `authorized_keys` and config in a temporary folder. It runs in the foreground (`sshd -D`) as
//! a child of the test, so it is stopped by PID (kill + wait) when the value is dropped.

use std::fs;
use std::io::Read as _;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::install::{ensure_openssh_server, SSHD};
use crate::keygen::ed25519_key_pair;
use crate::ports::free_port;
use crate::sshd_config::sshd_config;

/// How long sshd may take to answer with its banner.
const READY_TIMEOUT: Duration = Duration::from_secs(15);
/// Free ports are picked by binding port 0 and releasing it, so another process can take the
/// port in between; starting again on a new port fixes that.
const START_ATTEMPTS: usize = 5;

/// A running private sshd. Log in as [`Sshd::user`] with the key at
/// [`Sshd::private_key_path`] on `127.0.0.1:`[`Sshd::port`].
#[derive(Debug)]
pub struct Sshd {
    child: Child,
    port: u16,
    user: String,
    dir: TempDir,
}

impl Sshd {
    /// Starts an sshd that accepts the fixture's key for the current user.
    ///
    /// # Panics
    /// When sshd cannot be installed or started (the message carries sshd's log).
    #[must_use]
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Like [`Sshd::start`], with extra `sshd_config` lines placed before the fixture's own
    /// (sshd keeps the first value it reads, so these win: e.g. `PasswordAuthentication yes`).
    ///
    /// # Panics
    /// When sshd cannot be installed or started.
    #[must_use]
    pub fn start_with(extra_config: &[&str]) -> Self {
        ensure_openssh_server();
        let dir = tempfile::Builder::new().prefix("rpacker-sshd-").tempdir().expect("temporary folder for sshd");
        let path = dir.path();
        ed25519_key_pair(&path.join("ssh_host_ed25519_key"), "rpacker-testkit-host");
        ed25519_key_pair(&path.join("id_ed25519"), "rpacker-testkit");
        fs::copy(path.join("id_ed25519.pub"), path.join("authorized_keys")).expect("write authorized_keys");
        // A clean HOME: the machine's ~/.bashrc may run slow init for every `ssh host cmd`.
        fs::create_dir_all(path.join("home")).expect("create home folder");
        fs::write(path.join("home/.bashrc"), "# rpacker-testkit: minimal bashrc\n").expect("write .bashrc");
        // sshd's privilege-separation folder; a fresh container lacks it.
        fs::create_dir_all("/run/sshd").expect("create /run/sshd");
        let user = current_user();

        let mut failures = Vec::new();
        for _ in 0..START_ATTEMPTS {
            let port = free_port();
            let config = path.join("sshd_config");
            fs::write(&config, sshd_config(path, port, &user, extra_config)).expect("write sshd_config");
            let mut child = Command::new(SSHD)
                .arg("-D")
                .arg("-f")
                .arg(&config)
                .arg("-E")
                .arg(path.join("sshd.log"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("rpacker-testkit: cannot run {SSHD}: {e}"));
            match wait_ready(&mut child, port) {
                Ok(()) => return Self { child, port, user, dir },
                Err(reason) => {
                    stop(&mut child);
                    let log = fs::read_to_string(path.join("sshd.log")).unwrap_or_default();
                    failures.push(format!("port {port}: {reason}\n{log}"));
                }
            }
        }
        panic!("rpacker-testkit: sshd did not start:\n{}", failures.join("\n"));
    }

    /// The port sshd listens on (127.0.0.1 only).
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The user that may log in (the user running the tests).
    #[must_use]
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The OpenSSH-format private key that `authorized_keys` accepts.
    #[must_use]
    pub fn private_key_path(&self) -> PathBuf {
        self.dir.path().join("id_ed25519")
    }

    /// The text of [`Sshd::private_key_path`].
    ///
    /// # Panics
    /// When the key file cannot be read.
    #[must_use]
    pub fn private_key_pem(&self) -> String {
        fs::read_to_string(self.private_key_path()).expect("read the fixture's private key")
    }

    /// The fixture's folder: keys, `sshd_config`, `authorized_keys`, `sshd.log`, `home/`.
    #[must_use]
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Appends a public key line (`ssh-ed25519 AAAA… comment`) to `authorized_keys`; sshd reads
    /// the file on every login, so it applies at once.
    ///
    /// # Panics
    /// When the file cannot be written.
    pub fn authorize_key(&self, public_key_line: &str) {
        let path = self.dir.path().join("authorized_keys");
        let mut keys = fs::read_to_string(&path).expect("read authorized_keys");
        keys.push_str(public_key_line.trim_end());
        keys.push('\n');
        fs::write(&path, keys).expect("write authorized_keys");
    }

    /// sshd's log so far (for assertion messages).
    #[must_use]
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("sshd.log")).unwrap_or_default()
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// Ready means sshd sent its `SSH-2.0-` banner on the port; an exit before that is a failure.
fn wait_ready(child: &mut Child, port: u16) -> Result<(), String> {
    let deadline = Instant::now() + READY_TIMEOUT;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Err(format!("sshd exited with {status}"));
        }
        if let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) {
            stream.set_read_timeout(Some(Duration::from_secs(2))).map_err(|e| e.to_string())?;
            let mut banner = [0u8; 8];
            if stream.read_exact(&mut banner).is_ok() && banner.starts_with(b"SSH-2.0-") {
                return Ok(());
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("no SSH banner within {READY_TIMEOUT:?}"))
}

/// Stops sshd by its PID and reaps it.
fn stop(child: &mut Child) {
    // An error means it already exited; wait reaps it either way.
    let _ = child.kill();
    let _ = child.wait();
}

fn current_user() -> String {
    let output = Command::new("id").arg("-un").output().expect("run `id -un`");
    assert!(output.status.success(), "`id -un` failed");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn ssh(sshd: &Sshd, command: &str) -> std::process::Output {
        Command::new("ssh")
            .args(["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"])
            .args(["-o", "LogLevel=ERROR", "-p", &sshd.port().to_string(), "-i"])
            .arg(sshd.private_key_path())
            .arg(format!("{}@127.0.0.1", sshd.user()))
            .arg(command)
            .output()
            .expect("run ssh")
    }

    #[test]
    fn openssh_client_logs_in_and_drop_stops_the_server() {
        let sshd = Sshd::start();
        let out = ssh(&sshd, "echo hello; echo $HOME");
        assert!(out.status.success(), "{}\n{}", String::from_utf8_lossy(&out.stderr), sshd.log());
        let home = sshd.dir().join("home");
        assert_eq!(String::from_utf8_lossy(&out.stdout), format!("hello\n{}\n", home.display()));
        assert!(sshd.private_key_pem().starts_with("-----BEGIN OPENSSH PRIVATE KEY-----"));

        let pid = sshd.child.id();
        let (port, dir) = (sshd.port(), sshd.dir().to_path_buf());
        drop(sshd);
        assert!(!Path::new(&format!("/proc/{pid}")).exists(), "sshd {pid} still running");
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "port {port} still open");
        assert!(!dir.exists(), "{} not removed", dir.display());
    }

    #[test]
    fn two_servers_run_side_by_side() {
        let (a, b) = (Sshd::start(), Sshd::start());
        assert_ne!(a.port(), b.port());
        assert!(ssh(&b, "true").status.success(), "{}", b.log());
        // a's key is not authorized on b.
        let mut cross = Command::new("ssh");
        cross
            .args(["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"])
            .args(["-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-p", &b.port().to_string(), "-i"])
            .arg(a.private_key_path())
            .arg(format!("{}@127.0.0.1", b.user()))
            .arg("true");
        assert!(!cross.output().expect("run ssh").status.success());
    }
}
