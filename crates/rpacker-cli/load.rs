//! Reading what the user pointed at: template type detection (Packer's `GetConfigType`), the
//! JSON template itself (or stdin for `-`), and `-var-file`s. Problems are printed here with
//! Packer's text and become exit code 1.

use std::io::Read;
use std::path::{Path, PathBuf};

use rpacker_core::VariableInput;
use rpacker_diag::{SourceMap, Span};
use rpacker_template::json::{load_template_bytes, read_var_file_bytes, TemplateParseError};
use rpacker_template::Template;

use crate::ui::Ui;

/// The two template languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigType {
    /// Legacy JSON.
    Json,
    /// HCL2 (`*.pkr.hcl`, `*.pkr.json`, or a folder).
    Hcl2,
}

/// Packer's rule: HCL2 for `.pkr.hcl`/`.pkr.json` paths and directories, JSON otherwise.
pub fn config_type(path: &str) -> ConfigType {
    if path.ends_with(".pkr.hcl") || path.ends_with(".pkr.json") || (path != "-" && Path::new(path).is_dir()) {
        ConfigType::Hcl2
    } else {
        ConfigType::Json
    }
}

/// A loaded JSON template and the files it was read from.
pub struct LoadedTemplate {
    /// The template.
    pub template: Template,
    /// Its text (and var files') for diagnostics.
    pub sources: SourceMap,
}

/// Loads the JSON template at `path` (`-` = stdin); prints the error and returns `Err(1)` on failure.
pub fn load_json_template(ui: &mut Ui, path: &str) -> Result<LoadedTemplate, i32> {
    let (bytes, abs_path) = if path == "-" {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            ui.error(&format!("Failed to read template from stdin: {e}"));
            return Err(1);
        }
        (bytes, None)
    } else {
        match std::fs::read(path) {
            Ok(bytes) => (bytes, Some(absolute(path))),
            Err(e) => {
                ui.error(&format!("{path:?}: {}", go_io_error("stat", path, &e)));
                return Err(1);
            }
        }
    };
    let mut sources = SourceMap::new();
    let display = if path == "-" { "<stdin>" } else { path };
    let file = sources.add(display, String::from_utf8_lossy(&bytes).into_owned());
    // Go accepts invalid UTF-8 inside strings, so the loader reads bytes.
    match load_template_bytes(&bytes, file, abs_path) {
        Ok(template) => Ok(LoadedTemplate { template, sources }),
        Err(e) => {
            let mut message = format!("Failed to parse template: {e}");
            // Packer's syntax errors already show the line and a caret.
            if !matches!(e, TemplateParseError::Syntax(_)) {
                let spans: Vec<Span> = e.errors().iter().filter_map(|e| e.span).collect();
                append_locations(&mut message, &sources, &spans);
            }
            ui.error(&message);
            Err(1)
        }
    }
}

/// Reads every `-var-file` (JSON mode); prints the error and returns `Err(1)` on failure.
pub fn load_var_files(
    ui: &mut Ui,
    sources: &mut SourceMap,
    paths: &[String],
    flags: &[(String, String)],
) -> Result<VariableInput, i32> {
    let mut input = VariableInput { files: Vec::new(), flags: flags.to_vec() };
    for path in paths {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                ui.error(&format!("Error reading variables in '{path}': {}", go_io_error("open", path, &e)));
                return Err(1);
            }
        };
        let file = sources.add(path.clone(), String::from_utf8_lossy(&bytes).into_owned());
        match read_var_file_bytes(&bytes, file, path) {
            Ok(values) => input.files.push(values),
            Err(e) => {
                let mut message = e.message.clone();
                append_locations(&mut message, sources, &e.span.into_iter().collect::<Vec<_>>());
                ui.error(&message);
                return Err(1);
            }
        }
    }
    Ok(input)
}

/// rpacker's addition to Packer's text: where each problem is, with the source line.
fn append_locations(message: &mut String, sources: &SourceMap, spans: &[Span]) {
    for span in spans {
        if let Some((file, lc)) = sources.start(*span) {
            message.push_str(&format!(
                "\n  on {} line {}, column {}:\n{:>4}: {}\n{}^\n",
                file.name,
                lc.line,
                lc.col,
                lc.line,
                file.line_text(lc.line),
                " ".repeat(lc.line.to_string().len().max(4) + 2 + lc.col - 1)
            ));
        }
    }
}

/// Go's `*PathError` text: `stat x: no such file or directory`.
fn go_io_error(op: &str, path: &str, e: &std::io::Error) -> String {
    let reason = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ if e.raw_os_error() == Some(21) => "is a directory".to_owned(),
        _ => e.to_string(),
    };
    format!("{op} {path}: {reason}")
}

fn absolute(path: &str) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| PathBuf::from(path))
}
