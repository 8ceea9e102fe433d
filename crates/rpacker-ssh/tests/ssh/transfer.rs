//! SFTP transfers: files, folders (Packer's trailing-slash rule), a 20 MiB file, errors. The
//! sshd runs on this machine as this user, so remote paths are checked on the local disk.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use rpacker_ssh::SshError;
use rpacker_testkit::Sshd;

use crate::fixture::session;

/// Every file and folder under `root`: relative path → contents (`None` for folders).
pub fn tree(root: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut entries = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                entries.insert(relative, None);
                pending.push(path);
            } else {
                entries.insert(relative, Some(fs::read(&path).unwrap()));
            }
        }
    }
    entries
}

pub fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A small tree: `src/a.txt` (0640), `src/sub/` (0750), `src/sub/b.bin`, `src/empty/`.
pub fn make_tree(root: &Path) -> std::path::PathBuf {
    let src = root.join("src");
    fs::create_dir_all(src.join("sub")).unwrap();
    fs::create_dir_all(src.join("empty")).unwrap();
    fs::write(src.join("a.txt"), "alpha\n").unwrap();
    fs::write(src.join("sub/b.bin"), [0u8, 1, 2, 255]).unwrap();
    fs::set_permissions(src.join("a.txt"), fs::Permissions::from_mode(0o640)).unwrap();
    fs::set_permissions(src.join("sub"), fs::Permissions::from_mode(0o750)).unwrap();
    src
}

#[tokio::test]
async fn files_go_up_and_come_back() {
    let sshd = Sshd::start();
    let session = session(&sshd).await;
    let work = tempfile::tempdir().unwrap();
    let local = work.path().join("script.sh");
    fs::write(&local, "#!/bin/sh\necho hi\n").unwrap();
    fs::set_permissions(&local, fs::Permissions::from_mode(0o751)).unwrap();
    let remote = sshd.dir().join("home/script.sh");
    let remote = remote.to_str().unwrap();

    session.upload_file(&local, remote).await.unwrap();
    assert_eq!(fs::read(remote).unwrap(), fs::read(&local).unwrap());
    assert_eq!(mode(Path::new(remote)), 0o751);

    // From a reader, with an explicit mode; an existing file is truncated.
    session.upload(&b"short"[..], remote, Some(0o600)).await.unwrap();
    assert_eq!((fs::read(remote).unwrap(), mode(Path::new(remote))), (b"short".to_vec(), 0o600));
    // From a reader without a mode: the file keeps the one it has.
    session.upload(&b"again"[..], remote, None).await.unwrap();
    assert_eq!(mode(Path::new(remote)), 0o600);

    let back = work.path().join("back.sh");
    session.download_file(remote, &back).await.unwrap();
    assert_eq!(fs::read(&back).unwrap(), b"again");
    let mut buffer = Vec::new();
    session.download(remote, &mut buffer).await.unwrap();
    assert_eq!(buffer, b"again");
}

/// Layouts verified with packer 1.6.6's file provisioner (upload `src` and `src/` to `dst`,
/// download `src/` to `dst`).
#[tokio::test]
async fn folders_follow_packers_trailing_slash_rule() {
    let sshd = Sshd::start();
    let session = session(&sshd).await;
    let work = tempfile::tempdir().unwrap();
    let src = make_tree(work.path());
    let want = tree(&src);

    let with_name = sshd.dir().join("home/with_name");
    let contents_only = sshd.dir().join("home/contents_only");
    fs::create_dir_all(&with_name).unwrap();
    fs::create_dir_all(&contents_only).unwrap();
    session.upload_dir(&src, with_name.to_str().unwrap()).await.unwrap();
    let src_slash = format!("{}/", src.display());
    session.upload_dir(Path::new(&src_slash), contents_only.to_str().unwrap()).await.unwrap();
    assert_eq!(tree(&with_name.join("src")), want);
    assert_eq!(tree(&contents_only), want);
    assert_eq!(mode(&with_name.join("src/a.txt")), 0o640);
    assert_eq!(mode(&with_name.join("src/sub")), 0o750);

    let down = work.path().join("down");
    fs::create_dir_all(&down).unwrap();
    let remote_slash = format!("{}/", with_name.join("src").display());
    session.download_dir(&remote_slash, &down).await.unwrap();
    assert_eq!(tree(&down), tree(&with_name), "download_dir creates down/src");
    assert_eq!(mode(&down.join("src/a.txt")), 0o640);
}

#[tokio::test]
async fn twenty_mebibytes_round_trip() {
    let sshd = Sshd::start();
    let session = session(&sshd).await;
    let work = tempfile::tempdir().unwrap();
    // Not a repeating pattern, so an offset mix-up would show.
    let mut state = 0x2545_f491_u32;
    let data: Vec<u8> = (0..20 * 1024 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state.to_le_bytes()[0]
        })
        .collect();
    let local = work.path().join("big.bin");
    fs::write(&local, &data).unwrap();
    let remote = sshd.dir().join("home/big.bin");
    session.upload_file(&local, remote.to_str().unwrap()).await.unwrap();
    assert!(fs::read(&remote).unwrap() == data, "uploaded bytes differ");
    let back = work.path().join("back.bin");
    session.download_file(remote.to_str().unwrap(), &back).await.unwrap();
    assert!(fs::read(&back).unwrap() == data, "downloaded bytes differ");
}

#[tokio::test]
async fn failures_name_the_operation_and_path() {
    let sshd = Sshd::start();
    let session = session(&sshd).await;
    let work = tempfile::tempdir().unwrap();
    let missing_remote = sshd.dir().join("home/missing.txt");
    let missing_remote = missing_remote.to_str().unwrap();
    let err = session.download(missing_remote, &mut Vec::new()).await.unwrap_err();
    assert!(matches!(&err, SshError::Sftp { operation: "open", path, .. } if path == missing_remote), "{err:?}");

    let missing_local = work.path().join("missing.txt");
    let err = session.upload_file(&missing_local, "/tmp/x").await.unwrap_err();
    assert_eq!(err.to_string(), format!("open {}: No such file or directory (os error 2)", missing_local.display()));

    let err = session.upload(&b"x"[..], "/nonexistent-dir/file", None).await.unwrap_err();
    assert!(matches!(&err, SshError::Sftp { operation: "create", .. }), "{err:?}");
    // The session survives failed transfers.
    assert_eq!(session.exec("true", |_, _| {}).await.unwrap(), 0);
}
