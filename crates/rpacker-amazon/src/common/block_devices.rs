//! Block device mappings (`ami_block_device_mappings`, `launch_block_device_mappings`): the
//! volumes attached at launch and recorded in the AMI. Each device is checked on its own and
//! reports only its first problem, as Packer does.

use rpacker_sdk::config::ConfigError;
use serde::Deserialize;

use rpacker_sdk::config::Trilean;

const IOPS_RANGE: (i64, i64) = (100, 64000);
const GP3_IOPS_RANGE: (i64, i64) = (3000, 16000);
const THROUGHPUT_RANGE: (i64, i64) = (125, 1000);

/// One device of a mapping.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct BlockDevice {
    /// Delete the volume when the instance terminates (else extra volumes leak).
    pub delete_on_termination: bool,
    /// Device name, e.g. `/dev/sdb` (required).
    pub device_name: String,
    /// Encrypt the volume; unset inherits from the snapshot.
    pub encrypted: Trilean,
    /// Provisioned IOPS (io1, io2, gp3).
    pub iops: i64,
    /// Suppress the device the AMI would attach.
    pub no_device: bool,
    /// Snapshot to create the volume from.
    pub snapshot_id: String,
    /// Throughput in MiB/s (gp3).
    pub throughput: i64,
    /// Instance store name (`ephemeral0`…); such a device has no EBS part.
    pub virtual_name: String,
    /// gp2, gp3, io1, io2, st1, sc1 or standard.
    pub volume_type: String,
    /// Size in GiB; sent only when positive.
    pub volume_size: i64,
    /// KMS key for the volume (requires `encrypted` not false).
    pub kms_key_id: String,
}

/// A device's problem, in Packer's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockDeviceProblem {
    /// No `device_name`.
    DeviceNameMissing,
    /// `kms_key_id` with `encrypted: false`.
    KmsKeyWithoutEncryption,
    /// Too many IOPS for the size of an io1/io2 volume.
    IopsRatio {
        /// The largest IOPS per GiB for the type.
        ratio: i64,
    },
    /// IOPS out of the type's range.
    IopsRange {
        /// The range's bounds.
        range: (i64, i64),
    },
    /// gp3 throughput out of range (including unset: 1.6.6 has no default).
    ThroughputRange,
    /// Throughput on a type without it.
    ThroughputUnavailable,
}

impl BlockDevice {
    /// The device's first problem, if any (Packer's `BlockDevice.Prepare`).
    #[must_use]
    pub fn problem(&self) -> Option<BlockDeviceProblem> {
        if self.device_name.is_empty() {
            return Some(BlockDeviceProblem::DeviceNameMissing);
        }
        if !self.kms_key_id.is_empty() && self.encrypted.is_false() {
            return Some(BlockDeviceProblem::KmsKeyWithoutEncryption);
        }
        let ratio = match self.volume_type.as_str() {
            "io1" => Some(50),
            "io2" => Some(500),
            _ => None,
        };
        if let Some(ratio) = ratio.filter(|_| self.volume_size != 0) {
            // Go's integer division truncates toward zero, as Rust's does.
            if self.iops.wrapping_div(self.volume_size) > ratio {
                return Some(BlockDeviceProblem::IopsRatio { ratio });
            }
            if !in_range(self.iops, IOPS_RANGE) {
                return Some(BlockDeviceProblem::IopsRange { range: IOPS_RANGE });
            }
        }
        if self.volume_type == "gp3" {
            if !in_range(self.throughput, THROUGHPUT_RANGE) {
                return Some(BlockDeviceProblem::ThroughputRange);
            }
            if !in_range(self.iops, GP3_IOPS_RANGE) {
                return Some(BlockDeviceProblem::IopsRange { range: GP3_IOPS_RANGE });
            }
        } else if self.throughput > 0 {
            return Some(BlockDeviceProblem::ThroughputUnavailable);
        }
        None
    }

