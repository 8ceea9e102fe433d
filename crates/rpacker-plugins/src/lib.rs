//! Packer's in-tree plugins: the `null` builder; the `shell`, `file` and `shell-local`
//! provisioners; the `shell-local` and `manifest` post-processors.
//!
//! One module folder per plugin: `config.rs` holds the typed options (field docs are the option
//! reference) and the prepare-time checks with Packer's texts and order; `mod.rs` holds the
//! plugin type the CLI registers. Options and checks follow current Packer where it differs
//! from 1.6.6 (`env` for `shell` and `shell-local`, `content` for `file`). Running the plugins
//! comes with the build lifecycle.

mod file;
mod manifest;
mod null;
mod script_options;
mod shell;
mod shell_local;
#[cfg(test)]
mod verbatim_renderer;

pub use file::{FileConfig, FileProvisioner, PreparedFile};
pub use manifest::{ManifestConfig, ManifestPostProcessor, PreparedManifest};
pub use null::{NullBuilder, NullConfig, PreparedNull};
pub use shell::{PreparedShell, ShellConfig, ShellProvisioner};
pub use shell_local::{
    PreparedShellLocal, PreparedShellLocalPostProcessor, ShellLocalConfig, ShellLocalPostProcessor,
    ShellLocalProvisioner,
};
