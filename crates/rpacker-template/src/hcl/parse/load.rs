//! Finding and parsing a configuration's files (Packer's `parser.go` discovery rules).
//!
//! A directory contributes its `*.pkr.hcl` files (sorted), then its `*.pkr.json` files
//! (sorted), non-recursively, plus `*.auto.pkrvars.hcl` / `.json` variable files; a file path
//! contributes only itself. Every file read is added to the [`SourceMap`].

use std::path::{Path, PathBuf};

use rpacker_diag::{Diagnostic, FileId, SourceMap, Span};

use super::config::ConfigFiles;
use super::content::RawBody;
use super::core_version::check_core_version;
use super::decode::decode_file;
use super::origin::Origin;
use super::syntax_error::syntax_diagnostic;

/// Loads the configuration at `path` (a directory or one `.pkr.hcl` / `.pkr.json` file) for a
/// Packer of version `core_version` (what `required_version` is checked against).
///
/// # Errors
/// `Could not find any config file in <path>`, unreadable files, every file's syntax errors
/// (all files are parsed before stopping), `required_version` problems (a version the
/// configuration does not support stops loading there), then the structural errors.
pub fn load_config(path: &Path, core_version: &str, sources: &mut SourceMap) -> Result<ConfigFiles, Vec<Diagnostic>> {
    let (files, auto_var_files) = discover(path)?;
    let mut bodies = Vec::new();
    let mut diags = Vec::new();
    for file in &files {
        match read_file(file, sources) {
            Ok(body) => bodies.push(body),
            Err(more) => diags.extend(more),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let version = check_core_version(bodies.iter().map(|(_, body)| body), core_version);
    if version.unsupported {
        return Err(version.diagnostics);
    }
    diags.extend(version.diagnostics);
    let mut config = ConfigFiles { auto_var_files, ..ConfigFiles::default() };
    for (file, body) in bodies {
        config.files.push(file);
        decode_file(&body, sources, &mut config, &mut diags);
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(config)
}

/// The config files and auto var files `path` stands for, in load order.
fn discover(path: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Vec<Diagnostic>> {
    let not_found = || {
        vec![Diagnostic::error(
            format!("Could not find any config file in {}", path.display()),
            "A config file must be suffixed with `.pkr.hcl` or `.pkr.json`. A folder can be referenced.",
        )]
    };
    if !path.is_dir() {
        let name = path.to_string_lossy();
        return if (name.ends_with(".pkr.hcl") || name.ends_with(".pkr.json")) && path.is_file() {
            Ok((vec![path.to_path_buf()], Vec::new()))
        } else {
            Err(not_found())
        };
    }
    let entries = std::fs::read_dir(path)
        .map_err(|e| vec![Diagnostic::error(format!("Failed to read {}", path.display()), e.to_string())])?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let pick = |suffix: &str| names.iter().filter(|n| n.ends_with(suffix)).map(|n| path.join(n)).collect::<Vec<_>>();
    let mut files = pick(".pkr.hcl");
    files.extend(pick(".pkr.json"));
    if files.is_empty() {
        return Err(not_found());
    }
    let mut var_files = pick(".auto.pkrvars.hcl");
    var_files.extend(pick(".auto.pkrvars.json"));
    Ok((files, var_files))
}

/// Reads and parses one file (native or JSON by its suffix).
pub(crate) fn read_file(path: &Path, sources: &mut SourceMap) -> Result<(FileId, RawBody), Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic::error(
            "Failed to read file",
            format!("The configuration file {:?} could not be read: {e}", path.display()),
        )]
    })?;
    let id = sources.add(path.to_string_lossy(), text.clone());
    let whole = Span::new(id, 0, text.len());
    if path.extension().is_some_and(|e| e == "json") {
        match crate::json::read_json(&text, id) {
            Ok(node) => Ok((id, RawBody::Json { node, file: id })),
            Err(error) => Err(vec![Diagnostic::error("Invalid JSON", error.to_string()).with_subject(Some(whole))]),
        }
    } else {
        match hcl_edit::parser::parse_body(&text) {
            Ok(body) => Ok((id, RawBody::Native { body, origin: Origin::native(id), span: whole })),
            Err(error) => Err(vec![syntax_diagnostic(&error, &text, id)]),
        }
    }
}