    /// The problem as Packer's error, pointing at the device's option.
    #[must_use]
    pub fn error(&self, problem: &BlockDeviceProblem, path: &str) -> ConfigError {
        let dev = &self.device_name;
        match problem {
            BlockDeviceProblem::DeviceNameMissing => ConfigError::at(
                format!("{path}.device_name"),
                "The `device_name` must be specified for every device in the block device mapping.",
            ),
            BlockDeviceProblem::KmsKeyWithoutEncryption => ConfigError::at(
                format!("{path}.kms_key_id"),
                format!("The device {dev}, must also have `encrypted: true` when setting a kms_key_id."),
            ),
            BlockDeviceProblem::IopsRatio { ratio } => ConfigError::at(
                format!("{path}.iops"),
                format!(
                    "{dev}: the maximum ratio of provisioned IOPS to requested volume size (in GiB) is {ratio}:1 for {} volumes",
                    self.volume_type
                ),
            ),
            BlockDeviceProblem::IopsRange { range: (min, max) } => {
                ConfigError::at(format!("{path}.iops"), format!("IOPS must be between {min} and {max} for device {dev}"))
            }
            BlockDeviceProblem::ThroughputRange => {
                let (min, max) = THROUGHPUT_RANGE;
                ConfigError::at(format!("{path}.throughput"), format!("Throughput must be between {min} and {max} for device {dev}"))
            }
            BlockDeviceProblem::ThroughputUnavailable => {
                ConfigError::at(format!("{path}.throughput"), format!("Throughput is not available for device {dev}"))
            }
        }
    }
}

fn in_range(n: i64, (min, max): (i64, i64)) -> bool {
    (min..=max).contains(&n)
}

/// Checks every device of the mapping option `key`; one error per faulty device.
#[must_use]
pub fn prepare_block_devices(key: &str, devices: &[BlockDevice]) -> Vec<ConfigError> {
    devices
        .iter()
        .enumerate()
        .filter_map(|(i, device)| device.problem().map(|p| device.error(&p, &format!("{key}[{i}]"))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn first_problem_per_device() {
        // Verified with packer 1.6.6 (one mapping list holding these devices, in this order).
        let cases: [(Value, Option<&str>); 12] = [
            (json!({"device_name": "/dev/sda1", "volume_size": 8, "volume_type": "gp2"}), None),
            (json!({"volume_size": 5}), Some("The `device_name` must be specified for every device in the block device mapping.")),
            (
                json!({"device_name": "/dev/a", "kms_key_id": "k", "encrypted": false}),
                Some("The device /dev/a, must also have `encrypted: true` when setting a kms_key_id."),
            ),
            (json!({"device_name": "a", "kms_key_id": "k"}), None),
            (json!({"device_name": "b", "volume_type": "io1", "iops": 10, "volume_size": 1}), Some("IOPS must be between 100 and 64000 for device b")),
            (
                json!({"device_name": "b", "volume_type": "io1", "iops": 1000, "volume_size": 10}),
                Some("b: the maximum ratio of provisioned IOPS to requested volume size (in GiB) is 50:1 for io1 volumes"),
            ),
            (json!({"device_name": "b", "volume_type": "io1", "iops": 10}), None),
            (json!({"device_name": "x", "volume_type": "io2", "iops": 70000, "volume_size": 1000}), Some("IOPS must be between 100 and 64000 for device x")),
            (json!({"device_name": "c", "volume_type": "gp3"}), Some("Throughput must be between 125 and 1000 for device c")),
            (json!({"device_name": "c", "volume_type": "gp3", "throughput": 125}), Some("IOPS must be between 3000 and 16000 for device c")),
            (json!({"device_name": "c", "volume_type": "gp3", "throughput": 125, "iops": 3000}), None),
            (json!({"device_name": "d", "throughput": 5}), Some("Throughput is not available for device d")),
        ];
        for (device, want) in cases {
            let device: BlockDevice = serde_json::from_value(device).unwrap();
            let got = prepare_block_devices("ami_block_device_mappings", std::slice::from_ref(&device));
            assert_eq!(got.first().map(|e| e.message.as_str()), want, "{device:?}");
        }
    }

    #[test]
    fn errors_point_at_the_device_option() {
        let devices = [BlockDevice { device_name: "a".into(), ..Default::default() }, BlockDevice::default()];
        let errors = prepare_block_devices("launch_block_device_mappings", &devices);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].key.as_deref(), Some("launch_block_device_mappings[1].device_name"));
    }
}
