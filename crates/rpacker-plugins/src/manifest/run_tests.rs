//! Writes real manifest files in temp dirs.

use std::path::Path;
use std::sync::Arc;

use rpacker_sdk::lifecycle::{Cancellation, PostProcess, PostProcessContext, RecordingSink};
use rpacker_sdk::PackerConfig;

use super::go_base;
use crate::manifest::{ManifestConfig, PreparedManifest};
use crate::test_artifact::TestArtifact;

const RUN: &str = "11111111-2222-3333-4444-555555555555";

fn manifest(output: &Path, force: bool, custom_data: Option<&[(&str, &str)]>) -> PreparedManifest {
    let config = ManifestConfig {
        output: output.to_string_lossy().into_owned(),
        strip_time: true,
        custom_data: custom_data.map(|pairs| pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()),
        ..ManifestConfig::default()
    };
    let packer =
        PackerConfig { build_name: "nb".into(), builder_type: "null".into(), force, ..PackerConfig::default() };
    PreparedManifest { config, packer }
}

async fn run(prepared: &PreparedManifest, input: Arc<TestArtifact>) -> Result<(), String> {
    let sink = RecordingSink::new();
    let ctx = PostProcessContext { cancel: Cancellation::new(), ui: sink.targeted("nb (manifest)") };
    let out = prepared.post_process(&ctx, Arc::clone(&input) as _).await.map_err(|e| e.to_string())?;
    assert_eq!((out.keep_input, out.force_override), (true, true));
    assert_eq!(out.artifact.map(|a| a.id()), Some(input.id.clone()));
    assert!(sink.ui_lines().is_empty(), "the manifest says nothing itself");
    Ok(())
}

/// A run's null artifact: generated data carries the run UUID.
fn artifact(run: &str) -> Arc<TestArtifact> {
    TestArtifact::null(&[("PackerRunUUID", run)])
}

/// Bytes verified with packer 1.6.6 (null build `nb`, `strip_time`, `custom_data` with a
/// `build` call and HTML characters).
#[tokio::test]
async fn writes_packer_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    let prepared = manifest(&out, false, Some(&[("b", "<x&y> é"), ("a", "{{ build `ID` }}")]));
    run(&prepared, artifact(RUN)).await.unwrap();
    let want = format!(
        "{{\n  \"builds\": [\n    {{\n      \"name\": \"nb\",\n      \"builder_type\": \"null\",\n      \"files\": null,\n      \"artifact_id\": \"Null\",\n      \"packer_run_uuid\": \"{RUN}\",\n      \"custom_data\": {{\n        \"a\": \"Null\",\n        \"b\": \"\\u003cx\\u0026y\\u003e é\"\n      }}\n    }}\n  ],\n  \"last_run_uuid\": \"{RUN}\"\n}}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), want);
    assert!(!dir.path().join("m.json.lock").exists(), "lock left behind");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert!(mode == 0o664 || mode == 0o644, "0664 before a 002 or 022 umask: {mode:o}");
    }
}

/// Append/reset, verified with packer 1.6.6: two runs without `-force` → 4 records; a third
/// run with `-force` → starts over; builds of the same run always add up.
#[tokio::test]
async fn appends_and_resets_per_run() {
    // (run UUID, -force, records after the run)
    let steps = [
        ("run-1", false, 1),
        ("run-1", false, 2),
        ("run-2", false, 3),
        ("run-2", true, 4),
        ("run-3", true, 1),
        ("run-3", true, 2),
    ];
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    for (i, (uuid, force, count)) in steps.into_iter().enumerate() {
        run(&manifest(&out, force, None), artifact(uuid)).await.unwrap();
        let file: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        assert_eq!(file["builds"].as_array().map(Vec::len), Some(count), "step {i}");
        assert_eq!(file["last_run_uuid"], uuid, "step {i}");
        assert_eq!(file["builds"][count - 1]["packer_run_uuid"], uuid, "step {i}");
    }
}

/// `files`: path or base name, size or 0 when missing (format verified with packer 1.6.6's
/// `file` builder: `{"name": "out.txt", "size": 5}`); `build_time` present unless stripped.
#[tokio::test]
async fn records_files_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.txt");
    std::fs::write(&file, "hello").unwrap();
    let missing = dir.path().join("gone.img");
    let files = vec![file.to_string_lossy().into_owned(), missing.to_string_lossy().into_owned()];
    let cases = [(false, files.clone()), (true, vec!["out.txt".to_owned(), "gone.img".to_owned()])];
    for (strip_path, names) in cases {
        let out = dir.path().join(format!("m{strip_path}.json"));
        let mut prepared = manifest(&out, false, None);
        prepared.config.strip_path = strip_path;
        prepared.config.strip_time = false;
        let input = Arc::new(TestArtifact { id: "File".into(), files: files.clone(), ..TestArtifact::default() });
        run(&prepared, input).await.unwrap();
        let written: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        let build = &written["builds"][0];
        let want = serde_json::json!([{"name": names[0], "size": 5}, {"name": names[1], "size": 0}]);
        assert_eq!(build["files"], want, "strip_path {strip_path}");
        assert!(build["build_time"].as_i64().is_some_and(|t| t > 1_700_000_000), "{build}");
        // Without generated data the run UUID comes from the environment, as in Packer.
        assert_eq!(build["packer_run_uuid"], std::env::var(super::RUN_UUID_ENV).unwrap_or_default());
    }
}

/// `custom_data` pairs of a test case.
type CustomData<'a> = &'a [(&'a str, &'a str)];

#[tokio::test]
async fn errors_like_packer() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "not json").unwrap();
    let as_dir = dir.path().join("sub");
    std::fs::create_dir(&as_dir).unwrap();
    let cases: [(&Path, Option<CustomData>, &str); 3] = [
        (&bad, None, &format!("Unable to parse content from {}: ", bad.display())),
        (&as_dir, None, &format!("Unable to open {} for reading: ", as_dir.display())),
        (&bad, Some(&[("k", "{{ build `Nope` }}")]), "Error interpolating custom data: "),
    ];
    for (output, custom, prefix) in cases {
        let err = run(&manifest(output, false, custom), artifact(RUN)).await.unwrap_err();
        assert!(err.starts_with(prefix), "{err}");
        assert!(!Path::new(&format!("{}.lock", output.display())).exists(), "lock left behind");
    }
    assert_eq!(std::fs::read_to_string(&bad).unwrap(), "not json", "a bad manifest is left alone");
}

#[test]
fn base_names_like_go() {
    let cases = [("/a/b.img", "b.img"), ("b.img", "b.img"), ("/a/b/", "b"), ("", "."), ("///", "/")];
    for (path, want) in cases {
        assert_eq!(go_base(path), want, "{path}");
    }
}
