//! The lifecycle: from a loaded [`rpacker_template::Template`] to prepared builds.
//!
//! The core runs Packer's phases — Initialize (template checks, user variables, build names),
//! then GetBuilds (select builds with `-only`/`-except`, look up every plugin, prepare each) —
//! runs HCL2 data sources for the template crate ([`RegistryDataSources`]), and reports what
//! went wrong as [`rpacker_diag::Diagnostic`]s pointing at the user's file. It never names a
//! concrete plugin: the CLI fills the [`Registry`]. It never prints.

mod build_selection;
mod data_sources;
mod glob_pattern;
mod hcl_plugin_errors;
mod initialize;
mod key_path;
pub mod lifecycle;
mod prepare;
mod registry;
mod renderer;
pub mod run;
mod version;

pub use build_selection::BuildFilter;
pub use data_sources::RegistryDataSources;
pub use initialize::{initialize, Initialized, VariableInput};
pub use prepare::{
    prepare_builds, BuildFlags, PreparedBuild, PreparedBuilds, PreparedPostProcessor, PreparedProvisioner,
};
pub use registry::{PluginKind, Registry};
pub use renderer::TemplateRenderer;
pub use version::{PACKER_COMPAT_VERSION, RPACKER_VERSION};
