//! The end of `packer build` (command/build.go after all builds return) as data: the lines to
//! print on the plain base UI, including the `-machine-readable` records, in Packer's order.
//! The CLI renders them; the content lives here so every renderer agrees.

use std::time::Duration;

use super::build_report::{BuildOutcome, BuildReport};
use super::durafmt::format_elapsed;

/// One output record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryLine {
    /// `ui.Say`.
    Say(String),
    /// `ui.Error`.
    Error(String),
    /// `ui.Machine`: only shown with `-machine-readable` (`<ts>,<target>,<kind>,<args…>`).
    Machine {
        /// The build, when targeted.
        target: Option<String>,
        /// The record type (`artifact`, `error-count`).
        kind: &'static str,
        /// The record's fields.
        args: Vec<String>,
    },
}

/// The final output and whether the run failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// What to print, in order.
    pub lines: Vec<SummaryLine>,
    /// Interrupted, or some build errored (exit 1; prepare errors also exit 1, decided by
    /// the caller).
    pub failed: bool,
}

/// Builds the final output after all builds returned. `builds` are in the order to list them
/// (upstream uses Go map order, i.e. random; start order is recommended).
#[must_use]
pub fn build_summary(builds: &[BuildReport], wait: Duration, interrupted: bool) -> Summary {
    let mut lines = vec![SummaryLine::Say(format!("\n==> Wait completed after {}", format_elapsed(wait)))];
    if interrupted {
        lines.push(SummaryLine::Say("Cleanly cancelled builds after being interrupted.".to_owned()));
        return Summary { lines, failed: true };
    }

    let errored: Vec<(&str, &str)> = builds
        .iter()
        .filter_map(|b| match &b.outcome {
            BuildOutcome::Errored(e) => Some((b.name.as_str(), e.as_str())),
            BuildOutcome::Finished(_) => None,
        })
        .collect();
    if !errored.is_empty() {
        lines.push(machine(None, "error-count", vec![errored.len().to_string()]));
        lines.push(SummaryLine::Error("\n==> Some builds didn't complete successfully and had errors:".to_owned()));
        for (name, error) in &errored {
            lines.push(machine(Some(name), "error", vec![(*error).to_owned()]));
            lines.push(SummaryLine::Error(format!("--> {name}: {error}")));
        }
    }

    let with_artifacts: Vec<_> = builds
        .iter()
        .filter_map(|b| match &b.outcome {
            BuildOutcome::Finished(Some(artifacts)) => Some((b.name.as_str(), artifacts)),
            _ => None,
        })
        .collect();
    if with_artifacts.is_empty() {
        lines.push(SummaryLine::Say("\n==> Builds finished but no artifacts were created.".to_owned()));
    } else {
        lines.push(SummaryLine::Say("\n==> Builds finished. The artifacts of successful builds are:".to_owned()));
        for (name, artifacts) in with_artifacts {
            lines.push(machine(Some(name), "artifact-count", vec![artifacts.len().to_string()]));
            for (i, artifact) in artifacts.iter().enumerate() {
                let i = i.to_string();
                let description = artifact.to_string();
                let files = artifact.files();
                let record = |fields: &[&str]| {
                    let mut args = vec![i.clone()];
                    args.extend(fields.iter().map(|f| (*f).to_owned()));
                    machine(Some(name), "artifact", args)
                };
                lines.push(record(&["builder-id", &artifact.builder_id()]));
                lines.push(record(&["id", &artifact.id()]));
                lines.push(record(&["string", &description]));
                lines.push(record(&["files-count", &files.len().to_string()]));
                for (j, file) in files.iter().enumerate() {
                    lines.push(record(&["file", &j.to_string(), file]));
                }
                lines.push(record(&["end"]));
                lines.push(SummaryLine::Say(format!("--> {name}: {description}")));
            }
        }
    }
    Summary { lines, failed: !errored.is_empty() }
}

fn machine(target: Option<&str>, kind: &'static str, args: Vec<String>) -> SummaryLine {
    SummaryLine::Machine { target: target.map(str::to_owned), kind, args }
}
