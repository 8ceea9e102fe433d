//! `StepAMIRegionCopy`: copy the AMI to every `ami_regions` region at once (and, for an
//! encrypted boot volume, into the build region too), each copy waited for in parallel. The
//! source instance is terminated meanwhile (Packer does it after the copies, on the critical
//! path) and waited for in the background until its cleanup; that step keeps Packer's text.
//!
//! Cleanup: an intermediary image is always removed once copied. Unlike Packer, which leaves
//! the copies in other regions when a later step fails, the copies are removed too when the
//! build failed or was cancelled.

use futures_util::future::join_all;
use rpacker_sdk::lifecycle::{BoxFuture, Cancellation, CleanupContext, Step, StepAction, StepContext};

use super::state::{halt, EbsState};
use super::step_create_ami::is_intermediary;
use super::step_run_source_instance::{request_termination, wait_terminated};
use crate::common::api_error::ApiError;
use crate::common::image_waiter::wait_for_image;
use crate::common::images::{remove_image, snapshot_ids};
use crate::common::instance_waiters::Pace;
use crate::common::polling::WaiterOverrides;
use crate::common::session::AwsSession;

/// Copies the AMI to other regions.
pub(crate) struct StepRegionCopy;

/// One copy to make.
struct CopyJob {
    region: String,
    kms_key_id: String,
}

impl<'s> Step<EbsState<'s>> for StepRegionCopy {
    fn name(&self) -> &'static str {
        "StepAMIRegionCopy"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            let build_region = state.session.region().to_owned();
            let Some(source_id) = state.amis.get(&build_region).cloned() else {
                return StepAction::Continue;
            };
            let jobs = copy_jobs(state, &build_region);
            if jobs.is_empty() {
                return StepAction::Continue;
            }
            let encrypt = state.config.ami.encrypt_boot.as_bool();
            let verb = if encrypt == Some(true) { "Encrypting" } else { "Copying" };
            ctx.ui.say(format!("{verb} AMI ({source_id}) to other regions..."));
            if is_intermediary(state) {
                state.intermediary_image = Some(source_id.clone());
                state.amis.remove(&build_region);
                state.snapshots.remove(&build_region);
            }
            for job in &jobs {
                ctx.ui.message(format!("Copying to: {}", job.region));
            }
            ctx.ui.message("Waiting for all copies to complete...");
            let source = Source { region: &build_region, id: &source_id, description: &state.ami_description };
            let name = &state.config.ami.ami_name;
            let copies =
                jobs.iter().map(|job| copy_one(&state.session, job, &source, name, encrypt, state.wait, &ctx.cancel));
            // The AMI is available, so the instance is no longer needed: terminate it while the
            // copies run instead of after them, and wait for that in the background (the
            // instance's cleanup joins it). Not when a failure may keep the instance for
            // inspection (-on-error=abort/ask, -debug).
            if let Some(id) = state.instance_id().filter(|_| !state.keep_instance_on_error) {
                let (ec2, id, wait, cancel) = (state.ec2.clone(), id.to_owned(), state.wait, ctx.cancel.clone());
                state.early_termination = Some(tokio::spawn(async move {
                    request_termination(&ec2, &id).await?;
                    wait_terminated(&ec2, &id, Pace::Background, wait, &cancel).await
                }));
            }
            let results = join_all(copies).await;
            let mut errors = Vec::new();
            for (job, result) in jobs.iter().zip(results) {
                match result {
                    Ok(Copied { id, snapshots }) => {
                        state.amis.insert(job.region.clone(), id);
                        state.snapshots.insert(job.region.clone(), snapshots);
                    }
                    Err(CopyError::Copy(e)) => {
                        errors.push(format!("Error Copying AMI ({source_id}) to region ({}): {e}", job.region));
                    }
                    Err(CopyError::Wait { id, error }) => {
                        // The copy exists: record it so cleanup removes it.
                        state.amis.insert(job.region.clone(), id);
                        errors.push(format!("Error waiting for AMI ({source_id}) in region ({}): {error}", job.region));
                    }
                }
            }
            if errors.is_empty() {
                StepAction::Continue
            } else {
                halt(&ctx.ui, errors.join("\n"))
            }
        })
    }

    fn cleanup<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a mut CleanupContext) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let build_region = state.session.region().to_owned();
            if let Some(id) = state.intermediary_image.take() {
                ctx.ui.say("Deregistering the AMI and deleting unencrypted temporary AMIs and snapshots");
                report(ctx, remove_image(&state.ec2, &id).await);
            }
            if !state.failed(ctx.error()) {
                return;
            }
            let copies: Vec<(String, String)> = state
                .amis
                .iter()
                .filter(|(region, _)| **region != build_region || is_intermediary(state))
                .map(|(r, id)| (r.clone(), id.clone()))
                .collect();
            if copies.is_empty() {
                return;
            }
            ctx.ui
                .say("Deregistering the AMI copies and deleting their snapshots because of cancellation, or error...");
            let session = &state.session;
            let removals =
                copies.iter().map(|(region, id)| async move { remove_image(&session.ec2(region), id).await });
            for removed in join_all(removals).await {
                report(ctx, removed);
            }
            for (region, _) in copies {
                state.amis.remove(&region);
            }
        })
    }
}

