//! `fmt`: rewrites HCL2 files (`*.pkr.hcl`, `*.pkrvars.hcl`) to canonical form, as current
//! Packer's `HCL2Formatter` does — several paths, folders (`-recursive`), `-` for standard
//! input, `-check` (exit 3 when anything would change), `-diff`, `-write=false`.
//!
//! Each changed file's name is printed, then its diff; errors are collected and printed as
//! diagnostics at the end (`encountered an error while formatting <file>`).

use std::io::{Read, Write};

use rpacker_diag::{go_errors::multierror, Diagnostic, SourceMap};
use rpacker_sdk::communicator::go_errno_text;
use rpacker_template::funcs::paths::go_clean;
use rpacker_template::hcl::format::{check_syntax, format_source, unified_diff};

use crate::diagnostics::write_diagnostics;
use crate::flags::{parse_flags, FlagDef, FlagKind};
use crate::ui::Ui;

/// `packer fmt -h` (current Packer).
pub const HELP: &str = "Usage: packer fmt [options] [TEMPLATE]

  Rewrites all Packer configuration files to a canonical format. Both
  configuration files (.pkr.hcl) and variable files (.pkrvars.hcl) are updated.
  JSON files (.json) are not modified.

  If TEMPLATE is \".\" the current directory will be used.
  If TEMPLATE is \"-\" then content will be read from STDIN.

  The given content must be in Packer's HCL2 configuration language; JSON is
  not supported.

Options:
  -check        Check if the input is formatted. Exit status will be 0 if all
                 input is properly formatted and non-zero otherwise.

  -diff         Display diffs of formatting change

  -write=false  Don't write to source files
                (always disabled if using -check)

  -recursive     Also process files in subdirectories. By default, only the
                 given directory (or current directory) is processed.";

const FLAGS: &[FlagDef] = &[
    FlagDef { name: "check", kind: FlagKind::Bool },
    FlagDef { name: "diff", kind: FlagKind::Bool },
    FlagDef { name: "write", kind: FlagKind::Bool },
    FlagDef { name: "recursive", kind: FlagKind::Bool },
    // Packer's common flags, accepted and unused by fmt.
    FlagDef { name: "only", kind: FlagKind::CommaList },
    FlagDef { name: "except", kind: FlagKind::CommaList },
    FlagDef { name: "var", kind: FlagKind::KeyValue },
    FlagDef { name: "var-file", kind: FlagKind::Repeated },
    FlagDef { name: "config-type", kind: FlagKind::Repeated },
];

/// Runs `fmt`.
pub fn run(ui: &mut Ui, args: &[String]) -> i32 {
    let flags = match parse_flags(FLAGS, args) {
        Ok(flags) => flags,
        Err(e) => {
            ui.say(HELP);
            ui.error(&e.0);
            return 1;
        }
    };
    if flags.args.is_empty() {
        ui.say(HELP);
        return 1;
    }
    let check = flags.bool("check");
    let mut formatter = Formatter {
        show_diff: flags.bool("diff"),
        write: flags.bool_or("write", true) && !check,
        recursive: flags.bool("recursive"),
        changed_bytes: 0,
        errors: Vec::new(),
        out: std::io::stdout(),
    };
    formatter.format_paths(&flags.args);
    let code = write_diagnostics(ui, &SourceMap::new(), &formatter.errors);
    if code != 0 {
        return code;
    }
    if check && formatter.changed_bytes > 0 {
        // Terraform's exit code for `fmt -check`.
        return 3;
    }
    0
}

/// One run over the paths given (`HCL2Formatter`).
struct Formatter {
    show_diff: bool,
    write: bool,
    recursive: bool,
    /// Bytes of formatted output of changed files (`-check` only asks whether it is zero).
    changed_bytes: usize,
    errors: Vec<Diagnostic>,
    out: std::io::Stdout,
}

