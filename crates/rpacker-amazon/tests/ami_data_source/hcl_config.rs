//! An HCL2 configuration whose `source_ami` comes from `data "amazon-ami"`, run through the
//! template crate (load, variables, Initialize) and the core (data source runner, GetBuilds)
//! with the amazon plugins registered, as `rpacker validate`/`build` do. moto records every
//! EC2 call: running the data source costs exactly one DescribeImages, not running it none.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rpacker_amazon::{AmazonAmiDataSource, AmazonEbsBuilder};
use rpacker_core::{
    prepare_builds, BuildFlags, Initialized, PreparedBuilds, Registry, RegistryDataSources, PACKER_COMPAT_VERSION,
};
use rpacker_diag::SourceMap;
use rpacker_template::environment::{Environment, RunInfo};
use rpacker_template::hcl::assemble::{
    collect_variables, function_context_now, initialize, AssembleContext, DataSources, HclInitialized, VariableInputs,
    UNKNOWN_PLACEHOLDER,
};
use rpacker_template::hcl::parse::load_config;
use rpacker_template::hcl::{HclType, HclValue};
use rpacker_testkit::{Moto, NEWEST_TEST_AMI};

const CONFIG: &str = r#"
variable "endpoint" {
  type = string
}

data "amazon-ami" "jammy" {
  region              = "us-east-1"
  custom_endpoint_ec2 = var.endpoint
  access_key          = "testing"
  secret_key          = "testing"
  filters = {
    name             = "rpacker-test/ubuntu-jammy-22.04-amd64-*"
    root-device-type = "ebs"
  }
  owners      = ["099720109477"]
  most_recent = true
}

locals {
  base_name = data.amazon-ami.jammy.name
}

source "amazon-ebs" "from-data" {
  region              = "us-east-1"
  custom_endpoint_ec2 = var.endpoint
  access_key          = "testing"
  secret_key          = "testing"
  source_ami          = data.amazon-ami.jammy.id
  instance_type       = "t3.micro"
  ssh_username        = "ubuntu"
  ami_name            = "rpacker-from-data"
  tags = {
    Base = local.base_name
  }
}

build {
  sources = ["source.amazon-ebs.from-data"]
}
"#;

fn registry() -> Registry {
    let mut registry = Registry::new();
    registry.add_builder("amazon-ebs", AmazonEbsBuilder);
    registry.add_data_source("amazon-ami", AmazonAmiDataSource);
    registry
}

/// Initialize (data sources run when `execute`) then GetBuilds, as the CLI does.
fn validate(dir: &Path, endpoint: &str, execute: bool) -> (HclInitialized, PreparedBuilds) {
    let mut sources = SourceMap::new();
    let config = load_config(dir, PACKER_COMPAT_VERSION, &mut sources).expect("the configuration loads");
    let environment = Environment::new([("HOME".to_owned(), "/nonexistent".to_owned())], dir);
    let functions = function_context_now(dir, environment.clone());
    let inputs = VariableInputs { vars: vec![("endpoint".into(), endpoint.into())], ..VariableInputs::default() };
    let (variables, diags) = collect_variables(&config, &inputs, &environment, &functions, &mut sources);
    assert!(diags.is_empty(), "{diags:?}");
    let registry = registry();
    let run = Arc::new(RunInfo::new(Arc::new(environment), PACKER_COMPAT_VERSION.to_owned()));
    let runner = RegistryDataSources::new(&registry, Arc::clone(&run));
    let root = dir.to_string_lossy();
    let ctx = AssembleContext {
        function_context: &functions,
        path_root: &root,
        packer_version: PACKER_COMPAT_VERSION,
        data_sources: DataSources { runner: &runner, execute },
    };
    let hcl = initialize(&config, &variables, &ctx, &sources).unwrap_or_else(|d| panic!("initialize: {d:?}"));
    let template = hcl.template(Some(dir.to_owned()), config.files[0]);
    let init = Initialized { user_variables: Arc::new(BTreeMap::new()), secrets: Vec::new(), build_names: Vec::new() };
    let prepared = prepare_builds(&template, &init, &registry, &BuildFlags::default(), &run);
    (hcl, prepared)
}

fn source_option<'a>(hcl: &'a HclInitialized, key: &[&str]) -> Option<&'a str> {
    hcl.builds[0].builder.config.find(key).and_then(|n| n.as_str())
}

#[test]
fn source_ami_from_a_data_source_validates_with_and_without_running_it() {
    let moto = Moto::start();
    moto.start_recording();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("ami.pkr.hcl"), CONFIG).expect("write the configuration");

    // `validate`: options checked, outputs unknown of the output type, no EC2 call.
    let (hcl, prepared) = validate(dir.path(), &moto.endpoint(), false);
    assert!(prepared.diagnostics.iter().all(|d| !d.is_error()), "{:?}", prepared.diagnostics);
    assert_eq!(prepared.builds.len(), 1);
    assert!(matches!(hcl.locals["base_name"], HclValue::Unknown(HclType::String)), "{:?}", hcl.locals);
    assert_eq!(source_option(&hcl, &["source_ami"]), Some(UNKNOWN_PLACEHOLDER));
    assert_eq!(moto.api_calls("aws-sdk-rust"), Vec::<String>::new(), "not executed: no EC2 call");

    // `validate -evaluate-datasources` (and `build`): one lookup, its outputs everywhere.
    let (hcl, prepared) = validate(dir.path(), &moto.endpoint(), true);
    assert!(prepared.diagnostics.iter().all(|d| !d.is_error()), "{:?}", prepared.diagnostics);
    assert_eq!(prepared.builds.len(), 1);
    assert_eq!(hcl.locals["base_name"].as_str(), Some(NEWEST_TEST_AMI.name));
    assert_eq!(source_option(&hcl, &["source_ami"]), Some(NEWEST_TEST_AMI.id));
    assert_eq!(source_option(&hcl, &["tags", "Base"]), Some(NEWEST_TEST_AMI.name));
    assert_eq!(moto.api_calls("aws-sdk-rust"), ["DescribeImages"]);
}
