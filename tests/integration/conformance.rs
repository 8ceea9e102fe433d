//! The corpus is a test: every JSON unit of `../shared/corpus/oracle.csv` is run through
//! `validate -syntax-only`, `inspect` and (when all its plugins are built in) full `validate`,
//! from the unit's own folder as the oracle ran Packer 1.6.6, and the exit codes are compared.
//!
//! Agreement must stay at or above 99% for each check, every disagreement must be explained in
//! docs/compat.md (table "Known differences on the JSON corpus"), and every row of that table
//! must still be a disagreement — so the document stays true.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::{corpus_dir, repo_root, run_in};

const BUILDERS: &[&str] = &["amazon-ebs", "null"];
const PROVISIONERS: &[&str] = &["shell", "shell-local", "file", "ansible"];
const POST_PROCESSORS: &[&str] = &["manifest", "shell-local"];
const MIN_AGREEMENT: f64 = 0.99;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Check {
    SyntaxOnly,
    Inspect,
    FullValidate,
}

impl Check {
    fn name(self) -> &'static str {
        match self {
            Check::SyntaxOnly => "validate -syntax-only",
            Check::Inspect => "inspect",
            Check::FullValidate => "validate",
        }
    }
}

#[test]
// The agreement figures are the point of this test: print them even when it passes.
#[allow(clippy::print_stdout)]
fn json_corpus_agrees_with_packer() {
    let corpus = corpus_dir();
    let mut reader = csv::Reader::from_path(corpus.join("oracle.csv")).expect("oracle.csv reads");
    let headers = reader.headers().expect("oracle.csv has headers").clone();
    let col = |name: &str| {
        headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("oracle.csv has no column {name}"))
    };
    let (file_col, format_col) = (col("file"), col("format"));
    let (syntax_col, inspect_col, full_col) = (col("validate_syntax_rc"), col("inspect_rc"), col("validate_full_rc"));

    let mut totals: BTreeMap<Check, (usize, usize)> = BTreeMap::new();
    let mut disagreements: BTreeSet<(String, &'static str)> = BTreeSet::new();
    let mut details = Vec::new();
    for row in reader.records() {
        let row = row.expect("oracle.csv row");
        if &row[format_col] != "json" {
            continue;
        }
        let file = row[file_col].to_owned();
        let path = corpus.join(&file);
        let dir = path.parent().expect("unit has a folder");
        let name = path.file_name().and_then(|n| n.to_str()).expect("unit has a file name");
        let mut checks = vec![(Check::SyntaxOnly, &row[syntax_col], vec!["validate", "-syntax-only", name])];
        checks.push((Check::Inspect, &row[inspect_col], vec!["inspect", name]));
        if uses_only_builtin_plugins(&path) {
            checks.push((Check::FullValidate, &row[full_col], vec!["validate", name]));
        }
        for (check, expected, args) in checks {
            let expected: i32 = expected.parse().unwrap_or_else(|_| panic!("{file}: bad exit code {expected:?}"));
            let out = run_in(dir, &args);
            let entry = totals.entry(check).or_default();
            entry.1 += 1;
            if (out.code == 0) == (expected == 0) {
                entry.0 += 1;
            } else {
                disagreements.insert((file.clone(), check.name()));
                details.push(format!(
                    "{file} [{}]: packer {expected}, rpacker {}\n{}",
                    check.name(),
                    out.code,
                    out.stdout
                ));
            }
        }
    }

    let known = known_differences();
    let unexplained: Vec<_> = disagreements.iter().filter(|d| !known.contains(*d)).collect();
    let stale: Vec<_> = known.iter().filter(|k| !disagreements.contains(*k)).collect();
    let mut report = String::new();
    for (check, (agree, total)) in &totals {
        report.push_str(&format!(
            "{}: {agree}/{total} agree ({:.2}%)\n",
            check.name(),
            100.0 * *agree as f64 / *total as f64
        ));
    }
    println!("{report}");
    assert!(
        unexplained.is_empty(),
        "{report}disagreements not explained in docs/compat.md: {unexplained:#?}\n\n{}",
        details.join("\n")
    );
    assert!(stale.is_empty(), "docs/compat.md lists differences that no longer occur: {stale:#?}");
    for (check, (agree, total)) in &totals {
        assert!(*total > 0, "no units for {}", check.name());
        assert!(
            *agree as f64 / *total as f64 >= MIN_AGREEMENT,
            "{report}agreement for {} dropped below 99%",
            check.name()
        );
    }
    // The corpus has 392 JSON units; a smaller count means units were silently lost.
    assert!(totals[&Check::SyntaxOnly].1 >= 390, "{report}JSON units went missing");
}

/// Whether every builder, provisioner and post-processor type in the template is built in.
fn uses_only_builtin_plugins(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else { return false };
    let Ok(serde_json::Value::Object(root)) = serde_json::from_str::<serde_json::Value>(&text) else { return false };
    let types = |key: &str| -> Vec<String> {
        let mut out = Vec::new();
        let Some(serde_json::Value::Array(items)) = root.get(key) else { return out };
        for item in items {
            let parts = match item {
                serde_json::Value::Array(chain) => chain.clone(),
                other => vec![other.clone()],
            };
            for part in parts {
                match part {
                    serde_json::Value::String(s) => out.push(s),
                    serde_json::Value::Object(o) => {
                        out.push(o.get("type").and_then(|t| t.as_str()).unwrap_or("").to_owned())
                    }
                    _ => out.push(String::new()),
                }
            }
        }
        out
    };
    types("builders").iter().all(|t| BUILDERS.contains(&t.as_str()))
        && types("provisioners").iter().all(|t| PROVISIONERS.contains(&t.as_str()))
        && types("post-processors").iter().all(|t| POST_PROCESSORS.contains(&t.as_str()))
}

