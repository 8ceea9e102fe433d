//! `StepDeregisterAMI` (`force_deregister`): remove the account's images that already carry
//! the AMI name, in the build region and every copy region, with their snapshots when
//! `force_delete_snapshot` is set.

use rpacker_sdk::lifecycle::{BoxFuture, Step, StepAction, StepContext};

use super::state::{halt, EbsState};
use crate::common::api_error::ApiError;
use crate::common::images::{own_images_named, snapshot_ids};

/// Deregisters same-named images.
pub(crate) struct StepDeregisterAmi;

impl<'s> Step<EbsState<'s>> for StepDeregisterAmi {
    fn name(&self) -> &'static str {
        "StepDeregisterAMI"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            let ami = &state.config.ami;
            if !ami.force_deregister {
                return StepAction::Continue;
            }
            let build_region = state.session.region().to_owned();
            let regions = ami.ami_regions.iter().filter(|r| **r != build_region).chain([&build_region]);
            for region in regions {
                let ec2 = state.session.ec2(region);
                let images = match own_images_named(&ec2, &ami.ami_name).await {
                    Ok(images) => images,
                    Err(e) => return halt(&ctx.ui, format!("Error describing AMI: {e}")),
                };
                for image in images {
                    let id = image.image_id().unwrap_or_default();
                    if let Err(e) = ec2.deregister_image().image_id(id).send().await {
                        return halt(&ctx.ui, format!("Error deregistering existing AMI: {}", ApiError::from(e)));
                    }
                    ctx.ui.say(format!("Deregistered AMI {}, id: {id}", ami.ami_name));
                    if !ami.force_delete_snapshot {
                        continue;
                    }
                    for snapshot in snapshot_ids(&image) {
                        if let Err(e) = ec2.delete_snapshot().snapshot_id(&snapshot).send().await {
                            return halt(&ctx.ui, format!("Error deleting existing snapshot: {}", ApiError::from(e)));
                        }
                        ctx.ui.say(format!("Deleted snapshot: {snapshot}"));
                    }
                }
            }
            StepAction::Continue
        })
    }
}
