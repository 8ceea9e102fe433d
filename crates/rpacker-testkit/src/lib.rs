//! Test kit: real local services for tests, never mocks.
//!
//! [`Sshd`] starts Debian's OpenSSH server on 127.0.0.1 with throwaway keys in a temporary
//! folder and stops it by PID when dropped. A missing `sshd` is installed with `apt-get`; when
//! that fails the test fails loudly — a test that needs a service is never skipped.
//!
//! Test-only (`publish = false`): it panics instead of returning errors, because a broken
//! fixture should stop the test with the reason in front of the reader.

mod install;
mod keygen;
mod sshd;
mod sshd_config;

pub use install::ensure_debian_package;
pub use sshd::Sshd;
