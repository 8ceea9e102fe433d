//! `StepRunSpotInstance` (`spot_price` set and not `"0"`): as current Packer, a launch template
//! `packer-fleet-launch-template-<7 alnum>` with spot market options, then an `instant` EC2
//! fleet of one spot instance (overrides from `spot_instance_types`); then the same wait and
//! state as the on-demand step, so connecting and everything after it are unchanged.
//!
//! Cleanup deletes the fleet (rpacker: Packer leaves the fleet record active; deleting it also
//! cancels its spot requests), terminates the instance and waits, then deletes the launch
//! template.

use std::sync::Mutex;

use aws_sdk_ec2::types::Instance;
use rpacker_sdk::lifecycle::{BoxFuture, Cancellation, CleanupContext, Step, StepAction, StepContext};

use super::source_instance::{check_root_device, wait_until_running};
use super::spot_fleet::{create_fleet, delete_fleet};
use super::spot_launch_template::{create_launch_template, render_tags, SpotTags};
use super::state::{halt, EbsState};
use super::step_run_source_instance::terminate;
use crate::common::api_error::ApiError;
use crate::common::ec2_tags::{ec2_tags, report};
use crate::common::retry::{retry, Backoff};

/// What the step created, for its cleanup.
#[derive(Debug, Default)]
struct Created {
    launch_template: Option<String>,
    fleet: Option<String>,
}

/// Launches the source instance as a spot instance.
#[derive(Default)]
pub(crate) struct StepRunSpotInstance {
    created: Mutex<Created>,
}

impl<'s> Step<EbsState<'s>> for StepRunSpotInstance {
    fn name(&self) -> &'static str {
        "StepRunSpotInstance"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            match self.launch(state, ctx).await {
                Ok(()) => StepAction::Continue,
                Err(e) => halt(&ctx.ui, e),
            }
        })
    }

    fn cleanup<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a mut CleanupContext) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let created = std::mem::take(&mut *self.created.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
            let instance = state.instance_id().map(str::to_owned);
            if instance.is_some() {
                ctx.ui.say("Terminating the source AWS instance...");
            }
            state.settle_early_termination().await;
            // Deleting an instant fleet terminates its instance too (EC2 allows no other way).
            // When the instance is already gone (terminated while the region copies ran), moto
            // refuses ("No instances specified"); the fleet has nothing left to stop then, so
            // that refusal is not reported.
            if let Some(fleet) = &created.fleet {
                if let Err(e) = delete_fleet(&state.ec2, fleet).await {
                    if !state.instance_terminated && instance.is_some() {
                        ctx.ui.error(format!("Error deleting fleet ({fleet}): {e}"));
                    }
                }
            }
            if let Some(id) = instance.filter(|_| !state.instance_terminated) {
                if let Err(e) = terminate(&state.ec2, &id, state.wait, &Cancellation::new()).await {
                    ctx.ui.error(e);
                }
            }
            if let Some(name) = &created.launch_template {
                if let Err(e) = state.ec2.delete_launch_template().launch_template_name(name).send().await {
                    ctx.ui.error(ApiError::from(e).to_string());
                }
            }
        })
    }
}

impl StepRunSpotInstance {
    fn remember(&self, update: impl FnOnce(&mut Created)) {
        update(&mut self.created.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    }

    async fn launch(&self, state: &mut EbsState<'_>, ctx: &StepContext) -> Result<(), String> {
        ctx.ui.say("Launching a spot AWS instance...");
        let image = state.source_image.clone().ok_or("source_image type assertion failed")?;
        check_root_device(&image)?;
        ctx.ui.say("Interpolating tags for spot instance...");
        let tags = render_tags(state, &ctx.ui)?;

        let name = create_launch_template(state, &ctx.ui, image.image_id().unwrap_or_default(), &tags).await?;
        self.remember(|c| c.launch_template = Some(name.clone()));

        let fleet = create_fleet(state, &ctx.cancel, &name).await;
        if let Some(id) = fleet.as_ref().map_or_else(|e| e.fleet_id(), |out| out.fleet_id()) {
            self.remember(|c| c.fleet = Some(id.to_owned()));
        }
        let fleet = fleet.map_err(|e| e.to_string())?;
        let id = fleet
            .instances()
            .iter()
            .flat_map(|i| i.instance_ids())
            .next()
            .cloned()
            .ok_or("Error finding source instance.")?;
        // Known from here on, so cleanup terminates it whatever happens next.
        state.instance = Some(Instance::builder().instance_id(&id).build());
        wait_until_running(state, ctx, &id).await?;
        tag_after_launch(state, ctx, &id, &tags).await
    }
}

/// After the instance runs: the spot tags on its spot request, the run tags on the instance
/// and the volume tags on its volumes, as Packer re-applies them.
async fn tag_after_launch(state: &EbsState<'_>, ctx: &StepContext, id: &str, tags: &SpotTags) -> Result<(), String> {
    let instance = state.instance.clone().unwrap_or_else(|| Instance::builder().build());
    if !tags.spot.is_empty() {
        report(&ctx.ui, &tags.spot);
        // EC2 names the spot request of a fleet's spot instance (moto does not).
        if let Some(request) = instance.spot_instance_request_id() {
            let tagged = state.ec2.create_tags().resources(request).set_tags(Some(ec2_tags(&tags.spot))).send().await;
            tagged.map_err(|e| format!("Error tagging spot request: {}", ApiError::from(e)))?;
        }
    }
    if !tags.instance.is_empty() {
        let tagged = retry(
            Backoff::packer(),
            11,
            &ctx.cancel,
            |e: &ApiError| e.code.as_deref() == Some("InvalidInstanceID.NotFound"),
            || async {
                let call = state.ec2.create_tags().resources(id).set_tags(Some(ec2_tags(&tags.instance)));
                call.send().await.map_err(ApiError::from)
            },
        )
        .await;
        tagged.map_err(|e| format!("Error tagging source instance: {e}"))?;
    }
    let volumes: Vec<String> = instance
        .block_device_mappings()
        .iter()
        .filter_map(|m| m.ebs().and_then(|e| e.volume_id()).map(str::to_owned))
        .collect();
    if !volumes.is_empty() && !tags.volume.is_empty() {
        ctx.ui.say("Adding tags to source EBS Volumes");
        let tagged =
            state.ec2.create_tags().set_resources(Some(volumes)).set_tags(Some(ec2_tags(&tags.volume))).send().await;
        tagged.map_err(|e| format!("Error tagging source EBS Volumes on {id}: {}", ApiError::from(e)))?;
    }
    Ok(())
}
