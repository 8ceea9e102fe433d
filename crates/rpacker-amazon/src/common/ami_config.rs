//! What the AMI will be: name, description, sharing, regions, tags, encryption
//! (`AMIConfig`). The checks run in Packer's order, and all of them, so a user sees every
//! problem at once; where Packer walks a Go map (random order), keys are walked sorted.

use std::collections::BTreeMap;

use rpacker_sdk::config::ConfigError;
use serde::Deserialize;

use super::clean_resource_name::clean_resource_name;
use super::key_values::{copy_blocks_onto, KeyValue};
use super::kms_key_id::is_valid_kms_key_id;
use rpacker_sdk::config::Trilean;

/// The AMI options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AmiConfig {
    /// Name of the resulting AMI (required; 3–128 characters of `[A-Za-z0-9()[\] ./\-'@_]`).
    pub ami_name: String,
    /// Description, rendered at run time with the build-info data.
    pub ami_description: String,
    /// Virtualization type; only used for the enhanced-networking check.
    pub ami_virtualization_type: String,
    /// Accounts given launch permission.
    pub ami_users: Vec<String>,
    /// Groups given launch permission (`all` makes the AMI public).
    pub ami_groups: Vec<String>,
    /// Organizations given launch permission (newer Packer).
    pub ami_org_arns: Vec<String>,
    /// Organizational units given launch permission (newer Packer).
    pub ami_ou_arns: Vec<String>,
    /// Product codes attached to the AMI.
    pub ami_product_codes: Vec<String>,
    /// Regions to copy the AMI to (deduplicated; the build region is dropped).
    pub ami_regions: Vec<String>,
    /// Do not check `region` and `ami_regions` against DescribeRegions.
    pub skip_region_validation: bool,
    /// AMI (and snapshot) tags, rendered at run time; `None` when not written.
    pub tags: Option<BTreeMap<String, String>>,
    /// Block form of `tags`.
    pub tag: Vec<KeyValue>,
    /// Enable (or disable) ENA on the instance before imaging.
    pub ena_support: Trilean,
    /// Enable SR-IOV on the instance before imaging.
    pub sriov_support: bool,
    /// Deregister existing AMIs with the same name first (`-force` sets it).
    pub force_deregister: bool,
    /// With `force_deregister`, delete their snapshots too.
    pub force_delete_snapshot: bool,
    /// Encrypt the AMI's boot volume (through an intermediary AMI copied with encryption).
    pub encrypt_boot: Trilean,
    /// KMS key for the build region's encrypted copy.
    pub kms_key_id: String,
    /// KMS key per copy region; `""` means the region's default key.
    pub region_kms_key_ids: BTreeMap<String, String>,
    /// Keep no AMI in the build region (only copies).
    pub skip_save_build_region: bool,
    /// Snapshot-only tags, rendered at run time.
    pub snapshot_tags: Option<BTreeMap<String, String>>,
    /// Block form of `snapshot_tags`.
    pub snapshot_tag: Vec<KeyValue>,
    /// Accounts given create-volume permission on the snapshots.
    pub snapshot_users: Vec<String>,
    /// Groups given create-volume permission on the snapshots.
    pub snapshot_groups: Vec<String>,
    /// `v2.0` to require IMDSv2 on instances of the AMI (newer Packer).
    pub imds_support: String,
    /// RFC 3339 time at which the AMI is deprecated (newer Packer).
    pub deprecate_at: String,
}

/// An AMI-config problem, in Packer's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmiProblem {
    /// `ami_name` is empty.
    NameMissing,
    /// A KMS key for a region the AMI is not copied to.
    KmsRegionNotCopied(String),
    /// A copy region without a KMS key while keys are given per region.
    CopyRegionWithoutKms(String),
    /// Sharing an AMI encrypted with the default key.
    SharedWithDefaultKey,
    /// Sharing an AMI encrypted with a region's default key.
    SharedWithRegionDefaultKey,
    /// KMS keys without `encrypt_boot`.
    KmsWithoutEncryptBoot,
    /// A KMS key id of the wrong form.
    InvalidKmsKeyId(String),
    /// Sharing snapshots encrypted with the default key.
    SnapshotSharedWithDefaultKey,
    /// Sharing snapshots encrypted with a region's default key.
    SnapshotSharedWithRegionDefaultKey,
    /// `ami_name` too short or too long.
    NameLength,
    /// `ami_name` with characters AWS refuses.
    NameCharacters,
    /// `imds_support` other than `v2.0`.
    InvalidImdsSupport,
    /// `deprecate_at` not an RFC 3339 time.
    InvalidDeprecateAt(String),
}

