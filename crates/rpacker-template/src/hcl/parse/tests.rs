//! Loading whole configurations: inline fixtures and the corpus's HCL2 units.

use std::path::{Path, PathBuf};

use rpacker_diag::SourceMap;

use super::*;

/// Writes `files` into a fresh directory under the system temp dir.
fn fixture(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rpacker-hcl-parse-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

fn summaries(path: &Path) -> Result<ConfigFiles, Vec<String>> {
    let mut sources = SourceMap::new();
    load_config(path, "1.16.0", &mut sources)
        .map_err(|d| d.iter().map(|d| format!("{}: {}", d.summary, d.detail)).collect())
}

#[test]
fn loads_blocks_from_native_and_json_files() {
    let dir = fixture(
        "ok",
        &[
            ("a.pkr.hcl", "variable \"v\" {\n  type = string\n  default = \"x\"\n  validation {\n    condition = true\n    error_message = \"Bad.\"\n  }\n}\nvariables {\n  w = 1\n}\nlocals {\n  l = 1\n}\nsource \"null\" \"a\" {\n  communicator = \"none\"\n}\nbuild {\n  name = \"b\"\n  sources = [\"source.null.a\", \"null.j\"]\n  source \"null.a\" {\n    name = \"renamed\"\n  }\n  provisioner \"shell-local\" {\n    inline = [\"echo\"]\n  }\n  post-processor \"manifest\" {}\n  post-processors {\n    post-processor \"a\" {}\n    post-processor \"b\" {}\n  }\n}\n"),
            ("b.pkr.json", r#"{"source": {"null": {"j": {"communicator": "none"}}}, "variable": {"jv": {"default": "${1}"}}}"#),
            ("x.auto.pkrvars.hcl", "v = \"y\"\n"),
            ("notes.txt", "ignored"),
        ],
    );
    let config = summaries(&dir).unwrap();
    let names: Vec<_> = config.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["v", "w", "jv"]);
    assert_eq!(config.variables[0].validations.len(), 1);
    assert_eq!(config.locals.len(), 1);
    let sources: Vec<_> = config.sources.iter().map(|s| format!("{}.{}", s.type_name, s.name)).collect();
    assert_eq!(sources, ["null.a", "null.j"]);
    let build = &config.builds[0];
    let refs: Vec<_> = build.sources.iter().map(|s| format!("{}.{}", s.type_name, s.name)).collect();
    assert_eq!(refs, ["null.a", "null.j", "null.a"]);
    assert_eq!(build.sources[2].local_name.as_ref().and_then(Expr::as_literal_str), Some("renamed"));
    let chains: Vec<usize> = build.post_processors.iter().map(Vec::len).collect();
    assert_eq!(chains, [1, 2]);
    assert_eq!(config.auto_var_files.len(), 1);
    assert!(config.sources[1].body.body.get_attribute("communicator").is_some());
}

#[test]
fn structural_errors() {
    // Summaries and details verified with packer 1.6.6 (Duplicate source block at validate).
    let cases: &[(&str, &str)] = &[
        ("variable \"1a\" {}\n", "Invalid variable name: A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes."),
        ("variable \"b\" {}\nvariable \"b\" {}\n", "Duplicate variable: Duplicate b variable definition found."),
        ("varable \"x\" {}\n", "Unsupported block type: Blocks of type \"varable\" are not expected here. Did you mean \"variables\"?"),
        ("build \"x\" {}\n", "Extraneous label for build: No labels are expected for build blocks."),
        ("variable \"a\" {\n  type = int\n}\n", "Invalid type specification: The keyword \"int\" is not a valid type specification."),
        ("foo\n", "Argument or block definition required: An argument or block definition is required here. To set an argument, use the equals sign \"=\" to introduce the argument value."),
        ("packer {\n  required_plugins {\n    a = { source = \"x\" }\n  }\n}\n", "No version constraint was set: The version field must be specified as a string. Ex: `version = \">= 1.2.0, < 2.0.0\". See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#version-constraints for docs"),
    ];
    for (i, (text, want)) in cases.iter().enumerate() {
        let dir = fixture(&format!("err{i}"), &[("a.pkr.hcl", text)]);
        let mut sources = SourceMap::new();
        let got = load_config(&dir.join("a.pkr.hcl"), "1.16.0", &mut sources).map(|_| ()).map_err(|d| {
            d.iter()
                .map(|d| format!("{}: {}", d.summary, d.detail).replace(&format!("{}/", dir.display()), ""))
                .collect::<Vec<_>>()
        });
        assert_eq!(got.err().and_then(|e| e.first().cloned()).as_deref(), Some(*want), "{text:?}");
    }
}

#[test]
fn initialize_phase_errors_are_deferred() {
    // Verified with packer 1.6.6: `validate -syntax-only` passes, `validate` reports these.
    let cases: &[(&str, &str)] = &[
        ("source \"null\" \"a\" {}\nsource \"null\" \"a\" {}\n", "Duplicate source block: This source block has the same builder type and name as a previous block declared at a.pkr.hcl:1,1-18. Each source must have a unique name per builder type."),
        ("build {\n  sources = [\"a.b.c.d\"]\n}\n", "Invalid source reference: A source type is made of three parts that aresplit by a dot `.`; each part must start with a letter and may contain only letters, digits, underscores, and dashes.A valid source reference looks like: `source.type.name`"),
        ("build {\n  provision \"x\" {}\n}\n", "Unsupported block type: Blocks of type \"provision\" are not expected here. Did you mean \"provisioner\"?"),
    ];
    for (i, (text, want)) in cases.iter().enumerate() {
        let dir = fixture(&format!("init{i}"), &[("a.pkr.hcl", text)]);
        let mut sources = SourceMap::new();
        let config = load_config(&dir.join("a.pkr.hcl"), "1.16.0", &mut sources).unwrap();
        let got: Vec<_> = config
            .initialize_diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.summary, d.detail).replace(&format!("{}/", dir.display()), ""))
            .collect();
        assert_eq!(got.first().map(String::as_str), Some(*want), "{text:?}");
    }
}

