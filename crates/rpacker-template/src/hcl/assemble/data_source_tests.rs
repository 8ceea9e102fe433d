//! `data` blocks through Initialize with a data source implemented here (the template crate's
//! own seam, no plugin): evaluation order with locals, what the runner is handed, validate's
//! unknown outputs, and Packer's errors.

use std::cell::RefCell;
use std::collections::BTreeMap;

use rpacker_diag::{Diagnostic, SourceMap, Span};
use time::macros::datetime;

use super::tests::folder;
use super::*;
use crate::environment::Environment;
use crate::hcl::parse::load_config;
use crate::hcl::types::HclType;

/// `fake-ami`: its output is `{id, tags}` with `id` = `ami-` + its `name` option; a `fail`
/// option makes it fail as a data source would.
#[derive(Default)]
struct FakeAmis {
    /// Every request: name, options as JSON, whether it was to execute.
    calls: RefCell<Vec<(String, serde_json::Value, bool)>>,
}

fn output_type() -> HclType {
    HclType::Object(BTreeMap::from([
        ("id".to_owned(), HclType::String),
        ("tags".to_owned(), HclType::map(HclType::String)),
    ]))
}

impl DataSourceRunner for FakeAmis {
    fn types(&self) -> Vec<String> {
        vec!["fake-ami".to_owned(), "other".to_owned()]
    }

    fn run(&self, request: &DataRequest<'_>) -> Result<HclValue, Vec<Diagnostic>> {
        let options = request.config.to_json();
        self.calls.borrow_mut().push((request.name.to_owned(), options.clone(), request.execute));
        if let Some(reason) = options.get("fail").and_then(|f| f.as_str()) {
            return Err(vec![Diagnostic::error(reason, "").with_subject(Some(request.span))]);
        }
        if !request.execute {
            return Ok(HclValue::Unknown(output_type()));
        }
        let name = options.get("name").and_then(|n| n.as_str()).unwrap_or_default();
        Ok(HclValue::object([
            ("id", HclValue::string(format!("ami-{name}"))),
            ("tags", HclValue::Map(BTreeMap::from([("Name".to_owned(), HclValue::string(name))]))),
        ]))
    }
}

struct Run {
    init: Result<HclInitialized, Vec<Diagnostic>>,
    sources: SourceMap,
}

impl Run {
    fn ok(self) -> HclInitialized {
        self.init.unwrap_or_else(|d| panic!("initialize failed: {d:?}"))
    }

    /// The errors as (summary, detail, `line:col` of the subject).
    fn errors(&self) -> Vec<(String, String, String)> {
        let diags = self.init.as_ref().expect_err("initialize should fail");
        diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.summary.clone(), d.detail.clone(), self.at(d.subject)))
            .collect()
    }

    fn at(&self, span: Option<Span>) -> String {
        span.and_then(|s| self.sources.file(s.file).map(|f| f.line_col(s.start as usize)))
            .map(|lc| format!("{}:{}", lc.line, lc.col))
            .unwrap_or_default()
    }
}

fn initialize_with(files: &[(&str, &str)], runner: &dyn DataSourceRunner, execute: bool) -> Run {
    let dir = folder(files);
    let mut sources = SourceMap::new();
    let config = load_config(&dir, "1.16.0", &mut sources).unwrap_or_else(|d| panic!("load: {d:?}"));
    let environment = Environment::new(std::iter::empty(), "/cwd");
    let fctx = FunctionContext::new(&dir, datetime!(2026-11-23 07:33:10 UTC), environment.clone());
    let (collected, collect) =
        collect_variables(&config, &VariableInputs::default(), &environment, &fctx, &mut sources);
    assert!(collect.iter().all(|d| !d.is_error()), "{collect:?}");
    let ctx = AssembleContext {
        function_context: &fctx,
        path_root: ".",
        packer_version: "1.16.0",
        data_sources: DataSources { runner, execute },
    };
    let init = initialize(&config, &collected, &ctx, &sources);
    std::fs::remove_dir_all(&dir).unwrap();
    Run { init, sources }
}

