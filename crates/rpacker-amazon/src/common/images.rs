//! AMI operations several steps share: describing an image, its EBS snapshots, and removing an
//! image together with its snapshots.

use aws_sdk_ec2::types::{Filter, Image};

use super::api_error::error_text;

/// The image with `id`, if EC2 knows it.
///
/// # Errors
/// The API error as text.
pub async fn describe_image(ec2: &aws_sdk_ec2::Client, id: &str) -> Result<Option<Image>, String> {
    let out = ec2.describe_images().image_ids(id).send().await.map_err(|e| error_text(&e))?;
    Ok(out.images.unwrap_or_default().into_iter().next())
}

/// The EBS snapshot ids of an image's block device mappings.
#[must_use]
pub fn snapshot_ids(image: &Image) -> Vec<String> {
    image
        .block_device_mappings()
        .iter()
        .filter_map(|m| m.ebs().and_then(|e| e.snapshot_id()))
        .map(str::to_owned)
        .collect()
}

/// The account's images named `name`.
///
/// # Errors
/// The API error as text.
pub async fn own_images_named(ec2: &aws_sdk_ec2::Client, name: &str) -> Result<Vec<Image>, String> {
    let filter = Filter::builder().name("name").values(name).build();
    let out = ec2.describe_images().owners("self").filters(filter).send().await.map_err(|e| error_text(&e))?;
    Ok(out.images.unwrap_or_default())
}

/// What removing an image did, for the caller's messages.
#[derive(Debug, Default)]
pub struct Removed {
    /// The image was deregistered.
    pub image: Option<String>,
    /// These snapshots were deleted.
    pub snapshots: Vec<String>,
    /// What failed, in order.
    pub errors: Vec<String>,
}

/// Deregisters image `id` (looked up first, so its snapshots are known) and deletes its
/// snapshots. An image that no longer exists is not an error.
pub async fn remove_image(ec2: &aws_sdk_ec2::Client, id: &str) -> Removed {
    let mut removed = Removed::default();
    let image = match describe_image(ec2, id).await {
        Ok(Some(image)) => image,
        Ok(None) => return removed,
        Err(e) => {
            removed.errors.push(format!("Error describing AMI {id}: {e}"));
            return removed;
        }
    };
    if let Err(e) = ec2.deregister_image().image_id(id).send().await {
        removed.errors.push(format!("Error deregistering AMI {id}: {}", error_text(&e)));
        return removed;
    }
    removed.image = Some(id.to_owned());
    for snapshot in snapshot_ids(&image) {
        match ec2.delete_snapshot().snapshot_id(&snapshot).send().await {
            Ok(_) => removed.snapshots.push(snapshot),
            Err(e) => removed.errors.push(format!("Error deleting snapshot {snapshot}: {}", error_text(&e))),
        }
    }
    removed
}
