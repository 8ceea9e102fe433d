//! End-to-end tests of assembling: configuration text in, values, builds or errors out.
//! Expected texts and values verified with packer 1.6.6 (`packer validate` / `inspect`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use rpacker_diag::{Diagnostic, SourceMap};
use time::macros::datetime;

use super::*;
use crate::environment::Environment;
use crate::hcl::parse::load_config;
use crate::NodeValue;

/// A scratch folder holding `files`.
pub(super) fn folder(files: &[(&str, &str)]) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "rpacker-assemble-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

struct Outcome {
    collect: Vec<Diagnostic>,
    init: Result<HclInitialized, Vec<Diagnostic>>,
}

fn assemble(files: &[(&str, &str)], env: &[(&str, &str)], var_files: &[&str], vars: &[(&str, &str)]) -> Outcome {
    let dir = folder(files);
    let mut sources = SourceMap::new();
    let config = load_config(&dir, "1.16.0", &mut sources).unwrap_or_else(|d| panic!("load: {d:?}"));
    let environment = Environment::new(env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())), "/cwd");
    let fctx = FunctionContext::new(&dir, datetime!(2026-11-23 07:33:10 UTC), environment.clone());
    let inputs = VariableInputs {
        var_files: var_files.iter().map(|f| dir.join(f)).collect(),
        vars: vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
    };
    let (collected, collect) = collect_variables(&config, &inputs, &environment, &fctx, &mut sources);
    let ctx = AssembleContext {
        function_context: &fctx,
        path_root: ".",
        packer_version: "1.6.6",
        data_sources: DataSources::none(),
    };
    let init = initialize(&config, &collected, &ctx, &sources);
    std::fs::remove_dir_all(&dir).unwrap();
    Outcome { collect, init }
}

fn errors(diags: &[Diagnostic]) -> Vec<(String, String)> {
    diags.iter().filter(|d| d.is_error()).map(|d| (d.summary.clone(), d.detail.clone())).collect()
}

/// Name/value pairs: files, environment variables, `-var`s.
type Pairs<'a> = &'a [(&'a str, &'a str)];

const FOO: &str = "variable \"foo\" {\n  type = string\n  default = \"default\"\n}\n";

