//! Asking the user a question (`-on-error=ask`, `-debug` pauses): the one place the lifecycle
//! waits for input. The CLI implements [`Asker`] over the terminal; without a terminal every
//! question fails, which Packer treats as the default answer.

use std::fmt;

use super::future::BoxFuture;

/// Why a question got no answer: Packer's `Ui.Ask` errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskError {
    /// stdin is not a terminal.
    NoTty,
    /// Ctrl-C arrived while asking (or earlier).
    Interrupted,
    /// `-machine-readable` output cannot ask.
    MachineReadable,
}

impl fmt::Display for AskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoTty => "no available tty",
            Self::Interrupted => "interrupted",
            Self::MachineReadable => "machine-readable UI can't ask",
        })
    }
}

impl std::error::Error for AskError {}

/// Asks a question on behalf of a target (shown as `==> <target>: <query> `) and returns the
/// line typed, without its newline.
pub trait Asker: Send + Sync {
    /// Shows `query` for `target` and waits for one line.
    fn ask<'a>(&'a self, target: &'a str, query: &'a str) -> BoxFuture<'a, Result<String, AskError>>;
}

/// An [`Asker`] for runs without a terminal: every question fails with [`AskError::NoTty`].
#[derive(Debug, Clone, Copy, Default)]
pub struct NoTerminal;

impl Asker for NoTerminal {
    fn ask<'a>(&'a self, _target: &'a str, _query: &'a str) -> BoxFuture<'a, Result<String, AskError>> {
        Box::pin(std::future::ready(Err(AskError::NoTty)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_texts() {
        let cases = [
            (AskError::NoTty, "no available tty"),
            (AskError::Interrupted, "interrupted"),
            (AskError::MachineReadable, "machine-readable UI can't ask"),
        ];
        for (err, text) in cases {
            assert_eq!(err.to_string(), text);
        }
    }

    #[test]
    fn no_terminal_always_fails() {
        let answer = futures_lite_block_on(NoTerminal.ask("b", "?"));
        assert_eq!(answer, Err(AskError::NoTty));
    }

    /// Polls a future that is ready at once (no runtime needed for `std::future::ready`).
    fn futures_lite_block_on<T>(mut fut: BoxFuture<'_, T>) -> T {
        use std::task::{Context, Poll, Waker};
        match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("NoTerminal must answer at once"),
        }
    }
}
