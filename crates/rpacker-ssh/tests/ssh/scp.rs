//! Transfers when the server has no SFTP: the same calls go over scp and leave the same files,
//! contents and modes as over SFTP. Two ways to lack SFTP: the subsystem is refused (none
//! configured), or what it runs is not an SFTP server (`/bin/false`).

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use rpacker_sdk::lifecycle::Communicator;
use rpacker_testkit::Sshd;

use crate::fixture::session;
use crate::transfer::{make_tree, mode, tree};

/// Every entry under `root` with its contents (`None` for folders) and mode.
fn tree_with_modes(root: &Path) -> BTreeMap<String, (Option<Vec<u8>>, u32)> {
    tree(root).into_iter().map(|(path, contents)| (path.clone(), (contents, mode(&root.join(path))))).collect()
}

/// Uploads a file, bytes and a folder (both folder forms), downloads a file and a folder
/// back, and returns what ended up on the remote side and locally.
async fn round_trip(sshd: &Sshd) -> BTreeMap<String, (Option<Vec<u8>>, u32)> {
    let ssh = session(sshd).await;
    let comm: &dyn Communicator = &ssh;
    let work = tempfile::tempdir().unwrap();
    let src = make_tree(work.path());
    let remote = sshd.dir().join("home/remote");
    fs::create_dir_all(remote.join("contents")).unwrap();
    let remote_str = |p: &str| remote.join(p).to_str().unwrap().to_owned();

    let script = work.path().join("script.sh");
    fs::write(&script, "#!/bin/sh\necho hi\n").unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o751)).unwrap();
    ssh.upload_file(&script, &remote_str("script.sh")).await.unwrap();
    comm.upload_file(&script, &remote_str("script-600.sh"), Some(0o600)).await.unwrap();
    comm.upload_bytes(b"inline\n", &remote_str("inline.txt"), Some(0o640)).await.unwrap();
    comm.upload_dir(&src, remote.to_str().unwrap()).await.unwrap();
    let with_slash = format!("{}/", src.display());
    comm.upload_dir(Path::new(&with_slash), &remote_str("contents")).await.unwrap();

    let down = work.path().join("down");
    fs::create_dir(&down).unwrap();
    comm.download_file(&remote_str("inline.txt"), &down.join("inline.txt")).await.unwrap();
    comm.download_dir(&remote_str("src"), &down).await.unwrap();
    let missing = comm.download_file(&remote_str("missing"), &down.join("missing")).await;
    assert!(missing.is_err(), "downloading a missing file succeeded");

    let mut everything = tree_with_modes(&remote);
    for (path, entry) in tree_with_modes(&down) {
        everything.insert(format!("down/{path}"), entry);
    }
    everything
}

#[tokio::test]
async fn without_sftp_files_go_over_scp_with_the_same_results() {
    let over_sftp = round_trip(&Sshd::start()).await;
    assert_eq!(over_sftp["script.sh"], (Some(b"#!/bin/sh\necho hi\n".to_vec()), 0o751));
    assert_eq!(over_sftp["src/a.txt"], (Some(b"alpha\n".to_vec()), 0o640));
    assert_eq!(over_sftp["contents/sub"], (None, 0o750));
    assert_eq!(over_sftp["down/src/sub/b.bin"].0, Some(vec![0u8, 1, 2, 255]));
    assert_eq!(over_sftp["down/inline.txt"].0, Some(b"inline\n".to_vec()));

    for subsystem in ["Subsystem none /bin/false", "Subsystem sftp /bin/false"] {
        let sshd = Sshd::start_with(&[subsystem]);
        assert_eq!(round_trip(&sshd).await, over_sftp, "with {subsystem}\nsshd log:\n{}", sshd.log());
    }
}
