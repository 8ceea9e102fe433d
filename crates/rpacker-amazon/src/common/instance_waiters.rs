//! Waiting for an instance to reach `running`, `stopped` or `terminated`, with the SDK
//! waiters' acceptors (which states are final failures) and Packer's default deadline
//! (15 s × 40), overridable through `aws_polling`. Nothing reports how far an instance is in
//! starting or stopping, so it is polled at a short constant interval: such a change takes tens
//! of seconds and the build waits for it.

use std::time::Duration;

use aws_sdk_ec2::types::{Instance, InstanceStateName};
use rpacker_sdk::lifecycle::Cancellation;

use super::api_error::ApiError;
use super::polling::WaiterOverrides;
use super::waiter::{wait_until, Poll, WaitError, WaitPolicy};

/// The SDK's instance waiters: 15 s between polls, 40 polls.
pub const DEFAULT_WAIT: (Duration, u32) = (Duration::from_secs(15), 40);

/// The interval between polls of a changing instance (the user's delay replaces it). A start or
/// stop takes tens of seconds on EC2, so after the first poll (which sees an instance already in
/// the wanted state) there is no fast start: the interval is the lateness/calls trade-off.
const INSTANCE_POLL_INTERVAL: Duration = Duration::from_millis(1_300);

/// The state an instance wait is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstanceTarget {
    /// `running`; fails on `shutting-down`, `terminated`, `stopping`.
    Running,
    /// `stopped`; fails on `pending`, `terminated`.
    Stopped,
    /// `terminated`; fails on `pending`, `stopping`.
    Terminated,
}

impl InstanceTarget {
    fn wanted(self) -> InstanceStateName {
        match self {
            Self::Running => InstanceStateName::Running,
            Self::Stopped => InstanceStateName::Stopped,
            Self::Terminated => InstanceStateName::Terminated,
        }
    }

    fn fails_on(self, state: &InstanceStateName) -> bool {
        use InstanceStateName as S;
        match self {
            Self::Running => matches!(state, S::ShuttingDown | S::Terminated | S::Stopping),
            Self::Stopped => matches!(state, S::Pending | S::Terminated),
            Self::Terminated => matches!(state, S::Pending | S::Stopping),
        }
    }
}

/// Who waits for an instance: the build (polled closely), or only the cleanup at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// The build waits: a poll at once, then every [`INSTANCE_POLL_INTERVAL`] (or the user's delay).
    Gating,
    /// Nothing is held up (the termination that runs while the region copies do): a poll at
    /// once, then 5 s later, backing off to Packer's 15 s (or the user's delay), so a wait of
    /// minutes costs a handful of calls.
    Background,
}

/// The first delay of a background wait (then doubling).
const BACKGROUND_FIRST_DELAY: Duration = Duration::from_secs(5);

/// Waits until instance `id` reaches `target`; returns the instance as last described.
///
/// # Errors
/// The waiter's error.
pub async fn wait_for_instance(
    ec2: &aws_sdk_ec2::Client,
    id: &str,
    target: InstanceTarget,
    pace: Pace,
    overrides: WaiterOverrides,
    cancel: &Cancellation,
) -> Result<Instance, WaitError> {
    let policy = match pace {
        Pace::Gating => {
            let mut policy = WaitPolicy::new(DEFAULT_WAIT, INSTANCE_POLL_INTERVAL, overrides);
            policy.first_delay = policy.max_interval;
            policy
        }
        Pace::Background => {
            let mut policy = WaitPolicy::new(DEFAULT_WAIT, DEFAULT_WAIT.0, overrides);
            policy.first_delay = BACKGROUND_FIRST_DELAY.min(policy.max_interval);
            policy
        }
    };
    wait_until(policy, cancel, || async {
        let out = ec2.describe_instances().instance_ids(id).send().await.map_err(|e| ApiError::from(e).to_string())?;
        let Some(instance) = out.reservations().iter().flat_map(|r| r.instances()).next().cloned() else {
            return Ok(Poll::Pending);
        };
        let state = instance.state().and_then(|s| s.name()).cloned().unwrap_or(InstanceStateName::Pending);
        if state == target.wanted() {
            Ok(Poll::Ready(instance))
        } else if target.fails_on(&state) {
            Ok(Poll::Failed(state.as_str().to_owned()))
        } else {
            Ok(Poll::Pending)
        }
    })
    .await
}
