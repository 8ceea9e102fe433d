//! `StepCreateAMI`: image the stopped instance and wait until the image is available. The
//! image is named `ami_name`, or a random intermediary name when it is only the source of
//! encrypted or other-region copies, and carries the rendered `ami_description`. Cleanup removes it (and its snapshots) when the build
//! failed or was cancelled.

use aws_sdk_ec2::types::ResourceType;
use rand::distributions::Alphanumeric;
use rand::Rng as _;
use rpacker_sdk::lifecycle::{BoxFuture, CleanupContext, Step, StepAction, StepContext};

use super::state::{halt, EbsState};
use crate::common::api_error::ApiError;
use crate::common::ec2_block_devices::ec2_mappings;
use crate::common::ec2_tags::{run_id_tags, tag_specification};
use crate::common::image_waiter::wait_for_image;
use crate::common::images::{remove_image, snapshot_ids};
use crate::common::retry::{retry, Backoff};

/// Creates the AMI.
pub(crate) struct StepCreateAmi;

impl<'s> Step<EbsState<'s>> for StepCreateAmi {
    fn name(&self) -> &'static str {
        "StepCreateAMI"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            match create(state, ctx).await {
                Ok(()) => StepAction::Continue,
                Err(e) => halt(&ctx.ui, e),
            }
        })
    }

    fn cleanup<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a mut CleanupContext) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let region = state.session.region().to_owned();
            let Some(id) = state.amis.get(&region).cloned() else {
                return;
            };
            if !state.failed(ctx.error()) {
                return;
            }
            ctx.ui.say("Deregistering the AMI and deleting associated snapshots because of cancellation, or error...");
            super::step_region_copy::report(ctx, remove_image(&state.ec2, &id).await);
            state.amis.remove(&region);
        })
    }
}

/// Whether the created image is only a source for copies (deleted once they exist).
pub(crate) fn is_intermediary(state: &EbsState<'_>) -> bool {
    state.config.ami.encrypt_boot.is_true() || state.config.ami.skip_save_build_region
}

async fn create(state: &mut EbsState<'_>, ctx: &StepContext) -> Result<(), String> {
    let config = state.config;
    let instance_id = state.instance_id().unwrap_or_default().to_owned();
    let name = if is_intermediary(state) {
        rand::thread_rng().sample_iter(&Alphanumeric).take(7).map(char::from).collect()
    } else {
        config.ami.ami_name.clone()
    };
    ctx.ui.say(format!("Creating AMI {name} from instance {instance_id}"));
    // The description goes on the image (and on each copy) when it is made: Packer sets it
    // afterwards with one ModifyImageAttribute per region, to the same end.
    state.ami_description = state
        .renderer
        .render(&config.ami.ami_description, "ami_description", &state.build_info())
        .map_err(|e| format!("Error interpolating AMI description: {e}"))?;
    let mappings = ec2_mappings(&config.ebs.ami_block_device_mappings);
    let mut request = state
        .ec2
        .create_image()
        .instance_id(&instance_id)
        .name(&name)
        .set_description(Some(state.ami_description.clone()).filter(|d| !d.is_empty()))
        .set_block_device_mappings(Some(mappings).filter(|m| !m.is_empty()));
    // Only an intermediary image carries the run id: the AMIs users keep get exactly their tags.
    if is_intermediary(state) {
        let tags = run_id_tags(state.run_uuid);
        request = request
            .tag_specifications(tag_specification(ResourceType::Image, &tags))
            .tag_specifications(tag_specification(ResourceType::Snapshot, &tags));
    }
    let created = retry(
        Backoff { initial: std::time::Duration::from_millis(200), ..Backoff::packer() },
        u32::MAX,
        &ctx.cancel,
        |e: &ApiError| e.matches("InvalidParameterValue", "Instance is not in state"),
        || async { request.clone().send().await.map_err(ApiError::from) },
    );
    let out = match tokio::time::timeout(std::time::Duration::from_secs(15 * 60), created).await {
        Ok(Ok(out)) => out,
        Ok(Err(e)) => return Err(format!("Error creating AMI: {e}")),
        Err(_) => return Err("Error creating AMI: timed out".into()),
    };
    let id = out.image_id().unwrap_or_default().to_owned();
    ctx.ui.message(format!("AMI: {id}"));
    let region = state.session.region().to_owned();
    state.amis.insert(region.clone(), id.clone());
    ctx.ui.say("Waiting for AMI to become ready...");
    let image = wait_for_image(&state.ec2, &id, state.wait, &ctx.cancel).await.map_err(|e| {
        format!(
            "Error waiting for AMI: Failed with ResourceNotReady error, which can have a variety of causes. For help troubleshooting, check our docs: https://www.packer.io/docs/builders/amazon.html#resourcenotready-error\noriginal error: {e}"
        )
    })?;
    state.snapshots.insert(region, snapshot_ids(&image));
    Ok(())
}
