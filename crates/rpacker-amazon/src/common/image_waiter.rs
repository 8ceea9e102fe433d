//! Waiting for an AMI (made by CreateImage or CopyImage) to become `available`, guided by the
//! progress of its snapshots. An AMI takes minutes; polling it at a fixed interval either
//! notices it late (Packer: up to 15 s) or costs many calls. While it is pending, its EBS
//! snapshots report a progress percentage, so each reading bounds when the AMI can be done:
//! the waiter sleeps until the earliest moment the readings allow (never longer than the
//! interval), and polls the image closely only around that moment. Without readable
//! snapshots it polls the image as the other waiters do: fast first, then backing off.

use std::future::Future;
use std::time::Duration;

use aws_sdk_ec2::types::{Image, SnapshotState};
use rpacker_sdk::lifecycle::Cancellation;
use tokio::time::Instant;

use super::api_error::ApiError;
use super::images::{describe_image, snapshot_ids};
use super::polling::WaiterOverrides;
use super::progress_bounds::ProgressBounds;
use super::waiter::{sleep_until, WaitError, WaitPolicy, FIRST_DELAY};

/// The SDK's AMI-available waiter: 15 s between polls, 120 polls (30 minutes).
pub const IMAGE_WAIT_DEFAULTS: (Duration, u32) = (Duration::from_secs(15), 120);

/// The longest sleep between two looks at a pending AMI (the user's delay replaces it): the
/// progress model is only a guide, so a wrong one costs at most this much lateness.
const IMAGE_MAX_INTERVAL: Duration = Duration::from_secs(20);

/// How often the image is polled once the readings say it may be done.
const CLOSE_INTERVAL: Duration = Duration::from_millis(250);

/// The shortest gap between two looks at the image.
const CLOSE_MIN_GAP: Duration = Duration::from_millis(20);

/// Start polling the image closely this long before the earliest possible completion.
const CLOSE_LEAD: Duration = Duration::from_millis(500);

/// The gap before the next reading, as a share of the time waited so far.
const READING_GAP: f64 = 0.5;

/// Readings stop once they pin the completion to a window this narrow.
const CLOSE_WINDOW: Duration = Duration::from_millis(250);

/// Polling closely stops this long after the latest completion the readings allowed: the
/// model was wrong (progress is not linear), so the readings start over.
const CLOSE_SLACK: Duration = Duration::from_secs(2);

/// What one look at the image showed.
#[derive(Debug)]
pub enum ImageCheck<I> {
    /// `available`: done.
    Available(I),
    /// `failed`, with the state reason.
    Failed(String),
    /// Still pending, with the snapshots it has so far.
    Pending(Vec<String>),
}

/// What the snapshots' progress showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotProgress {
    /// The least advanced snapshot's percentage.
    Percent(u8),
    /// Every snapshot is complete (or one failed): the image is about to change state.
    Done,
    /// No reading is possible (no permission): stop asking.
    Unavailable,
}

/// Waits until image `id` in the client's region is `available` (fails on `failed`); returns
/// the image as last described.
///
/// # Errors
/// The waiter's error.
pub async fn wait_for_image(
    ec2: &aws_sdk_ec2::Client,
    id: &str,
    overrides: WaiterOverrides,
    cancel: &Cancellation,
) -> Result<Image, WaitError> {
    let policy = WaitPolicy::new(IMAGE_WAIT_DEFAULTS, IMAGE_MAX_INTERVAL, overrides);
    wait_for_image_with(policy, cancel, || check_image(ec2, id), |ids| read_progress(ec2, ids)).await
}

async fn check_image(ec2: &aws_sdk_ec2::Client, id: &str) -> Result<ImageCheck<Image>, String> {
    let Some(image) = describe_image(ec2, id).await? else {
        return Ok(ImageCheck::Pending(Vec::new()));
    };
    Ok(match image.state().map(|s| s.as_str()) {
        Some("available") => ImageCheck::Available(image),
        Some("failed") => {
            ImageCheck::Failed(image.state_reason().and_then(|r| r.message()).unwrap_or("failed").to_owned())
        }
        _ => ImageCheck::Pending(snapshot_ids(&image)),
    })
}

async fn read_progress(ec2: &aws_sdk_ec2::Client, ids: Vec<String>) -> Result<SnapshotProgress, String> {
    let out = match ec2.describe_snapshots().set_snapshot_ids(Some(ids)).send().await {
        Ok(out) => out,
        Err(e) => {
            let e = ApiError::from(e);
            let denied = matches!(e.code.as_deref(), Some("UnauthorizedOperation" | "AccessDenied"));
            return if denied { Ok(SnapshotProgress::Unavailable) } else { Err(e.to_string()) };
        }
    };
    let mut least: Option<u8> = None;
    for snapshot in out.snapshots() {
        match snapshot.state() {
            Some(SnapshotState::Completed | SnapshotState::Error) => {}
            _ => {
                let percent = snapshot.progress().map_or(0, parse_percent);
                least = Some(least.map_or(percent, |l| l.min(percent)));
            }
        }
    }
    Ok(least.map_or(SnapshotProgress::Done, SnapshotProgress::Percent))
}

