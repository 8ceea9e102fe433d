//! The prepare-time `<command> --version` run: Packer learns the ansible version there (it
//! picks the inventory format: v1 keys before ansible 2) and reports a missing or broken
//! ansible before the build starts. Errors use Go's `os/exec` texts.

use std::process::Command;

use crate::go_exec::{exit_text, resolve_program, spawn_error_text};

/// What `--version` reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnsibleVersion {
    /// The version as printed (`2.19.14`).
    pub full: String,
    /// Its major number.
    pub major: u64,
}

/// Runs `<command> --version` and reads the version from its standard output.
///
/// # Errors
/// Packer's text: `Error running "<command> --version": …`, `Could not find <command>
/// version in output:\n<out>`, or `Could not parse major version from "<v>".`.
pub fn check_version(command: &str) -> Result<AnsibleVersion, String> {
    let stdout = run_version(command).map_err(|e| format!("Error running \"{command} --version\": {e}"))?;
    let Some(full) = find_version(&stdout) else {
        return Err(format!("Could not find {command} version in output:\n{stdout}"));
    };
    let major_text = full.split('.').next().unwrap_or_default();
    let major = major_text.parse().map_err(|_| format!("Could not parse major version from \"{full}\"."))?;
    Ok(AnsibleVersion { full: full.to_owned(), major })
}

/// Go's `exec.Command(name, "--version").Output()`: a bare name is looked up in `PATH`
/// first; failures read as Go prints them.
fn run_version(command: &str) -> Result<String, String> {
    let program = resolve_program(command)?;
    let output = Command::new(&program).arg("--version").output().map_err(|e| spawn_error_text(&program, &e))?;
    if !output.status.success() {
        return Err(exit_text(&output.status));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The first match of Packer's `\w (\d+\.\d+[.\d+]*)`, group 1.
fn find_version(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    (0..bytes.len().saturating_sub(1)).find_map(|i| {
        if !is_word(bytes[i]) || bytes[i + 1] != b' ' {
            return None;
        }
        let start = i + 2;
        let digits = |from: usize| bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
        let major = digits(start);
        if major == 0 || bytes.get(start + major) != Some(&b'.') {
            return None;
        }
        let minor = digits(start + major + 1);
        if minor == 0 {
            return None;
        }
        let mut end = start + major + 1 + minor;
        end += bytes[end..].iter().take_while(|b| b.is_ascii_digit() || **b == b'.' || **b == b'+').count();
        Some(&text[start..end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_versions_like_the_regex() {
        let cases = [
            ("ansible-playbook [core 2.19.14]\n  config file = None", Some("2.19.14")),
            ("ansible-playbook 2.9.6\n", Some("2.9.6")),
            ("ansible 1.9.4+dev", Some("1.9.4+")),
            ("true (GNU coreutils) 9.1\n", None),
            ("--version\n", None),
            ("x 2.\n", None),
        ];
        for (text, want) in cases {
            assert_eq!(find_version(text), want, "{text}");
        }
    }

    /// Texts verified with packer 1.6.6 (`command` set to these programs).
    #[test]
    fn runs_like_packer() {
        let dir = tempfile::tempdir().unwrap();
        let fake = dir.path().join("fake-ansible");
        std::fs::write(&fake, "#!/bin/sh\necho 'ansible-playbook [core 2.19.14]'\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let fake = fake.to_string_lossy().into_owned();
        let silent = dir.path().join("silent");
        std::fs::write(&silent, "#!/bin/sh\necho no version here\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&silent, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let silent = silent.to_string_lossy().into_owned();
        assert_eq!(check_version(&fake), Ok(AnsibleVersion { full: "2.19.14".into(), major: 2 }));
        let missing = dir.path().join("nope").to_string_lossy().into_owned();
        let d = dir.path().to_string_lossy().into_owned();
        let cases = [
            ("false".to_owned(), "Error running \"false --version\": exit status 1".to_owned()),
            (
                "rpacker-no-such-command".to_owned(),
                "Error running \"rpacker-no-such-command --version\": exec: \"rpacker-no-such-command\": executable file not found in $PATH".to_owned(),
            ),
            (missing.clone(), format!("Error running \"{missing} --version\": fork/exec {missing}: no such file or directory")),
            (d.clone(), format!("Error running \"{d} --version\": fork/exec {d}: permission denied")),
            (silent.clone(), format!("Could not find {silent} version in output:\nno version here\n")),
        ];
        for (command, want) in cases {
            assert_eq!(check_version(&command), Err(want), "{command}");
        }
    }
}
