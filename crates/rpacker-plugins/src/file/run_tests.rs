//! The file provisioner against a real sshd on 127.0.0.1: "remote" paths are on this machine,
//! so every transfer is checked by comparing the resulting trees.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rpacker_sdk::lifecycle::{Cancellation, NoneCommunicator, Provision, RecordingSink};

use crate::test_remote::{context, Remote};
use crate::verbatim_renderer::prepare_text;
use crate::FileProvisioner;

/// Runs the provisioner with `options` (`{L}` and `{R}` replaced by the local and the
/// "remote" folder); returns the error text and the UI lines with the folders written back as
/// `{L}` and `{R}`.
async fn run(remote: &Remote, options: &str, local: &Path, far: &Path) -> (Result<(), String>, Vec<String>) {
    let (l, r) = (local.display().to_string(), far.display().to_string());
    let options = options.replace("{L}", &l).replace("{R}", &r);
    let prepared = prepare_text(&options, FileProvisioner::prepare_config).unwrap();
    let sink = RecordingSink::new();
    let result = prepared.provision(&remote.context(&sink, Cancellation::new())).await;
    let unplace = |s: String| s.replace(&l, "{L}").replace(&r, "{R}");
    (result.map_err(|e| unplace(e.to_string())), sink.ui_lines().into_iter().map(unplace).collect())
}

/// Every file and folder under `root`, relative, with file contents (`None` for folders).
fn tree(root: &Path) -> Vec<(String, Option<String>)> {
    let mut entries = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(root).unwrap().display().to_string();
            if path.is_dir() {
                entries.push((name, None));
                pending.push(path);
            } else {
                entries.push((name, Some(std::fs::read_to_string(&path).unwrap())));
            }
        }
    }
    entries.sort();
    entries
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// `src/a.txt`, `src/dir/b.txt`, `src/dir/sub/c.txt`.
fn source_tree(local: &Path) {
    std::fs::create_dir_all(local.join("src/dir/sub")).unwrap();
    std::fs::write(local.join("src/a.txt"), "a\n").unwrap();
    std::fs::write(local.join("src/dir/b.txt"), "b\n").unwrap();
    std::fs::write(local.join("src/dir/sub/c.txt"), "c\n").unwrap();
}

