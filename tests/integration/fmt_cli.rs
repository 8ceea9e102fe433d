//! `rpacker fmt` runs that change files or read standard input, which fixture folders cannot
//! hold: each runs on a copy in a temporary folder and checks the files afterwards.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::{rpacker_bin, run_in};

const UNFORMATTED: &str = "source \"null\" \"a\" {\ncommunicator=\"none\"\n  # note\n}\n";
const FORMATTED: &str = "source \"null\" \"a\" {\n  communicator = \"none\"\n  # note\n}\n";

#[test]
fn write_rewrites_changed_files_only_and_prints_their_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let changed = dir.path().join("a.pkr.hcl");
    let canonical = dir.path().join("b.pkrvars.hcl");
    let json = dir.path().join("c.pkr.json");
    std::fs::write(&changed, UNFORMATTED).expect("write");
    std::fs::write(&canonical, "region = \"eu-west-1\"\n").expect("write");
    std::fs::write(&json, "{ \"a\":1 }").expect("write");

    let out = run_in(dir.path(), &["fmt", "."]);
    assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (0, "a.pkr.hcl\n", ""));
    assert_eq!(std::fs::read_to_string(&changed).expect("read"), FORMATTED);
    assert_eq!(std::fs::read_to_string(&canonical).expect("read"), "region = \"eu-west-1\"\n");
    assert_eq!(std::fs::read_to_string(&json).expect("read"), "{ \"a\":1 }");

    // Formatted files are a fixed point: nothing to print, `-check` passes.
    let out = run_in(dir.path(), &["fmt", "-check", "a.pkr.hcl", "b.pkrvars.hcl"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
}

#[test]
fn write_false_and_check_leave_files_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("a.pkr.hcl");
    std::fs::write(&file, UNFORMATTED).expect("write");
    for args in [&["fmt", "-write=false", "a.pkr.hcl"][..], &["fmt", "-check", "-write=true", "a.pkr.hcl"]] {
        let out = run_in(dir.path(), args);
        assert_eq!(out.stdout, "a.pkr.hcl\n", "{args:?}");
        assert_eq!(out.code, if args.contains(&"-check") { 3 } else { 0 }, "{args:?}");
        assert_eq!(std::fs::read_to_string(&file).expect("read"), UNFORMATTED, "{args:?}");
    }
}

/// `rpacker args…` with `input` on standard input: exit code and standard output.
fn run_stdin(args: &[&str], input: &str) -> (i32, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(rpacker_bin())
        .args(args)
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CHECKPOINT_DISABLE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rpacker starts");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("rpacker runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn dash_formats_standard_input_to_standard_output() {
    // The formatted text, without a file name, whether or not it changed; never a diff.
    assert_eq!(run_stdin(&["fmt", "-diff", "-"], UNFORMATTED), (0, FORMATTED.to_owned()));
    assert_eq!(run_stdin(&["fmt", "-"], FORMATTED), (0, FORMATTED.to_owned()));
    // `-check` only answers through the exit code.
    assert_eq!(run_stdin(&["fmt", "-check", "-"], UNFORMATTED), (3, String::new()));
    let (code, stdout) = run_stdin(&["fmt", "-"], "x = \n");
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with(
            "Error: encountered an error while formatting -\n\n1 error occurred:\n\t* -:1,5-2,1: Invalid expression;"
        ),
        "{stdout}"
    );
}
