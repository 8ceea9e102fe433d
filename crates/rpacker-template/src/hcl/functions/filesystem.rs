//! Filesystem functions: paths (`abspath`, `basename`, `dirname`, `pathexpand`) and files
//! (`file`, `filebase64`, `fileexists`, `fileset`) — go-cty-funcs `filesystem` and Packer's
//! `filebase64`.
//!
//! Relative paths given to `file`, `fileexists` and `fileset` are resolved against
//! [`FunctionContext::base_dir`] (`path.root`), after `~` expansion, and cleaned as Go's
//! `filepath.Clean` does, so error messages name the same path. `abspath` and Packer's
//! `filebase64` resolve against the working directory instead, as in Packer.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::glob;
use super::signature::{def, param, FunctionDef, Ty};
use super::string::text;
use super::{FunctionContext, FunctionError};
use crate::hcl::value::HclValue;

const PATH: &[super::signature::Param] = &[param("path", Ty::String)];

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    def("abspath", PATH, Ty::String, abspath),
    def("basename", PATH, Ty::String, basename),
    def("dirname", PATH, Ty::String, dirname),
    def("file", PATH, Ty::String, file),
    def("filebase64", PATH, Ty::String, filebase64),
    def("fileexists", PATH, Ty::Bool, fileexists),
    def("fileset", &[param("path", Ty::String), param("pattern", Ty::String)], Ty::Set(&Ty::String), fileset),
    def("pathexpand", PATH, Ty::String, pathexpand),
];

/// Go's `filepath.Clean` for `/`-separated paths.
pub(super) fn clean(path: &str) -> String {
    crate::funcs::paths::go_clean(path)
}

/// `filepath.Join(base, path)` unless `path` is absolute, then cleaned.
fn resolve(base: &Path, path: &str) -> String {
    if path.starts_with('/') {
        clean(path)
    } else {
        clean(&format!("{}/{path}", base.to_string_lossy()))
    }
}

/// mitchellh/go-homedir's `Expand`: a leading `~` becomes `$HOME`.
fn expand_home(path: &str, ctx: &FunctionContext) -> Result<String, String> {
    let Some(rest) = path.strip_prefix('~') else {
        return Ok(path.to_owned());
    };
    if !(rest.is_empty() || rest.starts_with('/')) {
        return Err("cannot expand user-specific home dir".to_owned());
    }
    let home = ctx.environment.get("HOME").filter(|h| !h.is_empty()).ok_or("$HOME is not defined")?;
    Ok(clean(&format!("{home}{rest}")))
}

fn read_relative(path: &str, ctx: &FunctionContext) -> Result<Vec<u8>, FunctionError> {
    let expanded = expand_home(path, ctx).map_err(|e| FunctionError::call(format!("failed to expand ~: {e}")))?;
    let full = resolve(&ctx.base_dir, &expanded);
    std::fs::read(&full).map_err(|e| match e.kind() {
        ErrorKind::NotFound => FunctionError::call(format!("no file exists at {full}")),
        _ => FunctionError::call(format!("failed to read {full}")),
    })
}

fn file(a: Vec<HclValue>, ctx: &FunctionContext) -> Result<HclValue, FunctionError> {
    let path = text(&a[0]);
    let bytes = read_relative(path, ctx)?;
    String::from_utf8(bytes).map(HclValue::String).map_err(|_| {
        FunctionError::call(format!("contents of {path} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead"))
    })
}

/// Packer's own `filebase64` reads the path as given, from the working directory.
fn filebase64(a: Vec<HclValue>, ctx: &FunctionContext) -> Result<HclValue, FunctionError> {
    let path = text(&a[0]);
    let full = ctx.environment.cwd().join(path);
    let bytes = std::fs::read(&full)
        .map_err(|e| FunctionError::call(format!("failed to read file {path:?}: open {path}: {}", go_io_error(&e))))?;
    Ok(HclValue::String(STANDARD.encode(bytes)))
}

/// The text Go's `syscall.Errno` prints for common I/O failures.
fn go_io_error(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => e.to_string(),
    }
}

fn fileexists(a: Vec<HclValue>, ctx: &FunctionContext) -> Result<HclValue, FunctionError> {
    let expanded =
        expand_home(text(&a[0]), ctx).map_err(|e| FunctionError::call(format!("failed to expand ~: {e}")))?;
    let full = resolve(&ctx.base_dir, &expanded);
    match std::fs::metadata(&full) {
        Ok(meta) if meta.is_file() => Ok(HclValue::Bool(true)),
        Ok(meta) => Err(FunctionError::call(format!("{full} is not a regular file, but {:?}", go_mode(&meta)))),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(HclValue::Bool(false)),
        Err(_) => Err(FunctionError::call(format!("failed to stat {full}"))),
    }
}

/// Go's `FileMode.String()` for what `fileexists` can meet: a type letter and `rwx` bits.
fn go_mode(meta: &std::fs::Metadata) -> String {
    use std::os::unix::fs::PermissionsExt as _;
    let kind = if meta.is_dir() { 'd' } else { '-' };
    let bits = meta.permissions().mode();
    let rwx: String = (0..9).map(|i| if bits & (1 << (8 - i)) != 0 { ['r', 'w', 'x'][i % 3] } else { '-' }).collect();
    format!("{kind}{rwx}")
}

