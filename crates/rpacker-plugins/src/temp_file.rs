//! Local temporary files that always go away: Go's `ioutil.TempFile(os.TempDir(), prefix)`
//! (a new file named `<prefix><digits>`), removed when the [`TempFile`] drops, so every way
//! out of a run — success, failure, cancellation — cleans up.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::PathBuf;

use rand::Rng;

/// A file in the temp dir, deleted on drop.
#[derive(Debug)]
pub(crate) struct TempFile {
    path: PathBuf,
}

impl TempFile {
    /// Creates `<temp dir>/<prefix><digits>[.<extension>]` with `contents` and permission bits
    /// `mode`.
    ///
    /// # Errors
    /// The file could not be created or written (nothing is left behind then).
    pub(crate) fn write(prefix: &str, extension: &str, contents: &[u8], mode: u32) -> std::io::Result<Self> {
        let (file, path) = create_unique(prefix, extension)?;
        // From here on the guard owns the path, so a failed write still removes it.
        let temp = Self { path };
        write_with_mode(file, contents, mode)?;
        Ok(temp)
    }

    /// The path as text, as Packer prints it.
    pub(crate) fn display(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A new file, never an existing one (Packer adds the extension by renaming; the result is the
/// same).
fn create_unique(prefix: &str, extension: &str) -> std::io::Result<(File, PathBuf)> {
    let dir = std::env::temp_dir();
    let suffix = if extension.is_empty() { String::new() } else { format!(".{extension}") };
    loop {
        let digits: u32 = rand::thread_rng().gen();
        let path = dir.join(format!("{prefix}{digits}{suffix}"));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((file, path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
}

fn write_with_mode(mut file: File, contents: &[u8], mode: u32) -> std::io::Result<()> {
    file.write_all(contents)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn written_then_removed_on_drop() {
        let temp = TempFile::write("rpacker-temp-test", "cmd", b"hello", 0o600).unwrap();
        let path = PathBuf::from(temp.display());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("rpacker-temp-test") && name.ends_with(".cmd"), "{name}");
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        drop(temp);
        assert!(!path.exists(), "{name} left behind");
    }
}
