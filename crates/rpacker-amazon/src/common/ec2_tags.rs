//! Tags as EC2 takes them, Packer's tag report, and the run-id tag every resource a build
//! creates carries from its creation on (so a build killed with SIGKILL can be cleaned up by
//! looking the id up).

use std::collections::BTreeMap;

use aws_sdk_ec2::types::{ResourceType, Tag, TagSpecification};
use rpacker_sdk::lifecycle::TargetedSink;

/// The tag key holding the build's run id (`PACKER_RUN_UUID`).
pub const RUN_ID_TAG: &str = "packer_run_id";

/// EC2 tags from a rendered map.
#[must_use]
pub fn ec2_tags(tags: &BTreeMap<String, String>) -> Vec<Tag> {
    tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()
}

/// A tag specification for a resource created by a call.
#[must_use]
pub fn tag_specification(resource: ResourceType, tags: &BTreeMap<String, String>) -> TagSpecification {
    TagSpecification::builder().resource_type(resource).set_tags(Some(ec2_tags(tags))).build()
}

/// Only the run-id tag.
#[must_use]
pub fn run_id_tags(run_id: &str) -> BTreeMap<String, String> {
    BTreeMap::from([(RUN_ID_TAG.to_owned(), run_id.to_owned())])
}

/// Packer's `EC2Tags.Report`: one message per tag.
pub fn report(ui: &TargetedSink, tags: &BTreeMap<String, String>) {
    for (k, v) in tags {
        ui.message(format!("Adding tag: \"{k}\": \"{v}\""));
    }
}
