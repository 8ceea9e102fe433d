//! `StepSecurityGroup`: use the given groups (checked), the groups a filter finds, or create a
//! temporary group (tagged with the run id) open on the communicator port to
//! `temporary_security_group_source_cidrs`; the temporary group is deleted in cleanup.

use std::time::Duration;

use aws_sdk_ec2::types::{Filter, IpPermission, IpRange, ResourceType};
use rpacker_sdk::lifecycle::{BoxFuture, Cancellation, CleanupContext, Step, StepAction, StepContext};

use super::state::{halt, EbsState};
use crate::common::api_error::ApiError;
use crate::common::ec2_tags::{run_id_tags, tag_specification};
use crate::common::retry::{retry, Backoff};
use crate::common::waiter::{wait_until, Poll, WaitPolicy};

/// Packer's custom waiter for a new group: 5 s × 40, not affected by `aws_polling`.
const GROUP_EXISTS: WaitPolicy = WaitPolicy::backing_off(Duration::from_secs(5), Duration::from_secs(200));

/// EC2's answer about a group it does not know (yet).
const GROUP_NOT_FOUND: &str = "InvalidGroup.NotFound";

/// Packer tries deleting the group 5 times, 5 s apart (it may still be in use while the
/// instance shuts down).
const DELETE_TRIES: u32 = 5;

/// Chooses or creates the instance's security groups.
pub(crate) struct StepSecurityGroup;

impl<'s> Step<EbsState<'s>> for StepSecurityGroup {
    fn name(&self) -> &'static str {
        "StepSecurityGroup"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            let run = &state.config.run;
            if !run.security_group_ids.is_empty() {
                let found = state
                    .ec2
                    .describe_security_groups()
                    .set_group_ids(Some(run.security_group_ids.clone()))
                    .send()
                    .await;
                if let Err(e) = found {
                    return halt(&ctx.ui, format!("Couldn't find specified security group: {}", ApiError::from(e)));
                }
                state.security_group_ids.clone_from(&run.security_group_ids);
                return StepAction::Continue;
            }
            if !run.security_group_filter.is_empty() {
                return match find_groups(state).await {
                    Ok(ids) => {
                        ctx.ui.message(format!("Found Security Group(s): {}", ids.join(", ")));
                        state.security_group_ids = ids;
                        StepAction::Continue
                    }
                    Err(e) => halt(&ctx.ui, format!("Couldn't find security groups for filter: {e}")),
                };
            }
            match create_group(state, ctx).await {
                Ok(()) => StepAction::Continue,
                Err(e) => halt(&ctx.ui, e),
            }
        })
    }

    fn cleanup<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a mut CleanupContext) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let Some(id) = state.created_security_group.take() else {
                return;
            };
            ctx.ui.say("Deleting temporary security group...");
            let backoff = Backoff { initial: Duration::from_secs(5), max: Duration::from_secs(5), multiplier: 1 };
            let ec2 = &state.ec2;
            let deleted = retry(
                backoff,
                DELETE_TRIES,
                &Cancellation::new(),
                |_| true,
                || async { ec2.delete_security_group().group_id(&id).send().await.map_err(ApiError::from) },
            )
            .await;
            if let Err(e) = deleted {
                ctx.ui.error(format!(
                    "Error cleaning up security group. Please delete the group manually: err: {e}; security group ID: {id}"
                ));
            }
        })
    }
}

async fn find_groups(state: &EbsState<'_>) -> Result<Vec<String>, ApiError> {
    let mut filters: Vec<Filter> = state
        .config
        .run
        .security_group_filter
        .filters
        .iter()
        .map(|(k, v)| Filter::builder().name(k).values(v).build())
        .collect();
    if !state.vpc_id.is_empty() {
        filters.push(Filter::builder().name("vpc-id").values(&state.vpc_id).build());
    }
    let out = state.ec2.describe_security_groups().set_filters(Some(filters)).send().await?;
    Ok(out.security_groups().iter().filter_map(|g| g.group_id()).map(str::to_owned).collect())
}

async fn create_group(state: &mut EbsState<'_>, ctx: &StepContext) -> Result<(), String> {
    let name = format!("packer_{}", rpacker_template::funcs::time_ordered_uuid());
    ctx.ui.say(format!("Creating temporary security group for this instance: {name}"));
    let mut request = state
        .ec2
        .create_security_group()
        .group_name(&name)
        .description("Temporary group for Packer")
        .tag_specifications(tag_specification(ResourceType::SecurityGroup, &run_id_tags(state.run_uuid)));
    if !state.vpc_id.is_empty() {
        request = request.vpc_id(&state.vpc_id);
    }
    let out =
        request.send().await.map_err(|e| format!("Error creating temporary security group: {}", ApiError::from(e)))?;
    let id = out.group_id().unwrap_or_default().to_owned();
    state.created_security_group = Some(id.clone());
    state.security_group_ids = vec![id.clone()];

    let cidrs = effective_cidrs(&state.config.run.temporary_security_group_source_cidrs);
    let port = state.comm.port();
    ctx.ui.say(format!(
        "Authorizing access to port {port} from [{}] in the temporary security groups...",
        cidrs.join(" ")
    ));
    let permission = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(i32::try_from(port).unwrap_or_default())
        .to_port(i32::try_from(port).unwrap_or_default())
        .set_ip_ranges(Some(cidrs.iter().map(|c| IpRange::builder().cidr_ip(c).build()).collect()))
        .build();
    let ec2 = &state.ec2;
    let authorize = || async {
        ec2.authorize_security_group_ingress()
            .group_id(&id)
            .ip_permissions(permission.clone())
            .send()
            .await
            .map(drop)
            .map_err(ApiError::from)
    };
    // Packer describes the new group until it shows before authorizing (EC2 is eventually
    // consistent). Here the group is authorized at once, and waited for only when EC2 does not
    // know it yet: one call instead of two when it does, as it nearly always does.
    let authorized = match authorize().await {
        Err(e) if e.code.as_deref() == Some(GROUP_NOT_FOUND) => {
            wait_for_group(ec2, &id, &ctx.cancel).await?;
            authorize().await
        }
        other => other,
    };
    authorized.map_err(|e| format!("Error authorizing temporary security group: {e}"))?;
    Ok(())
}

/// Packer's waiter for a new group: described until it shows (`InvalidGroup.NotFound` and an
/// empty answer mean "not yet").
async fn wait_for_group(ec2: &aws_sdk_ec2::Client, id: &str, cancel: &Cancellation) -> Result<(), String> {
    wait_until(GROUP_EXISTS, cancel, || async {
        match ec2.describe_security_groups().group_ids(id).send().await.map_err(ApiError::from) {
            Ok(out) if !out.security_groups().is_empty() => Ok(Poll::Ready(())),
            Ok(_) => Ok(Poll::Pending),
            Err(e) if e.code.as_deref() == Some(GROUP_NOT_FOUND) => Ok(Poll::Pending),
            Err(e) => Err(e.to_string()),
        }
    })
    .await
    .map_err(|e| format!("Timed out waiting for security group {id}: {e}"))
}

/// `0.0.0.0/0` when no CIDR is given.
fn effective_cidrs(cidrs: &[String]) -> Vec<String> {
    if cidrs.is_empty() {
        vec!["0.0.0.0/0".to_owned()]
    } else {
        cidrs.to_vec()
    }
}
