//! The SDK's `retry.Config` as Packer's steps use it: try up to N times, only while the error
//! is one the step expects to go away, sleeping a growing delay in between.

use std::future::Future;
use std::time::Duration;

use rpacker_sdk::lifecycle::Cancellation;

/// Delay between tries: starts at `initial`, multiplied each time, capped at `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The first delay.
    pub initial: Duration,
    /// The longest delay.
    pub max: Duration,
    /// Growth per try.
    pub multiplier: u32,
}

impl Backoff {
    /// Packer's usual `200 ms × 2, at most 30 s`.
    #[must_use]
    pub fn packer() -> Self {
        Self { initial: Duration::from_millis(200), max: Duration::from_secs(30), multiplier: 2 }
    }
}

/// Runs `op` up to `tries` times while `should_retry` accepts its error. Cancellation ends the
/// wait between tries with the last error.
///
/// # Errors
/// The last error.
pub async fn retry<T, E, F, Fut>(
    backoff: Backoff,
    tries: u32,
    cancel: &Cancellation,
    should_retry: impl Fn(&E) -> bool,
    mut op: F,
) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut delay = backoff.initial;
    let mut attempt = 1;
    loop {
        match op().await {
            Ok(value) => return Ok(value),
            Err(e) if attempt >= tries || !should_retry(&e) || cancel.is_cancelled() => return Err(e),
            Err(e) => {
                tokio::select! {
                    () = tokio::time::sleep(delay) => {}
                    () = cancel.cancelled() => return Err(e),
                }
            }
        }
        attempt += 1;
        delay = delay.saturating_mul(backoff.multiplier).min(backoff.max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test(start_paused = true)]
    async fn retries_only_expected_errors_up_to_the_limit() {
        let calls = AtomicU32::new(0);
        let start = tokio::time::Instant::now();
        let got: Result<(), &str> = retry(
            Backoff::packer(),
            4,
            &Cancellation::new(),
            |e| *e == "busy",
            || {
                calls.fetch_add(1, Ordering::SeqCst);
                async { Err("busy") }
            },
        )
        .await;
        assert_eq!((got, calls.load(Ordering::SeqCst)), (Err("busy"), 4));
        assert_eq!(start.elapsed(), Duration::from_millis(200 + 400 + 800));

        let calls = AtomicU32::new(0);
        let got: Result<(), &str> = retry(
            Backoff::packer(),
            4,
            &Cancellation::new(),
            |e| *e == "busy",
            || {
                calls.fetch_add(1, Ordering::SeqCst);
                async { Err("denied") }
            },
        )
        .await;
        assert_eq!((got, calls.load(Ordering::SeqCst)), (Err("denied"), 1));

        let calls = AtomicU32::new(0);
        let got = retry(
            Backoff::packer(),
            4,
            &Cancellation::new(),
            |_: &&str| true,
            || {
                let n = calls.fetch_add(1, Ordering::SeqCst);
                async move {
                    if n < 2 {
                        Err("busy")
                    } else {
                        Ok(n)
                    }
                }
            },
        )
        .await;
        assert_eq!(got, Ok(2));
    }
}
