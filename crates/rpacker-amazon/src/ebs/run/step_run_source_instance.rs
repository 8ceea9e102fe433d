//! `StepRunSourceInstance` (on-demand): launch the instance from the source image with the
//! rendered `run_tags`/`run_volume_tags` (plus the run-id tag) applied at creation, wait until
//! it runs, and describe it. Cleanup terminates it and waits until it is gone, unless the region
//! copy step already did (the instance is not needed once its AMI is available): then it only
//! waits for that termination to end.

use aws_sdk_ec2::types::{
    CreditSpecificationRequest, IamInstanceProfileSpecification, InstanceNetworkInterfaceSpecification, InstanceType,
    Placement, ResourceType, ShutdownBehavior, Tenancy,
};
use rpacker_sdk::lifecycle::{BoxFuture, Cancellation, CleanupContext, Step, StepAction, StepContext};

use super::source_instance::{check_root_device, launch_mappings, user_data, wait_until_running, with_run_id};
use super::state::{halt, EbsState};
use crate::common::api_error::ApiError;
use crate::common::ec2_tags::{report, tag_specification};
use crate::common::instance_waiters::{wait_for_instance, InstanceTarget, Pace};
use crate::common::polling::WaiterOverrides;
use crate::common::retry::{retry, Backoff};

/// Launches the source instance.
pub(crate) struct StepRunSourceInstance;

impl<'s> Step<EbsState<'s>> for StepRunSourceInstance {
    fn name(&self) -> &'static str {
        "StepRunSourceInstance"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            match launch(state, ctx).await {
                Ok(()) => StepAction::Continue,
                Err(e) => halt(&ctx.ui, e),
            }
        })
    }

    fn cleanup<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a mut CleanupContext) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let Some(id) = state.instance_id().map(str::to_owned) else {
                return;
            };
            ctx.ui.say("Terminating the source AWS instance...");
            state.settle_early_termination().await;
            if state.instance_terminated {
                // Terminated while the region copies ran.
                return;
            }
            if let Err(e) = terminate(&state.ec2, &id, state.wait, &Cancellation::new()).await {
                ctx.ui.error(e);
            }
        })
    }
}

/// Terminates the instance `id` and waits until it is gone; errors in Packer's words.
pub(crate) async fn terminate(
    ec2: &aws_sdk_ec2::Client,
    id: &str,
    wait: WaiterOverrides,
    cancel: &Cancellation,
) -> Result<(), String> {
    request_termination(ec2, id).await?;
    wait_terminated(ec2, id, Pace::Gating, wait, cancel).await
}

/// Asks EC2 to terminate the instance `id`.
pub(crate) async fn request_termination(ec2: &aws_sdk_ec2::Client, id: &str) -> Result<(), String> {
    match ec2.terminate_instances().instance_ids(id).send().await {
        Ok(_) => Ok(()),
        Err(e) => Err(format!("Error terminating instance, may still be around: {}", ApiError::from(e))),
    }
}

/// Waits until the instance `id` is terminated.
pub(crate) async fn wait_terminated(
    ec2: &aws_sdk_ec2::Client,
    id: &str,
    pace: Pace,
    wait: WaiterOverrides,
    cancel: &Cancellation,
) -> Result<(), String> {
    wait_for_instance(ec2, id, InstanceTarget::Terminated, pace, wait, cancel)
        .await
        .map(drop)
        .map_err(|e| e.to_string())
}

