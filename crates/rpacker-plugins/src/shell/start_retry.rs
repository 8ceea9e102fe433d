//! Packer's `retry.Config{StartTimeout}.Run` as the shell provisioner uses it: try, and after a
//! failure try again every 2 s until `start_retry_timeout` has passed since the first try; then
//! the last error stands. Unlike Packer, a cancellation stops an attempt and a wait at once.

use std::future::Future;
use std::time::Duration;

use rpacker_sdk::lifecycle::{Cancellation, ContextError};
use tokio::time::Instant;

/// Packer's fixed pause between attempts.
pub(crate) const RETRY_DELAY: Duration = Duration::from_secs(2);

/// Why the retried operation gave up.
#[derive(Debug)]
pub(crate) enum RetryError<E> {
    /// The last attempt's error, once the time was up.
    Failed(E),
    /// Cancelled during an attempt or a wait.
    Cancelled(ContextError),
}

/// Runs `attempt` until it succeeds, `timeout` has passed, or `cancel` fires.
pub(crate) async fn retry_until<T, E, F, Fut>(
    timeout: Duration,
    cancel: &Cancellation,
    mut attempt: F,
) -> Result<T, RetryError<E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        let result = tokio::select! {
            result = attempt() => result,
            () = cancel.cancelled() => return Err(cancelled(cancel)),
        };
        let error = match result {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        if Instant::now() >= deadline {
            return Err(RetryError::Failed(error));
        }
        tokio::select! {
            () = tokio::time::sleep(RETRY_DELAY) => {}
            () = cancel.cancelled() => return Err(cancelled(cancel)),
        }
    }
}

fn cancelled<E>(cancel: &Cancellation) -> RetryError<E> {
    RetryError::Cancelled(cancel.err().unwrap_or(ContextError::Canceled))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[tokio::test(start_paused = true)]
    async fn retries_every_two_seconds_until_the_timeout() {
        let tries = Cell::new(0);
        let started = Instant::now();
        let got: Result<(), _> = retry_until(Duration::from_secs(3), &Cancellation::new(), || {
            tries.set(tries.get() + 1);
            std::future::ready(Err(tries.get()))
        })
        .await;
        // Tries at 0 s, 2 s and 4 s; at 4 s the 3 s are up, so the third error stands.
        assert!(matches!(got, Err(RetryError::Failed(3))), "{got:?}");
        assert_eq!(started.elapsed(), Duration::from_secs(4));
    }

    #[tokio::test(start_paused = true)]
    async fn succeeds_on_a_later_try_and_stops_on_cancel() {
        let tries = Cell::new(0);
        let got = retry_until(Duration::from_secs(60), &Cancellation::new(), || {
            tries.set(tries.get() + 1);
            std::future::ready(if tries.get() < 3 { Err(()) } else { Ok(tries.get()) })
        })
        .await;
        assert!(matches!(got, Ok(3)));

        let cancel = Cancellation::new();
        let canceller = cancel.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(500)).await;
            canceller.cancel();
        });
        let started = Instant::now();
        let got: Result<(), RetryError<()>> =
            retry_until(Duration::from_secs(60), &cancel, || std::future::ready(Err(()))).await;
        assert!(matches!(got, Err(RetryError::Cancelled(ContextError::Canceled))));
        assert_eq!(started.elapsed(), Duration::from_millis(500));
    }
}