#[test]
fn missing_config_and_var_files() {
    let dir = fixture(
        "empty",
        &[("vars.txt", "a = 1\n"), ("v.pkrvars.hcl", "a = 1\nb = \"x\"\n"), ("bad.pkrvars.hcl", "variable \"q\" {}\n")],
    );
    let err = summaries(&dir).unwrap_err();
    assert_eq!(err[0], format!("Could not find any config file in {}: A config file must be suffixed with `.pkr.hcl` or `.pkr.json`. A folder can be referenced.", dir.display()));
    let mut sources = SourceMap::new();
    let vars = read_var_file(&dir.join("v.pkrvars.hcl"), &mut sources).unwrap();
    let names: Vec<_> = vars.iter().map(|v| v.0.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    let guess = read_var_file(&dir.join("vars.txt"), &mut sources).unwrap_err();
    assert_eq!(guess[0].summary, format!("Could not guess format of {}", dir.join("vars.txt").display()));
    let decl = read_var_file(&dir.join("bad.pkrvars.hcl"), &mut sources).unwrap_err();
    assert_eq!(decl[0].summary, "Variable declaration in a .pkrvar file");
    assert!(decl[0].detail.ends_with("use the definition syntax instead:\n    q = <value>"));
}

/// Splits one CSV record (quoted fields with doubled quotes).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

/// Every HCL2 unit of the corpus loads without panicking; syntax-level verdicts are compared
/// with Packer 1.6.6's `validate -syntax-only` (blocks 1.6.6 did not know yet count as
/// accepted: current Packer accepts them).
#[test]
fn corpus_hcl2_units_load() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let oracle = std::fs::read_to_string(corpus.join("oracle.csv")).expect("the shared corpus");
    let (mut units, mut loaded, mut agree) = (0, 0, 0);
    let mut disagreements = Vec::new();
    let mut record = String::new();
    for line in oracle.lines().skip(1) {
        record.push_str(line);
        if record.matches('"').count() % 2 == 1 {
            record.push('\n');
            continue;
        }
        let fields = csv_fields(&std::mem::take(&mut record));
        if !fields[2].starts_with("hcl2") {
            continue;
        }
        units += 1;
        let mut sources = SourceMap::new();
        let result = load_config(&corpus.join(&fields[0]), "1.16.0", &mut sources);
        let ours = result
            .as_ref()
            .err()
            .and_then(|d| d.first())
            .map(|d| format!("{}: {}", d.summary, d.detail))
            .unwrap_or_default();
        let ok = result.is_ok();
        loaded += usize::from(ok);
        let newer_block = [
            "\"required_plugins\"",
            "\"data\"",
            "\"local\"",
            "\"hcp_packer_registry\"",
            "\"error-cleanup-provisioner\"",
        ]
        .iter()
        .any(|b| fields[5].contains(&format!("Blocks of type {b}")));
        let oracle_ok = fields[3] == "0" || newer_block;
        if ok == oracle_ok {
            agree += 1;
        } else {
            disagreements.push(format!("{} ours={ours:?} oracle={}", fields[0], fields[5]));
        }
    }
    let report = format!("{units} units, {loaded} load, {agree} agree\n{}", disagreements.join("\n"));
    std::fs::write(std::env::temp_dir().join("rpacker-hcl-parse-corpus.txt"), &report).unwrap();
    assert_eq!(units, 586, "{report}");
    assert!(agree * 100 >= units * 95, "{report}");
}

