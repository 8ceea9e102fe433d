//! Table cases: options → Packer's exact result. Every expected text was verified with
//! packer 1.6.6 (`packer validate` on a template holding these options), unless marked as a
//! newer-Packer option that 1.6.6 rejects as unknown.

use rpacker_amazon::AmazonEbs;
use rpacker_sdk::config::ErrorStage;
use rpacker_sdk::{PackerConfig, PluginConfig};
use serde_json::{json, Value};

use crate::harness::{prepare, VerbatimRenderer};

/// What Prepare should answer.
enum Want {
    Ok,
    /// The error list as the CLI prints it (before Packer's 80-column wrapping).
    Errors(&'static str),
}

fn valid() -> Value {
    json!({"type": "amazon-ebs", "ami_name": "abc", "ssh_username": "u", "source_ami": "ami-1", "instance_type": "t2.micro"})
}

fn with(extra: Value) -> Value {
    let mut options = valid();
    let (Value::Object(base), Value::Object(extra)) = (&mut options, extra) else { panic!("objects only") };
    base.extend(extra);
    options
}

const USERNAME: &str =
    "An ssh_username must be specified\n  Note: some builders used to default ssh_username to \"root\".";

#[test]
fn texts_and_order_match_packer() {
    let bare_list = format!(
        "6 error(s) occurred:\n\n* ami_name must be specified\n* ami_name must be between 3 and 128 characters long\n* {USERNAME}\n* A source_ami or source_ami_filter must be specified\n* For security reasons, your source AMI filter must declare an owner.\n* either instance_type or spot_instance_types must be specified"
    );
    let bare: &'static str = Box::leak(bare_list.into_boxed_str());
    let cases: Vec<(Value, Want)> = vec![
        (json!({"type": "amazon-ebs"}), Want::Errors(bare)),
        (valid(), Want::Ok),
        (with(json!({"access_key": "a"})), Want::Errors("1 error(s) occurred:\n\n* `access_key` and `secret_key` must both be either set or not set.")),
        (with(json!({"ami_name": "é"})), Want::Errors("2 error(s) occurred:\n\n* ami_name must be between 3 and 128 characters long\n* AMIName should only contain alphanumeric characters, parentheses (()), square brackets ([]), spaces ( ), periods (.), slashes (/), dashes (-), single quotes ('), at-signs (@), or underscores(_). You can use the `clean_resource_name` template filter to automatically clean your ami name.")),
        (
            with(json!({"source_ami": "", "source_ami_filter": {"filter": [{"key": "name", "value": "x"}]}, "spot_instance_types": ["a"],
                "block_duration_minutes": 30, "spot_tags": {}, "user_data": "a", "user_data_file": "b", "security_group_id": "a",
                "security_group_ids": ["b"], "temporary_security_group_source_cidrs": ["1.2.3.4", "010.0.0.1/8", "::/0"],
                "shutdown_behavior": "x", "enable_t2_unlimited": true, "spot_price": "auto", "tenancy": "y", "ssh_interface": "foo",
                "ena_support": true})),
            Want::Errors("12 error(s) occurred:\n\n* Unknown interface type: foo\n* For security reasons, your source AMI filter must declare an owner.\n* either instance_type or spot_instance_types must be specified, not both\n* block_duration_minutes must be multiple of 60\n* Only one of user_data or user_data_file can be specified.\n* Only one of security_group_id or security_group_ids can be specified.\n* Error parsing CIDR in temporary_security_group_source_cidrs: invalid CIDR address: 1.2.3.4\n* Error parsing CIDR in temporary_security_group_source_cidrs: invalid CIDR address: 010.0.0.1/8\n* shutdown_behavior only accepts 'stop' or 'terminate' values.\n* Error: T2 Unlimited cannot be used in conjunction with Spot Instances\n* Error: Unknown tenancy type y\n* Spot instances do not support modification, which is required when either `ena_support` or `sriov_support` are set. Please ensure you use an AMI that already has either SR-IOV or ENA enabled."),
        ),
        (
            with(json!({"source_ami": "a", "instance_type": "m5", "enable_t2_unlimited": true, "user_data_file": "nofile-here",
                "ssh_interface": "session_manager", "communicator": "winrm", "winrm_username": "x", "ssh_keypair_name": "k"})),
            Want::Errors("5 error(s) occurred:\n\n* session_manager connectivity is not supported with the \"winrm\" communicator; please use \"ssh\"\n* no iam_instance_profile defined; session_manager connectivity requires a valid instance profile with AmazonSSMManagedInstanceCore permissions. Alternatively a temporary_iam_instance_profile_policy_document can be used.\n* ssh_private_key_file must be provided to retrieve the winrm password when using ssh_keypair_name.\n* user_data_file not found: nofile-here\n* Error determining main Instance Type from: m5"),
        ),
        (
            with(json!({"instance_type": "m5.large", "enable_t2_unlimited": true, "ssh_keypair_name": "k", "spot_tags": null,
                "spot_tag": [{"key": "a", "value": "b"}], "spot_price": "0"})),
            Want::Errors("4 error(s) occurred:\n\n* ssh_private_key_file must be provided or ssh_agent_auth enabled when ssh_keypair_name is specified.\n* spot_tags should not be set when not requesting a spot instance\n* Error: T2 Unlimited cannot be used in conjunction with Spot Instances\n* Error: T2 Unlimited enabled with a non-T2 Instance Type: m5.large"),
        ),
        (with(json!({"ssh_keypair_name": "k", "ssh_agent_auth": true, "ssh_interface": "session_manager", "iam_instance_profile": "p"})), Want::Ok),
        (with(json!({"communicator": "nope", "ssh_interface": "bad"})), Want::Errors("2 error(s) occurred:\n\n* Communicator type nope is invalid\n* Unknown interface type: bad")),
        (
            with(json!({"ami_block_device_mappings": [{"volume_size": 5}, {"device_name": "/dev/a", "kms_key_id": "k", "encrypted": false},
                {"device_name": "b", "volume_type": "io1", "iops": 10, "volume_size": 1}, {"device_name": "c", "volume_type": "gp3"},
                {"device_name": "d", "throughput": 5}]})),
            Want::Errors("5 error(s) occurred:\n\n* The `device_name` must be specified for every device in the block device mapping.\n* The device /dev/a, must also have `encrypted: true` when setting a kms_key_id.\n* IOPS must be between 100 and 64000 for device b\n* Throughput must be between 125 and 1000 for device c\n* Throughput is not available for device d"),
        ),
        (
            with(json!({"launch_block_device_mappings": {"device_name": "x", "volume_type": "io2", "iops": 70000, "volume_size": 1000}})),
            Want::Errors("1 error(s) occurred:\n\n* IOPS must be between 100 and 64000 for device x"),
        ),
        (
            with(json!({"region_kms_key_ids": {"eu-west-1": "alias/x"}, "ami_regions": ["us-west-2", "us-west-2"], "encrypt_boot": true})),
            Want::Errors("2 error(s) occurred:\n\n* Region eu-west-1 is in region_kms_key_ids but not in ami_regions\n* Region us-west-2 is in ami_regions but not in region_kms_key_ids"),
        ),
        (
            with(json!({"ena_support": 3, "encrypt_boot": "0", "temporary_key_pair_type": "dsa", "temporary_key_pair_bits": 5,
                "temporary_security_group_source_cidrs": ["10.0.0.0/08", "0.0.0.0/0", "::ffff:1.2.3.4/100"], "ssh_wait_timeout": "5m"})),
            Want::Ok,
        ),
        (
            with(json!({"foo": 1, "clean_ami_name": 1, "ami_nme": 2, "tag": [{"key": "a", "value": "b", "x": 1}]})),
            Want::Errors("4 errors occurred:\n\t* unknown configuration key: '\"ami_nme\"'\n\t* Deprecated configuration key: 'clean_ami_name'. Please call `packer fix` against your template to update your template to be compatible with the current version of Packer. Visit https://www.packer.io/docs/commands/fix/ for more detail.\n\t* unknown configuration key: '\"foo\"'\n\t* unknown configuration key: '\"tag[0].x\"'\n\n"),
        ),
    ];
    for (options, want) in cases {
        match (prepare(&options), want) {
            (Ok(_), Want::Ok) => {}
            (Err(errors), Want::Errors(text)) => assert_eq!(errors.to_string(), text, "{options}"),
            (Ok(_), Want::Errors(text)) => panic!("{options}: prepared, but packer says\n{text}"),
            (Err(errors), Want::Ok) => panic!("{options}: packer accepts, but got\n{errors}"),
        }
    }
}

/// Type errors stop Prepare before any check; all of them are reported, sorted
/// (mapstructure's list).
#[test]
fn decode_errors_come_alone_and_sorted() {
    let cases: [(Value, &[&str]); 2] = [
        (
            with(json!({"ssh_port": "abc", "max_retries": "x", "ami_name": ""})),
            &[
                "cannot parse 'max_retries' as int: strconv.ParseInt: parsing \"x\": invalid syntax",
                "cannot parse 'ssh_port' as int: strconv.ParseInt: parsing \"abc\": invalid syntax",
            ],
        ),
        (
            with(json!({"ena_support": "yes"})),
            &["error decoding 'ena_support': Error parsing bool from given var: strconv.ParseBool: parsing \"yes\": invalid syntax"],
        ),
    ];
    for (options, want) in cases {
        let errors = prepare(&options).unwrap_err();
        assert_eq!(errors.stage, ErrorStage::TypeDecode, "{options}");
        let messages: Vec<&str> = errors.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages, want, "{options}");
    }
}

