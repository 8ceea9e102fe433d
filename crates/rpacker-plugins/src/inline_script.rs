//! The temporary script `shell` and `shell-local` write for `inline` (Packer's
//! `packer-shell<digits>` temp file): an optional `#!` line, then each line rendered with the
//! generated data and ended with a newline. It is a [`TempFile`], so it is removed on every way
//! out of a run.

use std::collections::BTreeMap;

use crate::temp_file::TempFile;
use rpacker_sdk::lifecycle::run_template;

/// The first line of an inline script.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shebang<'a> {
    /// `#!<value>`, or no such line when the value is empty (shell-local).
    Always(&'a str),
    /// `#!<value>` unless the rendered script already starts with `#!` (the shell provisioner's
    /// default `inline_shebang` since Packer 1.13).
    UnlessPresent(&'a str),
}

/// Why the inline script could not be written.
#[derive(Debug)]
pub(crate) enum InlineScriptError {
    /// A line did not render (Go's template error text).
    Render(String),
    /// The file could not be written.
    Write(std::io::Error),
}

/// Writes the script, mode 0700, named `packer-shell<digits>[.<extension>]`.
///
/// # Errors
/// A line's render error, or the file could not be written; no file is left either way.
pub(crate) fn write_inline_script(
    lines: &[String],
    shebang: Shebang<'_>,
    extension: &str,
    data: &BTreeMap<String, String>,
) -> Result<TempFile, InlineScriptError> {
    let mut body = String::new();
    for line in lines {
        body.push_str(&run_template::render(line, data).map_err(InlineScriptError::Render)?);
        body.push('\n');
    }
    let first = match shebang {
        Shebang::Always(value) => value,
        Shebang::UnlessPresent(_) if body.starts_with("#!") => "",
        Shebang::UnlessPresent(value) => value,
    };
    let text = if first.is_empty() { body } else { format!("#!{first}\n{body}") };
    TempFile::write("packer-shell", extension, text.as_bytes(), 0o700).map_err(InlineScriptError::Write)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_then_removes() {
        let data: BTreeMap<String, String> = [("ID".to_owned(), "Null".to_owned())].into();
        let echo = ["echo {{ build `ID` }}".to_owned(), "true".to_owned()];
        let own = ["#!/bin/bash".to_owned(), "echo".to_owned()];
        let cases: [(&[String], Shebang<'_>, &str, &str); 5] = [
            (&echo, Shebang::Always("/bin/sh -e"), "", "#!/bin/sh -e\necho Null\ntrue\n"),
            (&echo, Shebang::Always(""), "cmd", "echo Null\ntrue\n"),
            (&echo, Shebang::UnlessPresent("/bin/sh -e"), "", "#!/bin/sh -e\necho Null\ntrue\n"),
            (&own, Shebang::UnlessPresent("/bin/sh -e"), "", "#!/bin/bash\necho\n"),
            (&own, Shebang::Always("/bin/sh -e"), "", "#!/bin/sh -e\n#!/bin/bash\necho\n"),
        ];
        for (lines, shebang, ext, want) in cases {
            let script = write_inline_script(lines, shebang, ext, &data).unwrap();
            let path = std::path::PathBuf::from(script.display());
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.starts_with("packer-shell") && name.ends_with(ext), "{name}");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), want);
            drop(script);
            assert!(!path.exists(), "{name} left behind");
        }
    }

    #[test]
    fn render_failure_writes_nothing() {
        let before = packer_shell_files();
        let err =
            write_inline_script(&["{{ build `Nope` }}".to_owned()], Shebang::Always(""), "zzfail", &BTreeMap::new())
                .unwrap_err();
        assert!(
            matches!(&err, InlineScriptError::Render(e) if e.contains("loaded data, but couldnt find Nope in it."))
        );
        assert_eq!(
            packer_shell_files().iter().filter(|n| n.ends_with("zzfail")).count(),
            before.iter().filter(|n| n.ends_with("zzfail")).count()
        );
    }

    fn packer_shell_files() -> Vec<String> {
        std::fs::read_dir(std::env::temp_dir())
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.starts_with("packer-shell"))
            .collect()
    }
}