#[test]
fn variable_precedence() {
    let auto = ("x.auto.pkrvars.hcl", "foo = \"auto\"\n");
    let file = ("f.pkrvars.hcl", "foo = \"file\"\n");
    let env = [("PKR_VAR_foo", "env")];
    // (files, env, -var-file, -var, expected): default < env < auto < -var-file < -var.
    let cases: [(Pairs<'_>, Pairs<'_>, &[&str], Pairs<'_>, &str); 5] = [
        (&[("a.pkr.hcl", FOO)], &[], &[], &[], "default"),
        (&[("a.pkr.hcl", FOO)], &env, &[], &[], "env"),
        (&[("a.pkr.hcl", FOO), auto], &env, &[], &[], "auto"),
        (&[("a.pkr.hcl", FOO), auto, file], &env, &["f.pkrvars.hcl"], &[], "file"),
        (&[("a.pkr.hcl", FOO), auto, file], &env, &["f.pkrvars.hcl"], &[("foo", "cmd")], "cmd"),
    ];
    for (files, env, var_files, vars, want) in cases {
        let out = assemble(files, env, var_files, vars);
        assert!(errors(&out.collect).is_empty(), "{:?}", out.collect);
        let init = out.init.unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(init.variables["foo"].as_str(), Some(want));
    }
}

/// Extra files, `-var-file`s, `-var`s and the value expected.
type OrderCase<'a> = (Vec<(&'a str, &'a str)>, &'a [&'a str], Pairs<'a>, &'a str);

#[test]
fn variable_file_order() {
    // Current Packer (≥1.13): auto-loaded `.hcl` files sorted by name, then auto-loaded `.json`
    // files sorted by name, then every `-var-file` in command-line order whatever its format;
    // the last value wins, and `-var` beats every file (the last `-var` for a name wins).
    // Packer 1.6.6 differed: all HCL var files, then all JSON ones.
    let auto_a = ("a.auto.pkrvars.hcl", "foo = \"auto-a\"\n");
    let auto_b = ("b.auto.pkrvars.hcl", "foo = \"auto-b\"\n");
    let auto_json = ("0.auto.pkrvars.json", "{\"foo\": \"auto-json\"}");
    let hcl_file = ("f.pkrvars.hcl", "foo = \"file-hcl\"\n");
    let json_file = ("g.json", "{\"foo\": \"file-json\"}");
    let env = [("PKR_VAR_foo", "env")];
    // (files, -var-file, -var, expected)
    let cases: [OrderCase<'_>; 8] = [
        (vec![auto_b, auto_a], &[], &[], "auto-b"),
        (vec![auto_b, auto_json], &[], &[], "auto-json"),
        (vec![auto_json, hcl_file], &["f.pkrvars.hcl"], &[], "file-hcl"),
        (vec![hcl_file, json_file], &["g.json", "f.pkrvars.hcl"], &[], "file-hcl"),
        (vec![hcl_file, json_file], &["f.pkrvars.hcl", "g.json"], &[], "file-json"),
        (vec![hcl_file], &["f.pkrvars.hcl"], &[("foo", "cmd")], "cmd"),
        (vec![], &[], &[("foo", "one"), ("foo", "two")], "two"),
        (vec![], &[], &[], "env"),
    ];
    for (files, var_files, vars, want) in cases {
        let mut all = vec![("a.pkr.hcl", FOO)];
        all.extend(files);
        let out = assemble(&all, &env, var_files, vars);
        assert!(errors(&out.collect).is_empty(), "{:?}", out.collect);
        let init = out.init.unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(init.variables["foo"].as_str(), Some(want), "{var_files:?} {vars:?}");
    }
}

#[test]
fn variable_file_errors() {
    // Texts verified with packer 1.6.6; a file that fails is skipped, the others still count.
    let cases: [(&str, &str, &str); 3] = [
        ("v.txt", "foo = 1\n", "Could not guess format of "),
        ("v.pkrvars.hcl", "variable \"foo\" {}\n", "Variable declaration in a .pkrvar file"),
        ("v.pkrvars.hcl", "foo = \n", "Invalid expression"),
    ];
    for (name, text, summary) in cases {
        let out = assemble(&[("a.pkr.hcl", FOO), (name, text)], &[], &[name], &[]);
        let errs = errors(&out.collect);
        assert!(errs.first().is_some_and(|e| e.0.starts_with(summary)), "{name}: {errs:?}");
    }
}

#[test]
fn variable_errors() {
    let typed = "variable \"n\" {\n  type = number\n  default = 1\n}\n";
    let unset = "variable \"req\" {\n  type = string\n}\n";
    let validated = "variable \"n\" {\n  default = 1\n  validation {\n    condition = var.n < 10\n    error_message = \"Too big.\"\n  }\n}\n";
    // (config, env, -var, summary, detail) of the first collection or Initialize error.
    let cases = [
        (typed, &[][..], &[("zz", "1")][..], "Undefined -var variable", "A \"zz\" variable was passed in the command line but was not found in known variables. To declare variable \"zz\", place this block in one of your .pkr files, such as variables.pkr.hcl"),
        (typed, &[], &[("n", "abc")], "Invalid argument value for -var variable", "The received arg value for n is not compatible with the variable's type constraint: a number is required."),
        (typed, &[("PKR_VAR_n", "abc")], &[], "Invalid value for variable", "The value for n is not compatible with the variable's type constraint: a number is required."),
        (unset, &[], &[], "Unset variable \"req\"", "A used variable must be set or have a default value; see https://packer.io/docs/configuration/from-1.5/syntax for details."),
        (validated, &[], &[("n", "20")], "Invalid value for cmd variable", "Too big.\n\nThis was checked by the validation rule at a.pkr.hcl:3,3-13."),
        (validated, &[("PKR_VAR_n", "30")], &[], "Invalid value for env variable", "Too big.\n\nThis was checked by the validation rule at a.pkr.hcl:3,3-13."),
    ];
    for (text, env, vars, summary, detail) in cases {
        let out = assemble(&[("a.pkr.hcl", text)], env, &[], vars);
        let mut all = errors(&out.collect);
        if all.is_empty() {
            all = errors(&out.init.err().unwrap_or_default());
        }
        let first = all.first().unwrap_or_else(|| panic!("no error for {text} {vars:?}"));
        assert_eq!(first.0, summary);
        // Texts name the file by its path in the scratch folder.
        assert!(first.1.ends_with(detail.rsplit("at ").next().unwrap_or(detail)), "{}", first.1);
        assert!(first.1.starts_with(detail.split("a.pkr.hcl").next().unwrap_or(detail)), "{}", first.1);
    }
}

#[test]
fn undeclared_var_file_name_is_a_warning() {
    let out = assemble(&[("a.pkr.hcl", FOO), ("v.pkrvars.hcl", "zz = 1\n")], &[], &["v.pkrvars.hcl"], &[]);
    assert!(errors(&out.collect).is_empty());
    assert_eq!(out.collect[0].summary, "Undefined variable");
    assert!(out.init.is_ok());
}

#[test]
fn locals_in_dependency_order_and_sensitive() {
    let text = "locals {\n  b = \"${local.a}-b\"\n  a = \"${var.foo}-a\"\n}\nlocal \"s\" {\n  expression = \"hidden\"\n  sensitive = true\n}\n";
    let out = assemble(&[("a.pkr.hcl", FOO), ("l.pkr.hcl", text)], &[], &[], &[]);
    let init = out.init.unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(init.locals["b"].as_str(), Some("default-a-b"));
    assert_eq!(init.secrets, vec!["hidden".to_owned()]);
}

#[test]
fn locals_cycle_reports_the_last_error() {
    let text = "locals {\n  a = local.b\n  b = local.a\n}\n";
    let out = assemble(&[("a.pkr.hcl", text)], &[], &[], &[]);
    let errs = errors(&out.init.err().unwrap_or_default());
    assert_eq!(errs[0].0, "Unsupported attribute");
}

const BUILD: &str = r#"
source "null" "a" {
  communicator = "none"
}
source "file" "b" {
  content = "x"
  target  = "out"
}
build {
  name    = "mybuild"
  sources = ["source.null.a"]
  source "file.b" {
    name = "renamed"
  }
  provisioner "shell-local" {
    inline = ["echo ${build.ID} ${source.name} ${build.name}"]
    only   = ["null.a"]
    pause_before = "1s"
    max_retries = 3
    override = {
      a = { inline = ["x"] }
    }
  }
  provisioner "shell-local" {
    inline = ["all"]
    except = ["file.renamed"]
  }
  post-processor "manifest" {}
  post-processors {
    post-processor "checksum" {
      checksum_types = ["md5"]
    }
    post-processor "manifest" {
      name = "m2"
      only = ["file.renamed"]
    }
  }
}
"#;

#[test]
fn builds_names_and_plugin_selection() {
    let out = assemble(&[("a.pkr.hcl", BUILD)], &[], &[], &[]);
    let init = out.init.unwrap_or_else(|d| panic!("{d:?}"));
    let names: Vec<&str> = init.builds.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["mybuild.null.a", "mybuild.file.renamed"]);
    let (a, b) = (&init.builds[0], &init.builds[1]);
    assert_eq!(b.source_name, "b");
    // (build, provisioners, post-processor chains)
    let cases = [(a, 2, vec![1, 1]), (b, 0, vec![1, 2])];
    for (build, provisioners, chains) in cases {
        assert_eq!(build.provisioners.len(), provisioners, "{}", build.name);
        assert_eq!(build.post_processors.iter().map(Vec::len).collect::<Vec<_>>(), chains, "{}", build.name);
    }
    let p = &a.provisioners[0];
    assert_eq!(
        p.config.find(&["inline"]).map(|n| n.value.clone()),
        Some(NodeValue::Array(vec![crate::Node {
            // `build.ID` is kept for the plugin to render at run time.
            value: NodeValue::String("echo {{ build `ID` }} a mybuild".into()),
            span: p.config.find(&["inline"]).unwrap().span,
        }]))
    );
    assert!(p.config.get("only").is_none() && p.config.get("override").is_none());
    assert_eq!(p.pause_before.as_ref().map(|d| d.value.as_secs()), Some(1));
    assert_eq!(p.max_retries.as_ref().map(|m| m.value.as_str()), Some("3"));
    assert_eq!(p.overrides[0].0.value, "mybuild.null.a");
    assert_eq!(b.post_processors[1][1].name.value, "m2");
    assert_eq!(b.builder.config.get("target").and_then(|n| n.as_str()), Some("out"));
}

#[test]
fn build_errors() {
    let missing = "source \"null\" \"a\" {\n  communicator = \"none\"\n}\nbuild {\n  sources = [\"null.zz\"]\n}\n";
    let duplicate = "source \"null\" \"a\" {\n  communicator = \"none\"\n}\nbuild {\n  source \"null.a\" {\n    communicator = \"ssh\"\n  }\n}\n";
    let cases = [
        (missing, "Unknown source null.zz", "Known: [null.a]"),
        (duplicate, "Duplicate argument", "Argument \"communicator\" was already set at "),
    ];
    for (text, summary, detail) in cases {
        let out = assemble(&[("a.pkr.hcl", text)], &[], &[], &[]);
        let errs = errors(&out.init.err().unwrap_or_default());
        assert_eq!(errs[0].0, summary);
        assert!(errs[0].1.starts_with(detail), "{}", errs[0].1);
    }
}

#[test]
fn renders_values_like_inspect() {
    let cases = [
        (HclValue::from("bar"), "bar"),
        (HclValue::int(1), "1"),
        (HclValue::string_list(["a"]), "[\n  \"a\",\n]"),
        (HclValue::object([("a", HclValue::int(1)), ("b", HclValue::from("x"))]), "{\n  \"a\" = 1\n  \"b\" = \"x\"\n}"),
        (HclValue::unknown(), "<unknown>"),
    ];
    for (value, want) in cases {
        assert_eq!(render_value(&value), want);
    }
}

/// The string items of a list option of a config node.
fn strings(node: &crate::Node, key: &str) -> Vec<String> {
    match node.get(key).map(|n| &n.value) {
        Some(NodeValue::Array(items)) => items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    }
}

const DYNAMIC_BUILD: &str = r#"
variable "scripts" {
  default = ["one", "two"]
}
locals {
  pps = { m1 = "a.json", m2 = "b.json" }
}
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo first"]
  }
  dynamic "provisioner" {
    for_each = var.scripts
    labels   = ["shell-local"]
    iterator = s
    content {
      name   = "p-${s.value}"
      inline = ["echo ${s.key} ${s.value} ${source.name}"]
    }
  }
  provisioner "shell-local" {
    inline = ["echo last"]
  }
  post-processors {
    dynamic "post-processor" {
      for_each = local.pps
      labels   = ["manifest"]
      content {
        name   = post-processor.key
        output = post-processor.value
      }
    }
  }
}
"#;