#[test]
fn warnings_and_generated_data() {
    let prepared = prepare(&with(json!({"spot_price_auto_product": "Linux/UNIX"}))).unwrap();
    assert_eq!(
        prepared.warnings,
        ["spot_price_auto_product is deprecated and no longer necessary for Packer builds. In future versions of Packer, inclusion of spot_price_auto_product will error your builds. Please take a look at our current documentation to understand how Packer requests Spot instances."]
    );
    assert_eq!(
        prepared.plugin.generated_data_keys(),
        ["SourceAMIName", "BuildRegion", "SourceAMI", "SourceAMICreationDate", "SourceAMIOwner", "SourceAMIOwnerName"]
    );
    assert!(prepare(&valid()).unwrap().warnings.is_empty());
}

/// Options current Packer accepts and 1.6.6 rejects as unknown keys (the compatibility
/// target accepts them), with the newer plugin's texts.
#[test]
fn newer_options() {
    let cases: [(Value, &[&str]); 4] = [
        (
            with(json!({"metadata_options": {"http_endpoint": "enabled", "http_tokens": "required", "http_put_response_hop_limit": 2},
                "skip_create_ami": true, "deprecate_at": "2030-01-01T00:00:00Z", "ami_org_arns": ["arn:o"], "ami_ou_arns": ["arn:ou"],
                "placement": {"host_resource_group_arn": "arn:g", "tenancy": "host"}, "imds_support": "v2.0",
                "license_specifications": [{"license_configuration_request": {"license_configuration_arn": "arn:l"}}],
                "temporary_security_group_source_public_ip": true, "ssh_interface": "ipv6",
                "source_ami_filter": {"owners": ["self"], "include_deprecated": true}})),
            &[],
        ),
        (
            with(json!({"metadata_options": {"http_endpoint": "on", "http_tokens": "x", "http_put_response_hop_limit": 65, "instance_metadata_tags": "y"}})),
            &[
                "http_endpoint requires either disabled or enabled as its value",
                "http_tokens requires either optional or required as its value",
                "http_put_response_hop_limit requires a number between 1 and 64",
                "instance_metadata_tags requires either disabled or enabled as its value",
            ],
        ),
        (
            with(json!({"placement": {"host_id": "h", "host_resource_group_arn": "g", "tenancy": "dedicated"}, "tenancy": "default"})),
            &[
                "Error: Please set only one of placement.tenancy and tenancy (deprecated)",
                "The `host_id` and `host_resource_group_arn` settings cannot be specified at the same time.",
                "The tenancy should be `host` if either the `host_id` or `host_resource_group_arn` attributes are specified.",
            ],
        ),
        (
            with(json!({"imds_support": "v1", "deprecate_at": "tomorrow"})),
            &[
                "The only valid imds_support values are \"v2.0\" or the empty string",
                "deprecate_at is not a valid time: \"tomorrow\". Expect time format: YYYY-MM-DDTHH:MM:SSZ",
            ],
        ),
    ];
    for (options, want) in cases {
        let got: Vec<String> = match prepare(&options) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.errors.into_iter().map(|e| e.message).collect(),
        };
        assert_eq!(got, want, "{options}");
    }
}

