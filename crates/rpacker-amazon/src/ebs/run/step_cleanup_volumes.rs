//! `StepCleanupVolumes`: nothing on the way in; after the instance is terminated (this cleanup
//! runs after the launch step's), delete the volumes it left behind that Packer did not attach
//! on purpose (`launch_block_device_mappings` follow their own `delete_on_termination`). Only
//! volumes not deleted on termination are described (Packer describes them all).

use std::collections::BTreeMap;

use aws_sdk_ec2::types::Filter;
use rpacker_sdk::lifecycle::{BoxFuture, CleanupContext, Step, StepAction, StepContext};

use super::state::EbsState;
use crate::common::api_error::ApiError;

/// Deletes leftover volumes of the instance.
pub(crate) struct StepCleanupVolumes;

const NOTHING: &str = "No volumes to clean up, skipping";

impl<'s> Step<EbsState<'s>> for StepCleanupVolumes {
    fn name(&self) -> &'static str {
        "StepCleanupVolumes"
    }

    fn run<'a>(&'a self, _state: &'a mut EbsState<'s>, _ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(std::future::ready(StepAction::Continue))
    }

    fn cleanup<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a mut CleanupContext) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let Some(instance) = &state.instance else {
                ctx.ui.say(NOTHING);
                return;
            };
            ctx.ui.say("Cleaning up any extra volumes...");
            // Volume id -> device name, from the instance as last described. A volume deleted on
            // termination is gone by now (this runs after the instance's termination), never
            // "available", so it is not asked about: without others, no call at all.
            let mut volumes: BTreeMap<String, String> = instance
                .block_device_mappings()
                .iter()
                .filter_map(|m| {
                    let ebs = m.ebs().filter(|ebs| ebs.delete_on_termination() != Some(true))?;
                    Some((ebs.volume_id()?.to_owned(), m.device_name().unwrap_or_default().to_owned()))
                })
                .collect();
            if volumes.is_empty() {
                ctx.ui.say(NOTHING);
                return;
            }
            let filter =
                Filter::builder().name("volume-id").set_values(Some(volumes.keys().cloned().collect())).build();
            let described = match state.ec2.describe_volumes().filters(filter).send().await {
                Ok(out) => out.volumes.unwrap_or_default(),
                Err(e) => {
                    ctx.ui.say(format!("Error describing volumes: {}", ApiError::from(e)));
                    return;
                }
            };
            if described.is_empty() {
                ctx.ui.say(NOTHING);
                return;
            }
            let available: Vec<&str> = described
                .iter()
                .filter(|v| v.state().is_some_and(|s| s.as_str() == "available"))
                .filter_map(|v| v.volume_id())
                .collect();
            volumes.retain(|id, _| available.contains(&id.as_str()));
            let launch_devices: Vec<&str> =
                state.config.ebs.launch_block_device_mappings.iter().map(|b| b.device_name.as_str()).collect();
            volumes.retain(|_, device| !launch_devices.contains(&device.as_str()));
            for id in volumes.keys() {
                ctx.ui.say(format!("Destroying volume ({id})..."));
                if let Err(e) = state.ec2.delete_volume().volume_id(id).send().await {
                    ctx.ui.say(format!("Error deleting volume: {}", ApiError::from(e)));
                }
            }
        })
    }
}