#[test]
fn dynamic_plugin_blocks_expand_in_place() {
    // Verified with packer 1.6.6: inspect lists shell-local, shell-local.p-one,
    // shell-local.p-two, shell-local and the chain manifest.m1, manifest.m2; build prints
    // "first", "0 one a", "1 two a", "last".
    let out = assemble(&[("a.pkr.hcl", DYNAMIC_BUILD)], &[], &[], &[]);
    let init = out.init.unwrap_or_else(|d| panic!("{d:?}"));
    let build = &init.builds[0];
    let inline: Vec<Vec<String>> = build.provisioners.iter().map(|p| strings(&p.config, "inline")).collect();
    assert_eq!(inline, [vec!["echo first"], vec!["echo 0 one a"], vec!["echo 1 two a"], vec!["echo last"]]);
    let names: Vec<&str> = build.post_processors[0].iter().map(|pp| pp.name.value.as_str()).collect();
    assert_eq!(names, ["m1", "m2"]);
    let outputs: Vec<_> =
        build.post_processors[0].iter().map(|pp| pp.config.get("output").and_then(|n| n.as_str())).collect();
    assert_eq!(outputs, [Some("a.json"), Some("b.json")]);
}

#[test]
fn dynamic_nested_blocks_of_plugin_bodies() {
    let text = r#"
variable "disks" {
  default = [
    { name = "/dev/sda1", size = 8, tags = { a = "1" } },
    { name = "/dev/sdb", size = 20, tags = { b = "2", c = "3" } },
  ]
}
source "amazon-ebs" "a" {
  dynamic "launch_block_device_mappings" {
    for_each = var.disks
    iterator = disk
    content {
      device_name = disk.value.name
      volume_size = disk.value.size
      dynamic "tag" {
        for_each = disk.value.tags
        content {
          key   = tag.key
          value = "${disk.key}-${tag.value}"
        }
      }
    }
  }
  launch_block_device_mappings {
    device_name = "/dev/static"
  }
}
build {
  sources = ["source.amazon-ebs.a"]
}
"#;
    let out = assemble(&[("a.pkr.hcl", text)], &[], &[], &[]);
    let init = out.init.unwrap_or_else(|d| panic!("{d:?}"));
    let json = init.builds[0].builder.config.to_json();
    assert_eq!(
        json["launch_block_device_mappings"],
        serde_json::json!([
            {"device_name": "/dev/sda1", "volume_size": 8, "tag": [{"key": "a", "value": "0-1"}]},
            {"device_name": "/dev/sdb", "volume_size": 20, "tag": [{"key": "b", "value": "1-2"}, {"key": "c", "value": "1-3"}]},
            {"device_name": "/dev/static"},
        ])
    );
}