impl Formatter {
    /// `Format(paths)`: files as given, folders by their HCL2 files (sorted, hidden and editor
    /// files skipped), sub-folders only with `-recursive`.
    fn format_paths(&mut self, paths: &[String]) {
        for path in paths {
            let is_dir = std::fs::metadata(path).is_ok_and(|m| m.is_dir());
            if !is_dir {
                self.format_file(path);
                continue;
            }
            let mut entries = match std::fs::read_dir(path) {
                Ok(entries) => entries.filter_map(Result::ok).collect::<Vec<_>>(),
                Err(e) => {
                    self.errors.push(Diagnostic::error("Cannot read hcl directory", go_errno_text(&e)));
                    return;
                }
            };
            entries.sort_by_key(std::fs::DirEntry::file_name);
            for entry in entries {
                let name = entry.file_name().to_string_lossy().into_owned();
                if is_ignored_file(&name) {
                    continue;
                }
                // Go's `filepath.Join`: `./a.pkr.hcl` is `a.pkr.hcl`.
                let file = go_clean(&format!("{path}/{name}"));
                // Like Go's `DirEntry.IsDir`, a symbolic link is not followed.
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    if self.recursive {
                        self.format_paths(&[file]);
                    }
                    continue;
                }
                if is_hcl_file(&file) {
                    self.format_file(&file);
                }
            }
        }
    }

    fn format_file(&mut self, path: &str) {
        match self.process_file(path) {
            Ok(changed) => self.changed_bytes += changed,
            Err(detail) => {
                self.errors.push(Diagnostic::error(format!("encountered an error while formatting {path}"), detail))
            }
        }
    }

    /// `processFile`: the number of bytes of the new text when the file changed (0 when it was
    /// already canonical), or the error's text.
    fn process_file(&mut self, path: &str) -> Result<usize, String> {
        let stdin = path == "-";
        if !stdin && !is_hcl_file(path) {
            return Err(format!("file {path} is not a HCL file"));
        }
        let bytes = if stdin {
            // Packer turns diffs off for the rest of the run once it reads standard input.
            self.show_diff = false;
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("failed to read {path}: {}", go_errno_text(&e)))?;
            bytes
        } else {
            std::fs::read(path).map_err(|e| format!("failed to open {path}: open {path}: {}", go_errno_text(&e)))?
        };
        let source = parse_error_text(path, &bytes)?;
        let formatted = format_source(source);
        if formatted == source {
            if stdin {
                self.emit(formatted.as_bytes());
            }
            return Ok(0);
        }
        if !stdin {
            self.emit(format!("{path}\n").as_bytes());
        }
        if self.write {
            if stdin {
                self.emit(formatted.as_bytes());
            } else {
                std::fs::write(path, &formatted).map_err(|e| format!("open {path}: {}", go_errno_text(&e)))?;
            }
        }
        if self.show_diff {
            self.emit(unified_diff(source, &formatted, path).as_bytes());
        }
        Ok(formatted.len())
    }

    fn emit(&mut self, bytes: &[u8]) {
        // A closed stdout (`| head`) is not worth failing the run for.
        let _ = self.out.write_all(bytes);
        let _ = self.out.flush();
    }
}

/// The source as text when it parses; otherwise the parse errors as Packer words them
/// (`go-multierror` of `<file>:<line>,<col>-<col>: <summary>; <detail>`).
fn parse_error_text<'a>(path: &str, bytes: &'a [u8]) -> Result<&'a str, String> {
    let (source, diag) = match std::str::from_utf8(bytes) {
        Ok(source) => match check_syntax(source, rpacker_diag::FileId(0)) {
            Ok(()) => return Ok(source),
            Err(diag) => (source.to_owned(), diag),
        },
        Err(e) => {
            // The valid part, then one replacement character for the first bad byte.
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let at = valid.len();
            let diag = Diagnostic::error(
                "Invalid character encoding",
                "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.",
            )
            .with_subject(Some(rpacker_diag::Span::new(rpacker_diag::FileId(0), at, at + 3)));
            (valid + "\u{fffd}", diag)
        }
    };
    let mut sources = SourceMap::new();
    let file = sources.add(path, source);
    let range = diag.subject.map_or_else(String::new, |span| {
        let Some(text) = sources.file(file) else { return String::new() };
        let start = text.line_col(span.start as usize);
        // HCL's ranges always cover at least one character.
        let end = text.line_col((span.end as usize).max(span.start as usize + 1));
        if start.line == end.line {
            format!("{path}:{},{}-{}", start.line, start.col, end.col)
        } else {
            format!("{path}:{},{}-{},{}", start.line, start.col, end.line, end.col)
        }
    });
    Err(multierror(&[format!("{range}: {}; {}", diag.summary, diag.detail)]))
}

/// Packer's HCL2 file names: `*.pkr.hcl` and `*.pkrvars.hcl`.
fn is_hcl_file(path: &str) -> bool {
    path.ends_with(".pkr.hcl") || path.ends_with(".pkrvars.hcl")
}

/// Hidden files and editor leftovers (`*~`, `#…#`) in a folder are not formatted.
fn is_ignored_file(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || (name.starts_with('#') && name.ends_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_packer_formats_and_skips() {
        assert!(is_hcl_file("dir/a.pkr.hcl") && is_hcl_file("v.pkrvars.hcl"));
        assert!(!is_hcl_file("a.pkr.json") && !is_hcl_file("a.hcl"));
        assert!(is_ignored_file(".a.pkr.hcl") && is_ignored_file("a.pkr.hcl~") && is_ignored_file("#a.pkr.hcl#"));
        assert!(!is_ignored_file("a.pkr.hcl"));
    }

    #[test]
    fn parse_errors_name_file_line_and_columns() {
        let text = parse_error_text("bad.pkr.hcl", b"a = 1\nx = \n").unwrap_err();
        assert_eq!(
            text,
            "1 error occurred:\n\t* bad.pkr.hcl:2,5-3,1: Invalid expression; Expected the start of an expression, but found an invalid expression token.\n\n"
        );
        let text = parse_error_text("b.pkr.hcl", b"a = \"\xff\"\n").unwrap_err();
        assert!(text.starts_with("1 error occurred:\n\t* b.pkr.hcl:1,6-7: Invalid character encoding;"), "{text}");
        assert_eq!(parse_error_text("ok.pkr.hcl", b"a = 1\n"), Ok("a = 1\n"));
    }
}
