//! The session through the sdk's `Communicator` trait object, as provisioners will use it.

use std::fs;

use rpacker_sdk::lifecycle::{Communicator, OutputStream};
use rpacker_testkit::Sshd;

use crate::fixture::session;

#[tokio::test]
async fn session_serves_as_a_communicator() {
    let sshd = Sshd::start();
    let ssh = session(&sshd).await;
    let comm: &dyn Communicator = &ssh;
    let dir = tempfile::tempdir().unwrap();

    let mut lines = Vec::new();
    let mut on_line = |stream: OutputStream, line: &str| lines.push((stream, line.to_owned()));
    let code = comm.exec("echo out; echo err >&2; exit 3", &mut on_line).await.unwrap();
    assert_eq!(code, 3);
    assert_eq!(lines, [(OutputStream::Stdout, "out".to_owned()), (OutputStream::Stderr, "err".to_owned())]);

    let local = dir.path().join("up.txt");
    fs::write(&local, b"payload\n").unwrap();
    let remote = dir.path().join("remote.txt");
    comm.upload_file(&local, remote.to_str().unwrap(), Some(0o600)).await.unwrap();
    assert_eq!(fs::read(&remote).unwrap(), b"payload\n");

    let back = dir.path().join("back.txt");
    comm.download_file(remote.to_str().unwrap(), &back).await.unwrap();
    assert_eq!(fs::read(&back).unwrap(), b"payload\n");

    let missing = dir.path().join("missing");
    let err = comm.upload_file(&missing, "/tmp/never", None).await.unwrap_err();
    assert!(err.to_string().starts_with("open "), "{err}");
}