/// The rows of the "Known differences on the JSON corpus" table in docs/compat.md:
/// `| file | check | reason |`.
fn known_differences() -> BTreeSet<(String, &'static str)> {
    let text = std::fs::read_to_string(repo_root().join("docs/compat.md")).expect("docs/compat.md exists");
    let section = text
        .split("## Known differences on the JSON corpus")
        .nth(1)
        .expect("docs/compat.md has the known-differences section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut rows = BTreeSet::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let file = cells[1].trim_matches('`').to_owned();
        let check = [Check::SyntaxOnly, Check::Inspect, Check::FullValidate]
            .into_iter()
            .find(|c| cells[2].trim_matches('`') == c.name())
            .unwrap_or_else(|| panic!("docs/compat.md: unknown check {:?}", cells[2]));
        assert!(cells.get(3).is_some_and(|r| !r.is_empty()), "docs/compat.md: {file} has no reason");
        rows.insert((file, check.name()));
    }
    rows
}

/// Block types Packer 1.6.6 refuses only because they arrived in 1.7 or later: a unit failing
/// on one of them counts as accepted (rpacker reads current Packer's language).
const NEWER_BLOCKS: &[&str] = &["required_plugins", "data", "local", "hcp_packer_registry"];
/// Agreement reached on the HCL2 units (exit codes, zero vs non-zero): all of
/// `validate -syntax-only`; for `inspect` the five units where Packer 1.6.6 crashes (exit 2:
/// nil components, recursive locals with unset inputs, bad `pause_before`) differ.
const MIN_HCL_AGREEMENT: f64 = 0.99;

#[test]
// The agreement figures are the point of this test: print them even when it passes.
#[allow(clippy::print_stdout)]
fn hcl2_corpus_agrees_with_packer() {
    let corpus = corpus_dir();
    let mut reader = csv::Reader::from_path(corpus.join("oracle.csv")).expect("oracle.csv reads");
    let headers = reader.headers().expect("oracle.csv has headers").clone();
    let col = |name: &str| {
        headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("oracle.csv has no column {name}"))
    };
    let (file_col, format_col, inspect_col) = (col("file"), col("format"), col("inspect_rc"));
    let (syntax_col, syntax_error_col) = (col("validate_syntax_rc"), col("validate_syntax_first_error"));

    let mut totals: BTreeMap<Check, (usize, usize)> = BTreeMap::new();
    let mut details = Vec::new();
    for row in reader.records() {
        let row = row.expect("oracle.csv row");
        if !["hcl2", "hcl2-dir", "hcl2-json"].contains(&&row[format_col]) {
            continue;
        }
        let file = row[file_col].to_owned();
        let path = corpus.join(&file);
        let (dir, target) = if row[format_col] == *"hcl2-dir" {
            (path.clone(), ".".to_owned())
        } else {
            let name = path.file_name().and_then(|n| n.to_str()).expect("unit has a file name").to_owned();
            (path.parent().expect("unit has a folder").to_path_buf(), name)
        };
        let newer_only =
            NEWER_BLOCKS.iter().any(|b| row[syntax_error_col].contains(&format!("Blocks of type \"{b}\"")));
        let checks = [
            (Check::SyntaxOnly, &row[syntax_col], vec!["validate", "-syntax-only", target.as_str()]),
            (Check::Inspect, &row[inspect_col], vec!["inspect", target.as_str()]),
        ];
        for (check, expected, args) in checks {
            let expected: i32 = expected.parse().unwrap_or_else(|_| panic!("{file}: bad exit code {expected:?}"));
            let out = run_in(&dir, &args);
            let entry = totals.entry(check).or_default();
            entry.1 += 1;
            // A unit refused for a newer block may still fail in rpacker for its other errors.
            if (out.code == 0) == (expected == 0) || (newer_only && out.code == 0) {
                entry.0 += 1;
            } else {
                details.push(format!("{file} [{}]: packer {expected}, rpacker {}", check.name(), out.code));
            }
        }
    }
    let mut report = String::new();
    for (check, (agree, total)) in &totals {
        report.push_str(&format!(
            "HCL2 {}: {agree}/{total} agree ({:.2}%)\n",
            check.name(),
            100.0 * *agree as f64 / *total as f64
        ));
    }
    println!("{report}{}", details.join("\n"));
    // The corpus has 586 HCL2 units; a smaller count means units were silently lost.
    assert!(totals[&Check::SyntaxOnly].1 >= 580, "{report}HCL2 units went missing");
    for (check, (agree, total)) in &totals {
        assert!(
            *agree as f64 / *total as f64 >= MIN_HCL_AGREEMENT,
            "{report}HCL2 agreement for {} dropped below the threshold",
            check.name()
        );
    }
}