#[test]
fn required_version_is_checked_before_the_blocks() {
    // (required_version, errors): an unsupported version stops loading before the unknown
    // `foo` block is reported; an invalid constraint does not (current Packer's texts; 1.6.6
    // prints the same with its own version and an older docs link).
    let unsupported = "Unsupported Packer Core version: This configuration does not support Packer version 1.16.0. To proceed, either choose another supported Packer version or update this version constraint. Version constraints are normally set for good reason, so updating the constraint may lead to other errors or unexpected behavior.";
    let invalid = "Invalid version constraint: This string does not use correct version constraint syntax. Check out the docs: https://packer.io/docs/templates/hcl_templates/blocks/packer#version-constraints";
    let foo = "Unsupported block type: Blocks of type \"foo\" are not expected here.";
    let cases: &[(&str, &[&str])] = &[
        ("\">= 1.7\"", &[foo]),
        ("\"~> 1.16\"", &[foo]),
        ("\">= 1.7, < 2.0\"", &[foo]),
        ("null", &[foo]),
        ("\"< 1.7\"", &[unsupported]),
        ("\"~> 1.15.0\"", &[unsupported]),
        ("\"2\"", &[unsupported]),
        ("\"!= 1.16.0\"", &[unsupported]),
        ("\">== 1.0\"", &[invalid, foo]),
        ("\"\"", &[invalid, foo]),
        ("[\">= 1\"]", &["Invalid version constraint: A string value is required for required_version.", foo]),
        ("var.v", &["Variables not allowed: Variables may not be used here.", foo]),
    ];
    for (i, (constraint, want)) in cases.iter().enumerate() {
        let text = format!("packer {{\n  required_version = {constraint}\n}}\nfoo {{}}\n");
        let dir = fixture(&format!("version{i}"), &[("a.pkr.hcl", &text)]);
        let got = summaries(&dir.join("a.pkr.hcl")).err().unwrap_or_default();
        assert_eq!(got, *want, "{constraint}");
    }
}

#[test]
fn every_file_s_required_version_is_checked() {
    let dir = fixture(
        "version-files",
        &[
            ("a.pkr.hcl", "packer {\n  required_version = \">= 1.7\"\n}\n"),
            ("b.pkr.json", r#"{"packer": {"required_version": "< 1.10"}}"#),
        ],
    );
    let mut sources = SourceMap::new();
    let diags = load_config(&dir, "1.16.0", &mut sources).err().unwrap_or_default();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].summary, "Unsupported Packer Core version");
    // The subject is the whole attribute, in the JSON file.
    let (file, at) = sources.start(diags[0].subject.unwrap()).unwrap();
    assert!(file.name.ends_with("b.pkr.json"), "{}", file.name);
    assert_eq!((at.line, at.col), (1, 13));
    // A pre-release of rpacker's version is checked as its core version.
    assert!(load_config(&dir.join("a.pkr.hcl"), "1.16.0-dev", &mut sources).is_ok());
}