impl AmiProblem {
    /// The error, pointing at the option it is about.
    #[must_use]
    pub fn to_error(&self) -> ConfigError {
        match self {
            Self::NameMissing => ConfigError::at("ami_name", "ami_name must be specified"),
            Self::KmsRegionNotCopied(r) => {
                ConfigError::at(format!("region_kms_key_ids.{r}"), format!("Region {r} is in region_kms_key_ids but not in ami_regions"))
            }
            Self::CopyRegionWithoutKms(r) => {
                ConfigError::at("ami_regions", format!("Region {r} is in ami_regions but not in region_kms_key_ids"))
            }
            Self::SharedWithDefaultKey => ConfigError::at("ami_users", "Cannot share AMI encrypted with default KMS key"),
            Self::SharedWithRegionDefaultKey => {
                ConfigError::at("region_kms_key_ids", "Cannot share AMI encrypted with default KMS key for other regions")
            }
            Self::KmsWithoutEncryptBoot => ConfigError::at(
                "encrypt_boot",
                "If you have set either region_kms_key_ids or kms_key_id, encrypt_boot must also be true.",
            ),
            Self::InvalidKmsKeyId(k) => ConfigError::at("kms_key_id", format!("{k:?} is not a valid KMS Key Id.")),
            Self::SnapshotSharedWithDefaultKey => ConfigError::at(
                "snapshot_users",
                "Cannot share snapshot encrypted with default KMS key, see https://www.packer.io/docs/builders/amazon-ebs#region_kms_key_ids for more information",
            ),
            Self::SnapshotSharedWithRegionDefaultKey => {
                ConfigError::at("region_kms_key_ids", "Cannot share snapshot encrypted with default KMS key")
            }
            Self::NameLength => ConfigError::at("ami_name", "ami_name must be between 3 and 128 characters long"),
            Self::NameCharacters => ConfigError::at(
                "ami_name",
                "AMIName should only contain alphanumeric characters, parentheses (()), square brackets ([]), spaces ( ), periods (.), slashes (/), dashes (-), single quotes ('), at-signs (@), or underscores(_). You can use the `clean_resource_name` template filter to automatically clean your ami name.",
            ),
            Self::InvalidImdsSupport => {
                ConfigError::at("imds_support", "The only valid imds_support values are \"v2.0\" or the empty string")
            }
            Self::InvalidDeprecateAt(v) => ConfigError::at(
                "deprecate_at",
                format!("deprecate_at is not a valid time: {v:?}. Expect time format: YYYY-MM-DDTHH:MM:SSZ"),
            ),
        }
    }
}

impl AmiConfig {
    /// Packer's `AMIConfig.Prepare`: copies tag blocks onto their maps, drops duplicate and
    /// build-region entries from `ami_regions`, and returns every problem in Packer's order.
    pub fn prepare(&mut self, build_region: &str) -> Vec<ConfigError> {
        copy_blocks_onto(&self.snapshot_tag, &mut self.snapshot_tags);
        copy_blocks_onto(&self.tag, &mut self.tags);
        let mut problems = Vec::new();
        if self.ami_name.is_empty() {
            problems.push(AmiProblem::NameMissing);
        }
        for region in self.region_kms_key_ids.keys() {
            if !self.ami_regions.contains(region) {
                problems.push(AmiProblem::KmsRegionNotCopied(region.clone()));
            }
        }
        problems.extend(self.dedup_regions(build_region));
        problems.extend(self.sharing_problems());
        if self.ami_name.len() < 3 || self.ami_name.len() > 128 {
            problems.push(AmiProblem::NameLength);
        }
        if self.ami_name != clean_resource_name(&self.ami_name) {
            problems.push(AmiProblem::NameCharacters);
        }
        if !self.imds_support.is_empty() && self.imds_support != "v2.0" {
            problems.push(AmiProblem::InvalidImdsSupport);
        }
        if !self.deprecate_at.is_empty() && !is_rfc3339(&self.deprecate_at) {
            problems.push(AmiProblem::InvalidDeprecateAt(self.deprecate_at.clone()));
        }
        problems.iter().map(AmiProblem::to_error).collect()
    }