fn load_errors(files: &[(&str, &str)]) -> Vec<(String, String)> {
    let dir = folder(files);
    let result = load_config(&dir, "1.16.0", &mut SourceMap::new());
    std::fs::remove_dir_all(&dir).unwrap();
    let diags = result.expect_err("loading should fail");
    diags.iter().map(|d| (d.summary.clone(), d.detail.clone())).collect()
}

/// Data blocks that read each other, a local and a variable, written before what they read.
const CHAIN: &str = r#"
variable "prefix" {
  default = "base"
}

locals {
  image = data.fake-ami.second.id
  tag   = data.fake-ami.second.tags["Name"]
}

data "fake-ami" "second" {
  name = "${data.fake-ami.first.id}-${local.suffix}"
  nested {
    owner = data.fake-ami.first.tags.Name
  }
}

locals {
  suffix = "v2"
}

data "fake-ami" "first" {
  name = var.prefix
}

source "null" "a" {
  communicator = "none"
  image        = data.fake-ami.first.id
}

build {
  sources = ["source.null.a"]
}
"#;

#[test]
fn data_sources_run_once_after_their_inputs_and_feed_locals_and_sources() {
    let runner = FakeAmis::default();
    let init = initialize_with(&[("a.pkr.hcl", CHAIN)], &runner, true).ok();
    let calls = runner.calls.borrow();
    let names: Vec<&str> = calls.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["first", "second"], "each data source runs once, after what it reads");
    assert_eq!(calls[0].1, serde_json::json!({"name": "base"}));
    assert_eq!(calls[1].1, serde_json::json!({"name": "ami-base-v2", "nested": [{"owner": "base"}]}));
    assert!(calls.iter().all(|(_, _, execute)| *execute));

    assert_eq!(init.locals["image"].as_str(), Some("ami-ami-base-v2"));
    assert_eq!(init.locals["tag"].as_str(), Some("ami-base-v2"));
    let key = ("fake-ami".to_owned(), "first".to_owned());
    let HclValue::Object(first) = &init.data[&key] else { panic!("{:?}", init.data[&key]) };
    assert_eq!(first["id"].as_str(), Some("ami-base"));
    let source = &init.builds[0].builder.config;
    assert_eq!(source.get("image").and_then(|n| n.as_str()), Some("ami-base"));
}

#[test]
fn validate_checks_options_but_references_are_unknown_of_the_output_type() {
    let runner = FakeAmis::default();
    let init = initialize_with(&[("a.pkr.hcl", CHAIN)], &runner, false).ok();
    let calls = runner.calls.borrow();
    assert_eq!(calls.len(), 2, "every block still has its options checked");
    assert!(calls.iter().all(|(_, _, execute)| !execute));
    // An unknown input reaches the options as Packer's placeholder.
    assert_eq!(calls[1].1["name"], serde_json::json!("<unknown>"));
    assert!(matches!(&init.locals["image"], HclValue::Unknown(HclType::String)), "{:?}", init.locals["image"]);
    assert!(matches!(&init.locals["tag"], HclValue::Unknown(HclType::String)));
    let source = &init.builds[0].builder.config;
    assert_eq!(source.get("image").and_then(|n| n.as_str()), Some(UNKNOWN_PLACEHOLDER));
}

#[test]
fn an_unknown_output_attribute_is_an_error_even_when_not_executed() {
    let files =
        [("a.pkr.hcl", "data \"fake-ami\" \"x\" {\n  name = \"n\"\n}\nlocals {\n  bad = data.fake-ami.x.idd\n}\n")];
    for execute in [true, false] {
        let run = initialize_with(&files, &FakeAmis::default(), execute);
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, "Unsupported attribute");
        assert!(errors[0].1.starts_with("This object does not have an attribute named \"idd\"."), "{errors:?}");
    }
}

