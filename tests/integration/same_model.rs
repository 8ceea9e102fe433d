//! One build written twice, as a JSON template and as an HCL2 configuration
//! (`fixtures/same-model/`): an amazon-ebs source with `source_ami_filter`, block devices,
//! `run_tags`, `tags`, `ami_regions` and `ami_users`, a file and a shell provisioner and a
//! manifest post-processor. Both go through their front-end and the core's GetBuilds; the
//! prepared plugins (their typed configurations, as the run uses them) must be the same.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rpacker_core::{
    initialize, prepare_builds, BuildFlags, Initialized, PreparedBuilds, Registry, VariableInput, PACKER_COMPAT_VERSION,
};
use rpacker_diag::SourceMap;
use rpacker_template::environment::{Environment, RunInfo};
use rpacker_template::hcl::assemble::{self, collect_variables, AssembleContext, DataSources, VariableInputs};
use rpacker_template::hcl::functions::FunctionContext;
use rpacker_template::hcl::parse::load_config;
use rpacker_template::json::load_template_bytes;

use crate::support::repo_root;

/// The plugins the two files use.
fn registry() -> Registry {
    let mut registry = Registry::new();
    registry.add_builder("amazon-ebs", rpacker_amazon::AmazonEbsBuilder);
    registry.add_provisioner("shell", rpacker_plugins::ShellProvisioner);
    registry.add_provisioner("file", rpacker_plugins::FileProvisioner);
    registry.add_post_processor("manifest", rpacker_plugins::ManifestPostProcessor);
    registry
}

/// An offline environment with dummy AWS credentials, as the conformance runs use.
fn environment(dir: &Path) -> Environment {
    let vars = [("AWS_ACCESS_KEY_ID", "x"), ("AWS_SECRET_ACCESS_KEY", "x"), ("HOME", "/nonexistent")];
    Environment::new(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())), dir)
}

fn prepare_json(dir: &Path, run: &Arc<RunInfo>) -> PreparedBuilds {
    let path = dir.join("template.json");
    let bytes = std::fs::read(&path).expect("template.json reads");
    let mut sources = SourceMap::new();
    let file = sources.add("template.json", String::from_utf8_lossy(&bytes).into_owned());
    let template = load_template_bytes(&bytes, file, Some(path)).expect("template.json loads");
    let init = initialize(&template, &VariableInput::default(), run).expect("template.json initializes");
    prepare_builds(&template, &init, &registry(), &BuildFlags::default(), run)
}

fn prepare_hcl(dir: &Path, run: &Arc<RunInfo>) -> PreparedBuilds {
    let mut sources = SourceMap::new();
    let config = load_config(dir, PACKER_COMPAT_VERSION, &mut sources).expect("the HCL2 folder loads");
    let environment = environment(dir);
    let functions = FunctionContext::new(dir, time::OffsetDateTime::now_utc(), environment.clone());
    let (variables, diags) =
        collect_variables(&config, &VariableInputs::default(), &environment, &functions, &mut sources);
    assert!(diags.is_empty(), "{diags:?}");
    let root = dir.to_string_lossy();
    let ctx = AssembleContext {
        function_context: &functions,
        path_root: &root,
        packer_version: PACKER_COMPAT_VERSION,
        data_sources: DataSources::none(),
    };
    let hcl = assemble::initialize(&config, &variables, &ctx, &sources).expect("the HCL2 folder initializes");
    // Both are given the JSON file's path: it is what plugins see as `packer_template_path`.
    let template = hcl.template(Some(dir.join("template.json")), config.files[0]);
    let init = Initialized { user_variables: Arc::new(BTreeMap::new()), secrets: hcl.secrets, build_names: Vec::new() };
    prepare_builds(&template, &init, &registry(), &BuildFlags::default(), run)
}

/// The builder's text with its temporary key pair name (`packer_<uuid>`, new at each prepare)
/// blanked.
fn without_random_key_pair_name(text: &str) -> String {
    const FIELD: &str = "temporary_key_pair_name: \"packer_";
    let Some(start) = text.find(FIELD).map(|i| i + FIELD.len()) else { return text.to_owned() };
    let end = text[start..].find('"').map_or(text.len(), |i| start + i);
    format!("{}<uuid>{}", &text[..start], &text[end..])
}

#[test]
fn json_and_hcl2_prepare_the_same_plugins() {
    let dir = repo_root().join("fixtures/same-model");
    let run = Arc::new(RunInfo::new(Arc::new(environment(&dir)), PACKER_COMPAT_VERSION.to_owned()));
    let json = prepare_json(&dir, &run);
    let hcl = prepare_hcl(&dir, &run);
    for (language, prepared) in [("JSON", &json), ("HCL2", &hcl)] {
        assert!(prepared.diagnostics.is_empty(), "{language}: {:#?}", prepared.diagnostics);
        assert_eq!(prepared.builds.len(), 1, "{language}");
    }
    let (j, h) = (&json.builds[0], &hcl.builds[0]);
    // Build names follow each language's rules (`ubuntu` / `amazon-ebs.ubuntu`); what the
    // plugins were prepared with must not differ.
    assert_eq!((j.name.as_str(), h.name.as_str()), ("ubuntu", "amazon-ebs.ubuntu"));
    assert_eq!(j.builder_type, h.builder_type);
    let builder = |b: &rpacker_core::PreparedBuild| without_random_key_pair_name(&format!("{:#?}", b.builder));
    assert_eq!(builder(j), builder(h));
    assert_eq!(j.provisioners.len(), 2);
    for (jp, hp) in j.provisioners.iter().zip(&h.provisioners) {
        assert_eq!(format!("{jp:#?}"), format!("{hp:#?}"));
    }
    assert_eq!(format!("{:#?}", j.post_processors), format!("{:#?}", h.post_processors));
    assert_eq!(json.secrets, hcl.secrets);
    // The run-time values are still to come: both keep the same placeholders.
    let shell = format!("{:?}", h.provisioners[1]);
    assert!(shell.contains("echo built from {{.SourceAMI}} by ubuntu"), "{shell}");
    let ebs = builder(h);
    for expected in ["us-west-2", "eu-west-1", "123456789012", "packer-builder", "099720109477", "gp2"] {
        assert!(ebs.contains(expected), "{expected} missing from {ebs}");
    }
}
