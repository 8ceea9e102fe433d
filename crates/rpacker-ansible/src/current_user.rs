//! The default `user`: the account running rpacker, found as Go's `user.Current()` finds it
//! (the passwd entry of the process's uid, else `$USER`).

/// The current user's login name, or Go's error text.
///
/// # Errors
/// `user: Current requires cgo or $USER set in environment` when neither source answers.
pub fn current_username() -> Result<String, String> {
    passwd_name()
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .ok_or_else(|| "user: Current requires cgo or $USER set in environment".to_owned())
}

#[cfg(unix)]
fn passwd_name() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    // The owner of /proc/self is the process's real uid, without libc.
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() > 2 && fields[2] == uid && !fields[0].is_empty()).then(|| fields[0].to_owned())
    })
}

#[cfg(not(unix))]
fn passwd_name() -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_running_user() {
        let name = current_username().unwrap();
        assert!(!name.is_empty());
        #[cfg(unix)]
        if let Ok(whoami) = std::process::Command::new("id").arg("-un").output() {
            assert_eq!(name, String::from_utf8_lossy(&whoami.stdout).trim());
        }
    }
}