#[test]
fn unknown_types_are_reported_at_the_label_with_the_known_ones() {
    let files = [("a.pkr.hcl", "locals {\n  a = 1\n}\n\ndata \"amazon-amii\" \"x\" {\n  name = \"n\"\n}\n")];
    let runner = FakeAmis::default();
    let run = initialize_with(&files, &runner, true);
    assert_eq!(
        run.errors(),
        [(
            "Unknown data type amazon-amii".to_owned(),
            "known data sources: [fake-ami other]".to_owned(),
            "5:6".to_owned()
        )]
    );
    assert!(runner.calls.borrow().is_empty());

    let run = initialize_with(&files, &NoDataSources, true);
    assert_eq!(run.errors()[0].1, "packer does not currently know any data source.");
}

#[test]
fn a_failing_data_source_stops_initialize_at_its_block() {
    let files = [(
        "a.pkr.hcl",
        "locals {\n  id = data.fake-ami.x.id\n}\n\ndata \"fake-ami\" \"x\" {\n  fail = \"No AMI was found\"\n}\n",
    )];
    let runner = FakeAmis::default();
    let run = initialize_with(&files, &runner, true);
    assert_eq!(run.errors(), [("No AMI was found".to_owned(), String::new(), "5:1".to_owned())]);
    assert_eq!(runner.calls.borrow().len(), 1, "a run error is not retried");
}

#[test]
fn a_cycle_between_data_sources_runs_neither() {
    let files = [(
        "a.pkr.hcl",
        "data \"fake-ami\" \"a\" {\n  name = data.fake-ami.b.id\n}\ndata \"fake-ami\" \"b\" {\n  name = data.fake-ami.a.id\n}\n",
    )];
    let runner = FakeAmis::default();
    let run = initialize_with(&files, &runner, true);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "Unsupported attribute", "{errors:?}");
    assert!(runner.calls.borrow().is_empty());
}

#[test]
fn the_data_object_exists_without_data_blocks() {
    let files = [("a.pkr.hcl", "locals {\n  a = data.fake-ami.x.id\n}\n")];
    let errors = initialize_with(&files, &FakeAmis::default(), true).errors();
    assert_eq!(errors[0].0, "Unsupported attribute");
    assert!(errors[0].1.starts_with("This object does not have an attribute named \"fake-ami\"."), "{errors:?}");
}

#[test]
fn json_configurations_have_data_blocks_too() {
    let json = r#"{
  "data": {"fake-ami": {"j": {"name": "from-json"}}},
  "locals": {"id": "${data.fake-ami.j.id}"}
}"#;
    let runner = FakeAmis::default();
    let init = initialize_with(&[("a.pkr.json", json)], &runner, true).ok();
    assert_eq!(init.locals["id"].as_str(), Some("ami-from-json"));
}

#[test]
fn data_block_labels_and_duplicates_are_checked_when_loading() {
    let name =
        "A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.";
    let errors = load_errors(&[("a.pkr.hcl", "data \"fake ami\" \"1x\" {\n}\n")]);
    assert_eq!(
        errors,
        [
            ("Invalid data source name".to_owned(), name.to_owned()),
            ("Invalid data resource name".to_owned(), name.to_owned())
        ]
    );
    let errors = load_errors(&[
        ("a.pkr.hcl", "data \"fake-ami\" \"x\" {\n}\n"),
        ("b.pkr.hcl", "data \"fake-ami\" \"x\" {\n}\n"),
    ]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "Duplicate data block");
    assert!(errors[0]
        .1
        .starts_with("This data block has the same data type and name as a previous block declared at "));
    assert!(errors[0].1.contains("a.pkr.hcl:1,1-"), "{errors:?}");
    assert!(errors[0].1.ends_with(". Each data must have a unique name per builder type."));
}
