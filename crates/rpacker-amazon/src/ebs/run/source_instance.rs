//! What launching the source instance needs whether it runs on demand (`RunInstances`) or as a
//! spot instance (a launch template and an `instant` fleet): the user data, the root-device
//! check, the launch block devices, the run-id tag, and waiting until the instance runs.

use std::collections::BTreeMap;

use aws_sdk_ec2::types::{BlockDeviceMapping, Image, Instance};
use base64::Engine as _;
use rpacker_sdk::lifecycle::StepContext;

use super::state::EbsState;
use crate::common::ec2_block_devices::ec2_mappings;
use crate::common::ec2_tags::RUN_ID_TAG;
use crate::common::instance_waiters::{wait_for_instance, InstanceTarget, Pace};
use crate::common::run_config::RunConfig;
use crate::ebs::config::EbsConfig;

/// The user data, base64-encoded unless it already is.
pub(crate) fn user_data(run: &RunConfig) -> Result<String, String> {
    let text = if run.user_data_file.is_empty() {
        run.user_data.clone()
    } else {
        std::fs::read_to_string(&run.user_data_file).map_err(|e| format!("Problem reading user data file: {e}"))?
    };
    let engine = base64::engine::general_purpose::STANDARD;
    if engine.decode(&text).is_ok() {
        Ok(text)
    } else {
        Ok(engine.encode(text))
    }
}

/// amazon-ebs builds from EBS-rooted images only.
pub(crate) fn check_root_device(image: &Image) -> Result<(), String> {
    let root_type = image.root_device_type().map(|t| t.as_str().to_owned()).unwrap_or_default();
    if root_type == "ebs" {
        Ok(())
    } else {
        Err(format!("The provided source AMI has an invalid root device type.\nExpected 'ebs', got '{root_type}'."))
    }
}

/// `launch_block_device_mappings`, plus empty `xvdca`…`xvdcz` with `no_ephemeral` (so the
/// instance gets no ephemeral drives).
pub(crate) fn launch_mappings(ebs: &EbsConfig) -> Vec<BlockDeviceMapping> {
    let mut mappings = ec2_mappings(&ebs.launch_block_device_mappings);
    if ebs.no_ephemeral {
        for letter in 'a'..='z' {
            mappings.push(BlockDeviceMapping::builder().device_name(format!("xvdc{letter}")).no_device("").build());
        }
    }
    mappings
}

/// `tags` plus the run-id tag every resource the build creates carries.
pub(crate) fn with_run_id(tags: &BTreeMap<String, String>, run_id: &str) -> BTreeMap<String, String> {
    let mut tagged = tags.clone();
    tagged.insert(RUN_ID_TAG.into(), run_id.into());
    tagged
}

/// Packer's `waitForInstanceReadiness`: says which instance it waits for, waits until it runs
/// and keeps it as described then. The caller has already put the instance id in the state, so
/// cleanup terminates it whatever happens here.
pub(crate) async fn wait_until_running(state: &mut EbsState<'_>, ctx: &StepContext, id: &str) -> Result<(), String> {
    ctx.ui.message(format!("Instance ID: {id}"));
    ctx.ui.say(format!("Waiting for instance ({id}) to become ready..."));
    match wait_for_instance(&state.ec2, id, InstanceTarget::Running, Pace::Gating, state.wait, &ctx.cancel).await {
        Ok(instance) => {
            if state.config.packer.debug {
                debug_addresses(ctx, &instance);
            }
            state.instance = Some(instance);
            Ok(())
        }
        Err(e) => Err(format!("Error waiting for instance ({id}) to become ready: {e}")),
    }
}

fn debug_addresses(ctx: &StepContext, instance: &Instance) {
    let shown = [
        ("Public DNS", instance.public_dns_name()),
        ("Public IP", instance.public_ip_address()),
        ("Private IP", instance.private_ip_address()),
    ];
    for (label, value) in shown {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            ctx.ui.message(format!("{label}: {v}"));
        }
    }
}
