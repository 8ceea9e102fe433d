//! No input makes the JSON front-end panic: every corpus JSON template, truncated at many
//! points and with bytes mutated (a deterministic LCG), goes through `load_template_bytes`
//! and `read_var_file_bytes`.

mod support;

use std::path::PathBuf;

use rpacker_diag::FileId;
use rpacker_template::json::{load_template_bytes, read_var_file_bytes};
use rpacker_template::validate::{check_min_version, check_required_variables, validate_structure};

/// Numerical Recipes' LCG: deterministic, so a failure reproduces.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next()).unwrap_or(0) % n.max(1)
    }
}

/// Bytes worth injecting: JSON punctuation, escapes, non-ASCII and control bytes.
const INTERESTING: &[u8] = b"{}[]\",:\\u0-9eE.+- \n\ttfn\x00\x1f\x7f\x80\xc3\xef\xff";

fn exercise(bytes: &[u8]) {
    match load_template_bytes(bytes, FileId(0), None) {
        Ok(t) => {
            let _ = validate_structure(&t);
            let _ = check_min_version(&t, "1.6.6");
            let _ = check_required_variables(&t, &|_| false);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    let _ = read_var_file_bytes(bytes, FileId(0), "f.json").map_err(|e| e.to_string());
}

#[test]
fn corpus_json_truncated_and_mutated_never_panics() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let oracle = std::fs::read_to_string(dir.join("oracle.csv"))
        .unwrap_or_else(|e| panic!("the corpus must be present at {}: {e}", dir.display()));
    let rows = support::corpus_csv::parse(&oracle);
    let mut rng = Lcg(0x5eed);
    let mut inputs = 0;
    for row in rows.iter().skip(1).filter(|r| r.get(2).map(String::as_str) == Some("json")) {
        let original = std::fs::read(dir.join(&row[0])).expect("corpus file");
        for cut in (0..original.len()).step_by((original.len() / 16).max(1)) {
            exercise(&original[..cut]);
            inputs += 1;
        }
        for _ in 0..8 {
            let mut mutated = original.clone();
            for _ in 0..=rng.below(4) {
                let pos = rng.below(mutated.len());
                let byte = INTERESTING[rng.below(INTERESTING.len())];
                match rng.below(3) {
                    0 if !mutated.is_empty() => mutated[pos] = byte,
                    1 => mutated.insert(pos, byte),
                    _ if !mutated.is_empty() => {
                        mutated.remove(pos);
                    }
                    _ => {}
                }
            }
            exercise(&mutated);
            inputs += 1;
        }
    }
    assert!(inputs > 5_000, "only {inputs} inputs exercised");
}