async fn launch(state: &mut EbsState<'_>, ctx: &StepContext) -> Result<(), String> {
    let config = state.config;
    let run = &config.run;
    let user_data = user_data(run)?;
    ctx.ui.say("Launching a source AWS instance...");
    let image = state.source_image.clone().ok_or("source_image type assertion failed")?;
    check_root_device(&image)?;
    ctx.ui.say("Adding tags to source instance");
    let mut run_tags = run.run_tags.clone();
    run_tags.entry("Name".into()).or_insert_with(|| "Packer Builder".into());
    let info = state.build_info();
    let instance_tags =
        state.renderer.render_tags(&run_tags, &info).map_err(|e| format!("Error tagging source instance: {e}"))?;
    let volume_tags = state
        .renderer
        .render_tags(&config.ebs.run_volume_tags, &info)
        .map_err(|e| format!("Error tagging volumes: {e}"))?;

    let mut placement = Placement::builder();
    if !state.availability_zone.is_empty() {
        placement = placement.availability_zone(&state.availability_zone);
    }
    if !run.tenancy.is_empty() {
        placement = placement.tenancy(Tenancy::from(run.tenancy.as_str()));
    }
    let mappings = launch_mappings(&config.ebs);
    let mut request = state
        .ec2
        .run_instances()
        .image_id(image.image_id().unwrap_or_default())
        .instance_type(InstanceType::from(run.instance_type.as_str()))
        .min_count(1)
        .max_count(1)
        .set_block_device_mappings(Some(mappings).filter(|m| !m.is_empty()))
        .placement(placement.build())
        .ebs_optimized(run.ebs_optimized)
        .instance_initiated_shutdown_behavior(ShutdownBehavior::from(shutdown_behavior(&run.shutdown_behavior)));
    if !user_data.is_empty() {
        request = request.user_data(user_data);
    }
    if !state.iam_instance_profile.is_empty() {
        request = request
            .iam_instance_profile(IamInstanceProfileSpecification::builder().name(&state.iam_instance_profile).build());
    }
    if run.enable_t2_unlimited {
        request = request.credit_specification(CreditSpecificationRequest::builder().cpu_credits("unlimited").build());
    }
    // The run id goes on every resource the build creates; the user's tags are reported as Packer does.
    request = request
        .tag_specifications(tag_specification(ResourceType::Instance, &with_run_id(&instance_tags, state.run_uuid)))
        .tag_specifications(tag_specification(ResourceType::Volume, &with_run_id(&volume_tags, state.run_uuid)));
    report(&ctx.ui, &instance_tags);
    report(&ctx.ui, &volume_tags);
    if !state.comm.ssh_keypair_name.is_empty() {
        request = request.key_name(&state.comm.ssh_keypair_name);
    }
    if !state.subnet_id.is_empty() && run.associate_public_ip_address {
        let interface = InstanceNetworkInterfaceSpecification::builder()
            .device_index(0)
            .associate_public_ip_address(true)
            .subnet_id(&state.subnet_id)
            .set_groups(Some(state.security_group_ids.clone()))
            .delete_on_termination(true)
            .build();
        request = request.network_interfaces(interface);
    } else {
        if !state.subnet_id.is_empty() {
            request = request.subnet_id(&state.subnet_id);
        }
        request = request.set_security_group_ids(Some(state.security_group_ids.clone()));
    }
    let launched = retry(
        Backoff::packer(),
        11,
        &ctx.cancel,
        |e: &ApiError| e.matches("InvalidParameterValue", "iamInstanceProfile"),
        || async { request.clone().send().await.map_err(ApiError::from) },
    )
    .await;
    let reservation = match launched {
        Ok(out) => out,
        Err(e) if e.matches("VPCIdNotSpecified", "No default VPC for this user") && state.subnet_id.is_empty() => {
            return Err("Error launching source instance: a valid Subnet Id was not specified".into());
        }
        Err(e) => return Err(format!("Error launching source instance: {e}")),
    };
    let instance = reservation.instances().first().cloned().ok_or("Error launching source instance: no instance")?;
    let id = instance.instance_id().unwrap_or_default().to_owned();
    // Known from here on, so cleanup terminates it whatever happens next.
    state.instance = Some(instance);
    wait_until_running(state, ctx, &id).await
}

fn shutdown_behavior(configured: &str) -> &str {
    if configured.is_empty() {
        "stop"
    } else {
        configured
    }
}
