//! `SshSession::start`: a remote command's streams wired byte for byte, as the ansible proxy
//! forwards them (module source on stdin, binary output, exit codes).

use rpacker_sdk::lifecycle::{Communicator, RemoteStreams};
use rpacker_testkit::Sshd;

use crate::fixture::session;

/// A command, its input, and the exit code, stdout and stderr it must give.
type Case = (&'static str, Vec<u8>, i32, Vec<u8>, Vec<u8>);

async fn run(comm: &dyn Communicator, command: &str, input: &[u8]) -> (i32, Vec<u8>, Vec<u8>) {
    let (mut stdin, mut stdout, mut stderr) = (input, Vec::new(), Vec::new());
    let streams = RemoteStreams { stdin: &mut stdin, stdout: &mut stdout, stderr: &mut stderr };
    let code = comm.start(command, streams).await.unwrap();
    (code, stdout, stderr)
}

#[tokio::test]
async fn streams_bytes_both_ways_with_exit_codes() {
    let sshd = Sshd::start();
    let ssh = session(&sshd).await;
    let binary: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    let cases: Vec<Case> = vec![
        // No line rules: `\r`, trailing blanks and a missing final newline all pass through.
        (
            "printf 'a\\rb  \\n\\nlast'; printf 'e\\r\\n' >&2; exit 3",
            vec![],
            3,
            b"a\rb  \n\nlast".to_vec(),
            b"e\r\n".to_vec(),
        ),
        ("cat; echo done", b"fed on stdin\n".to_vec(), 0, b"fed on stdin\ndone\n".to_vec(), vec![]),
        ("cat", binary.clone(), 0, binary, vec![]),
        // The command may end before reading its input.
        ("exit 7", vec![b'x'; 1_000_000], 7, vec![], vec![]),
        ("kill -TERM $$", vec![], 143, vec![], vec![]),
    ];
    for (command, input, want_code, want_out, want_err) in cases {
        let (code, out, err) = run(&ssh, command, &input).await;
        assert_eq!(code, want_code, "{command}: {}", String::from_utf8_lossy(&err));
        assert!(out == want_out, "{command}: stdout {} bytes, want {}", out.len(), want_out.len());
        assert_eq!(err, want_err, "{command}");
    }
}

/// The SFTP subsystem's server, run as a plain command with piped streams, is what the proxy
/// runs for ansible's `sftp` transfers: it must start and answer (here: end at EOF).
#[tokio::test]
async fn sftp_server_runs_as_a_piped_command() {
    let sshd = Sshd::start();
    let ssh = session(&sshd).await;
    let (code, out, err) = run(&ssh, "/usr/lib/openssh/sftp-server -e", b"").await;
    assert_eq!((code, out.len()), (0, 0), "{}", String::from_utf8_lossy(&err));
}
