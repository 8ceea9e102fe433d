//! The post-processor chain algorithm (lifecycle spec §4), including the example verified with
//! packer 1.6.6: file builder; chain 1 = [checksum]; chain 2 = [compress, checksum with
//! keep_input_artifact=true] → out.txt, checksum 1, out.tar.gz, checksum 2.

use rpacker_sdk::lifecycle::{Cancellation, RecordingSink};

use crate::lifecycle::test_doubles::{Journal, PpResult, TestArtifact, TestPostProcessor};
use crate::lifecycle::{run_post_processor_chains, ChainedPostProcessor};

use PpResult::{Fail, Input, New, NewUndeletable, Nothing};

/// (type, name, keep_input_artifact, result, default keep, force override)
type Pp = (&'static str, &'static str, Option<bool>, PpResult, bool, bool);

// Upstream defaults: checksum keeps its input, compress does not, manifest forces keeping.
const CHECKSUM_1: Pp = ("checksum", "checksum", None, New("checksum 1"), true, false);
const CHECKSUM_2_KEEP: Pp = ("checksum", "checksum", Some(true), New("checksum 2"), true, false);
const COMPRESS: Pp = ("compress", "compress", None, New("out.tar.gz"), false, false);
const MANIFEST_USER_FALSE: Pp = ("manifest", "manifest", Some(false), Input, true, true);

struct Case {
    name: &'static str,
    chains: &'static [&'static [Pp]],
    builder_destroy_error: Option<&'static str>,
    artifacts: &'static [&'static str],
    errors: &'static [&'static str],
    /// Post-processor inputs and destroys, in order.
    journal: &'static [&'static str],
    ui: &'static [&'static str],
}

const BASE: Case =
    Case { name: "", chains: &[], builder_destroy_error: None, artifacts: &[], errors: &[], journal: &[], ui: &[] };

fn cases() -> Vec<Case> {
    vec![
        Case { name: "no chains keep the builder artifact", artifacts: &["out.txt"], ..BASE },
        Case {
            name: "verified example",
            chains: &[&[CHECKSUM_1], &[COMPRESS, CHECKSUM_2_KEEP]],
            artifacts: &["out.txt", "checksum 1", "out.tar.gz", "checksum 2"],
            journal: &["b (checksum) got out.txt", "b (compress) got out.txt", "b (checksum) got out.tar.gz"],
            ui: &["say b: Running post-processor: checksum", "say b: Running post-processor: compress", "say b: Running post-processor: checksum"],
            ..BASE
        },
        Case {
            name: "default keep decides without a user setting",
            chains: &[&[COMPRESS, CHECKSUM_1]],
            artifacts: &["out.tar.gz", "checksum 1"],
            journal: &["b (compress) got out.txt", "b (checksum) got out.tar.gz", "destroy out.txt"],
            ui: &["say b: Running post-processor: compress", "say b: Running post-processor: checksum"],
            ..BASE
        },
        Case {
            name: "user false destroys the prior artifact",
            chains: &[&[COMPRESS, ("checksum", "checksum", Some(false), New("checksum 2"), true, false)]],
            artifacts: &["checksum 2"],
            journal: &["b (compress) got out.txt", "b (checksum) got out.tar.gz", "destroy out.tar.gz", "destroy out.txt"],
            ui: &["say b: Running post-processor: compress", "say b: Running post-processor: checksum"],
            ..BASE
        },
        Case {
            name: "user true on the first keeps the builder artifact",
            chains: &[&[("compress", "compress", Some(true), New("out.tar.gz"), false, false)]],
            artifacts: &["out.txt", "out.tar.gz"],
            journal: &["b (compress) got out.txt"],
            ui: &["say b: Running post-processor: compress"],
            ..BASE
        },
        Case {
            name: "user false beats a default keep without force",
            chains: &[&[("checksum", "checksum", Some(false), New("checksum 1"), true, false)]],
            artifacts: &["checksum 1"],
            journal: &["b (checksum) got out.txt", "destroy out.txt"],
            ui: &["say b: Running post-processor: checksum"],
            ..BASE
        },
        Case {
            name: "manifest forces keeping: the builder artifact is listed twice (verified)",
            chains: &[&[MANIFEST_USER_FALSE]],
            artifacts: &["out.txt", "out.txt"],
            journal: &["b (manifest) got out.txt"],
            ui: &["say b: Running post-processor: manifest"],
            ..BASE
        },
        Case {
            name: "force without a default keep does not keep",
            chains: &[&[("manifest", "manifest", Some(false), New("m"), false, true)]],
            artifacts: &["m"],
            journal: &["b (manifest) got out.txt", "destroy out.txt"],
            ui: &["say b: Running post-processor: manifest"],
            ..BASE
        },
        Case {
            name: "an error ends its chain only; its artifacts are not listed or destroyed",
            chains: &[&[COMPRESS, ("checksum", "checksum", None, Fail("disk full"), true, false)], &[CHECKSUM_1]],
            artifacts: &["out.txt", "checksum 1"],
            errors: &["Post-processor failed: disk full"],
            journal: &["b (compress) got out.txt", "b (checksum) got out.tar.gz", "b (checksum) got out.txt"],
            ui: &[
                "say b: Running post-processor: compress",
                "say b: Running post-processor: checksum",
                "say b: Running post-processor: checksum",
            ],
            ..BASE
        },
        Case {
            name: "no artifact ends the chain",
            chains: &[&[("shell-local", "shell-local", None, Nothing, false, false), COMPRESS]],
            journal: &["b (shell-local) got out.txt", "destroy out.txt"],
            ui: &["say b: Running post-processor: shell-local"],
            ..BASE
        },
        Case {
            name: "an empty chain lists the builder artifact but still destroys it",
            chains: &[&[]],
            artifacts: &["out.txt"],
            journal: &["destroy out.txt"],
            ..BASE
        },
        Case {
            name: "destroy failures are errors",
            chains: &[&[
                ("compress", "compress", None, NewUndeletable("out.tar.gz"), false, false),
                ("checksum", "checksum", Some(false), New("checksum 2"), true, false),
            ]],
            builder_destroy_error: Some("locked"),
            artifacts: &["checksum 2"],
            errors: &[
                "Failed cleaning up prior artifact: locked; pp is checksum",
                "Error destroying builder artifact: locked; bad artifact: []string{\"out.txt\", \"sub dir/\\\"q\\\".txt\"}",
            ],
            journal: &["b (compress) got out.txt", "b (checksum) got out.tar.gz", "destroy out.tar.gz", "destroy out.txt"],
            ui: &["say b: Running post-processor: compress", "say b: Running post-processor: checksum"],
        },
        Case {
            name: "names differing from the type (HCL: unnamed is empty, verified)",
            chains: &[&[("manifest", "", None, Input, true, true)], &[("shell-local", "notify", None, Input, true, false)]],
            artifacts: &["out.txt", "out.txt", "out.txt"],
            journal: &["b (manifest) got out.txt", "b (shell-local) got out.txt"],
            ui: &["say b: Running post-processor:  (type manifest)", "say b: Running post-processor: notify (type shell-local)"],
            ..BASE
        },
    ]
}