/// Uploads: several sources into a folder (`dst/`), a folder with a trailing slash (its
/// contents), a file to a new name with its mode. UI lines verified with packer 1.6.6; the
/// resulting trees match what 1.6.6 made with the same template.
#[tokio::test]
async fn uploads_files_and_folders() {
    let remote = Remote::start().await;
    let (local, far) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    source_tree(local.path());
    std::fs::create_dir_all(far.path().join("up1")).unwrap();
    std::fs::create_dir_all(far.path().join("up2")).unwrap();
    let a = local.path().join("src/a.txt");
    std::fs::set_permissions(&a, std::os::unix::fs::PermissionsExt::from_mode(0o640)).unwrap();

    let cases: [(&str, &[&str]); 3] = [
        (
            r#"{"sources": ["{L}/src/a.txt", "{L}/src/dir"], "destination": "{R}/up1/"}"#,
            &["say nb: Uploading {L}/src/a.txt => {R}/up1/", "say nb: Uploading {L}/src/dir => {R}/up1/"],
        ),
        (r#"{"source": "{L}/src/dir/", "destination": "{R}/up2"}"#, &["say nb: Uploading {L}/src/dir/ => {R}/up2"]),
        (
            r#"{"source": "{L}/src/a.txt", "destination": "{R}/{{ build `ID` }}.txt"}"#,
            &["say nb: Uploading {L}/src/a.txt => {R}/Null.txt"],
        ),
    ];
    for (options, lines) in cases {
        let (got, ui) = run(&remote, options, local.path(), far.path()).await;
        assert_eq!(got, Ok(()), "{options}");
        assert_eq!(ui, lines, "{options}");
    }
    let mut want = vec![("up1/a.txt".to_owned(), Some("a\n".to_owned())), ("up1/dir".to_owned(), None)];
    want.extend(tree(&local.path().join("src/dir")).into_iter().map(|(n, c)| (format!("up1/dir/{n}"), c)));
    want.extend(tree(&local.path().join("src/dir")).into_iter().map(|(n, c)| (format!("up2/{n}"), c)));
    want.extend([("Null.txt".to_owned(), Some("a\n".to_owned())), ("up1".to_owned(), None), ("up2".to_owned(), None)]);
    want.sort();
    assert_eq!(tree(far.path()), want);
    assert_eq!((mode(&far.path().join("Null.txt")), mode(&far.path().join("up1/a.txt"))), (0o640, 0o640));
}

/// Downloads, as current Packer does them: `dst/` gets each source's name (1.6.6 kept appending
/// to the same path, so the second file overwrote the first under its name); a folder source
/// (trailing `/`) arrives as `dst/<name>/…` and ends the provisioner; a plain `dst` is the file
/// path, its folders made.
#[tokio::test]
async fn downloads_files_and_folders() {
    let remote = Remote::start().await;
    let (local, far) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    source_tree(far.path());
    let cases: [(&str, &[&str]); 3] = [
        (
            r#"{"direction": "download", "sources": ["{R}/src/a.txt", "{R}/src/dir/b.txt"], "destination": "{L}/dl/"}"#,
            &[
                "say nb: Downloading {R}/src/a.txt => {L}/dl/a.txt",
                "say nb: Downloading {R}/src/dir/b.txt => {L}/dl/b.txt",
            ],
        ),
        (
            r#"{"direction": "download", "sources": ["{R}/src/dir/", "{R}/src/a.txt"], "destination": "{L}/dl2/x/"}"#,
            &["say nb: Downloading {R}/src/dir/ => {L}/dl2/x/"],
        ),
        (
            r#"{"direction": "download", "source": "{R}/src/a.txt", "destination": "{L}/deep/new/name.txt"}"#,
            &["say nb: Downloading {R}/src/a.txt => {L}/deep/new/name.txt"],
        ),
    ];
    for (options, lines) in cases {
        let (got, ui) = run(&remote, options, local.path(), far.path()).await;
        assert_eq!(got, Ok(()), "{options}");
        assert_eq!(ui, lines, "{options}");
    }
    let file = |name: &str, text: &str| (name.to_owned(), Some(text.to_owned()));
    let folder = |name: &str| (name.to_owned(), None);
    let mut want = vec![
        folder("dl"),
        file("dl/a.txt", "a\n"),
        file("dl/b.txt", "b\n"),
        folder("deep"),
        folder("deep/new"),
        file("deep/new/name.txt", "a\n"),
        folder("dl2"),
        folder("dl2/x"),
    ];
    want.extend(tree(&far.path().join("src/dir")).into_iter().map(|(n, c)| (format!("dl2/x/dir/{n}"), c)));
    want.push(folder("dl2/x/dir"));
    want.sort();
    assert_eq!(tree(local.path()), want);
}

/// `content` [≥1.7.5]: written to a local `pkr-file-content<n>` (mode 0600) that is uploaded
/// like a source, then removed.
#[tokio::test]
async fn content_is_uploaded_from_a_temp_file() {
    let remote = Remote::start().await;
    let (local, far) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (got, ui) = run(&remote, r#"{"content": "hello\n", "destination": "{R}/"}"#, local.path(), far.path()).await;
    assert_eq!(got, Ok(()));
    let [line] = ui.as_slice() else { panic!("{ui:?}") };
    let temp = line.strip_prefix("say nb: Uploading ").and_then(|l| l.strip_suffix(" => {R}/")).unwrap();
    let name = Path::new(temp).file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("pkr-file-content"), "{name}");
    assert!(!Path::new(temp).exists(), "local temp {temp} left behind");
    assert_eq!(tree(far.path()), [(name.clone(), Some("hello\n".to_owned()))]);
    assert_eq!(mode(&far.path().join(&name)), 0o600);
}

/// Failures: the UI error line and the returned error, as Packer words them (the transfer
/// error itself is the communicator's text; rpacker's is SFTP's, Packer 1.6.6's scp's).
#[tokio::test]
async fn failures_like_packer() {
    let remote = Remote::start().await;
    let (local, far) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    source_tree(local.path());

    let (got, ui) =
        run(&remote, r#"{"source": "{L}/src/a.txt", "destination": "{R}/missing/a.txt"}"#, local.path(), far.path())
            .await;
    let err = got.unwrap_err();
    assert!(err.contains("{R}/missing/a.txt"), "{err}");
    assert_eq!(
        ui,
        ["say nb: Uploading {L}/src/a.txt => {R}/missing/a.txt".to_owned(), format!("error nb: Upload failed: {err}")]
    );

    // `generated`: not checked at prepare, so a missing source fails at run time with Go's
    // stat text and no `Upload failed` line (verified with packer 1.6.6).
    let options = r#"{"source": "{L}/nothere", "generated": true, "destination": "{R}/x"}"#;
    let (got, ui) = run(&remote, options, local.path(), far.path()).await;
    assert_eq!(got, Err("stat {L}/nothere: no such file or directory".to_owned()));
    assert_eq!(ui, ["say nb: Uploading {L}/nothere => {R}/x"]);

    // A failed download leaves the empty local file Packer creates first.
    let options = r#"{"direction": "download", "source": "{R}/nothere", "destination": "{L}/dl/"}"#;
    let (got, ui) = run(&remote, options, local.path(), far.path()).await;
    let err = got.unwrap_err();
    assert_eq!(
        ui,
        ["say nb: Downloading {R}/nothere => {L}/dl/nothere".to_owned(), format!("error nb: Download failed: {err}")]
    );
    assert_eq!(std::fs::read(local.path().join("dl/nothere")).unwrap(), b"");
    assert!(tree(far.path()).is_empty());
}

/// With `communicator = "none"` an upload fails at once (verified with packer 1.6.6).
#[tokio::test]
async fn none_communicator_fails_at_once() {
    let local = tempfile::tempdir().unwrap();
    let source = local.path().join("f");
    std::fs::write(&source, "x").unwrap();
    let options = format!(r#"{{"source": "{}", "destination": "/tmp/f"}}"#, source.display());
    let prepared = prepare_text(&options, FileProvisioner::prepare_config).unwrap();
    let sink = RecordingSink::new();
    let got = prepared.provision(&context(Arc::new(NoneCommunicator), &sink, Cancellation::new())).await;
    let text = "Upload is not implemented when communicator = 'none'";
    assert_eq!(got.map_err(|e| e.to_string()), Err(text.to_owned()));
    assert_eq!(
        sink.ui_lines(),
        [format!("say nb: Uploading {} => /tmp/f", source.display()), format!("error nb: Upload failed: {text}")]
    );
}

/// A cancelled run returns at once, and the `content` temp file is gone.
#[tokio::test]
async fn cancelled_run_returns_at_once() {
    let remote = Remote::start().await;
    let far = tempfile::tempdir().unwrap();
    let options = format!(r#"{{"content": "x", "destination": "{}/"}}"#, far.path().display());
    let prepared = prepare_text(&options, FileProvisioner::prepare_config).unwrap();
    let sink = RecordingSink::new();
    let cancel = Cancellation::new();
    cancel.cancel();
    let started = Instant::now();
    let got = prepared.provision(&remote.context(&sink, cancel)).await;
    assert_eq!(got.map_err(|e| e.to_string()), Err("context canceled".to_owned()));
    assert!(started.elapsed() < Duration::from_secs(2));
    // The run may or may not have got as far as writing the temp file.
    for line in sink.ui_lines() {
        let temp = line.strip_prefix("say nb: Uploading ").and_then(|l| l.split(" => ").next()).unwrap();
        assert!(!Path::new(temp).exists(), "content temp file {temp} left behind");
    }
}