#[test]
fn required_plugins_entries() {
    // (entry, errors): current Packer's decodeRequiredPluginsBlock texts.
    let docs =
        "See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#version-constraint-syntax for docs.";
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("amazon = { source = \"github.com/hashicorp/amazon\", version = \">= 1.2\" }", vec![]),
        ("amazon = \">= 1.2\"", vec!["Invalid plugin requirement: 'amazon = \">= 1.2\"' plugin requirement calls are not possible. You must define a whole block. For example:\namazon = {\n  source  = \"github.com/hashicorp/amazon\"\n  version = \">= 1.2\"\n}".to_owned()]),
        ("amazon = { source = \"github.com/hashicorp/amazon\" }", vec!["No version constraint was set: The version field must be specified as a string. Ex: `version = \">= 1.2.0, < 2.0.0\". See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#version-constraints for docs".to_owned()]),
        ("amazon = { source = \"github.com/hashicorp/amazon\", version = 1 }", vec![format!("Invalid version constraint: Version must be specified as a string. {docs}")]),
        ("amazon = { source = \"github.com/hashicorp/amazon\", version = \">== 1\" }", vec![format!("Invalid version constraint: This string does not use correct version constraint syntax. {docs}\nmalformed constraint: >== 1")]),
        ("amazon = { source = \"github.com/hashicorp/amazon\", version = \">= 1.2.0-beta\" }", vec!["Invalid version constraint: Unsupported prerelease for constraint \">= 1.2.0-beta\"".to_owned()]),
        ("amazon = { version = \">= 1\" }", vec!["No source was set: The source field must be specified as a string. Ex: `source = \"coolcloud\". See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#specifying-plugin-requirements for docs".to_owned()]),
        ("amazon = { version = \">= 1\", source = 3 }", vec!["Invalid source: Source must be specified as a string. For example: source = \"coolcloud\"".to_owned()]),
        ("amazon = { version = \">= 1\", source = \"amazon\" }", vec!["Failed to parse source: The provided source URL is invalid.\nThe following errors have been discovered:\n* A source URL must at least contain a host and a path with 2 components\n\nA valid source looks like \"github.com/hashicorp/happycloud\"".to_owned()]),
        ("amazon = { version = \">= 1\", source = \"github.com/hashicorp/amazon\", x = 1 }", vec!["Invalid required_plugins object: required_plugins objects can only contain \"version\" and \"source\" attributes.".to_owned()]),
        ("Amazon = { version = \">= 1\", source = \"github.com/hashicorp/amazon\" }", vec!["Invalid plugin local name: Plugin names must be normalized. Replace \"Amazon\" with \"amazon\" to fix this error.".to_owned()]),
        ("amazon = [\"x\"]", vec!["Invalid required_plugins syntax: required_plugins entries must be objects.".to_owned()]),
    ];
    for (i, (entry, want)) in cases.iter().enumerate() {
        let text = format!("packer {{\n  required_plugins {{\n    {entry}\n  }}\n}}\n");
        let dir = fixture(&format!("plugins{i}"), &[("a.pkr.hcl", &text)]);
        let got = summaries(&dir.join("a.pkr.hcl"));
        match got {
            Ok(config) => {
                assert!(want.is_empty(), "{entry}: expected {want:?}");
                let plugin = &config.packer_blocks[0].required_plugins[0];
                assert_eq!((plugin.name.as_str(), plugin.source.as_str()), ("amazon", "github.com/hashicorp/amazon"));
            }
            Err(errors) => assert_eq!(&errors, want, "{entry}"),
        }
    }
}
