//! Block device options as EC2 mappings (Packer's `BuildEC2BlockDeviceMappings`).

use aws_sdk_ec2::types::{BlockDeviceMapping, EbsBlockDevice, VolumeType};

use super::block_devices::BlockDevice;

/// The EC2 mapping of one device.
#[must_use]
pub fn ec2_mapping(device: &BlockDevice) -> BlockDeviceMapping {
    let mapping = BlockDeviceMapping::builder().device_name(&device.device_name);
    if device.no_device {
        return mapping.no_device("").build();
    }
    if device.virtual_name.starts_with("ephemeral") {
        return mapping.virtual_name(&device.virtual_name).build();
    }
    let mut ebs = EbsBlockDevice::builder().delete_on_termination(device.delete_on_termination);
    if !device.volume_type.is_empty() {
        ebs = ebs.volume_type(VolumeType::from(device.volume_type.as_str()));
    }
    if matches!(device.volume_type.as_str(), "io1" | "io2" | "gp3") && device.iops > 0 {
        ebs = ebs.iops(i32::try_from(device.iops).unwrap_or(i32::MAX));
    }
    if device.volume_type == "gp3" && device.throughput > 0 {
        ebs = ebs.throughput(i32::try_from(device.throughput).unwrap_or(i32::MAX));
    }
    if device.volume_size > 0 {
        ebs = ebs.volume_size(i32::try_from(device.volume_size).unwrap_or(i32::MAX));
    }
    if !device.snapshot_id.is_empty() {
        ebs = ebs.snapshot_id(&device.snapshot_id);
    }
    if let Some(encrypted) = device.encrypted.as_bool() {
        ebs = ebs.encrypted(encrypted);
    }
    if !device.kms_key_id.is_empty() {
        ebs = ebs.kms_key_id(&device.kms_key_id);
    }
    mapping.ebs(ebs.build()).build()
}

/// The EC2 mappings of a list of devices.
#[must_use]
pub fn ec2_mappings(devices: &[BlockDevice]) -> Vec<BlockDeviceMapping> {
    devices.iter().map(ec2_mapping).collect()
}
