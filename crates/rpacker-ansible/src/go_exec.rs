//! How Go's `os/exec` finds and starts a program and words its failures — the texts Packer
//! shows when `ansible-playbook` or `ansible-galaxy` cannot run or fails.

use std::path::Path;

/// Go's `exec.Command(name)`: a name without `/` is looked up in `PATH`.
///
/// # Errors
/// `exec: "<name>": executable file not found in $PATH`.
pub(crate) fn resolve_program(command: &str) -> Result<String, String> {
    if command.contains('/') {
        return Ok(command.to_owned());
    }
    look_path(command).ok_or_else(|| format!("exec: {command:?}: executable file not found in $PATH"))
}

/// Go's text for a program that could not be started: `fork/exec <path>: <reason>`.
pub(crate) fn spawn_error_text(program: &str, error: &std::io::Error) -> String {
    format!("fork/exec {program}: {}", rpacker_sdk::communicator::go_errno_text(error))
}

/// Go's `ProcessState.String()` for a finished run, from rpacker's exit code (-1: a signal).
pub(crate) fn exit_code_text(code: i64) -> String {
    if code < 0 {
        "signal: killed".to_owned()
    } else {
        format!("exit status {code}")
    }
}

/// Go's `ProcessState.String()` for a failed run.
pub(crate) fn exit_text(status: &std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("signal: {}", signal_name(signal));
        }
    }
    format!("exit status {}", status.code().unwrap_or(-1))
}

#[cfg(unix)]
fn signal_name(signal: i32) -> String {
    match signal {
        1 => "hangup".to_owned(),
        2 => "interrupt".to_owned(),
        6 => "aborted".to_owned(),
        9 => "killed".to_owned(),
        11 => "segmentation fault".to_owned(),
        13 => "broken pipe".to_owned(),
        15 => "terminated".to_owned(),
        n => format!("signal {n}"),
    }
}

/// Go's `exec.LookPath`: the first executable regular file named `name` in `PATH`.
fn look_path(name: &str) -> Option<String> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        let dir = if dir.as_os_str().is_empty() { Path::new(".").to_path_buf() } else { dir };
        let candidate = dir.join(name);
        is_executable(&candidate).then(|| candidate.to_string_lossy().into_owned())
    })
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else { return false };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        !meta.is_dir() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}