/// `"42%"` → 42 (anything unreadable counts as 0).
fn parse_percent(text: &str) -> u8 {
    text.trim().trim_end_matches('%').trim().parse::<u8>().map_or(0, |p| p.min(100))
}

/// The waiting loop, over any way of checking the image and reading its snapshots' progress.
///
/// # Errors
/// [`WaitError`]: the deadline passed, the image failed, or the build was cancelled.
pub async fn wait_for_image_with<I, C, CF, P, PF>(
    policy: WaitPolicy,
    cancel: &Cancellation,
    mut check: C,
    mut progress: P,
) -> Result<I, WaitError>
where
    C: FnMut() -> CF,
    CF: Future<Output = Result<ImageCheck<I>, String>>,
    P: FnMut(Vec<String>) -> PF,
    PF: Future<Output = Result<SnapshotProgress, String>>,
{
    let started = Instant::now();
    let deadline = started + policy.timeout;
    let mut backoff = FIRST_DELAY.min(policy.max_interval);
    let mut bounds = ProgressBounds::default();
    let mut readable = true;
    let mut last_error = None;
    loop {
        let snapshots = match check().await {
            Ok(ImageCheck::Available(image)) => return Ok(image),
            Ok(ImageCheck::Failed(reason)) => return Err(WaitError::Failed(reason)),
            Ok(ImageCheck::Pending(snapshots)) => snapshots,
            Err(e) => {
                last_error = Some(e);
                Vec::new()
            }
        };
        let elapsed = started.elapsed();
        if let Some(latest) = bounds.latest().filter(|_| elapsed + CLOSE_LEAD >= bounds.earliest()) {
            if elapsed <= latest + CLOSE_SLACK {
                // Around the predicted completion: look again at the latest moment the
                // readings allow, or shortly.
                let again = (started + latest).clamp(Instant::now() + CLOSE_MIN_GAP, Instant::now() + CLOSE_INTERVAL);
                sleep_until(again, deadline, cancel, last_error.as_ref()).await?;
                continue;
            }
            // Not done long after the readings said: progress is not linear, read afresh.
            bounds = ProgressBounds::default();
        }
        if !readable || snapshots.is_empty() {
            sleep_until(Instant::now() + backoff, deadline, cancel, last_error.as_ref()).await?;
            backoff = backoff.saturating_mul(2).min(policy.max_interval);
            continue;
        }
        // Follow the snapshots until the image may be done.
        loop {
            let sent = started.elapsed();
            match progress(snapshots.clone()).await {
                Ok(SnapshotProgress::Percent(percent)) => bounds.observe(sent, started.elapsed(), percent),
                Ok(SnapshotProgress::Done) => {
                    // The image follows its snapshots within moments: back to plain polling.
                    readable = false;
                    backoff = FIRST_DELAY.min(policy.max_interval);
                    break;
                }
                Ok(SnapshotProgress::Unavailable) => {
                    readable = false;
                    break;
                }
                Err(e) => {
                    last_error = Some(e);
                    sleep_until(Instant::now() + backoff, deadline, cancel, last_error.as_ref()).await?;
                    backoff = backoff.saturating_mul(2).min(policy.max_interval);
                    break;
                }
            }
            let elapsed = started.elapsed();
            let now = Instant::now();
            let cap = now + policy.max_interval;
            let earliest = started + bounds.earliest();
            // Readings grow apart as the wait goes on (a late one resolves more).
            let gap = elapsed.mul_f64(READING_GAP).clamp(FIRST_DELAY, policy.max_interval / 2);
            let close = bounds.latest().is_some_and(|latest| {
                latest.saturating_sub(bounds.earliest()) <= CLOSE_WINDOW || now + gap + CLOSE_LEAD >= earliest
            });
            if close {
                // Straight to the earliest completion (reading again at the cap if far off).
                sleep_until(earliest.min(cap), deadline, cancel, last_error.as_ref()).await?;
                if earliest <= cap {
                    break;
                }
                continue;
            }
            let next_reading = if bounds.latest().is_some() {
                // At a moment that halves the window.
                let not_after = (earliest - started).min(elapsed + policy.max_interval);
                started + bounds.next_reading(elapsed + gap, not_after)
            } else {
                // No progress yet: nothing can be done before the earliest moment.
                earliest.max(now + FIRST_DELAY)
            };
            sleep_until(next_reading.min(cap), deadline, cancel, last_error.as_ref()).await?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A simulated AMI done `ready` after the start, whose snapshot progress follows `percent`
    /// (of the elapsed time), with the calls counted.
    struct Simulated {
        start: Instant,
        ready: Duration,
        checks: Cell<u32>,
        readings: Cell<u32>,
    }

    impl Simulated {
        fn new(ready_secs: f64) -> Self {
            let ready = Duration::from_secs_f64(ready_secs);
            Self { start: Instant::now(), ready, checks: Cell::new(0), readings: Cell::new(0) }
        }

        async fn check(&self, snapshots: bool) -> Result<ImageCheck<Duration>, String> {
            self.checks.set(self.checks.get() + 1);
            let elapsed = self.start.elapsed();
            Ok(if elapsed >= self.ready {
                ImageCheck::Available(elapsed)
            } else {
                ImageCheck::Pending(if snapshots { vec!["snap-1".into()] } else { Vec::new() })
            })
        }

        async fn linear(&self) -> Result<SnapshotProgress, String> {
            self.readings.set(self.readings.get() + 1);
            let done = self.start.elapsed().as_secs_f64() / self.ready.as_secs_f64();
            Ok(if done >= 1.0 {
                SnapshotProgress::Done
            } else {
                SnapshotProgress::Percent((done * 100.0).floor() as u8)
            })
        }
    }

    fn defaults() -> WaitPolicy {
        WaitPolicy::new(IMAGE_WAIT_DEFAULTS, IMAGE_MAX_INTERVAL, WaiterOverrides::default())
    }

    #[tokio::test(start_paused = true)]
    async fn linear_progress_is_followed_to_the_moment() {
        for ready in [0.0, 3.0, 90.0, 120.0, 600.0] {
            let ami = Simulated::new(ready);
            let noticed = wait_for_image_with(defaults(), &Cancellation::new(), || ami.check(true), |_| ami.linear())
                .await
                .expect("available");
            let late = noticed - ami.ready;
            let calls = ami.checks.get() + ami.readings.get();
            assert!(late <= CLOSE_INTERVAL, "{ready} s: noticed {late:?} late");
            // About one reading per interval (20 s) and a few close looks.
            let budget = 6 + (ready / 20.0).ceil() as u32;
            assert!(calls <= budget, "{ready} s: {calls} calls ({} checks)", ami.checks.get());
        }
    }

    #[tokio::test(start_paused = true)]
    async fn stalled_progress_costs_at_most_the_interval() {
        // Real EBS: 0 % for most of the time, then done.
        let ami = Simulated::new(100.0);
        let stalled = || async {
            ami.readings.set(ami.readings.get() + 1);
            Ok(SnapshotProgress::Percent(if ami.start.elapsed() >= ami.ready { 100 } else { 0 }))
        };
        let noticed =
            wait_for_image_with(defaults(), &Cancellation::new(), || ami.check(true), |_| stalled()).await.unwrap();
        assert!(noticed - ami.ready <= IMAGE_MAX_INTERVAL, "noticed {:?} late", noticed - ami.ready);
    }

    #[tokio::test(start_paused = true)]
    async fn without_snapshots_it_backs_off_to_the_interval() {
        let ami = Simulated::new(40.0);
        let noticed =
            wait_for_image_with(defaults(), &Cancellation::new(), || ami.check(false), |_| ami.linear()).await.unwrap();
        assert_eq!(ami.readings.get(), 0);
        // Polls at 0, 0.25, 0.75, 1.75, 3.75, 7.75, 15.75, 31.75, 51.75 s.
        assert_eq!(noticed, Duration::from_millis(51_750));
        assert_eq!(ami.checks.get(), 9);
    }

    #[tokio::test(start_paused = true)]
    async fn unreadable_progress_failure_deadline_and_cancel() {
        let ami = Simulated::new(5.0);
        let denied = || async { Ok(SnapshotProgress::Unavailable) };
        let noticed = wait_for_image_with(defaults(), &Cancellation::new(), || ami.check(true), |_| denied()).await;
        assert_eq!(noticed, Ok(Duration::from_millis(7_750)));

        let failed = wait_for_image_with(
            defaults(),
            &Cancellation::new(),
            || async { Ok::<_, String>(ImageCheck::<()>::Failed("Snapshot failed".into())) },
            |_| async { Ok(SnapshotProgress::Done) },
        )
        .await;
        assert_eq!(failed, Err(WaitError::Failed("Snapshot failed".into())));

        let short = WaitPolicy::backing_off(Duration::from_secs(1), Duration::from_secs(3));
        let never = Simulated::new(1e6);
        let timeout = wait_for_image_with(short, &Cancellation::new(), || never.check(true), |_| never.linear()).await;
        assert_eq!(timeout, Err(WaitError::Timeout(None)));

        let cancel = Cancellation::new();
        let waiting = wait_for_image_with(defaults(), &cancel, || never.check(true), |_| never.linear());
        let canceller = async {
            tokio::time::sleep(Duration::from_secs(20)).await;
            cancel.cancel();
        };
        let (got, ()) = tokio::join!(waiting, canceller);
        assert_eq!(got, Err(WaitError::Cancelled));
    }
}
