//! `use_linux_pathing`: script paths rewritten for the Windows Subsystem for Linux
//! (`C:\s\x.sh` → `/mnt/c/s/x.sh`), as Packer's `ConvertToLinuxPath` does. On a Unix host
//! absolute paths have no drive, so Packer fails with its "error splitting" text — reproduced.

use std::path::{Component, Path, PathBuf};

/// The WSL form of `script` (made absolute first, as Go's `filepath.Abs`).
///
/// # Errors
/// Packer's text when the absolute path has no `<drive>:/`.
pub(crate) fn to_linux_path(script: &str) -> Result<String, String> {
    let absolute = go_abs(script).map_err(|e| format!("Error converting {script} to absolute path: {e}"))?;
    let forward = absolute.replace('\\', "/");
    match forward.split_once(":/") {
        Some((drive, rest)) => Ok(format!("/mnt/{}/{rest}", drive.to_lowercase())),
        None => Err(format!(
            "There was an error splitting your absolute path; expected to find a drive following the format ':/' but did not: absolute path: {forward}"
        )),
    }
}

/// Go's `filepath.Abs`: joined with the current directory, then cleaned lexically.
pub(crate) fn go_abs(path: &str) -> Result<String, String> {
    let joined = if Path::new(path).is_absolute() {
        PathBuf::from(path)
    } else {
        std::env::current_dir().map_err(|e| e.to_string())?.join(path)
    };
    let mut clean = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    Ok(clean.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Unix text verified with packer 1.6.6 (`use_linux_pathing` + `script` on Linux).
    #[test]
    fn converts_like_packer() {
        assert_eq!(
            to_linux_path("/tmp/pe/./x/../s.sh"),
            Err("There was an error splitting your absolute path; expected to find a drive following the format ':/' but did not: absolute path: /tmp/pe/s.sh".to_owned())
        );
        assert_eq!(to_linux_path("/x/C:/Users/s.sh"), Ok("/mnt//x/c/Users/s.sh".to_owned()));
    }
}
