//! `StepRunSpotInstance` (`spot_price` set and not `"0"`): as current Packer, a launch template
//! `packer-fleet-launch-template-<7 alnum>` with spot market options, then an `instant` EC2
//! fleet of one spot instance (overrides from `spot_instance_types`); then the same wait and
//! state as the on-demand step, so connecting and everything after it are unchanged.
//!
//! Cleanup terminates the instance and waits, deletes the fleet (rpacker: Packer leaves the
//! fleet record; deleting it also cancels its spot requests) and the launch template.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use aws_sdk_ec2::operation::create_fleet::CreateFleetOutput;
use aws_sdk_ec2::types::{
    BlockDeviceMapping, CreditSpecificationRequest, DefaultTargetCapacityType, FleetLaunchTemplateConfigRequest,
    FleetLaunchTemplateOverridesRequest, FleetLaunchTemplateSpecificationRequest, FleetType, InstanceType,
    LaunchTemplateBlockDeviceMappingRequest, LaunchTemplateEbsBlockDeviceRequest,
    LaunchTemplateIamInstanceProfileSpecificationRequest, LaunchTemplateInstanceMarketOptionsRequest,
    LaunchTemplateInstanceNetworkInterfaceSpecificationRequest, LaunchTemplatePlacementRequest,
    LaunchTemplateSpotMarketOptionsRequest, LaunchTemplateTagSpecificationRequest, MarketType,
    RequestLaunchTemplateData, ResourceType, TargetCapacitySpecificationRequest,
};
use rand::distributions::Alphanumeric;
use rand::Rng as _;
use rpacker_sdk::lifecycle::{BoxFuture, Cancellation, CleanupContext, Step, StepAction, StepContext, TargetedSink};

