//! `StepCreateTags`: tag the AMI of every region and its snapshots with the rendered `tags`,
//! and the snapshots with `snapshot_tags` too. Every region is tagged at the same time; the
//! messages keep Packer's order. `BuildRegion` is the build region for every copy, as in Packer.

use std::collections::BTreeMap;

use futures_util::future::join_all;
use rpacker_sdk::lifecycle::{BoxFuture, Cancellation, Step, StepAction, StepContext};

use super::state::{halt, EbsState};
use crate::common::api_error::ApiError;
use crate::common::ec2_tags::{ec2_tags, report};
use crate::common::retry::{retry, Backoff};

/// Tags AMIs and snapshots.
pub(crate) struct StepCreateTags;

impl<'s> Step<EbsState<'s>> for StepCreateTags {
    fn name(&self) -> &'static str {
        "StepCreateTags"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            let ami = &state.config.ami;
            let tags_in = ami.tags.clone().unwrap_or_default();
            let snapshot_tags_in = ami.snapshot_tags.clone().unwrap_or_default();
            if tags_in.is_empty() && snapshot_tags_in.is_empty() {
                return StepAction::Continue;
            }
            let info = state.build_info();
            let tags = match state.renderer.render_tags(&tags_in, &info) {
                Ok(t) => t,
                Err(e) => return halt(&ctx.ui, format!("Error tagging AMI: {e}")),
            };
            let snapshot_tags = match state.renderer.render_tags(&snapshot_tags_in, &info) {
                Ok(t) => t,
                Err(e) => return halt(&ctx.ui, format!("Error tagging snapshot: {e}")),
            };
            let mut calls = Vec::new();
            for (region, id) in &state.amis {
                ctx.ui.say(format!("Adding tags to AMI ({id})..."));
                let snapshots = state.snapshots.get(region).cloned().unwrap_or_default();
                for snapshot in &snapshots {
                    ctx.ui.say(format!("Tagging snapshot: {snapshot}"));
                }
                ctx.ui.say("Creating AMI tags");
                report(&ctx.ui, &tags);
                ctx.ui.say("Creating snapshot tags");
                report(&ctx.ui, &snapshot_tags);
                let mut resources = vec![id.clone()];
                resources.extend(snapshots.iter().cloned());
                calls.push(tag_region(state, region.clone(), resources, snapshots, &tags, &snapshot_tags));
            }
            let errors: Vec<String> = join_all(calls).await.into_iter().filter_map(Result::err).collect();
            match errors.first() {
                None => StepAction::Continue,
                Some(e) => halt(&ctx.ui, e.clone()),
            }
        })
    }
}

async fn tag_region(
    state: &EbsState<'_>,
    region: String,
    resources: Vec<String>,
    snapshots: Vec<String>,
    tags: &BTreeMap<String, String>,
    snapshot_tags: &BTreeMap<String, String>,
) -> Result<(), String> {
    let ec2 = state.session.ec2(&region);
    let not_found =
        |e: &ApiError| matches!(e.code.as_deref(), Some("InvalidAMIID.NotFound" | "InvalidSnapshot.NotFound"));
    let create = |resources: Vec<String>, tags: &BTreeMap<String, String>| {
        let request = ec2.create_tags().set_resources(Some(resources)).set_tags(Some(ec2_tags(tags)));
        async move {
            retry(Backoff::packer(), 11, &Cancellation::new(), not_found, || async {
                request.clone().send().await.map(|_| ()).map_err(ApiError::from)
            })
            .await
        }
    };
    if !tags.is_empty() {
        create(resources.clone(), tags)
            .await
            .map_err(|e| format!("Error adding tags to Resources ({}): {e}", resources.join(", ")))?;
    }
    if !snapshot_tags.is_empty() && !snapshots.is_empty() {
        create(snapshots.clone(), snapshot_tags)
            .await
            .map_err(|e| format!("Error adding tags to Resources ({}): {e}", snapshots.join(", ")))?;
    }
    Ok(())
}
