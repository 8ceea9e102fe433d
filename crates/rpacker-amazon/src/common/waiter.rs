//! Waiting for EC2 resources to change state: poll at once, then after a short delay that
//! doubles up to the waiter's interval, until a deadline. Packer's waiters poll at a constant
//! 15 s, so every state change is noticed up to 15 s late; starting fast notices the quick
//! changes at once, and a short steady interval keeps the slow ones (an instance starting or
//! stopping, tens of seconds) close to on time. The limits users set (`aws_polling`,
//! `AWS_POLL_DELAY_SECONDS`, `AWS_MAX_ATTEMPTS`) keep their meaning as durations: the delay
//! becomes the steady interval, delay × attempts the deadline, and a delay set alone keeps at
//! least the default deadline (Packer's waiter would shrink it: 2 s × 40 attempts is 80 s, too
//! short for an AMI).

use std::future::Future;
use std::time::Duration;

use rpacker_sdk::lifecycle::Cancellation;
use tokio::time::Instant;

use super::polling::WaiterOverrides;

/// The first delay after the immediate poll.
pub const FIRST_DELAY: Duration = Duration::from_millis(250);

/// How one wait polls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitPolicy {
    /// The delay after the first poll; it doubles up to `max_interval`.
    pub first_delay: Duration,
    /// The longest delay between two polls.
    pub max_interval: Duration,
    /// Give up after this long.
    pub timeout: Duration,
}

impl WaitPolicy {
    /// Polls at once, then after [`FIRST_DELAY`], doubling up to `max_interval`, until `timeout`.
    #[must_use]
    pub const fn backing_off(max_interval: Duration, timeout: Duration) -> Self {
        Self { first_delay: FIRST_DELAY, max_interval, timeout }
    }

    /// A waiter that polls every `steady` once past its fast start and gives up after Packer's
    /// default `delay` × `attempts` (`packer_defaults`), both overridden by the user's limits.
    #[must_use]
    pub fn new(packer_defaults: (Duration, u32), steady: Duration, overrides: WaiterOverrides) -> Self {
        let (default_delay, default_attempts) = packer_defaults;
        let default_timeout = default_delay.saturating_mul(default_attempts);
        let timeout = match (overrides.delay, overrides.max_attempts) {
            (delay, Some(attempts)) => {
                delay.unwrap_or(default_delay).saturating_mul(u32::try_from(attempts.max(1)).unwrap_or(u32::MAX))
            }
            (Some(delay), None) => default_timeout.max(delay.saturating_mul(default_attempts)),
            (None, None) => default_timeout,
        };
        let max_interval = overrides.delay.unwrap_or(steady);
        Self { first_delay: FIRST_DELAY.min(max_interval), max_interval, timeout }
    }
}

/// What one poll saw.
#[derive(Debug)]
pub enum Poll<T> {
    /// The wanted state: stop with this value.
    Ready(T),
    /// Not there yet.
    Pending,
    /// A state the resource cannot leave for the wanted one (`terminated` while waiting for
    /// `running`): stop with this description.
    Failed(String),
}

/// Why a wait ended without the wanted state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WaitError {
    /// The deadline passed.
    #[error("ResourceNotReady: exceeded wait attempts{}", last_error(.0))]
    Timeout(Option<String>),
    /// The resource reached a failure state.
    #[error("ResourceNotReady: failed waiting for successful resource state ({0})")]
    Failed(String),
    /// The build was cancelled.
    #[error("RequestCanceled: waiter context canceled")]
    Cancelled,
}

fn last_error(error: &Option<String>) -> String {
    error.as_ref().map(|e| format!(" (last error: {e})")).unwrap_or_default()
}

/// Polls `poll` until it is ready, fails, the deadline passes or `cancel` fires. An `Err` from a
/// poll (an API error no acceptor expects) is retried, as the SDK's waiters do.
///
/// # Errors
/// [`WaitError`] as above.
pub async fn wait_until<T, F, Fut>(policy: WaitPolicy, cancel: &Cancellation, mut poll: F) -> Result<T, WaitError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Poll<T>, String>>,
{
    let deadline = Instant::now() + policy.timeout;
    let mut delay = policy.first_delay.min(policy.max_interval);
    let mut last_error = None;
    loop {
        if cancel.is_cancelled() {
            return Err(WaitError::Cancelled);
        }
        match poll().await {
            Ok(Poll::Ready(value)) => return Ok(value),
            Ok(Poll::Failed(state)) => return Err(WaitError::Failed(state)),
            Ok(Poll::Pending) => {}
            Err(e) => last_error = Some(e),
        }
        sleep_until(Instant::now() + delay, deadline, cancel, last_error.as_ref()).await?;
        delay = delay.saturating_mul(2).min(policy.max_interval);
    }
}

