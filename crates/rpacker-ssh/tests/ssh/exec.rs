//! Remote commands: streamed lines, exit codes, PTY, one connection for many commands.

use rpacker_ssh::OutputStream::{self, Stderr, Stdout};
use rpacker_testkit::Sshd;

use crate::fixture::{session, session_to, target};

type Lines = Vec<(OutputStream, String)>;

async fn run(session: &rpacker_ssh::SshSession, command: &str) -> (i32, Lines) {
    let mut lines = Vec::new();
    let code = session.exec(command, |stream, line| lines.push((stream, line.to_owned()))).await.unwrap();
    (code, lines)
}

fn only(lines: &Lines, stream: OutputStream) -> Vec<&str> {
    lines.iter().filter(|(s, _)| *s == stream).map(|(_, l)| l.as_str()).collect()
}

/// The first row's lines were verified with packer 1.6.6 (shell provisioner, null builder):
/// `out1`, `b`, an empty line, `  x`, `tail` on stdout and `err1` on stderr.
#[tokio::test]
async fn streams_lines_and_returns_exit_codes() {
    let sshd = Sshd::start();
    let session = session(&sshd).await;
    let cases: &[(&str, i32, &[&str], &[&str])] = &[
        (
            r"echo out1; printf 'a\rb\n\n  x  \n'; echo err1 >&2; printf tail; exit 3",
            3,
            &["out1", "b", "", "  x", "tail"],
            &["err1"],
        ),
        ("true", 0, &[], &[]),
        ("echo to-stderr >&2; exit 1", 1, &[], &["to-stderr"]),
        ("exit 255", 255, &[], &[]),
        // Killed by a signal: Go's x/crypto/ssh reports 128 + the signal's number.
        ("kill -TERM $$", 143, &[], &[]),
        ("seq 1 3", 0, &["1", "2", "3"], &[]),
    ];
    for (command, want_code, want_out, want_err) in cases {
        let (code, lines) = run(&session, command).await;
        assert_eq!(code, *want_code, "{command}: {lines:?}");
        assert_eq!(only(&lines, Stdout), *want_out, "{command}");
        assert_eq!(only(&lines, Stderr), *want_err, "{command}");
    }
}

/// A line is handed over when it arrives, not when the command ends.
#[tokio::test]
async fn lines_arrive_while_the_command_runs() {
    let sshd = Sshd::start();
    let session = session(&sshd).await;
    let started = std::time::Instant::now();
    let mut arrivals = Vec::new();
    let code = session
        .exec("echo early; sleep 1; echo late", |_, line| arrivals.push((line.to_owned(), started.elapsed())))
        .await
        .unwrap();
    assert_eq!(code, 0);
    let [(early, early_at), (late, late_at)] = &arrivals[..] else { panic!("{arrivals:?}") };
    assert_eq!((early.as_str(), late.as_str()), ("early", "late"));
    let gap = *late_at - *early_at;
    assert!(gap > std::time::Duration::from_millis(800), "lines came {gap:?} apart: not streamed");
}

#[tokio::test]
async fn pty_is_requested_when_asked() {
    let sshd = Sshd::start();
    let plain = session(&sshd).await;
    let (code, lines) = run(&plain, "tty").await;
    assert_eq!((code, only(&lines, Stdout)), (1, vec!["not a tty"]));

    let mut t = target(&sshd);
    t.pty = true;
    let with_pty = session_to(&sshd, &t).await;
    let (code, lines) = run(&with_pty, "tty; echo $TERM; stty size").await;
    assert_eq!(code, 0, "{lines:?}");
    let out = only(&lines, Stdout);
    assert!(out[0].starts_with("/dev/pts/"), "{out:?}");
    assert_eq!(out[1..], ["xterm", "40 80"]);
}

#[tokio::test]
async fn one_connection_serves_many_commands() {
    let sshd = Sshd::start();
    let session = session(&sshd).await;
    for i in 0..5 {
        let (code, lines) = run(&session, &format!("echo {i}")).await;
        assert_eq!((code, only(&lines, Stdout)), (0, vec![i.to_string().as_str()]));
    }
    let (a, b) = tokio::join!(run(&session, "sleep 0.5; echo a"), run(&session, "echo b"));
    assert_eq!((a.0, only(&a.1, Stdout)), (0, vec!["a"]));
    assert_eq!((b.0, only(&b.1, Stdout)), (0, vec!["b"]));
    let logins = sshd.log().matches("Accepted publickey").count();
    assert_eq!(logins, 1, "sshd log:\n{}", sshd.log());
}
