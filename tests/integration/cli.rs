//! The command line itself: usage, flags, exit codes, machine-readable output — snapshots of
//! full transcripts.

use crate::support::{repo_root, run_in};

fn examples() -> std::path::PathBuf {
    repo_root().join("examples")
}

#[test]
fn no_arguments_prints_usage_and_exits_127() {
    insta::assert_snapshot!(run_in(&examples(), &[]).transcript());
}

#[test]
fn unknown_command_exits_127() {
    let out = run_in(&examples(), &["frobnicate"]);
    assert_eq!(out.code, 127);
    assert!(out.stdout.starts_with("Usage: packer [--version] [--help] <command> [<args>]"));
}

#[test]
fn version_human_and_machine_readable() {
    insta::assert_snapshot!(run_in(&examples(), &["version"]).transcript());
    insta::assert_snapshot!(run_in(&examples(), &["version", "-machine-readable"]).transcript());
}

#[test]
fn command_help_exits_zero() {
    for flag in ["-h", "-help", "--help"] {
        let out = run_in(&examples(), &["validate", flag]);
        assert_eq!(out.code, 0, "{flag}");
        assert!(out.stdout.starts_with("Usage: packer validate [options] TEMPLATE\n"), "{flag}");
    }
}

#[test]
fn unknown_flag_prints_help_then_error() {
    insta::assert_snapshot!(run_in(&examples(), &["validate", "-foo", "x.json"]).transcript());
}

#[test]
fn flags_after_the_template_are_positional() {
    // Go's flag package stops at the first positional argument: this is a usage error.
    let out = run_in(&examples().join("null"), &["validate", "template.json", "-only=null"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.starts_with("Usage: packer validate [options] TEMPLATE\n"));
}

#[test]
fn not_yet_available_commands_say_so() {
    let out = run_in(&examples(), &["console", "null/template.json"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("the `console` command is not available in rpacker yet"), "{}", out.stdout);
}

#[test]
fn examples_validate_and_inspect() {
    for example in ["null", "amazon-ebs"] {
        let dir = examples().join(example);
        let inspect = run_in(&dir, &["inspect", "template.json"]);
        assert_eq!(inspect.code, 0, "{example}: {}", inspect.stdout);
        let validate = run_in(&dir, &["validate", "template.json"]);
        assert_eq!(
            validate.transcript(),
            "exit: 0\n--- stdout\nThe configuration is valid.\n--- stderr\n",
            "{example}"
        );
    }
}

#[test]
fn inspect_machine_readable() {
    insta::assert_snapshot!(
        run_in(&examples().join("amazon-ebs"), &["inspect", "-machine-readable", "template.json"]).transcript()
    );
}

#[test]
fn stdin_template_is_read_for_dash() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(crate::support::rpacker_bin())
        .args(["validate", "-syntax-only", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(br#"{"builders":[{"type":"null"}]}"#).expect("write");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Syntax-only check passed. Everything looks okay.\n");
}

#[test]
fn flags_before_the_subcommand_are_refused() {
    // Verified with packer 1.6.6: `packer --machine-readable version`.
    let out = run_in(&examples(), &["--machine-readable", "version"]);
    assert_eq!(
        out.transcript(),
        "exit: 1\n--- stdout\nInvalid flags before the subcommand. If these flags are for\nthe subcommand, please put them after the subcommand.\n\nPrints the Packer version, and checks for new release.\n--- stderr\n"
    );
}
