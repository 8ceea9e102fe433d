//! Go's `context.Context` as far as the lifecycle needs it: a cancellation signal plus the
//! reason, because Packer's texts differ for an interrupt (`context canceled`) and a provisioner
//! `timeout` (`context deadline exceeded`).

use std::fmt;
use std::sync::{Arc, OnceLock};

use tokio_util::sync::{CancellationToken, WaitForCancellationFuture};

/// Why a [`Cancellation`] fired: Go's `ctx.Err()` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextError {
    /// Cancelled (Ctrl-C, SIGTERM, or a parent cancelled): `context.Canceled`.
    Canceled,
    /// A deadline passed (provisioner `timeout`): `context.DeadlineExceeded`.
    DeadlineExceeded,
}

impl fmt::Display for ContextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Canceled => "context canceled",
            Self::DeadlineExceeded => "context deadline exceeded",
        })
    }
}

impl std::error::Error for ContextError {}

/// A cancellation signal with its reason; children fire when their parent does.
#[derive(Debug, Clone, Default)]
pub struct Cancellation {
    token: CancellationToken,
    /// Set before the token fires, so a woken waiter always finds it.
    reason: Arc<OnceLock<ContextError>>,
    parent: Option<Arc<Cancellation>>,
}

impl Cancellation {
    /// A fresh signal that has not fired (Go's `context.Background()` plus a cancel func).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A signal that fires when this one does, or on its own.
    #[must_use]
    pub fn child(&self) -> Self {
        Self { token: self.token.child_token(), reason: Arc::default(), parent: Some(Arc::new(self.clone())) }
    }

    /// Fires with [`ContextError::Canceled`] (no effect if already fired).
    pub fn cancel(&self) {
        self.fire(ContextError::Canceled);
    }

    /// Fires with [`ContextError::DeadlineExceeded`] (no effect if already fired).
    pub fn expire(&self) {
        self.fire(ContextError::DeadlineExceeded);
    }

    fn fire(&self, reason: ContextError) {
        if !self.token.is_cancelled() {
            let _ = self.reason.set(reason);
            self.token.cancel();
        }
    }

    /// Whether the signal has fired.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.token.is_cancelled()
    }

    /// Completes when the signal fires.
    pub fn cancelled(&self) -> WaitForCancellationFuture<'_> {
        self.token.cancelled()
    }

    /// Go's `ctx.Err()`: `None` until the signal fires, then why it fired.
    #[must_use]
    pub fn err(&self) -> Option<ContextError> {
        if !self.token.is_cancelled() {
            return None;
        }
        let inherited = self.parent.as_ref().and_then(|p| p.err());
        Some(self.reason.get().copied().or(inherited).unwrap_or(ContextError::Canceled))
    }

    /// The underlying token, for APIs that take one.
    #[must_use]
    pub fn token(&self) -> &CancellationToken {
        &self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons() {
        type Case = (&'static str, fn() -> Cancellation, Option<ContextError>);
        let cases: [Case; 6] = [
            ("fresh", Cancellation::new, None),
            (
                "cancelled",
                || {
                    let c = Cancellation::new();
                    c.cancel();
                    c
                },
                Some(ContextError::Canceled),
            ),
            (
                "expired",
                || {
                    let c = Cancellation::new();
                    c.expire();
                    c
                },
                Some(ContextError::DeadlineExceeded),
            ),
            (
                "first reason wins",
                || {
                    let c = Cancellation::new();
                    c.expire();
                    c.cancel();
                    c
                },
                Some(ContextError::DeadlineExceeded),
            ),
            (
                "child of cancelled parent",
                || {
                    let p = Cancellation::new();
                    let c = p.child();
                    p.cancel();
                    c
                },
                Some(ContextError::Canceled),
            ),
            (
                "expired child",
                || {
                    let p = Cancellation::new();
                    let c = p.child();
                    c.expire();
                    c
                },
                Some(ContextError::DeadlineExceeded),
            ),
        ];
        for (name, make, want) in cases {
            assert_eq!(make().err(), want, "{name}");
        }
    }

    #[test]
    fn child_does_not_cancel_parent() {
        let parent = Cancellation::new();
        parent.child().expire();
        assert_eq!(parent.err(), None);
    }

    #[test]
    fn go_texts() {
        assert_eq!(ContextError::Canceled.to_string(), "context canceled");
        assert_eq!(ContextError::DeadlineExceeded.to_string(), "context deadline exceeded");
    }
}
