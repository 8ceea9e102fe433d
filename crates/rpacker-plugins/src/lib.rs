//! Packer's in-tree plugins: the `null` builder; the `shell`, `file` and `shell-local`
//! provisioners; the `shell-local` and `manifest` post-processors.
//!
//! One module folder per plugin: `config.rs` holds the typed options (field docs are the option
//! reference) and the prepare-time checks with Packer's texts and order; `mod.rs` holds the
//! plugin type the CLI registers. Options and checks follow current Packer where it differs
//! from 1.6.6 (`env` for `shell` and `shell-local`, `content` for `file`). A plugin's `run.rs`
//! implements its lifecycle trait (`Provision`, `PostProcess`) where it runs on the host.

mod artifact_data;
mod env_vars;
mod exit_codes;
mod file;
mod go_path;
mod inline_script;
mod manifest;
mod null;
mod script_options;
mod shell;
mod shell_local;
mod temp_file;
#[cfg(test)]
mod test_artifact;
#[cfg(test)]
mod test_remote;
#[cfg(test)]
mod verbatim_renderer;

pub use exit_codes::{GoIntList, InvalidExitCode};
pub use file::{FileConfig, FileError, FileProvisioner, PreparedFile};
pub use manifest::{ManifestConfig, ManifestError, ManifestPostProcessor, PreparedManifest, RUN_UUID_ENV};
pub use null::{NullBuilder, NullConfig, PreparedNull};
pub use shell::{PreparedShell, ShellConfig, ShellError, ShellProvisioner};
pub use shell_local::{
    PreparedShellLocal, PreparedShellLocalPostProcessor, ShellLocalConfig, ShellLocalError, ShellLocalPostProcessor,
    ShellLocalProvisioner,
};
