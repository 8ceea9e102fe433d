//! Local file checks the way Packer's Go code words them: `~` expansion (`pathing.ExpandUser`)
//! and `os.Stat`/`os.Open` failures as Go's `*PathError` prints them
//! (`stat <path>: no such file or directory`). Plugins check scripts, sources, playbooks and
//! keys with these so their messages match Packer's. Paths are relative to the current
//! directory, as Packer's are.

use std::io;
use std::path::Path;

/// Go's text for an OS error (the `syscall.Errno` strings, lower-case, no "(os error N)").
#[must_use]
pub fn go_errno_text(error: &io::Error) -> String {
    let known = match error.raw_os_error() {
        Some(1) => Some("operation not permitted"),
        Some(2) => Some("no such file or directory"),
        Some(5) => Some("input/output error"),
        Some(13) => Some("permission denied"),
        Some(20) => Some("not a directory"),
        Some(21) => Some("is a directory"),
        Some(36) => Some("file name too long"),
        Some(40) => Some("too many levels of symbolic links"),
        _ => None,
    };
    match known {
        Some(text) => text.to_owned(),
        None => {
            let text = error.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text).to_owned();
            let mut chars = text.chars();
            chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
        }
    }
}

/// `os.Stat(path)`'s error text, or `None` when the path exists.
#[must_use]
pub fn stat_error(path: &str) -> Option<String> {
    std::fs::metadata(path).err().map(|e| format!("stat {path}: {}", go_errno_text(&e)))
}

/// Reads a file, failing with `os.Open`'s text (`open <path>: …`).
///
/// # Errors
/// Go's `*PathError` text for the failed open or read.
pub fn read_file(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| match e.kind() {
        io::ErrorKind::IsADirectory => format!("read {path}: {}", go_errno_text(&e)),
        _ => format!("open {path}: {}", go_errno_text(&e)),
    })
}

/// Packer's `pathing.ExpandUser`: a leading `~` or `~name` becomes that user's home directory;
/// any other path is returned unchanged.
///
/// # Errors
/// Go's `user: unknown user <name>` when `~name` names nobody.
pub fn expand_user(path: &str) -> Result<String, String> {
    let Some(rest) = path.strip_prefix('~') else {
        return Ok(path.to_owned());
    };
    let split = rest.find(['/', '\\']).unwrap_or(rest.len());
    let (name, tail) = rest.split_at(split);
    let home = if name.is_empty() { current_home() } else { passwd_home(name) }.ok_or_else(|| {
        if name.is_empty() {
            "user: Current not implemented".to_owned()
        } else {
            format!("user: unknown user {name}")
        }
    })?;
    // Go's filepath.Join: the tail's leading separator does not double up.
    let tail = tail.trim_start_matches(['/', '\\']);
    Ok(if tail.is_empty() { home } else { Path::new(&home).join(tail).to_string_lossy().into_owned() })
}

fn current_home() -> Option<String> {
    std::env::var("HOME").ok().filter(|h| !h.is_empty())
}

/// Looks `name` up in `/etc/passwd` (what Go's pure user lookup reads).
fn passwd_home(name: &str) -> Option<String> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() >= 6 && fields[0] == name).then(|| fields[5].to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_errors_read_like_go() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let file = file.to_string_lossy().into_owned();
        let missing = dir.path().join("missing").to_string_lossy().into_owned();
        let under_file = format!("{file}/x");
        let cases = [
            (file.as_str(), None),
            (missing.as_str(), Some(format!("stat {missing}: no such file or directory"))),
            (under_file.as_str(), Some(format!("stat {under_file}: not a directory"))),
            ("", Some("stat : no such file or directory".to_owned())),
        ];
        for (path, want) in cases {
            assert_eq!(stat_error(path), want, "{path}");
        }
        assert_eq!(read_file(&missing), Err(format!("open {missing}: no such file or directory")));
    }

    #[test]
    fn tilde_expands_to_home() {
        let home = std::env::var("HOME").unwrap();
        assert_eq!(expand_user("~/k.pem").unwrap(), format!("{home}/k.pem"));
        assert_eq!(expand_user("~").unwrap(), home);
        assert_eq!(expand_user("a/~b").unwrap(), "a/~b");
        assert_eq!(expand_user("~root/x").unwrap(), "/root/x");
        assert_eq!(expand_user("~no-such-user-here/x"), Err("user: unknown user no-such-user-here".to_owned()));
    }
}
