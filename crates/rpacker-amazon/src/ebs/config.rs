//! The options only `amazon-ebs` has, beside the shared access/AMI/run configs: the block
//! device mappings of the AMI and of the launch, the launched volumes' tags, and the
//! ephemeral-drive switch.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::common::block_devices::BlockDevice;
use crate::common::key_values::{merge_blocks_into, NameValue};

/// The ebs-only options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EbsConfig {
    /// Devices recorded in the AMI (sent with CreateImage).
    pub ami_block_device_mappings: Vec<BlockDevice>,
    /// Devices attached at launch (sent with RunInstances).
    pub launch_block_device_mappings: Vec<BlockDevice>,
    /// Tags for the launched volumes, rendered at run time.
    pub run_volume_tags: BTreeMap<String, String>,
    /// Block form of `run_volume_tags` (`name`/`value`, unlike `tag`).
    pub run_volume_tag: Vec<NameValue>,
    /// Hide the instance's ephemeral drives (`xvdca`…`xvdcz` mapped to no device).
    pub no_ephemeral: bool,
    /// Build and provision, but create no AMI (newer Packer): no artifact.
    pub skip_create_ami: bool,
}

impl EbsConfig {
    /// Copies the `run_volume_tag` blocks onto `run_volume_tags` (the first thing Prepare does).
    pub fn copy_volume_tag_blocks(&mut self) {
        merge_blocks_into(&self.run_volume_tag, &mut self.run_volume_tags);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn volume_tag_blocks_use_name_and_value() {
        let mut config: EbsConfig = serde_json::from_value(json!({
            "run_volume_tags": {"a": "1", "b": "1"}, "run_volume_tag": [{"name": "b", "value": "2"}]
        }))
        .unwrap();
        config.copy_volume_tag_blocks();
        assert_eq!(config.run_volume_tags, BTreeMap::from([("a".into(), "1".into()), ("b".into(), "2".into())]));
    }
}
