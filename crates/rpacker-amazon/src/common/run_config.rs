//! How the source instance is launched and reached: image, type, network, spot, IAM, user
//! data, tags (`RunConfig`). Its Prepare runs after the communicator's (whose errors come
//! first, as in Packer) and reads a few communicator facts, given as [`CommunicatorFacts`] so
//! this file does not depend on the whole communicator configuration.

use std::collections::BTreeMap;

use rpacker_sdk::config::{ConfigError, GoDuration};
use serde::Deserialize;

use super::cidr::check_cidr;
use super::filters::{AmiFilterOptions, NameValueFilter, SubnetFilterOptions};
use super::key_values::{copy_blocks_onto, merge_blocks_into, KeyValue};

/// `windows_password_timeout` when not set.
pub const DEFAULT_WINDOWS_PASSWORD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20 * 60);

/// The run options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RunConfig {
    /// Give the instance a public IP (effective with a subnet).
    pub associate_public_ip_address: bool,
    /// Availability zone to launch in.
    pub availability_zone: String,
    /// Spot block duration; a multiple of 60.
    pub block_duration_minutes: i64,
    /// Do not stop the instance (the user's provisioning does); still wait for it to stop.
    pub disable_stop_instance: bool,
    /// Launch EBS-optimized.
    pub ebs_optimized: bool,
    /// T2 Unlimited credits (t2 types, on-demand only).
    pub enable_t2_unlimited: bool,
    /// Instance profile name for the instance.
    pub iam_instance_profile: String,
    /// Do not check `iam_instance_profile` exists.
    pub skip_profile_validation: bool,
    /// Policy for a temporary instance profile, used when no profile is named.
    pub temporary_iam_instance_profile_policy_document: Option<PolicyDocument>,
    /// `stop` (default) or `terminate`.
    pub shutdown_behavior: String,
    /// Instance type (or `spot_instance_types`).
    pub instance_type: String,
    /// Find security groups by filters (ignored when ids are given).
    pub security_group_filter: NameValueFilter,
    /// Tags for the instance, rendered at run time.
    pub run_tags: BTreeMap<String, String>,
    /// Block form of `run_tags`.
    pub run_tag: Vec<KeyValue>,
    /// One security group id (folded into `security_group_ids`).
    pub security_group_id: String,
    /// Security group ids; else a temporary group is created.
    pub security_group_ids: Vec<String>,
    /// Source image id (or `source_ami_filter`).
    pub source_ami: String,
    /// Find the source image by filters.
    pub source_ami_filter: AmiFilterOptions,
    /// Instance types for a spot fleet.
    pub spot_instance_types: Vec<String>,
    /// Max spot price; `""`/`"0"` means on-demand, `auto` means no maximum.
    pub spot_price: String,
    /// Deprecated; accepted with a warning.
    pub spot_price_auto_product: String,
    /// Tags for the spot request, rendered at run time; `None` when not written.
    pub spot_tags: Option<BTreeMap<String, String>>,
    /// Block form of `spot_tags`.
    pub spot_tag: Vec<KeyValue>,
    /// Find the subnet by filters.
    pub subnet_filter: SubnetFilterOptions,
    /// Subnet to launch in.
    pub subnet_id: String,
    /// `default`, `dedicated` or `host`.
    pub tenancy: String,
    /// CIDRs allowed into the temporary security group (default `0.0.0.0/0`).
    pub temporary_security_group_source_cidrs: Vec<String>,
    /// Allow only this machine's public IP into the temporary group (newer Packer).
    pub temporary_security_group_source_public_ip: bool,
    /// User data, inline.
    pub user_data: String,
    /// User data, from a file (relative to the current directory).
    pub user_data_file: String,
    /// Find the VPC by filters.
    pub vpc_filter: NameValueFilter,
    /// VPC to launch in.
    pub vpc_id: String,
    /// How long to wait for a Windows password (default 20 minutes).
    pub windows_password_timeout: GoDuration,
    /// Which address the communicator connects to.
    pub ssh_interface: String,
    /// Wait before opening the Session Manager tunnel.
    pub pause_before_ssm: GoDuration,
    /// Local port of the Session Manager tunnel; 0 picks a free one.
    pub session_manager_port: i64,
    /// Instance metadata service options (newer Packer).
    pub metadata_options: MetadataOptions,
    /// Placement on hosts (newer Packer).
    pub placement: Placement,
    /// License configurations to attach (newer Packer).
    pub license_specifications: Vec<LicenseSpecification>,
}

