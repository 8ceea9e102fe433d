//! The temporary script shell-local writes for `inline` (Packer's `createInlineScriptFile`):
//! `packer-shell<digits>[.<ext>]` in the temp dir, an optional shebang, each line rendered with
//! the generated data. The file is removed when its [`InlineScript`] drops, so every way out of
//! a run (success, failure, cancellation) cleans it up.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use rand::Rng;

use super::run::ShellLocalError;
use crate::run_template;

/// A written inline script, deleted on drop.
#[derive(Debug)]
pub(crate) struct InlineScript {
    path: PathBuf,
}

impl InlineScript {
    /// Writes `#!<shebang>` (when set) and each rendered `line` with a newline, mode 0700.
    ///
    /// # Errors
    /// A line's render error, or the file could not be written.
    pub(crate) fn write(
        lines: &[String],
        shebang: &str,
        extension: &str,
        data: &BTreeMap<String, String>,
    ) -> Result<Self, ShellLocalError> {
        let (file, path) = create_unique(extension).map_err(ShellLocalError::PrepareScript)?;
        // From here on the guard owns the path, so a failed write still removes it.
        let script = Self { path };
        let mut text = String::new();
        if !shebang.is_empty() {
            text.push_str(&format!("#!{shebang}\n"));
        }
        for line in lines {
            text.push_str(&run_template::render(line, data).map_err(ShellLocalError::Render)?);
            text.push('\n');
        }
        write_executable(file, &text).map_err(ShellLocalError::PrepareScript)?;
        Ok(script)
    }

    /// Where the script is.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for InlineScript {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Go's `ioutil.TempFile(os.TempDir(), "packer-shell")` plus the extension Packer adds by
/// renaming: a new file, never an existing one.
fn create_unique(extension: &str) -> std::io::Result<(File, PathBuf)> {
    let dir = std::env::temp_dir();
    let suffix = if extension.is_empty() { String::new() } else { format!(".{extension}") };
    loop {
        let digits: u32 = rand::thread_rng().gen();
        let path = dir.join(format!("packer-shell{digits}{suffix}"));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((file, path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
}

fn write_executable(mut file: File, text: &str) -> std::io::Result<()> {
    file.write_all(text.as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_then_removes() {
        let data: BTreeMap<String, String> = [("ID".to_owned(), "Null".to_owned())].into();
        let cases: [(&str, &str, &str); 2] =
            [("/bin/sh -e", "", "#!/bin/sh -e\necho Null\ntrue\n"), ("", "cmd", "echo Null\ntrue\n")];
        for (shebang, ext, want) in cases {
            let lines = ["echo {{ build `ID` }}".to_owned(), "true".to_owned()];
            let script = InlineScript::write(&lines, shebang, ext, &data).unwrap();
            let path = script.path().to_owned();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.starts_with("packer-shell") && name.ends_with(ext), "{name}");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), want);
            drop(script);
            assert!(!path.exists(), "{name} left behind");
        }
    }

    #[test]
    fn render_failure_leaves_no_file() {
        let before = packer_shell_files();
        let err = InlineScript::write(&["{{ build `Nope` }}".to_owned()], "", "zzfail", &BTreeMap::new()).unwrap_err();
        assert!(err.to_string().contains("loaded data, but couldnt find Nope in it."), "{err}");
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
