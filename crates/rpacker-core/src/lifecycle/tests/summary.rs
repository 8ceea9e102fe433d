//! The end-of-build texts: per-build lines and the final summary, against outputs verified with
//! packer 1.6.6 (lifecycle spec §9, cli spec §9, and a `-machine-readable` file-builder run).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use rpacker_sdk::lifecycle::{Artifact, BoxError, BoxFuture};

use crate::lifecycle::{build_summary, BuildOutcome, BuildReport, EndLine, SummaryLine};

/// An artifact with fixed answers, like the null and file builders'.
#[derive(Debug)]
struct FixedArtifact {
    builder_id: &'static str,
    id: &'static str,
    description: &'static str,
    files: &'static [&'static str],
}

impl fmt::Display for FixedArtifact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description)
    }
}

impl Artifact for FixedArtifact {
    fn builder_id(&self) -> String {
        self.builder_id.to_owned()
    }
    fn id(&self) -> String {
        self.id.to_owned()
    }
    fn files(&self) -> Vec<String> {
        self.files.iter().map(|f| (*f).to_owned()).collect()
    }
    fn destroy(&self) -> BoxFuture<'_, Result<(), BoxError>> {
        Box::pin(std::future::ready(Ok(())))
    }
}

fn null_artifact() -> Arc<dyn Artifact> {
    Arc::new(FixedArtifact {
        builder_id: "fnoeding.null",
        id: "Null",
        description: "Did not export anything. This is the null builder",
        files: &[],
    })
}

fn finished(name: &str, artifacts: Option<Vec<Arc<dyn Artifact>>>) -> BuildReport {
    BuildReport { name: name.to_owned(), outcome: BuildOutcome::Finished(artifacts) }
}

fn errored(name: &str, error: &str) -> BuildReport {
    BuildReport { name: name.to_owned(), outcome: BuildOutcome::Errored(error.to_owned()) }
}

/// The human output: Say and Error lines as printed (each ends with a newline).
fn human(lines: &[SummaryLine]) -> String {
    lines
        .iter()
        .filter_map(|l| match l {
            SummaryLine::Say(t) | SummaryLine::Error(t) => Some(format!("{t}\n")),
            SummaryLine::Machine { .. } => None,
        })
        .collect()
}

/// The `-machine-readable` output without timestamps: `<target>,<type>,<args…>`.
fn machine(lines: &[SummaryLine]) -> Vec<String> {
    let escape = |s: &str| s.replace(',', "%!(PACKER_COMMA)").replace('\n', "\\n");
    lines
        .iter()
        .map(|l| match l {
            SummaryLine::Say(t) => format!(",ui,say,{}", escape(t)),
            SummaryLine::Error(t) => format!(",ui,error,{}", escape(t)),
            SummaryLine::Machine { target, kind, args } => {
                let args: Vec<String> = args.iter().map(|a| escape(a)).collect();
                format!("{},{kind},{}", target.as_deref().unwrap_or(""), args.join(","))
            }
        })
        .collect()
}

#[test]
fn end_lines() {
    // Verified with packer 1.6.6.
    let cases = [
        (
            finished("null", None),
            9_722,
            EndLine { text: "Build 'null' finished after 9 milliseconds 722 microseconds.".into(), errored: false },
        ),
        (
            errored("null", "Script exited with non-zero exit status: 3.Allowed exit codes are: [0]"),
            1_036_400,
            EndLine {
                text: "Build 'null' errored after 1 second 36 milliseconds: Script exited with non-zero exit status: 3.Allowed exit codes are: [0]".into(),
                errored: true,
            },
        ),
    ];
    for (report, micros, want) in cases {
        assert_eq!(report.end_line(Duration::from_micros(micros)), want);
    }
}

