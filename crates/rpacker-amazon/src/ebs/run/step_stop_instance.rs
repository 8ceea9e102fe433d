//! `StepStopEBSBackedInstance`: stop the instance (unless `disable_stop_instance`: the user's
//! provisioning stops it) and wait until it is stopped, so the image is consistent. Skipped for
//! a spot instance, as in Packer (the image is made from the running instance).

use std::time::Duration;

use rpacker_sdk::lifecycle::{BoxFuture, Step, StepAction, StepContext};

use super::state::{halt, EbsState};
use crate::common::api_error::ApiError;
use crate::common::instance_waiters::{wait_for_instance, InstanceTarget, Pace};
use crate::common::retry::{retry, Backoff};

/// Stops the instance.
pub(crate) struct StepStopInstance;

impl<'s> Step<EbsState<'s>> for StepStopInstance {
    fn name(&self) -> &'static str {
        "StepStopEBSBackedInstance"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            if state.config.run.is_spot_instance() {
                return StepAction::Continue;
            }
            let Some(id) = state.instance_id().map(str::to_owned) else {
                return halt(&ctx.ui, "Error stopping instance: no instance");
            };
            if state.config.run.disable_stop_instance {
                ctx.ui.say("Automatic instance stop disabled. Please stop instance manually.");
            } else {
                ctx.ui.say("Stopping the source instance...");
                let ec2 = &state.ec2;
                // A new instance may not be visible everywhere yet (eventual consistency).
                let backoff = Backoff { initial: Duration::from_secs(10), max: Duration::from_secs(60), multiplier: 2 };
                let stopped = retry(
                    backoff,
                    6,
                    &ctx.cancel,
                    |e: &ApiError| e.code.as_deref() == Some("InvalidInstanceID.NotFound"),
                    || async {
                        ctx.ui.message("Stopping instance");
                        ec2.stop_instances().instance_ids(&id).send().await.map_err(ApiError::from)
                    },
                )
                .await;
                if let Err(e) = stopped {
                    return halt(&ctx.ui, format!("Error stopping instance: {e}"));
                }
            }
            ctx.ui.say("Waiting for the instance to stop...");
            match wait_for_instance(&state.ec2, &id, InstanceTarget::Stopped, Pace::Gating, state.wait, &ctx.cancel)
                .await
            {
                Ok(instance) => {
                    state.instance = Some(instance);
                    StepAction::Continue
                }
                Err(e) => halt(&ctx.ui, format!("Error waiting for instance to stop: {e}")),
            }
        })
    }
}