    /// Deduplicates `ami_regions` (first occurrence wins) and drops the build region, which
    /// gets the AMI anyway; reports copy regions without a key when keys are given per region.
    fn dedup_regions(&mut self, build_region: &str) -> Vec<AmiProblem> {
        let mut problems = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let mut kept = Vec::new();
        for region in &self.ami_regions {
            if seen.contains(region) {
                continue;
            }
            seen.push(region.clone());
            if !self.region_kms_key_ids.is_empty() && !self.region_kms_key_ids.contains_key(region) {
                problems.push(AmiProblem::CopyRegionWithoutKms(region.clone()));
            }
            if region != build_region {
                kept.push(region.clone());
            }
        }
        self.ami_regions = kept;
        problems
    }

    /// The KMS and sharing checks (Packer's steps 4–7).
    fn sharing_problems(&self) -> Vec<AmiProblem> {
        let mut problems = Vec::new();
        let encrypted = self.encrypt_boot.is_true();
        let region_default_keys = self.region_kms_key_ids.values().filter(|k| k.is_empty()).count();
        // Organizations and OUs count as sharing too (newer Packer).
        if !self.ami_users.is_empty() || !self.ami_org_arns.is_empty() || !self.ami_ou_arns.is_empty() {
            if self.kms_key_id.is_empty() && encrypted {
                problems.push(AmiProblem::SharedWithDefaultKey);
            }
            problems.extend(std::iter::repeat_n(AmiProblem::SharedWithRegionDefaultKey, region_default_keys));
        }
        let keys: Vec<&String> = std::iter::once(&self.kms_key_id)
            .chain(self.region_kms_key_ids.values())
            .filter(|k| !k.is_empty())
            .collect();
        if !keys.is_empty() && !encrypted {
            problems.push(AmiProblem::KmsWithoutEncryptBoot);
        }
        for key in keys {
            if !is_valid_kms_key_id(key) {
                problems.push(AmiProblem::InvalidKmsKeyId(key.clone()));
            }
        }
        if !self.snapshot_users.is_empty() {
            if self.kms_key_id.is_empty() && self.region_kms_key_ids.is_empty() && encrypted {
                problems.push(AmiProblem::SnapshotSharedWithDefaultKey);
            }
            problems.extend(std::iter::repeat_n(AmiProblem::SnapshotSharedWithRegionDefaultKey, region_default_keys));
        }
        problems
    }
}