use super::source_instance::{check_root_device, launch_mappings, user_data, wait_until_running, with_run_id};
use super::state::{halt, EbsState};
use super::step_run_source_instance::terminate;
use crate::common::api_error::ApiError;
use crate::common::ec2_tags::{ec2_tags, report, tag_specification};
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
            // An instant fleet's record is deleted with its instances (EC2 terminates them, and
            // refuses to keep an instant fleet without); once the instance is known gone there
            // is nothing left for the fleet to stop, so a refusal then is not worth reporting.
            if let Some(fleet) = &created.fleet {
                if let Err(e) = delete_fleet(&state.ec2, fleet).await {
                    if !state.instance_terminated && instance.is_some() {
                        ctx.ui.error(format!("Error deleting fleet ({fleet}): {e}"));
                    }
                }
            }
            if let Some(id) = instance.filter(|_| !state.instance_terminated) {
                if let Err(e) = terminate(&state.ec2, &id, state.instance_wait, &Cancellation::new()).await {
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

async fn delete_fleet(ec2: &aws_sdk_ec2::Client, fleet: &str) -> Result<(), ApiError> {
    let out = ec2.delete_fleets().fleet_ids(fleet).terminate_instances(true).send().await.map_err(ApiError::from)?;
    match out.unsuccessful_fleet_deletions().first().and_then(|u| u.error()) {
        Some(e) => Err(ApiError {
            code: e.code().map(|c| c.as_str().to_owned()),
            text: format!("{}: {}", e.code().map(|c| c.as_str()).unwrap_or_default(), e.message().unwrap_or_default()),
        }),
        None => Ok(()),
    }
}

/// The run-time tags the step applies, rendered.
struct SpotTags {
    instance: BTreeMap<String, String>,
    volume: BTreeMap<String, String>,
    spot: BTreeMap<String, String>,
}

impl StepRunSpotInstance {
    fn remember(&self, update: impl FnOnce(&mut Created)) {
        update(&mut self.created.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    }

    async fn launch(&self, state: &mut EbsState<'_>, ctx: &StepContext) -> Result<(), String> {
        let config = state.config;
        let run = &config.run;
        ctx.ui.say("Launching a spot AWS instance...");
        let image = state.source_image.clone().ok_or("source_image type assertion failed")?;
        check_root_device(&image)?;
        ctx.ui.say("Interpolating tags for spot instance...");
        let tags = render_tags(state, &ctx.ui)?;

        ctx.ui.say("Loading User Data File...");
        let name = format!("packer-fleet-launch-template-{}", random_alnum(7));
        let user_data = user_data(run)?;
        ctx.ui.say("Creating Spot Fleet launch template...");
        let data = template_data(state, &ctx.ui, image.image_id().unwrap_or_default(), user_data, &tags);
        // The launch template carries the spot tags (Packer) and the run id (rpacker).
        let created = state
            .ec2
            .create_launch_template()
            .launch_template_name(&name)
            .version_description("template generated by packer for launching spot instances")
            .launch_template_data(data)
            .tag_specifications(tag_specification(
                ResourceType::LaunchTemplate,
                &with_run_id(&tags.spot, state.run_uuid),
            ))
            .send()
            .await
            .map_err(|e| format!("Error creating launch template for spot instance: {}", ApiError::from(e)))?;
        self.remember(|c| c.launch_template = Some(name.clone()));
        let template_id = created.launch_template().and_then(|t| t.launch_template_id()).unwrap_or_default();
        ctx.ui.say(format!("Created Spot Fleet launch template: {template_id}"));

        let fleet = create_fleet(state, ctx, &name).await;
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
        state.instance = Some(aws_sdk_ec2::types::Instance::builder().instance_id(&id).build());
        wait_until_running(state, ctx, &id).await?;
        tag_after_launch(state, ctx, &id, &tags).await
    }
}

/// Renders `run_tags`, `run_volume_tags` and `spot_tags` with Packer's texts, reporting the
/// first two.
fn render_tags(state: &EbsState<'_>, ui: &TargetedSink) -> Result<SpotTags, String> {
    let config = state.config;
    let info = state.build_info();
    let instance = state
        .renderer
        .render_tags(&config.run.run_tags, &info)
        .map_err(|e| format!("Error generating tags for source instance: {e}"))?;
    report(ui, &instance);
    let volume = state
        .renderer
        .render_tags(&config.ebs.run_volume_tags, &info)
        .map_err(|e| format!("Error generating volume tags: {e}"))?;
    report(ui, &volume);
    let spot = state
        .renderer
        .render_tags(&config.run.spot_tags.clone().unwrap_or_default(), &info)
        .map_err(|e| format!("Error generating tags for spot request: {e}"))?;
    Ok(SpotTags { instance, volume, spot })
}

fn random_alnum(len: usize) -> String {
    rand::thread_rng().sample_iter(&Alphanumeric).take(len).map(char::from).collect()
}

/// Packer's `CreateTemplateData`.
fn template_data(
    state: &EbsState<'_>,
    ui: &TargetedSink,
    image_id: &str,
    user_data: String,
    tags: &SpotTags,
) -> RequestLaunchTemplateData {
    let run = &state.config.run;
    let mut spot = LaunchTemplateSpotMarketOptionsRequest::builder();
    // "auto" leaves the maximum at the on-demand price. Current Packer no longer sends
    // block_duration_minutes (its SDK dropped the field).
    if run.spot_price != "auto" {
        spot = spot.max_price(&run.spot_price);
    }
    let market =
        LaunchTemplateInstanceMarketOptionsRequest::builder().market_type(MarketType::Spot).spot_options(spot.build());
    let mut placement = LaunchTemplatePlacementRequest::builder();
    if !state.availability_zone.is_empty() {
        placement = placement.availability_zone(&state.availability_zone);
    }
    let mappings = launch_mappings(&state.config.ebs).iter().map(template_mapping).collect();
    let mut data = RequestLaunchTemplateData::builder()
        .set_block_device_mappings(Some(mappings).filter(|m: &Vec<_>| !m.is_empty()))
        .disable_api_termination(false)
        .ebs_optimized(run.ebs_optimized)
        .image_id(image_id)
        .instance_market_options(market.build())
        .placement(placement.build());
    if !user_data.is_empty() {
        data = data.user_data(user_data);
    }
    if !run.iam_instance_profile.is_empty() {
        data = data.iam_instance_profile(
            LaunchTemplateIamInstanceProfileSpecificationRequest::builder().name(&run.iam_instance_profile).build(),
        );
    }
    if state.subnet_id.is_empty() {
        data = data.set_security_group_ids(Some(state.security_group_ids.clone()));
    } else {
        let mut interface = LaunchTemplateInstanceNetworkInterfaceSpecificationRequest::builder()
            .set_groups(Some(state.security_group_ids.clone()))
            .delete_on_termination(true)
            .device_index(0)
            .subnet_id(&state.subnet_id);
        if run.associate_public_ip_address {
            ui.say(format!("changing public IP address config to true for instance on subnet \"{}\"", state.subnet_id));
            interface = interface.associate_public_ip_address(true);
        }
        data = data.network_interfaces(interface.build());
    }
    if run.enable_t2_unlimited {
        data = data.credit_specification(CreditSpecificationRequest::builder().cpu_credits("unlimited").build());
    }
    if !run.instance_type.is_empty() {
        data = data.instance_type(InstanceType::from(run.instance_type.as_str()));
    }
    if !state.comm.ssh_keypair_name.is_empty() {
        data = data.key_name(&state.comm.ssh_keypair_name);
    }
    // Instance and interface get the run tags, volumes the volume tags; all carry the run id.
    let tagged = [
        (ResourceType::Instance, &tags.instance),
        (ResourceType::NetworkInterface, &tags.instance),
        (ResourceType::Volume, &tags.volume),
    ];
    for (resource, user_tags) in tagged {
        data = data.tag_specifications(
            LaunchTemplateTagSpecificationRequest::builder()
                .resource_type(resource)
                .set_tags(Some(ec2_tags(&with_run_id(user_tags, state.run_uuid))))
                .build(),
        );
    }
    data.build()
}

/// A launch mapping as a launch template takes it (the same fields, another type).
fn template_mapping(mapping: &BlockDeviceMapping) -> LaunchTemplateBlockDeviceMappingRequest {
    let request = LaunchTemplateBlockDeviceMappingRequest::builder()
        .set_device_name(mapping.device_name().map(str::to_owned))
        .set_virtual_name(mapping.virtual_name().map(str::to_owned))
        .set_no_device(mapping.no_device().map(str::to_owned));
    let Some(ebs) = mapping.ebs() else {
        return request.build();
    };
    let ebs = LaunchTemplateEbsBlockDeviceRequest::builder()
        .set_delete_on_termination(ebs.delete_on_termination())
        .set_encrypted(ebs.encrypted())
        .set_iops(ebs.iops())
        .set_kms_key_id(ebs.kms_key_id().map(str::to_owned))
        .set_snapshot_id(ebs.snapshot_id().map(str::to_owned))
        .set_throughput(ebs.throughput())
        .set_volume_size(ebs.volume_size())
        .set_volume_type(ebs.volume_type().cloned())
        .build();
    request.ebs(ebs).build()
}

/// Why the fleet launched no instance.
#[derive(Debug)]
enum FleetError {
    /// The call failed.
    Api(ApiError),
    /// The fleet answered without an instance (its errors say why).
    NoInstance(CreateFleetOutput),
}

impl FleetError {
    fn fleet_id(&self) -> Option<&str> {
        match self {
            Self::Api(_) => None,
            Self::NoInstance(out) => out.fleet_id(),
        }
    }

    /// Packer retries while spot capacity is short, and (Packer 1.x) while a new instance
    /// profile is not visible yet.
    fn is_retryable(&self) -> bool {
        match self {
            Self::Api(e) => e.text.contains("Invalid IAM Instance Profile name"),
            Self::NoInstance(out) => {
                out.errors().iter().any(|e| e.error_code() == Some("InsufficientInstanceCapacity"))
            }
        }
    }
}

impl std::fmt::Display for FleetError {
    /// Packer's texts: the API error as is; a fleet's errors joined after `… to become ready:`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Api(e) => write!(f, "{e}"),
            Self::NoInstance(out) => {
                let id = out.fleet_id().unwrap_or_default();
                if out.errors().is_empty() {
                    return write!(f, "Error waiting for fleet request ({id}): no instance was launched");
                }
                write!(f, "Error waiting for fleet request ({id}) to become ready:")?;
                out.errors().iter().try_for_each(|e| f.write_str(e.error_message().unwrap_or_default()))
            }
        }
    }
}

/// `CreateFleet` of type `instant`: one spot instance from the launch template, one override
/// per `spot_instance_types` entry. 11 tries, 500 ms doubling to at most 30 s.
async fn create_fleet(
    state: &EbsState<'_>,
    ctx: &StepContext,
    template: &str,
) -> Result<CreateFleetOutput, FleetError> {
    let overrides = state
        .config
        .run
        .spot_instance_types
        .iter()
        .map(|t| FleetLaunchTemplateOverridesRequest::builder().instance_type(InstanceType::from(t.as_str())).build())
        .collect();
    let config = FleetLaunchTemplateConfigRequest::builder()
        .launch_template_specification(
            FleetLaunchTemplateSpecificationRequest::builder().launch_template_name(template).version("1").build(),
        )
        .set_overrides(Some(overrides).filter(|o: &Vec<_>| !o.is_empty()))
        .build();
    let capacity = TargetCapacitySpecificationRequest::builder()
        .total_target_capacity(1)
        .default_target_capacity_type(DefaultTargetCapacityType::Spot)
        .build();
    let request = state
        .ec2
        .create_fleet()
        .launch_template_configs(config)
        .replace_unhealthy_instances(false)
        .target_capacity_specification(capacity)
        .r#type(FleetType::Instant)
        .tag_specifications(tag_specification(ResourceType::Fleet, &with_run_id(&BTreeMap::new(), state.run_uuid)));
    let backoff = Backoff { initial: Duration::from_millis(500), max: Duration::from_secs(30), multiplier: 2 };
    retry(backoff, 11, &ctx.cancel, FleetError::is_retryable, || async {
        let out = request.clone().send().await.map_err(|e| FleetError::Api(ApiError::from(e)))?;
        // Errors for some pools do not matter once an instance runs.
        if out.instances().iter().any(|i| !i.instance_ids().is_empty()) {
            Ok(out)
        } else {
            Err(FleetError::NoInstance(out))
        }
    })
    .await
}

/// After the instance runs: the spot tags on its spot request, the run tags on the instance
/// and the volume tags on its volumes, as Packer re-applies them.
async fn tag_after_launch(state: &EbsState<'_>, ctx: &StepContext, id: &str, tags: &SpotTags) -> Result<(), String> {
    let instance = state.instance.clone().unwrap_or_else(|| aws_sdk_ec2::types::Instance::builder().build());
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

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::CreateFleetError;

    use super::*;

    fn no_instance(codes: &[(&str, &str)]) -> FleetError {
        let errors = codes
            .iter()
            .map(|(code, message)| CreateFleetError::builder().error_code(*code).error_message(*message).build());
        FleetError::NoInstance(
            CreateFleetOutput::builder().fleet_id("fleet-1").set_errors(Some(errors.collect())).build(),
        )
    }

    #[test]
    fn retries_short_capacity_and_a_missing_profile_only() {
        assert!(no_instance(&[("InsufficientInstanceCapacity", "no capacity")]).is_retryable());
        assert!(!no_instance(&[("InvalidLaunchTemplateName.NotFoundException", "gone")]).is_retryable());
        let profile = ApiError {
            code: Some("InvalidParameterValue".into()),
            text: "InvalidParameterValue: Invalid IAM Instance Profile name".into(),
        };
        assert!(FleetError::Api(profile).is_retryable());
        let denied = ApiError { code: Some("UnauthorizedOperation".into()), text: "UnauthorizedOperation: no".into() };
        assert!(!FleetError::Api(denied).is_retryable());
    }

    #[test]
    fn fleet_errors_read_as_in_packer() {
        let error = no_instance(&[("InsufficientInstanceCapacity", "no capacity. "), ("X", "other")]);
        assert_eq!(error.to_string(), "Error waiting for fleet request (fleet-1) to become ready:no capacity. other");
        assert_eq!(error.fleet_id(), Some("fleet-1"));
        assert_eq!(no_instance(&[]).to_string(), "Error waiting for fleet request (fleet-1): no instance was launched");
    }
}