/// `user_data_file` is checked relative to the current directory; an absolute path that exists
/// passes.
#[test]
fn user_data_file_that_exists() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("user-data.sh");
    std::fs::write(&file, "#!/bin/sh\n").unwrap();
    assert!(prepare(&with(json!({"user_data_file": file.to_string_lossy()}))).is_ok());
    let missing = dir.path().join("missing.sh").to_string_lossy().into_owned();
    let errors = prepare(&with(json!({"user_data_file": missing}))).unwrap_err();
    assert_eq!(errors.errors[0].message, format!("user_data_file not found: {missing}"));
    assert_eq!(errors.errors[0].key.as_deref(), Some("user_data_file"));
}

/// Errors name the option they are about, so the CLI can point at the template.
#[test]
fn errors_carry_key_paths() {
    let errors = prepare(&with(json!({"ami_name": "a:b", "launch_block_device_mappings": [{"device_name": "x"}, {}]})))
        .unwrap_err();
    let keys: Vec<Option<&str>> = errors.errors.iter().map(|e| e.key.as_deref()).collect();
    assert_eq!(keys, [Some("ami_name"), Some("launch_block_device_mappings[1].device_name")]);
}

/// `-force` turns `force_deregister` on; defaults are applied; a temporary key pair is named
/// when no login method is given.
#[test]
fn prepared_values() {
    let packer = PackerConfig { force: true, ..PackerConfig::default() };
    let options = with(
        json!({"security_group_id": "sg-1", "run_tag": [{"key": "Name", "value": "x"}], "ami_regions": ["us-east-1", "eu-west-1"], "region": "us-east-1"}),
    );
    let build = typed(&options, &packer).plugin;
    assert!(build.ami.force_deregister);
    assert_eq!(build.ami.ami_regions, ["eu-west-1"]);
    assert_eq!(build.run.security_group_ids, ["sg-1"]);
    assert_eq!(build.run.run_tags.get("Name").map(String::as_str), Some("x"));
    assert_eq!(build.run.shutdown_behavior, "stop");
    assert_eq!(build.run.temporary_security_group_source_cidrs, ["0.0.0.0/0"]);
    assert_eq!(build.run.windows_password_timeout.0.as_secs(), 20 * 60);
    assert_eq!(build.access.max_retries, 10);
    assert!(build.comm.temporary_key_pair_name.starts_with("packer_"), "{}", build.comm.temporary_key_pair_name);
    assert_eq!(build.comm.temporary_key_pair_name.len(), "packer_".len() + 36);

    let with_key = typed(&with(json!({"ssh_password": "pw"})), &PackerConfig::default()).plugin;
    assert_eq!(with_key.comm.temporary_key_pair_name, "");
    assert!(!with_key.ami.force_deregister);
}

fn typed(options: &Value, packer: &PackerConfig) -> rpacker_sdk::Prepared<AmazonEbs> {
    let config = PluginConfig { layers: vec![options.clone()], packer, renderer: &VerbatimRenderer };
    AmazonEbs::prepare(&config).unwrap()
}
