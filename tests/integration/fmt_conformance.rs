//! `fmt` against Packer on the corpus: every `*.pkr.hcl`/`*.pkrvars.hcl` file of
//! `../shared/corpus` that `packer fmt` (1.6.6) formats must come out byte-equal from the
//! library, and every file it refuses must fail our syntax check too.
//!
//! `fixtures/fmt/packer-1.6.6.tsv` holds the hashes of Packer's outputs
//! (`scripts/gen-fmt-expectations.sh` writes it). Where current hclwrite differs from 1.6.6's
//! (hcl v2.6.0), rpacker follows current Packer; [`NEWER_HCLWRITE`] lists those files with the
//! rewrite that turns our output into 1.6.6's, so the exception stays exact.

use std::path::Path;
use std::process::Command;

use rpacker_template::hcl::format::{check_syntax, format_source, unified_diff};
use sha2::{Digest, Sha256};

use crate::support::{corpus_dir, repo_root};

/// Files where current hclwrite writes something else than 1.6.6: (file, why, our text, 1.6.6's).
const NEWER_HCLWRITE: &[(&str, &str, &str, &str)] = &[
    (
        "wild/NethServer__ns8-images__locals.pkr.hcl",
        "hclwrite 61e260f (hcl 2.8.1): no space after `!`; 1.6.6 wrote `! x`",
        "!version",
        "! version",
    ),
    (
        "wild-hcl2-dirs/NethServer__ns8-images___root/locals.pkr.hcl",
        "hclwrite 61e260f (hcl 2.8.1): no space after `!`; 1.6.6 wrote `! x`",
        "!version",
        "! version",
    ),
];

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// One row of the expectations file.
struct Expectation {
    path: String,
    input_sha: String,
    status: String,
    output_sha: String,
}

fn expectations() -> Vec<Expectation> {
    let text = std::fs::read_to_string(repo_root().join("fixtures/fmt/packer-1.6.6.tsv"))
        .expect("fixtures/fmt/packer-1.6.6.tsv (scripts/gen-fmt-expectations.sh writes it)");
    text.lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "bad row: {line}");
            Expectation {
                path: fields[0].to_owned(),
                input_sha: fields[1].to_owned(),
                status: fields[2].to_owned(),
                output_sha: fields[3].to_owned(),
            }
        })
        .collect()
}

/// What `packer fmt` writes for `source`, when the reference binary is installed (to show a
/// failure as a diff against Packer's own text).
fn packer_output(name: &str, source: &str) -> Option<String> {
    let packer = std::env::var("PACKER").unwrap_or_else(|_| "/usr/bin/packer".to_owned());
    if !Path::new(&packer).is_file() {
        return None;
    }
    let dir = tempfile::tempdir().ok()?;
    let file = dir.path().join(name);
    std::fs::write(&file, source).ok()?;
    Command::new(&packer).arg("fmt").arg(name).current_dir(dir.path()).env("CHECKPOINT_DISABLE", "1").output().ok()?;
    std::fs::read_to_string(&file).ok()
}

#[test]
// The agreement figure is the point of this test: print it even when it passes.
#[allow(clippy::print_stdout)]
fn fmt_is_byte_equal_with_packer_on_the_corpus() {
    let corpus = corpus_dir();
    let rows = expectations();
    assert!(rows.len() >= 500, "expected the corpus's HCL2 files, got {}", rows.len());
    let mut failures = Vec::new();
    let (mut equal, mut formatted, mut refused) = (0, 0, 0);
    for row in &rows {
        let bytes = std::fs::read(corpus.join(&row.path)).unwrap_or_else(|e| panic!("{}: {e}", row.path));
        if sha256_hex(&bytes) != row.input_sha {
            failures.push(format!("{}: the corpus file changed; rerun scripts/gen-fmt-expectations.sh", row.path));
            continue;
        }
        let source = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{}: not UTF-8", row.path));
        let parses = check_syntax(&source, rpacker_diag::FileId(0)).is_ok();
        if row.status == "error" {
            if parses {
                failures.push(format!("{}: packer fmt refuses it, rpacker's syntax check accepts it", row.path));
            } else {
                refused += 1;
            }
            continue;
        }
        formatted += 1;
        if !parses {
            failures.push(format!("{}: packer fmt formats it, rpacker's syntax check refuses it", row.path));
            continue;
        }
        let ours = format_source(&source);
        let newer = NEWER_HCLWRITE.iter().find(|(path, ..)| *path == row.path);
        let comparable = match newer {
            Some((_, why, current, old)) => {
                if !ours.contains(current) {
                    failures.push(format!("{}: listed in NEWER_HCLWRITE ({why}) but no longer differs", row.path));
                }
                ours.replace(current, old)
            }
            None => ours.clone(),
        };
        if sha256_hex(comparable.as_bytes()) == row.output_sha {
            equal += 1;
            continue;
        }
        let name = Path::new(&row.path).file_name().and_then(|n| n.to_str()).unwrap_or("x.pkr.hcl");
        let diff = match packer_output(name, &source) {
            Some(packer) => format!("packer → rpacker:\n{}", unified_diff(&packer, &comparable, &row.path)),
            None => format!("(packer not installed) input → rpacker:\n{}", unified_diff(&source, &ours, &row.path)),
        };
        failures.push(format!("{}: output differs from packer fmt\n{diff}", row.path));
    }
    println!(
        "fmt: {equal}/{formatted} corpus files byte-equal with packer fmt 1.6.6 ({} after current hclwrite's known \
         differences), {refused} refused by both",
        NEWER_HCLWRITE.len()
    );
    let shown: Vec<&String> = failures.iter().take(5).collect();
    assert!(
        failures.is_empty(),
        "{} corpus file(s) disagree with packer fmt; the first:\n{}",
        failures.len(),
        shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
}
