//! `StepNetworkInfo`: resolve `vpc_filter` and `subnet_filter` to ids, and fill the VPC and
//! zone of a given subnet, so the launch and the security group land in the same network.

use std::collections::BTreeMap;

use aws_sdk_ec2::types::{Filter, Subnet};
use rpacker_sdk::lifecycle::{BoxFuture, Step, StepAction, StepContext};

use super::state::{halt, EbsState};
use crate::common::api_error::error_text;

/// Finds the VPC, subnet and zone.
pub(crate) struct StepNetworkInfo;

fn filters(map: &BTreeMap<String, String>) -> Vec<Filter> {
    map.iter().map(|(k, v)| Filter::builder().name(k).values(v).build()).collect()
}

impl<'s> Step<EbsState<'s>> for StepNetworkInfo {
    fn name(&self) -> &'static str {
        "StepNetworkInfo"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            let run = &state.config.run;
            state.vpc_id.clone_from(&run.vpc_id);
            state.subnet_id.clone_from(&run.subnet_id);
            state.availability_zone.clone_from(&run.availability_zone);
            if state.vpc_id.is_empty() && !run.vpc_filter.is_empty() {
                let out =
                    match state.ec2.describe_vpcs().set_filters(Some(filters(&run.vpc_filter.filters))).send().await {
                        Ok(out) => out,
                        Err(e) => return halt(&ctx.ui, format!("Error querying VPCs: {}", error_text(&e))),
                    };
                let vpcs = out.vpcs();
                if vpcs.len() != 1 {
                    return halt(
                        &ctx.ui,
                        format!(
                            "Exactly one VPC should match the filter, but {} VPC's was found matching filters: {:?}",
                            vpcs.len(),
                            run.vpc_filter.filters
                        ),
                    );
                }
                state.vpc_id = vpcs[0].vpc_id().unwrap_or_default().to_owned();
                ctx.ui.message(format!("Found VPC ID: {}", state.vpc_id));
            }
            if state.subnet_id.is_empty() && !run.subnet_filter.filters.is_empty() {
                match find_subnet(state).await {
                    Ok(subnet) => {
                        state.subnet_id = subnet.subnet_id().unwrap_or_default().to_owned();
                        ctx.ui.message(format!("Found Subnet ID: {}", state.subnet_id));
                    }
                    Err(e) => return halt(&ctx.ui, e),
                }
            }
            if !state.subnet_id.is_empty() && (state.vpc_id.is_empty() || state.availability_zone.is_empty()) {
                let out = match state.ec2.describe_subnets().subnet_ids(&state.subnet_id).send().await {
                    Ok(out) => out,
                    Err(e) => {
                        return halt(
                            &ctx.ui,
                            format!("Describing the subnet: {} returned error: {}", state.subnet_id, error_text(&e)),
                        )
                    }
                };
                if let Some(subnet) = out.subnets().first() {
                    if state.availability_zone.is_empty() {
                        state.availability_zone = subnet.availability_zone().unwrap_or_default().to_owned();
                    }
                    if state.vpc_id.is_empty() {
                        state.vpc_id = subnet.vpc_id().unwrap_or_default().to_owned();
                    }
                }
            }
            StepAction::Continue
        })
    }
}

async fn find_subnet(state: &EbsState<'_>) -> Result<Subnet, String> {
    let run = &state.config.run;
    let mut map = run.subnet_filter.filters.clone();
    map.insert("state".into(), "available".into());
    if !state.vpc_id.is_empty() {
        map.insert("vpc-id".into(), state.vpc_id.clone());
    }
    if !state.availability_zone.is_empty() {
        map.insert("availabilityZone".into(), state.availability_zone.clone());
    }
    let out = state
        .ec2
        .describe_subnets()
        .set_filters(Some(filters(&map)))
        .send()
        .await
        .map_err(|e| format!("Error querying Subnets: {}", error_text(&e)))?;
    let mut subnets = out.subnets.unwrap_or_default();
    if subnets.is_empty() {
        return Err(format!("No Subnets was found matching filters: {map:?}"));
    }
    let filter = &run.subnet_filter;
    if subnets.len() > 1 && !filter.most_free && !filter.random {
        return Err(format!(
            "Your filter matched {} Subnets. Please try a more specific search, or set random or most_free to true.",
            subnets.len()
        ));
    }
    if filter.most_free {
        subnets.sort_by_key(|s| std::cmp::Reverse(s.available_ip_address_count().unwrap_or(0)));
    } else if filter.random {
        let index = usize::try_from(std::process::id()).unwrap_or(0) % subnets.len();
        subnets.swap(0, index);
    }
    Ok(subnets.swap_remove(0))
}