/// `temporary_iam_instance_profile_policy_document`, an IAM policy with AWS's capitalised keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct PolicyDocument {
    /// Policy language version.
    #[serde(rename = "Version")]
    pub version: String,
    /// The statements.
    #[serde(rename = "Statement")]
    pub statement: Vec<Statement>,
}

/// One policy statement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Statement {
    /// `Allow` or `Deny`.
    #[serde(rename = "Effect")]
    pub effect: String,
    /// Actions.
    #[serde(rename = "Action")]
    pub action: Vec<String>,
    /// Resources.
    #[serde(rename = "Resource")]
    pub resource: Vec<String>,
}

/// `metadata_options`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct MetadataOptions {
    /// `enabled` (default) or `disabled`.
    pub http_endpoint: String,
    /// `optional` (default) or `required` (IMDSv2).
    pub http_tokens: String,
    /// 1 (default) to 64.
    pub http_put_response_hop_limit: i64,
    /// `disabled` (default) or `enabled`.
    pub instance_metadata_tags: String,
}

/// `placement`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Placement {
    /// Host resource group to launch in.
    pub host_resource_group_arn: String,
    /// Dedicated host to launch on.
    pub host_id: String,
    /// `default`, `dedicated` or `host`.
    pub tenancy: String,
}

/// One `license_specifications` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct LicenseSpecification {
    /// The license configuration.
    pub license_configuration_request: LicenseConfigurationRequest,
}

/// A license configuration reference.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct LicenseConfigurationRequest {
    /// Its ARN.
    pub license_configuration_arn: String,
}

/// What the run checks need to know about the communicator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommunicatorFacts {
    /// `communicator` after its defaults (`ssh`, `winrm`, `none`…).
    pub comm_type: String,
    /// `ssh_keypair_name`.
    pub ssh_keypair_name: String,
    /// `ssh_private_key_file`.
    pub ssh_private_key_file: String,
    /// `ssh_agent_auth`.
    pub ssh_agent_auth: bool,
    /// Whether `winrm_password` is set.
    pub winrm_password_set: bool,
}

/// A run-config problem, in Packer's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunProblem {
    /// `metadata_options.http_endpoint` invalid.
    HttpEndpoint,
    /// `metadata_options.http_tokens` invalid.
    HttpTokens,
    /// `metadata_options.http_put_response_hop_limit` out of range.
    HopLimit,
    /// `metadata_options.instance_metadata_tags` invalid.
    InstanceMetadataTags,
    /// Unknown `ssh_interface`.
    UnknownInterface(String),
    /// Session Manager with WinRM.
    SessionManagerWinrm,
    /// Session Manager without an instance profile.
    SessionManagerNoProfile,
    /// `ssh_keypair_name` with WinRM and no way to decrypt the password.
    KeypairWinrmNeedsKeyFile,
    /// `ssh_keypair_name` without a key file or agent.
    KeypairNeedsKeyFileOrAgent,
    /// Neither `source_ami` nor `source_ami_filter`.
    SourceAmiMissing,
    /// A filter with no owner.
    SourceAmiFilterOwner,
    /// Neither instance type option.
    InstanceTypeMissing,
    /// Both instance type options.
    InstanceTypeBoth,
    /// `block_duration_minutes` not a multiple of 60.
    BlockDuration,
    /// `spot_tags` on an on-demand build.
    SpotTagsWithoutSpot,
    /// Both user data options.
    UserDataBoth,
    /// `user_data_file` does not exist.
    UserDataFileMissing(String),
    /// Both security group options.
    SecurityGroupBoth,
    /// A source CIDR that does not parse.
    Cidr(String),
    /// Invalid `shutdown_behavior`.
    ShutdownBehavior,
    /// T2 Unlimited with spot.
    T2UnlimitedSpot,
    /// T2 Unlimited with a type that has no family.
    T2UnlimitedNoFamily(String),
    /// T2 Unlimited with a non-t2 type.
    T2UnlimitedNotT2(String),
    /// Both `placement.tenancy` and `tenancy` (newer Packer).
    TenancyBoth,
    /// Unknown tenancy.
    Tenancy(String),
    /// Both placement targets (newer Packer).
    PlacementBothTargets,
    /// A placement target without host tenancy (newer Packer).
    PlacementTenancy,
}

