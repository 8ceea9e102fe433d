//! `valid_exit_codes` of `shell` and `shell-local` (the SDK's `shell.Provisioner.ValidExitCode`):
//! an exit code outside the list fails the script with Packer's text.

use std::fmt;

/// Integers printed as Go's `%v` prints a slice: `[0 2]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoIntList(pub Vec<i64>);

impl fmt::Display for GoIntList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        write!(f, "[{}]", items.join(" "))
    }
}

/// A script ended with a code not in `valid_exit_codes` (Packer's `ErrorInvalidExitCode`).
///
/// The text is current Packer's (packer-plugin-sdk ≥ 0.2.13, Packer ≥ 1.8.1); Packer 1.6.6 had
/// no space after the period: `…status: 3.Allowed exit codes are: [0]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Script exited with non-zero exit status: {code}. Allowed exit codes are: {allowed}")]
pub struct InvalidExitCode {
    /// The exit status (-1 when a signal ended a local command).
    pub code: i64,
    /// `valid_exit_codes`.
    pub allowed: GoIntList,
}

/// Checks `code` against `valid` (`[0]` when empty, as Packer's default).
pub(crate) fn check_exit_code(code: i64, valid: &[i64]) -> Result<(), InvalidExitCode> {
    let allowed = if valid.is_empty() { vec![0] } else { valid.to_vec() };
    if allowed.contains(&code) {
        Ok(())
    } else {
        Err(InvalidExitCode { code, allowed: GoIntList(allowed) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_text() {
        assert_eq!(check_exit_code(0, &[]), Ok(()));
        assert_eq!(check_exit_code(3, &[0, 3]), Ok(()));
        let err = check_exit_code(3, &[]).unwrap_err();
        assert_eq!(err.to_string(), "Script exited with non-zero exit status: 3. Allowed exit codes are: [0]");
        let err = check_exit_code(-1, &[2, 0]).unwrap_err();
        assert_eq!(err.to_string(), "Script exited with non-zero exit status: -1. Allowed exit codes are: [2 0]");
    }
}