fn fileset(a: Vec<HclValue>, ctx: &FunctionContext) -> Result<HclValue, FunctionError> {
    let root = resolve(&ctx.base_dir, text(&a[0]));
    let full_pattern = clean(&format!("{root}/{}", text(&a[1])));
    glob::validate(&full_pattern).map_err(|_| {
        FunctionError::call(format!("failed to glob pattern ({full_pattern}): syntax error in pattern"))
    })?;
    // Match relative to the root: doublestar globs the joined pattern, then Packer makes
    // each match relative again.
    let relative_pattern = full_pattern.strip_prefix(&format!("{}/", root.trim_end_matches('/'))).unwrap_or("");
    let mut found = Vec::new();
    walk(Path::new(&root), "", &mut found);
    let mut matches = Vec::new();
    for candidate in found {
        if glob::matches(relative_pattern, &candidate).unwrap_or(false) {
            matches.push(HclValue::String(candidate));
        }
    }
    Ok(HclValue::Set(crate::hcl::value::canonical_set(matches)))
}

/// Every regular file under `dir`, as `/`-separated paths relative to the walk's root.
/// Unreadable directories are skipped, as a glob would find nothing in them.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        let path: PathBuf = entry.path();
        match std::fs::metadata(&path) {
            // Symlinked directories are not followed, so a link loop cannot recurse forever.
            Ok(meta) if meta.is_dir() && !entry.file_type().is_ok_and(|t| t.is_symlink()) => {
                walk(&path, &relative, out);
            }
            Ok(meta) if meta.is_file() => out.push(relative),
            _ => {}
        }
    }
}

fn abspath(a: Vec<HclValue>, ctx: &FunctionContext) -> Result<HclValue, FunctionError> {
    Ok(HclValue::String(resolve(ctx.environment.cwd(), text(&a[0]))))
}

/// Go's `filepath.Base`.
fn basename(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let path = text(&a[0]);
    if path.is_empty() {
        return Ok(HclValue::string("."));
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(HclValue::string("/"));
    }
    Ok(HclValue::string(trimmed.rsplit('/').next().unwrap_or(trimmed)))
}

/// Go's `filepath.Dir`.
fn dirname(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let path = text(&a[0]);
    let dir = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    };
    Ok(HclValue::String(clean(dir)))
}

fn pathexpand(a: Vec<HclValue>, ctx: &FunctionContext) -> Result<HclValue, FunctionError> {
    expand_home(text(&a[0]), ctx).map(HclValue::String).map_err(FunctionError::call)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{b, err, ok, run, s, set};

    /// Expectations from go-cty-funcs `filesystem/filesystem_test.go` (against this module's
    /// own `testdata`, with `base_dir` there and HOME `/home/tester`) and Packer's
    /// `function/filebase64_test.go`.
    #[test]
    #[rustfmt::skip]
    fn filesystem_functions() {
        run(vec![
            ("file", vec![s("hello.txt")], ok(s("Hello World"))),
            ("file", vec![s("sub/../hello.txt")], ok(s("Hello World"))),
            ("file", vec![s("/nonexistent/missing")], err("no file exists at /nonexistent/missing")),
            ("file", vec![s("binary.bin")], err("contents of binary.bin are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead")),
            ("file", vec![s("~user/x")], err("failed to expand ~: cannot expand user-specific home dir")),
            ("filebase64", vec![s("/nonexistent/missing")], err("failed to read file \"/nonexistent/missing\": open /nonexistent/missing: no such file or directory")),
            ("fileexists", vec![s("hello.txt")], ok(b(true))),
            ("fileexists", vec![s("missing")], ok(b(false))),
            ("fileexists", vec![s("/nonexistent/missing")], ok(b(false))),
            ("fileexists", vec![s("/")], err("/ is not a regular file, but \"drwxr-xr-x\"")),
            ("fileset", vec![s("."), s("*.txt")], ok(set(vec![s("hello.txt")]))),
            ("fileset", vec![s("."), s("hello.???")], ok(set(vec![s("hello.txt")]))),
            ("fileset", vec![s("."), s("hello*")], ok(set(vec![s("hello.tmpl"), s("hello.txt")]))),
            ("fileset", vec![s("."), s("hello.{tmpl,txt}")], ok(set(vec![s("hello.tmpl"), s("hello.txt")]))),
            ("fileset", vec![s("."), s("**/*.txt")], ok(set(vec![s("hello.txt"), s("sub/nested.txt")]))),
            ("fileset", vec![s("."), s("*/nested*")], ok(set(vec![s("sub/nested.txt")]))),
            ("fileset", vec![s("sub"), s("*")], ok(set(vec![s("nested.txt")]))),
            ("fileset", vec![s("."), s("sub")], ok(set(vec![]))),
            ("fileset", vec![s("."), s("missing*")], ok(set(vec![]))),
            ("fileset", vec![s("/nonexistent"), s("*")], ok(set(vec![]))),
            ("fileset", vec![s("/nonexistent"), s("[")], err("failed to glob pattern (/nonexistent/[): syntax error in pattern")),
            ("abspath", vec![s("a/../b")], ok(s("/work/cwd/b"))),
            ("abspath", vec![s("/etc//hosts")], ok(s("/etc/hosts"))),
            ("basename", vec![s("testdata/hello.txt")], ok(s("hello.txt"))),
            ("basename", vec![s("dir/")], ok(s("dir"))),
            ("basename", vec![s("/")], ok(s("/"))),
            ("basename", vec![s("")], ok(s("."))),
            ("dirname", vec![s("testdata/hello.txt")], ok(s("testdata"))),
            ("dirname", vec![s("hello.txt")], ok(s("."))),
            ("dirname", vec![s("/hello.txt")], ok(s("/"))),
            ("dirname", vec![s("")], ok(s("."))),
            ("pathexpand", vec![s("~/.ssh/id_rsa")], ok(s("/home/tester/.ssh/id_rsa"))),
            ("pathexpand", vec![s("/etc/hosts")], ok(s("/etc/hosts"))),
            ("pathexpand", vec![s("~")], ok(s("/home/tester"))),
        ]);
    }
}
