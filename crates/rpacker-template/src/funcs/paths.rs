//! `pwd` and `template_dir`: directories, computed the way Go's `path/filepath` does.
//!
//! `template_dir` is `filepath.Abs(filepath.Dir(TemplatePath))`, so a template read from
//! stdin (path `-`) yields the working directory, and `..` segments are cleaned lexically
//! without touching the file system. Both read the working directory from the run's
//! [`Environment`](crate::environment::Environment), never from the process.

use std::path::Path;

use rpacker_gotmpl::Value;

use super::args;

/// `pwd`: the working directory.
pub(crate) fn pwd(cwd: &Path, a: &[Value]) -> Result<Value, String> {
    args::exactly("pwd", a, 0)?;
    Ok(Value::String(cwd.to_string_lossy().into_owned()))
}

/// `template_dir`: the absolute directory of the template file.
pub(crate) fn template_dir(template_path: Option<&Path>, cwd: &Path, a: &[Value]) -> Result<Value, String> {
    args::exactly("template_dir", a, 0)?;
    let path = template_path.map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
    if path.is_empty() {
        return Err("template path not available".to_owned());
    }
    Ok(Value::String(go_abs(&go_dir(&path), &cwd.to_string_lossy())))
}

/// Go's `filepath.Dir`: everything before the last separator, cleaned.
fn go_dir(path: &str) -> String {
    let dir = path.rfind('/').map_or("", |i| &path[..=i]);
    go_clean(dir)
}

/// Go's `filepath.Abs`: a relative path is joined to the working directory, then cleaned.
fn go_abs(path: &str, cwd: &str) -> String {
    if path.starts_with('/') {
        go_clean(path)
    } else {
        go_clean(&format!("{cwd}/{path}"))
    }
}

/// Go's `filepath.Clean` (Unix): collapse separators, drop `.`, resolve `..` lexically; `""`
/// becomes `.`. Shared with the HCL2 filesystem functions.
pub fn go_clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                // `..` above the root is the root; above a relative start it is kept.
                _ if rooted => {}
                _ => parts.push(".."),
            },
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_dir_cases() {
        let cwd = Path::new("/work/dir");
        let cases: &[(Option<&str>, Result<&str, &str>)] = &[
            // verified with packer 1.6.6: a template in /tmp/pk renders `/tmp/pk`.
            (Some("/tmp/pk/t.json"), Ok("/tmp/pk")),
            (Some("-"), Ok("/work/dir")),
            (Some("t.json"), Ok("/work/dir")),
            (Some("../x/t.json"), Ok("/work/x")),
            (Some("/t.json"), Ok("/")),
            (Some("/a//b/./c/../t.json"), Ok("/a/b")),
            (Some(""), Err("template path not available")),
            (None, Err("template path not available")),
        ];
        for (path, want) in cases {
            let got = template_dir(path.map(Path::new), cwd, &[]);
            assert_eq!(got, want.map(Value::from).map_err(str::to_owned), "{path:?}");
        }
    }

    #[test]
    fn go_clean_cases() {
        let cases = [("", "."), ("a/../..", ".."), ("/../a", "/a"), ("a/b/", "a/b"), ("//", "/"), ("./", ".")];
        for (input, want) in cases {
            assert_eq!(go_clean(input), want, "{input:?}");
        }
    }

    #[test]
    fn pwd_is_the_injected_cwd() {
        assert_eq!(pwd(Path::new("/w"), &[]), Ok(Value::from("/w")));
        assert_eq!(
            pwd(Path::new("/w"), &[Value::from("x")]),
            Err("wrong number of args for pwd: want 0 got 1".to_owned())
        );
    }
}
