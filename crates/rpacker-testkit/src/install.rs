//! Makes sure the tools tests need are present (the OpenSSH server, the reference `packer`),
//! installing Debian's packages with `apt-get` when they are not — the project's machines start without it, and a test that
//! needs sshd must not be skipped.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Mutex;

/// The OpenSSH server binary.
pub(crate) const SSHD: &str = "/usr/sbin/sshd";
/// The SFTP subsystem binary shipped with it.
pub(crate) const SFTP_SERVER: &str = "/usr/lib/openssh/sftp-server";

/// Serialises installs between test threads of one process; apt's own lock (waited on below)
/// covers other processes.
static INSTALL: Mutex<()> = Mutex::new(());

/// Installs `openssh-server` unless `sshd`, `sftp-server` and `ssh-keygen` are all present.
///
/// # Panics
/// When `apt-get` cannot install it (the reason and apt's output are in the message).
pub(crate) fn ensure_openssh_server() {
    ensure_debian_package("openssh-server", &[SSHD, SFTP_SERVER, "/usr/bin/ssh-keygen"]);
}

/// Installs Debian's `package` unless every path in `provides` exists (idempotent).
///
/// # Panics
/// When `apt-get` cannot install it (the reason and apt's output are in the message).
pub fn ensure_debian_package(package: &str, provides: &[&str]) {
    let _guard = INSTALL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let installed = || provides.iter().all(|p| Path::new(p).exists());
    if installed() {
        return;
    }
    // A fresh machine may have no package lists yet, so a failed install is retried after an update.
    let first = apt_get(package, &["install", "-y", "-q", package]);
    if first.status.success() && installed() {
        return;
    }
    let update = apt_get(package, &["update", "-q"]);
    let second = apt_get(package, &["install", "-y", "-q", package]);
    assert!(
        second.status.success() && installed(),
        "rpacker-testkit: {provides:?} missing and `apt-get install {package}` failed.\n\
         first install: {}\nupdate: {}\nsecond install: {}",
        describe(&first),
        describe(&update),
        describe(&second),
    );
}

fn apt_get(package: &str, args: &[&str]) -> Output {
    Command::new("apt-get")
        // Wait for another process's apt run (another test binary installing too).
        .args(["-o", "DPkg::Lock::Timeout=600"])
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .output()
        .unwrap_or_else(|e| panic!("rpacker-testkit: {package} is missing and apt-get could not be run: {e}"))
}

fn describe(output: &Output) -> String {
    format!(
        "{}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