#[test]
fn dynamic_sources_and_json_syntax() {
    let native = r#"
source "null" "a" {
  communicator = "none"
}
build {
  dynamic "source" {
    for_each = ["x", "y"]
    labels   = ["source.null.a"]
    content {
      name = "a-${source.value}"
    }
  }
}
"#;
    let json = r#"{
  "source": {"null": {"a": {"communicator": "none"}}},
  "build": {
    "sources": ["source.null.a"],
    "dynamic": {"provisioner": {
      "for_each": "${[\"p\", \"q\"]}",
      "iterator": "it",
      "labels": ["shell-local"],
      "content": {"inline": ["echo ${it.value}"]}
    }}
  }
}"#;
    let out = assemble(&[("a.pkr.hcl", native)], &[], &[], &[]);
    let init = out.init.unwrap_or_else(|d| panic!("{d:?}"));
    let names: Vec<&str> = init.builds.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["null.a-x", "null.a-y"]);

    let out = assemble(&[("a.pkr.json", json)], &[], &[], &[]);
    let init = out.init.unwrap_or_else(|d| panic!("{d:?}"));
    let inline: Vec<Vec<String>> = init.builds[0].provisioners.iter().map(|p| strings(&p.config, "inline")).collect();
    assert_eq!(inline, [vec!["echo p"], vec!["echo q"]]);
}