/// Sleeps until `wake`, failing at the deadline or on cancellation.
pub(crate) async fn sleep_until(
    wake: Instant,
    deadline: Instant,
    cancel: &Cancellation,
    last_error: Option<&String>,
) -> Result<(), WaitError> {
    if cancel.is_cancelled() {
        return Err(WaitError::Cancelled);
    }
    if Instant::now() >= deadline {
        return Err(WaitError::Timeout(last_error.cloned()));
    }
    tokio::select! {
        () = tokio::time::sleep_until(wake.min(deadline)) => Ok(()),
        () = cancel.cancelled() => Err(WaitError::Cancelled),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn policy(interval_ms: u64, timeout_ms: u64) -> WaitPolicy {
        WaitPolicy {
            first_delay: FIRST_DELAY,
            max_interval: Duration::from_millis(interval_ms),
            timeout: Duration::from_millis(timeout_ms),
        }
    }

    #[test]
    fn limits_become_durations() {
        let defaults = (Duration::from_secs(15), 40);
        let steady = Duration::from_millis(1_500);
        let limits =
            |delay: Option<u64>, max_attempts| WaiterOverrides { delay: delay.map(Duration::from_secs), max_attempts };
        assert_eq!(WaitPolicy::new(defaults, steady, limits(None, None)), policy(1_500, 600_000));
        assert_eq!(WaitPolicy::new(defaults, steady, limits(Some(2), Some(900))), policy(2_000, 1_800_000));
        assert_eq!(WaitPolicy::new(defaults, steady, limits(None, Some(10))), policy(1_500, 150_000));
        // A delay alone changes the interval, not (downwards) the deadline.
        assert_eq!(WaitPolicy::new(defaults, steady, limits(Some(2), None)), policy(2_000, 600_000));
        assert_eq!(WaitPolicy::new(defaults, steady, limits(Some(30), None)), policy(30_000, 1_200_000));
    }

    #[tokio::test(start_paused = true)]
    async fn polls_fast_first_then_backs_off_to_the_interval() {
        let polls = AtomicU32::new(0);
        let start = Instant::now();
        let got = wait_until(policy(2_000, 60_000), &Cancellation::new(), || {
            let n = polls.fetch_add(1, Ordering::SeqCst);
            async move { Ok(if n == 6 { Poll::Ready(n) } else { Poll::Pending }) }
        })
        .await;
        assert_eq!(got, Ok(6));
        // 0.25 + 0.5 + 1 + 2 + 2 + 2 seconds of sleep before the 7th poll.
        assert_eq!(start.elapsed(), Duration::from_millis(7_750));
    }

    #[tokio::test(start_paused = true)]
    async fn deadline_failure_errors_and_cancel() {
        let timeout = wait_until(policy(1_000, 3_000), &Cancellation::new(), || async {
            Err::<Poll<()>, _>("Throttling: slow down".to_owned())
        })
        .await;
        assert_eq!(timeout, Err(WaitError::Timeout(Some("Throttling: slow down".into()))));
        assert_eq!(
            timeout.unwrap_err().to_string(),
            "ResourceNotReady: exceeded wait attempts (last error: Throttling: slow down)"
        );
        let failed = wait_until(policy(1_000, 3_000), &Cancellation::new(), || async {
            Ok::<_, String>(Poll::<()>::Failed("terminated".into()))
        })
        .await;
        assert_eq!(failed, Err(WaitError::Failed("terminated".into())));
        let cancel = Cancellation::new();
        let waiting = wait_until(policy(1_000, 60_000), &cancel, || async { Ok::<_, String>(Poll::<()>::Pending) });
        let canceller = async {
            tokio::time::sleep(Duration::from_millis(1_500)).await;
            cancel.cancel();
        };
        let (got, ()) = tokio::join!(waiting, canceller);
        assert_eq!(got, Err(WaitError::Cancelled));
    }
}
