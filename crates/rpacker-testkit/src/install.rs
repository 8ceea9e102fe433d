//! Makes sure the tools tests need are present (the OpenSSH server, the reference `packer`,
//! `ansible-playbook`), installing Debian's packages with `apt-get` (ansible-core with pip)
//! when they are not — the project's machines start without it, and a test that
//! needs sshd must not be skipped.

use std::path::{Path, PathBuf};
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

/// The `ansible-core` release series tests install (the current one for Python ≥ 3.11).
const ANSIBLE_CORE: &str = "ansible-core>=2.19,<2.20";

/// A real `ansible-playbook` for tests: the one on `PATH` if it runs, else one installed from
/// PyPI (`ansible-core`) into a virtualenv `ansible-venv` in the target folder — once; later
/// calls (and test processes) find it there. `ansible-galaxy` sits next to the returned path.
///
/// # Panics
/// When neither is usable and the install fails (the reason and pip's output are in the
/// message): a test that needs ansible is never skipped.
#[must_use]
pub fn ensure_ansible() -> PathBuf {
    let _guard = INSTALL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if runs(Path::new("ansible-playbook")) {
        if let Some(found) = on_path("ansible-playbook") {
            return found;
        }
    }
    let venv = target_dir().join("ansible-venv");
    let playbook = venv.join("bin/ansible-playbook");
    if runs(&playbook) {
        return playbook;
    }
    // Another test process may be installing: the lock folder is made atomically.
    let lock = target_dir().join("ansible-venv.lock");
    let _lock = DirLock::acquire(&lock);
    if runs(&playbook) {
        return playbook;
    }
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let create = run_logged(Command::new(&python).args(["-m", "venv", "--clear"]).arg(&venv));
    let install = run_logged(Command::new(venv.join("bin/python")).args([
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        ANSIBLE_CORE,
    ]));
    assert!(
        runs(&playbook),
        "rpacker-testkit: ansible-playbook is not on PATH and installing {ANSIBLE_CORE} into {} failed.\n\
         venv: {create}\npip: {install}",
        venv.display()
    );
    playbook
}

/// Whether `program --version` runs and succeeds.
fn runs(program: &Path) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(name)).find(|p| p.is_file())
}

/// The cargo target folder tests are built in.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

fn run_logged(command: &mut Command) -> String {
    match command.output() {
        Ok(output) => describe(&output),
        Err(e) => format!("could not run {command:?}: {e}"),
    }
}

/// A folder used as a lock between processes, removed on drop; a lock older than the longest
/// install is taken over (its owner died).
struct DirLock(PathBuf);

impl DirLock {
    fn acquire(path: &Path) -> Self {
        let stale = std::time::Duration::from_secs(900);
        loop {
            match std::fs::create_dir(path) {
                Ok(()) => return Self(path.to_path_buf()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = std::fs::metadata(path).and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
                    if age.is_some_and(|a| a > stale) {
                        let _ = std::fs::remove_dir(path);
                    }
                    std::thread::sleep(std::time::Duration::from_millis(500));
                }
                Err(e) => panic!("rpacker-testkit: cannot create the lock {}: {e}", path.display()),
            }
        }
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.0);
    }
}