#[test]
fn dynamic_block_errors() {
    // Texts verified with packer 1.6.6 (`validate`).
    let cases = [
        ("for_each = [1]\n    labels = [\"shell-local\"]", "Missing dynamic content block", "A dynamic block must have a nested block of type \"content\" to describe the body of each generated block."),
        ("for_each = null\n    labels = [\"shell-local\"]\n    content {}", "Invalid dynamic for_each value", "Cannot use a null value in for_each."),
        ("for_each = \"abc\"\n    labels = [\"shell-local\"]\n    content {}", "Invalid dynamic for_each value", "Cannot use a string value in for_each. An iterable collection is required."),
        ("for_each = [1]\n    labels = [\"shell-local\", \"x\"]\n    content {}", "Extraneous dynamic block label", "Blocks of type \"provisioner\" require 1 label(s)."),
        ("for_each = [1]\n    content {}", "Missing required argument", "The argument \"labels\" is required, but no definition was found."),
        ("for_each = [1]\n    iterator = a.b\n    labels = [\"shell-local\"]\n    content {}", "Invalid dynamic iterator name", "Dynamic iterator must be a single variable name."),
        ("for_each = [1]\n    labels = [\"shell-local\"]\n    content {}\n    content {}", "Extraneous dynamic content block", "Only one nested content block is allowed for each dynamic block."),
        ("for_each = [1]\n    labels = [null]\n    content {}", "Invalid dynamic block label", "Cannot use a null value as a dynamic block label."),
    ];
    for (body, summary, detail) in cases {
        let text = format!("source \"null\" \"a\" {{\n  communicator = \"none\"\n}}\nbuild {{\n  sources = [\"source.null.a\"]\n  dynamic \"provisioner\" {{\n    {body}\n  }}\n}}\n");
        let out = assemble(&[("a.pkr.hcl", &text)], &[], &[], &[]);
        let errs = errors(&out.init.err().unwrap_or_default());
        assert_eq!(errs.first().map(|e| (e.0.as_str(), e.1.as_str())), Some((summary, detail)), "{body}");
    }
    let foo = "build {\n  dynamic \"foo\" {\n    for_each = [1]\n    content {}\n  }\n}\n";
    let errs = errors(&assemble(&[("a.pkr.hcl", foo)], &[], &[], &[]).init.err().unwrap_or_default());
    assert_eq!(
        errs[0],
        ("Unsupported block type".to_owned(), "Blocks of type \"foo\" are not expected here.".to_owned())
    );
}