impl RunProblem {
    /// The error, pointing at the option it is about.
    #[must_use]
    pub fn to_error(&self) -> ConfigError {
        let (key, message): (&str, String) = match self {
            Self::HttpEndpoint => {
                ("metadata_options.http_endpoint", "http_endpoint requires either disabled or enabled as its value".into())
            }
            Self::HttpTokens => ("metadata_options.http_tokens", "http_tokens requires either optional or required as its value".into()),
            Self::HopLimit => {
                ("metadata_options.http_put_response_hop_limit", "http_put_response_hop_limit requires a number between 1 and 64".into())
            }
            Self::InstanceMetadataTags => (
                "metadata_options.instance_metadata_tags",
                "instance_metadata_tags requires either disabled or enabled as its value".into(),
            ),
            Self::UnknownInterface(v) => ("ssh_interface", format!("Unknown interface type: {v}")),
            Self::SessionManagerWinrm => (
                "ssh_interface",
                "session_manager connectivity is not supported with the \"winrm\" communicator; please use \"ssh\"".into(),
            ),
            Self::SessionManagerNoProfile => (
                "iam_instance_profile",
                "no iam_instance_profile defined; session_manager connectivity requires a valid instance profile with AmazonSSMManagedInstanceCore permissions. Alternatively a temporary_iam_instance_profile_policy_document can be used.".into(),
            ),
            Self::KeypairWinrmNeedsKeyFile => (
                "ssh_private_key_file",
                "ssh_private_key_file must be provided to retrieve the winrm password when using ssh_keypair_name.".into(),
            ),
            Self::KeypairNeedsKeyFileOrAgent => (
                "ssh_private_key_file",
                "ssh_private_key_file must be provided or ssh_agent_auth enabled when ssh_keypair_name is specified.".into(),
            ),
            Self::SourceAmiMissing => ("source_ami", "A source_ami or source_ami_filter must be specified".into()),
            Self::SourceAmiFilterOwner => {
                ("source_ami_filter", "For security reasons, your source AMI filter must declare an owner.".into())
            }
            Self::InstanceTypeMissing => ("instance_type", "either instance_type or spot_instance_types must be specified".into()),
            Self::InstanceTypeBoth => ("instance_type", "either instance_type or spot_instance_types must be specified, not both".into()),
            Self::BlockDuration => ("block_duration_minutes", "block_duration_minutes must be multiple of 60".into()),
            Self::SpotTagsWithoutSpot => ("spot_tags", "spot_tags should not be set when not requesting a spot instance".into()),
            Self::UserDataBoth => ("user_data", "Only one of user_data or user_data_file can be specified.".into()),
            Self::UserDataFileMissing(path) => ("user_data_file", format!("user_data_file not found: {path}")),
            Self::SecurityGroupBoth => {
                ("security_group_id", "Only one of security_group_id or security_group_ids can be specified.".into())
            }
            Self::Cidr(err) => (
                "temporary_security_group_source_cidrs",
                format!("Error parsing CIDR in temporary_security_group_source_cidrs: {err}"),
            ),
            Self::ShutdownBehavior => ("shutdown_behavior", "shutdown_behavior only accepts 'stop' or 'terminate' values.".into()),
            Self::T2UnlimitedSpot => ("enable_t2_unlimited", "Error: T2 Unlimited cannot be used in conjunction with Spot Instances".into()),
            Self::T2UnlimitedNoFamily(t) => ("instance_type", format!("Error determining main Instance Type from: {t}")),
            Self::T2UnlimitedNotT2(t) => ("instance_type", format!("Error: T2 Unlimited enabled with a non-T2 Instance Type: {t}")),
            Self::TenancyBoth => ("tenancy", "Error: Please set only one of placement.tenancy and tenancy (deprecated)".into()),
            Self::Tenancy(t) => ("tenancy", format!("Error: Unknown tenancy type {t}")),
            Self::PlacementBothTargets => (
                "placement.host_id",
                "The `host_id` and `host_resource_group_arn` settings cannot be specified at the same time.".into(),
            ),
            Self::PlacementTenancy => (
                "placement.tenancy",
                "The tenancy should be `host` if either the `host_id` or `host_resource_group_arn` attributes are specified.".into(),
            ),
        };
        ConfigError::at(key, message)
    }
}