/// Go's `time.Parse(time.RFC3339, s)`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, fields in range.
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| b.get(range.clone()).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let num = |range: std::ops::Range<usize>| s[range].parse::<u32>().unwrap_or(u32::MAX);
    if b.len() < 20 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' || !digits(8..10) {
        return false;
    }
    if b[10] != b'T' || !digits(11..13) || b[13] != b':' || !digits(14..16) || b[16] != b':' || !digits(17..19) {
        return false;
    }
    let (year, month, day) = (num(0..4), num(5..7), num(8..10));
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return false;
    }
    if num(11..13) > 23 || num(14..16) > 59 || num(17..19) > 59 {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest.as_bytes() {
        [b'Z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit())
                && rest[1..3].parse::<u32>().is_ok_and(|h| h < 24)
                && rest[4..6].parse::<u32>().is_ok_and(|m| m < 60)
        }
        _ => false,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn prepare(options: Value) -> Vec<String> {
        let mut config: AmiConfig = serde_json::from_value(options).unwrap();
        config.prepare("us-east-1").into_iter().map(|e| e.message).collect()
    }

    const CHARS: &str = "AMIName should only contain alphanumeric characters, parentheses (()), square brackets ([]), spaces ( ), periods (.), slashes (/), dashes (-), single quotes ('), at-signs (@), or underscores(_). You can use the `clean_resource_name` template filter to automatically clean your ami name.";
    const LENGTH: &str = "ami_name must be between 3 and 128 characters long";

    #[test]
    fn name_rules() {
        // Verified with packer 1.6.6.
        let long = "a".repeat(129);
        let cases: [(Value, &[&str]); 6] = [
            (json!({"ami_name": "abc"}), &[]),
            (json!({}), &["ami_name must be specified", LENGTH]),
            (json!({"ami_name": "ab"}), &[LENGTH]),
            (json!({"ami_name": long}), &[LENGTH]),
            (json!({"ami_name": "a:b"}), &[CHARS]),
            (json!({"ami_name": "é"}), &[LENGTH, CHARS]),
        ];
        for (options, want) in cases {
            assert_eq!(prepare(options.clone()), want, "{options}");
        }
    }

    #[test]
    fn kms_and_sharing_rules_in_packer_order() {
        // Verified with packer 1.6.6 (one template per line, texts and order).
        let cases: [(Value, &[&str]); 8] = [
            (
                json!({"ami_name": "abc", "region_kms_key_ids": {"eu-west-1": "alias/x"}, "ami_regions": ["us-west-2", "us-west-2"], "encrypt_boot": true}),
                &["Region eu-west-1 is in region_kms_key_ids but not in ami_regions", "Region us-west-2 is in ami_regions but not in region_kms_key_ids"],
            ),
            (json!({"ami_name": "abc", "ami_users": ["1"], "encrypt_boot": true}), &["Cannot share AMI encrypted with default KMS key"]),
            (
                json!({"ami_name": "abc", "ami_users": ["1"], "encrypt_boot": true, "kms_key_id": "alias/k", "ami_regions": ["eu-west-1"], "region_kms_key_ids": {"eu-west-1": ""}}),
                &["Cannot share AMI encrypted with default KMS key for other regions"],
            ),
            (json!({"ami_name": "abc", "kms_key_id": "alias/k"}), &["If you have set either region_kms_key_ids or kms_key_id, encrypt_boot must also be true."]),
            (json!({"ami_name": "abc", "kms_key_id": "nope!", "encrypt_boot": true}), &["\"nope!\" is not a valid KMS Key Id."]),
            (
                json!({"ami_name": "abc", "snapshot_users": ["1"], "encrypt_boot": true}),
                &["Cannot share snapshot encrypted with default KMS key, see https://www.packer.io/docs/builders/amazon-ebs#region_kms_key_ids for more information"],
            ),
            (
                json!({"ami_name": "abc", "snapshot_users": ["1"], "encrypt_boot": true, "ami_regions": ["eu-west-1"], "region_kms_key_ids": {"eu-west-1": ""}}),
                &["Cannot share snapshot encrypted with default KMS key"],
            ),
            (json!({"ami_name": "abc", "ami_org_arns": ["arn"], "encrypt_boot": true}), &["Cannot share AMI encrypted with default KMS key"]),
        ];
        for (options, want) in cases {
            assert_eq!(prepare(options.clone()), want, "{options}");
        }
    }

    #[test]
    fn newer_options() {
        let cases: [(Value, &[&str]); 5] = [
            (json!({"ami_name": "abc", "imds_support": "v2.0", "deprecate_at": "2030-01-02T03:04:05Z"}), &[]),
            (json!({"ami_name": "abc", "deprecate_at": "2030-01-02T03:04:05.123+02:00"}), &[]),
            (json!({"ami_name": "abc", "imds_support": "v1"}), &["The only valid imds_support values are \"v2.0\" or the empty string"]),
            (
                json!({"ami_name": "abc", "deprecate_at": "2030-02-30T00:00:00Z"}),
                &["deprecate_at is not a valid time: \"2030-02-30T00:00:00Z\". Expect time format: YYYY-MM-DDTHH:MM:SSZ"],
            ),
            (
                json!({"ami_name": "abc", "deprecate_at": "2030-01-02"}),
                &["deprecate_at is not a valid time: \"2030-01-02\". Expect time format: YYYY-MM-DDTHH:MM:SSZ"],
            ),
        ];
        for (options, want) in cases {
            assert_eq!(prepare(options.clone()), want, "{options}");
        }
    }

    #[test]
    fn regions_are_deduplicated_without_the_build_region() {
        let mut config: AmiConfig = serde_json::from_value(json!({
            "ami_name": "abc", "ami_regions": ["eu-west-1", "us-east-1", "eu-west-1", "ap-south-1"],
            "tag": [{"key": "a", "value": "1"}], "snapshot_tags": {"b": "2"}
        }))
        .unwrap();
        assert!(config.prepare("us-east-1").is_empty());
        assert_eq!(config.ami_regions, ["eu-west-1", "ap-south-1"]);
        assert_eq!(config.tags.unwrap().get("a").map(String::as_str), Some("1"));
        assert_eq!(config.snapshot_tags.unwrap().len(), 1);
    }
}