#[test]
fn builder_generated_keys_are_kept_for_build_time_and_listed() {
    let text = r#"
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
  provisioner "shell-local" {
    inline = ["echo ${build.Host} ${build.SourceAMI}"]
    env = { AMI = build.SourceAMIName, N = build.name }
  }
  post-processor "manifest" {
    custom_data = { ami = "${build.SourceAMI}" }
  }
}
"#;
    let out = assemble(&[("a.pkr.hcl", text)], &[], &[], &[]);
    let init = out.init.unwrap_or_else(|d| panic!("{d:?}"));
    let build = &init.builds[0];
    let p = &build.provisioners[0];
    assert_eq!(strings(&p.config, "inline"), ["echo {{ build `Host` }} {{ build `SourceAMI` }}"]);
    let env = p.config.get("env").map(crate::Node::to_json);
    assert_eq!(env, Some(serde_json::json!({"AMI": "{{ build `SourceAMIName` }}", "N": ""})));
    // Only the keys that are not common ones are listed, with the `.<key>` step's span.
    let keys: Vec<&str> = p.build_references.iter().map(|k| k.value.as_str()).collect();
    assert_eq!(keys, ["SourceAMI", "SourceAMIName"]);
    let sources = &init.sources;
    let (_, at) = sources.start(p.build_references[0].span).unwrap();
    assert_eq!((at.line, at.col), (8, 42));
    let pp = &build.post_processors[0][0];
    assert_eq!(pp.build_references.iter().map(|k| k.value.as_str()).collect::<Vec<_>>(), ["SourceAMI"]);
}