/// Says what removing an AMI deregistered and deleted, and its errors (Packer's cleanup lines).
pub(super) fn report(ctx: &CleanupContext, removed: crate::common::images::Removed) {
    if let Some(image) = &removed.image {
        ctx.ui.say(format!("Deregistered AMI id: {image}"));
    }
    for snapshot in &removed.snapshots {
        ctx.ui.say(format!("Deleted snapshot: {snapshot}"));
    }
    for error in removed.errors {
        ctx.ui.error(error);
    }
}

/// The regions to copy to, with their KMS keys: `ami_regions` without the build region, plus
/// the build region when the boot volume is encrypted (its encrypted copy is the artifact).
fn copy_jobs(state: &EbsState<'_>, build_region: &str) -> Vec<CopyJob> {
    let ami = &state.config.ami;
    let mut regions: Vec<String> = ami.ami_regions.iter().filter(|r| *r != build_region).cloned().collect();
    if ami.encrypt_boot.is_true() && !ami.skip_save_build_region {
        regions.push(build_region.to_owned());
    }
    regions
        .into_iter()
        .map(|region| {
            let mut kms_key_id = ami.region_kms_key_ids.get(&region).cloned().unwrap_or_default();
            if region == build_region && kms_key_id.is_empty() {
                kms_key_id.clone_from(&ami.kms_key_id);
            }
            CopyJob { region, kms_key_id }
        })
        .collect()
}

struct Copied {
    id: String,
    snapshots: Vec<String>,
}

enum CopyError {
    Copy(ApiError),
    Wait { id: String, error: String },
}

/// The image copied, and the description each copy gets (Packer sets it afterwards).
struct Source<'a> {
    region: &'a str,
    id: &'a str,
    description: &'a str,
}

async fn copy_one(
    session: &AwsSession,
    job: &CopyJob,
    source: &Source<'_>,
    name: &str,
    encrypt: Option<bool>,
    wait: WaiterOverrides,
    cancel: &Cancellation,
) -> Result<Copied, CopyError> {
    let ec2 = session.ec2(&job.region);
    let mut request = ec2
        .copy_image()
        .source_region(source.region)
        .source_image_id(source.id)
        .name(name)
        .set_description(Some(source.description.to_owned()).filter(|d| !d.is_empty()));
    if let Some(encrypted) = encrypt {
        request = request.encrypted(encrypted);
    }
    if !job.kms_key_id.is_empty() {
        request = request.kms_key_id(&job.kms_key_id);
    }
    let out = request.send().await.map_err(|e| CopyError::Copy(ApiError::from(e)))?;
    let id = out.image_id().unwrap_or_default().to_owned();
    match wait_for_image(&ec2, &id, wait, cancel).await {
        Ok(image) => Ok(Copied { snapshots: snapshot_ids(&image), id }),
        Err(e) => Err(CopyError::Wait { id, error: e.to_string() }),
    }
}
