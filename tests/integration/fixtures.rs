//! Fixture folders: `fixtures/cli/<case>/` holds the input files, `args` (one argument per line)
//! and `expected.txt` (exit code, stdout, stderr). Each case runs in its own folder. Set
//! `RPACKER_BLESS=1` to rewrite the expectations after an intended change, then review the diff.

use crate::support::{repo_root, run_in};

#[test]
fn cli_fixtures() {
    let root = repo_root().join("fixtures/cli");
    let mut cases: Vec<_> =
        std::fs::read_dir(&root).expect("fixtures/cli exists").map(|e| e.expect("entry").path()).collect();
    cases.sort();
    assert!(cases.len() >= 10, "expected the fixture cases under {}", root.display());
    let bless = std::env::var_os("RPACKER_BLESS").is_some();
    let mut failures = Vec::new();
    for case in cases {
        let args_text =
            std::fs::read_to_string(case.join("args")).unwrap_or_else(|_| panic!("{}: missing args", case.display()));
        let args: Vec<&str> = args_text.lines().filter(|l| !l.is_empty()).collect();
        let actual = run_in(&case, &args).transcript();
        let expected_path = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &actual).expect("write expected.txt");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!("== {}\n-- expected\n{expected}\n-- actual\n{actual}", case.display()));
        }
    }
    assert!(failures.is_empty(), "{} fixture(s) differ:\n{}", failures.len(), failures.join("\n"));
}