#[tokio::test]
async fn chains() {
    for case in cases() {
        let journal = Journal::default();
        let sink = RecordingSink::new();
        let chains: Vec<Vec<ChainedPostProcessor>> = case
            .chains
            .iter()
            .map(|chain| {
                chain
                    .iter()
                    .map(|&(type_name, name, keep, result, default_keep, force)| {
                        let processor = TestPostProcessor::boxed(result, default_keep, force, &journal);
                        ChainedPostProcessor {
                            type_name: type_name.into(),
                            name: name.into(),
                            keep_input_artifact: keep,
                            processor,
                        }
                    })
                    .collect()
            })
            .collect();
        let files: &[&str] =
            if case.builder_destroy_error.is_some() { &["out.txt", "sub dir/\"q\".txt"] } else { &["out.txt"] };
        let builder = TestArtifact::failing_destroy("out.txt", files, case.builder_destroy_error, &journal);
        let outcome = run_post_processor_chains(&chains, builder, &sink.targeted("b"), &Cancellation::new())
            .await
            .expect("not cancelled");
        let artifacts: Vec<String> = outcome.artifacts.iter().map(ToString::to_string).collect();
        let errors: Vec<String> = outcome.errors.iter().map(ToString::to_string).collect();
        assert_eq!(artifacts, case.artifacts, "{}: artifacts", case.name);
        assert_eq!(errors, case.errors, "{}: errors", case.name);
        assert_eq!(journal.entries(), case.journal, "{}: journal", case.name);
        assert_eq!(sink.ui_lines(), case.ui, "{}: ui", case.name);
    }
}

#[tokio::test]
async fn error_text_is_the_sdk_multierror() {
    let journal = Journal::default();
    let sink = RecordingSink::new();
    let chain = vec![ChainedPostProcessor {
        type_name: "shell-local".into(),
        name: "shell-local".into(),
        keep_input_artifact: None,
        processor: TestPostProcessor::boxed(Fail("Script exited with non-zero exit status: 1"), false, false, &journal),
    }];
    let builder = TestArtifact::arc("out.txt", &[], &journal);
    let outcome =
        run_post_processor_chains(&[chain], builder, &sink.targeted("b"), &Cancellation::new()).await.expect("ran");
    assert_eq!(
        outcome.error_text().as_deref(),
        Some("1 error(s) occurred:\n\n* Post-processor failed: Script exited with non-zero exit status: 1")
    );
    // Nothing kept the builder artifact, so it is destroyed even though the build errored.
    assert_eq!(journal.entries(), ["b (shell-local) got out.txt", "destroy out.txt"]);
}

#[tokio::test]
async fn cancelled_build_skips_post_processors() {
    let journal = Journal::default();
    let sink = RecordingSink::new();
    let chain = vec![ChainedPostProcessor {
        type_name: "compress".into(),
        name: "compress".into(),
        keep_input_artifact: None,
        processor: TestPostProcessor::boxed(COMPRESS.3, false, false, &journal),
    }];
    let cancel = Cancellation::new();
    cancel.cancel();
    let outcome =
        run_post_processor_chains(&[chain], TestArtifact::arc("out.txt", &[], &journal), &sink.targeted("b"), &cancel)
            .await;
    assert!(outcome.is_none());
    assert!(journal.entries().is_empty());
    assert!(sink.events().is_empty());
}
