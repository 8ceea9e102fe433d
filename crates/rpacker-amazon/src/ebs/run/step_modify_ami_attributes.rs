//! `StepModifyAMIAttributes`: launch permissions (`ami_users`, `ami_groups`, organizations),
//! product codes, and snapshot create-volume permissions, on the AMI of every region. The
//! regions are modified at the same time; the messages keep Packer's order. The description,
//! which Packer sets here too, was given to CreateImage and CopyImage (one call less per region).

use aws_sdk_ec2::types::{
    CreateVolumePermission, CreateVolumePermissionModifications, LaunchPermission, LaunchPermissionModifications,
    OperationType, SnapshotAttributeName,
};
use futures_util::future::join_all;
use rpacker_sdk::lifecycle::{BoxFuture, Step, StepAction, StepContext};

use super::state::{halt, EbsState};
use crate::common::api_error::ApiError;

/// Shares and describes the AMIs.
pub(crate) struct StepModifyAmiAttributes;

/// One ModifyImageAttribute call.
#[derive(Clone)]
enum ImageChange {
    LaunchPermissions(Vec<LaunchPermission>),
    ProductCodes(Vec<String>),
}

impl<'s> Step<EbsState<'s>> for StepModifyAmiAttributes {
    fn name(&self) -> &'static str {
        "StepModifyAMIAttributes"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            let ami = &state.config.ami;
            let nothing = ami.ami_description.is_empty()
                && ami.ami_users.is_empty()
                && ami.ami_groups.is_empty()
                && ami.ami_org_arns.is_empty()
                && ami.ami_ou_arns.is_empty()
                && ami.ami_product_codes.is_empty()
                && ami.snapshot_users.is_empty()
                && ami.snapshot_groups.is_empty();
            if nothing {
                return StepAction::Continue;
            }
            let changes = image_changes(state);
            let mut calls: Vec<BoxFuture<'_, Result<(), String>>> = Vec::new();
            for (region, id) in &state.amis {
                ctx.ui.say(format!("Modifying attributes on AMI ({id})..."));
                if !state.ami_description.is_empty() {
                    // Packer's line; the image and its copies carry the description already.
                    ctx.ui.message("Modifying: description");
                }
                for (label, change) in &changes {
                    ctx.ui.message(format!("Modifying: {label}"));
                    calls.push(Box::pin(modify_image(state, region.clone(), id.clone(), change.clone())));
                }
            }
            let volume_permissions = volume_permissions(state);
            for (region, snapshots) in &state.snapshots {
                for snapshot in snapshots {
                    ctx.ui.say(format!("Modifying attributes on snapshot ({snapshot})..."));
                    if !volume_permissions.is_empty() {
                        calls.push(Box::pin(modify_snapshot(
                            state,
                            region.clone(),
                            snapshot.clone(),
                            volume_permissions.clone(),
                        )));
                    }
                }
            }
            let errors: Vec<String> = join_all(calls).await.into_iter().filter_map(Result::err).collect();
            match errors.first() {
                None => StepAction::Continue,
                Some(e) => halt(&ctx.ui, e.clone()),
            }
        })
    }
}

fn image_changes(state: &EbsState<'_>) -> Vec<(&'static str, ImageChange)> {
    let ami = &state.config.ami;
    let mut changes = Vec::new();
    if !ami.ami_groups.is_empty() {
        let perms =
            ami.ami_groups.iter().map(|g| LaunchPermission::builder().group(g.as_str().into()).build()).collect();
        changes.push(("groups", ImageChange::LaunchPermissions(perms)));
    }
    if !ami.ami_users.is_empty() {
        let perms = ami.ami_users.iter().map(|u| LaunchPermission::builder().user_id(u).build()).collect();
        changes.push(("users", ImageChange::LaunchPermissions(perms)));
    }
    if !ami.ami_org_arns.is_empty() {
        let perms = ami.ami_org_arns.iter().map(|a| LaunchPermission::builder().organization_arn(a).build()).collect();
        changes.push(("org arns", ImageChange::LaunchPermissions(perms)));
    }
    if !ami.ami_ou_arns.is_empty() {
        let perms =
            ami.ami_ou_arns.iter().map(|a| LaunchPermission::builder().organizational_unit_arn(a).build()).collect();
        changes.push(("ou arns", ImageChange::LaunchPermissions(perms)));
    }
    if !ami.ami_product_codes.is_empty() {
        changes.push(("product codes", ImageChange::ProductCodes(ami.ami_product_codes.clone())));
    }
    changes
}

fn volume_permissions(state: &EbsState<'_>) -> Vec<CreateVolumePermission> {
    let ami = &state.config.ami;
    let users = ami.snapshot_users.iter().map(|u| CreateVolumePermission::builder().user_id(u).build());
    let groups = ami.snapshot_groups.iter().map(|g| CreateVolumePermission::builder().group(g.as_str().into()).build());
    users.chain(groups).collect()
}

async fn modify_image(state: &EbsState<'_>, region: String, id: String, change: ImageChange) -> Result<(), String> {
    let ec2 = state.session.ec2(&region);
    let request = ec2.modify_image_attribute().image_id(&id);
    let request = match change {
        ImageChange::LaunchPermissions(perms) => {
            request.launch_permission(LaunchPermissionModifications::builder().set_add(Some(perms)).build())
        }
        ImageChange::ProductCodes(codes) => request.set_product_codes(Some(codes)),
    };
    request.send().await.map(|_| ()).map_err(|e| format!("Error modify AMI attributes: {}", ApiError::from(e)))
}

async fn modify_snapshot(
    state: &EbsState<'_>,
    region: String,
    snapshot: String,
    permissions: Vec<CreateVolumePermission>,
) -> Result<(), String> {
    let ec2 = state.session.ec2(&region);
    // Both forms, as Packer sends them: the permission list and the flat user/group lists.
    let users = permissions.iter().filter_map(|p| p.user_id().map(str::to_owned)).collect();
    let groups = permissions.iter().filter_map(|p| p.group().map(|g| g.as_str().to_owned())).collect();
    ec2.modify_snapshot_attribute()
        .snapshot_id(&snapshot)
        .attribute(SnapshotAttributeName::CreateVolumePermission)
        .operation_type(OperationType::Add)
        .set_user_ids(Some(users))
        .set_group_names(Some(groups))
        .create_volume_permission(CreateVolumePermissionModifications::builder().set_add(Some(permissions)).build())
        .send()
        .await
        .map(|_| ())
        .map_err(|e| format!("Error modify snapshot attributes: {}", ApiError::from(e)))
}
