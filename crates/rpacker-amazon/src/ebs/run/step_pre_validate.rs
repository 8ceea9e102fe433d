//! `StepPreValidate`: fail before creating anything when the regions are unknown to EC2 or the
//! AMI name is taken (current Packer looks only at the account's own images). The source image
//! is looked up at the same time (for `StepSourceAMIInfo`), saving a round trip.

use rpacker_sdk::lifecycle::{BoxFuture, Step, StepAction, StepContext};

use super::state::{halt, EbsState};
use crate::common::ami_lookup::find_image;
use crate::common::api_error::error_text;
use crate::common::images::own_images_named;

/// Checks regions and the AMI name.
pub(crate) struct StepPreValidate;

impl<'s> Step<EbsState<'s>> for StepPreValidate {
    fn name(&self) -> &'static str {
        "StepPreValidate"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            // The source image lookup (the next step's) does not depend on these checks: it
            // runs meanwhile, and its result waits in the state.
            let run = &state.config.run;
            let lookup = find_image(&state.ec2, &run.source_ami, &run.source_ami_filter);
            let (action, found) = futures_util::future::join(validate(state, ctx), lookup).await;
            state.prefetched_source = Some(found.map_err(|e| e.to_string()));
            action
        })
    }
}

/// The checks, in Packer's order and words.
async fn validate(state: &EbsState<'_>, ctx: &StepContext) -> StepAction {
    let ami = &state.config.ami;
    if !ami.skip_region_validation {
        if let Err(e) = validate_regions(state).await {
            return halt(&ctx.ui, e);
        }
    }
    if ami.force_deregister {
        ctx.ui.say("Force Deregister flag found, skipping prevalidating AMI Name");
        return StepAction::Continue;
    }
    if ami.skip_save_build_region {
        ctx.ui.say("skip_build_region was set; not prevalidating AMI name");
        return StepAction::Continue;
    }
    ctx.ui.say("Prevalidating any provided VPC information");
    if let Err(e) = validate_vpc(state).await {
        return halt(&ctx.ui, e);
    }
    ctx.ui.say(format!("Prevalidating AMI Name: {}", ami.ami_name));
    match own_images_named(&state.ec2, &ami.ami_name).await {
        Err(e) => halt(&ctx.ui, format!("Error querying AMI: {e}")),
        Ok(images) => match images.first() {
            Some(image) => halt(
                &ctx.ui,
                format!(
                    "Error: AMI Name: '{}' is used by an existing AMI: {}",
                    ami.ami_name,
                    image.image_id().unwrap_or_default()
                ),
            ),
            None => StepAction::Continue,
        },
    }
}

async fn validate_regions(state: &EbsState<'_>) -> Result<(), String> {
    let out = state.ec2.describe_regions().send().await.map_err(|e| error_text(&e))?;
    let known: Vec<&str> = out.regions().iter().filter_map(|r| r.region_name()).collect();
    let wanted = state.config.ami.ami_regions.iter().map(String::as_str).chain([state.session.region()]);
    let invalid: Vec<&str> = wanted.filter(|r| !known.contains(r)).collect();
    if invalid.is_empty() {
        return Ok(());
    }
    Err(format!(
        "error validating regions: Invalid region(s): [{}], available regions: [{}]",
        invalid.join(" "),
        known.join(" ")
    ))
}

/// A VPC given without a subnet must be the default VPC (EC2 picks a subnet only there).
async fn validate_vpc(state: &EbsState<'_>) -> Result<(), String> {
    let run = &state.config.run;
    if run.vpc_id.is_empty() || !run.subnet_id.is_empty() || !run.subnet_filter.filters.is_empty() {
        return Ok(());
    }
    let out = state
        .ec2
        .describe_vpcs()
        .vpc_ids(&run.vpc_id)
        .send()
        .await
        .map_err(|e| format!("Error retrieving VPC information for vpc_id {}: {}", run.vpc_id, error_text(&e)))?;
    let is_default = out.vpcs().first().and_then(|v| v.is_default()).unwrap_or(false);
    if is_default {
        Ok(())
    } else {
        Err(format!("Error: subnet_id or subnet_filter must be provided for non-default VPCs ({})", run.vpc_id))
    }
}