const SSH_INTERFACES: &[&str] = &["public_ip", "private_ip", "public_dns", "private_dns", "ipv6", "session_manager"];

impl RunConfig {
    /// Whether the build uses a spot instance.
    #[must_use]
    pub fn is_spot_instance(&self) -> bool {
        !self.spot_price.is_empty() && self.spot_price != "0"
    }

    /// Whether the communicator goes through a Session Manager tunnel.
    #[must_use]
    pub fn ssm_agent_enabled(&self) -> bool {
        let has_profile =
            !self.iam_instance_profile.is_empty() || self.temporary_iam_instance_profile_policy_document.is_some();
        self.ssh_interface == "session_manager" && has_profile
    }

    /// Sets the defaults Packer sets before the communicator is prepared.
    pub fn set_defaults(&mut self) {
        if self.windows_password_timeout.0.is_zero() {
            self.windows_password_timeout = GoDuration(DEFAULT_WINDOWS_PASSWORD_TIMEOUT);
        }
        let m = &mut self.metadata_options;
        for (field, default) in [
            (&mut m.http_endpoint, "enabled"),
            (&mut m.http_tokens, "optional"),
            (&mut m.instance_metadata_tags, "disabled"),
        ] {
            if field.is_empty() {
                *field = default.to_owned();
            }
        }
        if m.http_put_response_hop_limit == 0 {
            m.http_put_response_hop_limit = 1;
        }
    }

    /// The run checks after the communicator's, in Packer's order; also copies tag and filter
    /// blocks onto their maps and applies the remaining defaults.
    pub fn prepare(&mut self, comm: &CommunicatorFacts) -> Vec<ConfigError> {
        self.set_defaults();
        // Newer Packer also rejects a `temporary_key_pair_type` other than rsa/ed25519; 1.6.6
        // accepts any (verified: `dsa` validates), and templates valid there must stay valid.
        let mut problems = self.metadata_problems();
        merge_blocks_into(&self.run_tag, &mut self.run_tags);
        copy_blocks_onto(&self.spot_tag, &mut self.spot_tags);
        self.source_ami_filter.prepare();
        self.security_group_filter.prepare();
        self.subnet_filter.prepare();
        self.vpc_filter.prepare();
        problems.extend(self.connection_problems(comm));
        problems.extend(self.instance_problems());
        problems.extend(self.network_problems());
        problems.extend(self.placement_problems());
        problems.iter().map(RunProblem::to_error).collect()
    }

    fn metadata_problems(&self) -> Vec<RunProblem> {
        let m = &self.metadata_options;
        [
            (!matches!(m.http_endpoint.as_str(), "enabled" | "disabled"), RunProblem::HttpEndpoint),
            (!matches!(m.http_tokens.as_str(), "optional" | "required"), RunProblem::HttpTokens),
            (!(1..=64).contains(&m.http_put_response_hop_limit), RunProblem::HopLimit),
            (!matches!(m.instance_metadata_tags.as_str(), "enabled" | "disabled"), RunProblem::InstanceMetadataTags),
        ]
        .into_iter()
        .filter_map(|(bad, problem)| bad.then_some(problem))
        .collect()
    }

    fn connection_problems(&self, comm: &CommunicatorFacts) -> Vec<RunProblem> {
        let mut problems = Vec::new();
        if !self.ssh_interface.is_empty() && !SSH_INTERFACES.contains(&self.ssh_interface.as_str()) {
            problems.push(RunProblem::UnknownInterface(self.ssh_interface.clone()));
        }
        if self.ssh_interface == "session_manager" {
            if comm.comm_type == "winrm" {
                problems.push(RunProblem::SessionManagerWinrm);
            }
            if self.iam_instance_profile.is_empty() && self.temporary_iam_instance_profile_policy_document.is_none() {
                problems.push(RunProblem::SessionManagerNoProfile);
            }
        }
        if !comm.ssh_keypair_name.is_empty() {
            if comm.comm_type == "winrm" && !comm.winrm_password_set && comm.ssh_private_key_file.is_empty() {
                problems.push(RunProblem::KeypairWinrmNeedsKeyFile);
            } else if comm.ssh_private_key_file.is_empty() && !comm.ssh_agent_auth {
                problems.push(RunProblem::KeypairNeedsKeyFileOrAgent);
            }
        }
        problems
    }

