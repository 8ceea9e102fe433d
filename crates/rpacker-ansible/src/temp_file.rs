//! Files the provisioner writes for ansible (the inventory, private keys), named as Go's
//! `os.CreateTemp(dir, prefix)` names them (`<prefix><digits>`, mode 0600) because the names
//! show in `Executing Ansible: …`. Removed when dropped — on success, failure and cancellation
//! alike — unless kept.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use rand::Rng;
use rpacker_sdk::communicator::go_errno_text;

/// A file that is removed when dropped unless [`TempFile::keep`] was called.
#[derive(Debug)]
pub(crate) struct TempFile {
    path: PathBuf,
    keep: bool,
}

impl TempFile {
    /// Creates `<dir>/<prefix><digits>` (mode 0600) holding `contents`; `dir` empty means the
    /// system temp folder.
    ///
    /// # Errors
    /// Go's text when the file could not be created or written (`open <path>: …`); nothing is
    /// left behind then.
    pub(crate) fn create(dir: &str, prefix: &str, contents: &[u8]) -> Result<Self, String> {
        let dir = if dir.is_empty() { std::env::temp_dir() } else { PathBuf::from(dir) };
        let (mut file, path) = create_unique(&dir, prefix)
            .map_err(|(path, e)| format!("open {}: {}", path.display(), go_errno_text(&e)))?;
        // From here on the guard owns the path, so a failed write still removes it.
        let temp = Self { path, keep: false };
        file.write_all(contents).map_err(|e| format!("write {}: {}", temp.display(), go_errno_text(&e)))?;
        Ok(temp)
    }

    /// The path.
    #[cfg(test)]
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The path as text, as the plugin passes it to ansible.
    pub(crate) fn display(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }

    /// Leaves the file behind when dropped (`keep_inventory_file`).
    pub(crate) fn keep(&mut self) {
        self.keep = true;
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// A new file, never an existing one, readable by its owner only.
fn create_unique(dir: &Path, prefix: &str) -> Result<(File, PathBuf), (PathBuf, std::io::Error)> {
    loop {
        let digits: u32 = rand::thread_rng().gen();
        let path = dir.join(format!("{prefix}{digits}"));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&path) {
            Ok(file) => return Ok((file, path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err((path, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_like_go_private_and_removed_unless_kept() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        let file = TempFile::create(d, "ansible-key", b"secret").unwrap();
        let name = file.path().file_name().unwrap().to_str().unwrap().to_owned();
        let digits = name.strip_prefix("ansible-key").unwrap();
        assert!(!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()), "{name}");
        assert_eq!(std::fs::read(file.path()).unwrap(), b"secret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(file.path()).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let path = file.path().to_path_buf();
        drop(file);
        assert!(!path.exists());

        let mut kept = TempFile::create(d, "packer-provisioner-ansible", b"inv").unwrap();
        kept.keep();
        let path = kept.path().to_path_buf();
        drop(kept);
        assert!(path.exists());

        let missing = dir.path().join("missing");
        assert!(TempFile::create(missing.to_str().unwrap(), "x", b"").is_err());
    }
}
