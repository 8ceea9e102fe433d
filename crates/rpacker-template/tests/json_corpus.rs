//! The corpus is a test: every legacy JSON template of `../shared/corpus` (1000 real
//! templates with Packer 1.6.6's verdicts in `oracle.csv`) must load exactly when
//! `packer validate -syntax-only` accepted it, and fail with Packer's first error line when not.

mod support;

use support::corpus_csv;

use std::path::PathBuf;

use rpacker_diag::FileId;
use rpacker_template::json::load_template_bytes;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

/// The oracle's summary of an error: non-empty lines without list bullets, the first two
/// joined by ` -> `.
fn summary(output: &str) -> String {
    let lines: Vec<&str> = output
        .lines()
        .map(|l| l.trim())
        .map(|l| l.strip_prefix("* ").unwrap_or(l))
        .filter(|l| !l.is_empty())
        .take(2)
        .collect();
    lines.join(" -> ")
}

#[test]
fn json_templates_agree_with_packer() {
    let dir = corpus_dir();
    let oracle = std::fs::read_to_string(dir.join("oracle.csv"))
        .unwrap_or_else(|e| panic!("the corpus must be present at {}: {e}", dir.display()));
    let rows = corpus_csv::parse(&oracle);
    let header = &rows[0];
    let column = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (file_col, format_col, rc_col, error_col) =
        (column("file"), column("format"), column("validate_syntax_rc"), column("validate_syntax_first_error"));
    let mut checked = 0;
    let mut disagreements = Vec::new();
    for row in rows.iter().skip(1).filter(|r| r.get(format_col).map(String::as_str) == Some("json")) {
        let path = dir.join(&row[file_col]);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let packer_ok = row[rc_col] == "0";
        checked += 1;
        match (load_template_bytes(&bytes, FileId(0), Some(path.clone())), packer_ok) {
            (Ok(_), true) => {}
            (Ok(_), false) => disagreements.push(format!("{}: loaded, packer said {}", row[file_col], row[error_col])),
            (Err(e), true) => disagreements.push(format!("{}: packer loaded it, we said {e}", row[file_col])),
            (Err(e), false) => {
                let ours = summary(&format!("Failed to parse template: {e}"));
                let theirs = &row[error_col];
                // A multi-item list's first item depends on Go's random map order: compare its
                // first line only then.
                let multi = theirs.contains(" errors occurred:");
                let agree =
                    if multi { ours.split(" -> ").next() == theirs.split(" -> ").next() } else { &ours == theirs };
                if !agree {
                    disagreements.push(format!("{}: packer said {theirs:?}, we said {ours:?}", row[file_col]));
                }
            }
        }
    }
    assert!(checked >= 390, "only {checked} JSON templates in the oracle");
    assert!(disagreements.is_empty(), "{} of {checked} disagree:\n{}", disagreements.len(), disagreements.join("\n"));
}