    fn instance_problems(&self) -> Vec<RunProblem> {
        let mut problems = Vec::new();
        if self.source_ami.is_empty() && self.source_ami_filter.is_empty() {
            problems.push(RunProblem::SourceAmiMissing);
        }
        if self.source_ami.is_empty() && self.source_ami_filter.owners.is_empty() {
            problems.push(RunProblem::SourceAmiFilterOwner);
        }
        match (self.instance_type.is_empty(), self.spot_instance_types.is_empty()) {
            (true, true) => problems.push(RunProblem::InstanceTypeMissing),
            (false, false) => problems.push(RunProblem::InstanceTypeBoth),
            _ => {}
        }
        if self.block_duration_minutes % 60 != 0 {
            problems.push(RunProblem::BlockDuration);
        }
        if self.spot_tags.is_some() && !self.is_spot_instance() {
            problems.push(RunProblem::SpotTagsWithoutSpot);
        }
        if !self.user_data.is_empty() && !self.user_data_file.is_empty() {
            problems.push(RunProblem::UserDataBoth);
        } else if !self.user_data_file.is_empty() && std::fs::metadata(&self.user_data_file).is_err() {
            problems.push(RunProblem::UserDataFileMissing(self.user_data_file.clone()));
        }
        problems
    }

    fn network_problems(&mut self) -> Vec<RunProblem> {
        let mut problems = Vec::new();
        if !self.security_group_id.is_empty() {
            if self.security_group_ids.is_empty() {
                self.security_group_ids = vec![std::mem::take(&mut self.security_group_id)];
            } else {
                problems.push(RunProblem::SecurityGroupBoth);
            }
        }
        if self.temporary_security_group_source_cidrs.is_empty() && !self.temporary_security_group_source_public_ip {
            let any = if self.ssh_interface == "ipv6" { "::/0" } else { "0.0.0.0/0" };
            self.temporary_security_group_source_cidrs = vec![any.to_owned()];
        } else {
            for cidr in &self.temporary_security_group_source_cidrs {
                if let Err(e) = check_cidr(cidr) {
                    problems.push(RunProblem::Cidr(e.to_string()));
                }
            }
        }
        if self.shutdown_behavior.is_empty() {
            self.shutdown_behavior = "stop".to_owned();
        } else if !matches!(self.shutdown_behavior.as_str(), "stop" | "terminate") {
            problems.push(RunProblem::ShutdownBehavior);
        }
        if self.enable_t2_unlimited {
            if !self.spot_price.is_empty() {
                problems.push(RunProblem::T2UnlimitedSpot);
            }
            match self.instance_type.split_once('.') {
                None => problems.push(RunProblem::T2UnlimitedNoFamily(self.instance_type.clone())),
                Some((family, _)) if family != "t2" => {
                    problems.push(RunProblem::T2UnlimitedNotT2(self.instance_type.clone()))
                }
                Some(_) => {}
            }
        }
        problems
    }