#[test]
fn human_summaries() {
    let script_error = "Script exited with non-zero exit status: 3.Allowed exit codes are: [0]";
    // (builds, wait µs, interrupted, expected output, failed)
    let cases: Vec<(Vec<BuildReport>, u64, bool, &str, bool)> = vec![
        // Verified success example (two null builds, each artifact listed twice by manifest).
        (
            vec![
                finished("null", Some(vec![null_artifact(), null_artifact()])),
                finished("second", Some(vec![null_artifact(), null_artifact()])),
            ],
            210_452,
            false,
            "\n==> Wait completed after 210 milliseconds 452 microseconds\n\
             \n==> Builds finished. The artifacts of successful builds are:\n\
             --> null: Did not export anything. This is the null builder\n\
             --> null: Did not export anything. This is the null builder\n\
             --> second: Did not export anything. This is the null builder\n\
             --> second: Did not export anything. This is the null builder\n",
            false,
        ),
        // Verified failure example.
        (
            vec![errored("null", script_error)],
            1_037_000,
            false,
            "\n==> Wait completed after 1 second 37 milliseconds\n\
             \n==> Some builds didn't complete successfully and had errors:\n\
             --> null: Script exited with non-zero exit status: 3.Allowed exit codes are: [0]\n\
             \n==> Builds finished but no artifacts were created.\n",
            true,
        ),
        // Verified interrupt ending: nothing else is listed.
        (
            vec![finished("null", Some(vec![null_artifact()]))],
            3_000,
            true,
            "\n==> Wait completed after 3 milliseconds\nCleanly cancelled builds after being interrupted.\n",
            true,
        ),
        // Mixed: errors first, then the successful build's artifacts.
        (
            vec![errored("a", "boom"), finished("b", Some(vec![null_artifact()]))],
            2_000_000,
            false,
            "\n==> Wait completed after 2 seconds\n\
             \n==> Some builds didn't complete successfully and had errors:\n--> a: boom\n\
             \n==> Builds finished. The artifacts of successful builds are:\n\
             --> b: Did not export anything. This is the null builder\n",
            true,
        ),
        // A build with no artifact is not listed.
        (vec![finished("null", None)], 5, false, "\n==> Wait completed after 5 microseconds\n\n==> Builds finished but no artifacts were created.\n", false),
        // An empty (non-nil) artifact list still counts as "artifacts" upstream.
        (vec![finished("null", Some(Vec::new()))], 5, false, "\n==> Wait completed after 5 microseconds\n\n==> Builds finished. The artifacts of successful builds are:\n", false),
        // 1.6.6 with zero builds: empty summary, exit 0 (verified).
        (Vec::new(), 40, false, "\n==> Wait completed after 40 microseconds\n\n==> Builds finished but no artifacts were created.\n", false),
    ];
    for (builds, wait, interrupted, want, failed) in cases {
        let summary = build_summary(&builds, Duration::from_micros(wait), interrupted);
        assert_eq!(human(&summary.lines), want);
        assert_eq!(summary.failed, failed, "{want}");
    }
}

#[test]
fn machine_readable_summaries() {
    // Verified with packer 1.6.6 `-machine-readable` (timestamps dropped): the null example of
    // the cli spec, a file build with a checksum post-processor, and the error path.
    let file_artifact: Arc<dyn Artifact> = Arc::new(FixedArtifact {
        builder_id: "packer.file",
        id: "File",
        description: "Stored file: out.txt",
        files: &["out.txt"],
    });
    let checksum_artifact: Arc<dyn Artifact> = Arc::new(FixedArtifact {
        builder_id: "packer.post-processor.checksum",
        id: "",
        description: "Created artifact from files: out.txt, packer_file_file_md5.checksum",
        files: &["out.txt", "packer_file_file_md5.checksum"],
    });
    let cases: Vec<(Vec<BuildReport>, u64, Vec<&str>)> = vec![
        (
            vec![finished("mybuild.null.renamed", Some(vec![null_artifact()]))],
            12_317,
            vec![
                ",ui,say,\\n==> Wait completed after 12 milliseconds 317 microseconds",
                ",ui,say,\\n==> Builds finished. The artifacts of successful builds are:",
                "mybuild.null.renamed,artifact-count,1",
                "mybuild.null.renamed,artifact,0,builder-id,fnoeding.null",
                "mybuild.null.renamed,artifact,0,id,Null",
                "mybuild.null.renamed,artifact,0,string,Did not export anything. This is the null builder",
                "mybuild.null.renamed,artifact,0,files-count,0",
                "mybuild.null.renamed,artifact,0,end",
                ",ui,say,--> mybuild.null.renamed: Did not export anything. This is the null builder",
            ],
        ),
        (
            vec![finished("file", Some(vec![file_artifact, checksum_artifact]))],
            9_556,
            vec![
                ",ui,say,\\n==> Wait completed after 9 milliseconds 556 microseconds",
                ",ui,say,\\n==> Builds finished. The artifacts of successful builds are:",
                "file,artifact-count,2",
                "file,artifact,0,builder-id,packer.file",
                "file,artifact,0,id,File",
                "file,artifact,0,string,Stored file: out.txt",
                "file,artifact,0,files-count,1",
                "file,artifact,0,file,0,out.txt",
                "file,artifact,0,end",
                ",ui,say,--> file: Stored file: out.txt",
                "file,artifact,1,builder-id,packer.post-processor.checksum",
                "file,artifact,1,id,",
                "file,artifact,1,string,Created artifact from files: out.txt%!(PACKER_COMMA) packer_file_file_md5.checksum",
                "file,artifact,1,files-count,2",
                "file,artifact,1,file,0,out.txt",
                "file,artifact,1,file,1,packer_file_file_md5.checksum",
                "file,artifact,1,end",
                ",ui,say,--> file: Created artifact from files: out.txt%!(PACKER_COMMA) packer_file_file_md5.checksum",
            ],
        ),
        (
            vec![errored("null", "boom")],
            1_000,
            vec![
                ",ui,say,\\n==> Wait completed after 1 millisecond",
                ",error-count,1",
                ",ui,error,\\n==> Some builds didn't complete successfully and had errors:",
                "null,error,boom",
                ",ui,error,--> null: boom",
                ",ui,say,\\n==> Builds finished but no artifacts were created.",
            ],
        ),
    ];
    for (builds, wait, want) in cases {
        assert_eq!(machine(&build_summary(&builds, Duration::from_micros(wait), false).lines), want);
    }
}
