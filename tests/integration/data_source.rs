//! `data "amazon-ami"` through the binary: which commands run data sources (as current
//! Packer: `build` and `validate -evaluate-datasources`; plain `validate` only checks their
//! options; `validate -syntax-only` reads files and nothing else; unlike current Packer,
//! `inspect` does not run them either). The EC2 endpoint comes from `AWS_ENDPOINT_URL`: a
//! local moto that records every call, or a closed port.

use std::path::Path;

use rpacker_testkit::Moto;

use crate::support::{run_with_env, Output};

/// A source AMI and a local from one `data "amazon-ami"` block (region and credentials from
/// the environment); `extra` goes into the data block.
fn config(extra: &str) -> String {
    format!(
        r#"data "amazon-ami" "jammy" {{
  filters = {{
    name             = "rpacker-test/ubuntu-jammy-22.04-amd64-*"
    root-device-type = "ebs"
  }}
  owners      = ["099720109477"]
  most_recent = true
{extra}}}

locals {{
  base_name = data.amazon-ami.jammy.name
}}

source "amazon-ebs" "from-data" {{
  source_ami    = data.amazon-ami.jammy.id
  instance_type = "t3.micro"
  ssh_username  = "ubuntu"
  ami_name      = "rpacker-from-data"
}}

build {{
  sources = ["source.amazon-ebs.from-data"]
}}
"#
    )
}

fn folder(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("ami.pkr.hcl"), text).expect("write the configuration");
    dir
}

fn rpacker(dir: &Path, endpoint: &str, args: &[&str]) -> Output {
    run_with_env(dir, args, &[("AWS_ENDPOINT_URL", endpoint), ("AWS_EC2_METADATA_DISABLED", "true")])
}

#[test]
fn data_sources_run_only_for_the_commands_that_need_them() {
    let moto = Moto::start();
    moto.start_recording();
    let dir = folder(&config(""));
    let endpoint = moto.endpoint();
    let calls = || moto.api_calls("aws-sdk-rust");

    let out = rpacker(dir.path(), &endpoint, &["validate", "-syntax-only", "."]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "Syntax-only check passed. Everything looks okay.\n");
    let out = rpacker(dir.path(), &endpoint, &["validate", "."]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "The configuration is valid.\n"), "{out:?}");
    assert_eq!(calls(), Vec::<String>::new(), "neither validate ran the data source");

    let out = rpacker(dir.path(), &endpoint, &["validate", "-evaluate-datasources", "."]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "The configuration is valid.\n"), "{out:?}");
    assert_eq!(calls(), ["DescribeImages"]);

    let out = rpacker(dir.path(), &endpoint, &["inspect", "."]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("local.base_name: \"<unknown>\""), "{}", out.stdout);
    assert_eq!(calls(), ["DescribeImages"], "inspect stays offline");
}

#[test]
fn syntax_only_and_plain_validate_never_reach_ec2() {
    // A port nothing listens on: any EC2 call fails (after one retry, see `max_retries`).
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let endpoint = format!("http://127.0.0.1:{closed}");
    let dir = folder(&config("  max_retries = 1\n"));

    let out = rpacker(dir.path(), &endpoint, &["validate", "-syntax-only", "."]);
    assert_eq!(out.code, 0, "{out:?}");
    let out = rpacker(dir.path(), &endpoint, &["validate", "."]);
    assert_eq!(out.code, 0, "{out:?}");

    let out = rpacker(dir.path(), &endpoint, &["validate", "-evaluate-datasources", "."]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.starts_with("Error: Error querying AMI: "), "{}", out.stdout);
    assert!(out.stdout.contains("Connection refused"), "{}", out.stdout);
    assert!(out.stdout.contains("on ./ami.pkr.hcl line 1, column 1:\n   1: data \"amazon-ami\""), "{}", out.stdout);
}

#[test]
fn an_unknown_data_source_type_lists_the_known_ones() {
    let dir = folder(&config("").replace("\"amazon-ami\" \"jammy\"", "\"amazon-amii\" \"jammy\""));
    let out = rpacker(dir.path(), "http://127.0.0.1:9", &["validate", "-syntax-only", "."]);
    assert_eq!(out.code, 0, "the type is checked at Initialize, as in Packer: {out:?}");
    let out = rpacker(dir.path(), "http://127.0.0.1:9", &["validate", "."]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.starts_with("Error: Unknown data type amazon-amii\n"), "{}", out.stdout);
    assert!(out.stdout.contains("line 1, column 6:"), "at the type label: {}", out.stdout);
    assert!(out.stdout.contains("known data sources: [amazon-ami]"), "{}", out.stdout);
}