    /// Tenancy may come from `tenancy` or (newer) `placement.tenancy`, not both.
    fn placement_problems(&self) -> Vec<RunProblem> {
        let mut problems = Vec::new();
        let p = &self.placement;
        if !p.tenancy.is_empty() && !self.tenancy.is_empty() {
            problems.push(RunProblem::TenancyBoth);
        }
        let tenancy = if self.tenancy.is_empty() { &p.tenancy } else { &self.tenancy };
        if !tenancy.is_empty() && !matches!(tenancy.as_str(), "default" | "dedicated" | "host") {
            problems.push(RunProblem::Tenancy(tenancy.clone()));
        }
        if !p.host_id.is_empty() && !p.host_resource_group_arn.is_empty() {
            problems.push(RunProblem::PlacementBothTargets);
        }
        if (!p.host_id.is_empty() || !p.host_resource_group_arn.is_empty())
            && !matches!(p.tenancy.as_str(), "" | "host")
        {
            problems.push(RunProblem::PlacementTenancy);
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// Decodes with Packer's weak typing, as the builder does.
    fn prepare(options: Value, comm: &CommunicatorFacts) -> (RunConfig, Vec<String>) {
        let Value::Object(map) = options else { panic!("options are an object") };
        let mut config: RunConfig = rpacker_sdk::config::ConfigDecoder::new(map).decode().unwrap();
        let errors = config.prepare(comm).into_iter().map(|e| e.message).collect();
        (config, errors)
    }

    fn ssh() -> CommunicatorFacts {
        CommunicatorFacts { comm_type: "ssh".into(), ..Default::default() }
    }

    #[test]
    fn checks_in_packer_order() {
        // Verified with packer 1.6.6 (with ami_name and ssh_username set).
        let ok = json!({"source_ami": "a", "instance_type": "t2.micro"});
        let keypair = CommunicatorFacts { ssh_keypair_name: "k".into(), ..ssh() };
        let winrm_keypair =
            CommunicatorFacts { comm_type: "winrm".into(), ssh_keypair_name: "k".into(), ..Default::default() };
        let agent = CommunicatorFacts { ssh_agent_auth: true, ..keypair.clone() };
        let cases: [(Value, &CommunicatorFacts, &[&str]); 9] = [
            (ok.clone(), &ssh(), &[]),
            (json!({}), &ssh(), &["A source_ami or source_ami_filter must be specified", "For security reasons, your source AMI filter must declare an owner.", "either instance_type or spot_instance_types must be specified"]),
            (json!({"source_ami_filter": {"owners": ["self"]}, "instance_type": "t"}), &ssh(), &[]),
            (json!({"source_ami_filter": {"filters": {"name": "x"}}, "instance_type": "t"}), &ssh(), &["For security reasons, your source AMI filter must declare an owner."]),
            (json!({"source_ami": "a", "instance_type": "t"}), &keypair, &["ssh_private_key_file must be provided or ssh_agent_auth enabled when ssh_keypair_name is specified."]),
            (json!({"source_ami": "a", "instance_type": "t"}), &agent, &[]),
            (json!({"source_ami": "a", "instance_type": "t"}), &winrm_keypair, &["ssh_private_key_file must be provided to retrieve the winrm password when using ssh_keypair_name."]),
            (json!({"source_ami": "a", "spot_instance_types": ["t"], "spot_price": "auto", "spot_tags": {}}), &ssh(), &[]),
            (json!({"source_ami": "a", "instance_type": "t2.micro", "enable_t2_unlimited": true, "tenancy": "dedicated", "shutdown_behavior": "terminate"}), &ssh(), &[]),
        ];
        for (options, comm, want) in cases {
            assert_eq!(prepare(options.clone(), comm).1, want, "{options}");
        }
    }

    #[test]
    fn defaults_and_folding() {
        let (config, errors) = prepare(
            json!({"source_ami": "a", "instance_type": "t", "security_group_id": "sg", "run_tag": {"key": "k", "value": "v"}, "ssh_interface": "ipv6"}),
            &ssh(),
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(config.security_group_ids, ["sg"]);
        assert_eq!(config.security_group_id, "");
        assert_eq!(config.run_tags.get("k").map(String::as_str), Some("v"));
        assert_eq!(config.temporary_security_group_source_cidrs, ["::/0"]);
        assert_eq!(config.shutdown_behavior, "stop");
        assert_eq!(config.windows_password_timeout.0, DEFAULT_WINDOWS_PASSWORD_TIMEOUT);
        assert_eq!(config.metadata_options.http_put_response_hop_limit, 1);
        assert!(!config.is_spot_instance());
        assert!(!config.ssm_agent_enabled());
    }

    #[test]
    fn spot_and_session_manager_predicates() {
        let spot = |price: &str| RunConfig { spot_price: price.into(), ..Default::default() };
        assert_eq!(
            [spot(""), spot("0"), spot("auto"), spot("0.05")].map(|c| c.is_spot_instance()),
            [false, false, true, true]
        );
        let ssm = RunConfig {
            ssh_interface: "session_manager".into(),
            iam_instance_profile: "p".into(),
            ..Default::default()
        };
        assert!(ssm.ssm_agent_enabled());
    }
}
