//! The plugin contract: what a builder, provisioner, post-processor or data source implements,
//! and the shared machinery they all use to read their configuration.
//!
//! Plugin crates depend on this crate only (never on the core, never on each other); the core
//! drives plugins through these traits, and the CLI registers the concrete plugins.

pub mod communicator;
pub mod config;
mod data_source;
pub mod lifecycle;
mod packer_config;
mod plugin;
mod plugin_config;
mod sensitive;

pub use data_source::{DataSource, DataSourcePlugin};
pub use packer_config::{OnError, PackerConfig};
pub use plugin::{
    Builder, BuilderPlugin, PostProcessor, PostProcessorPlugin, Prepared, Provisioner, ProvisionerPlugin,
};
pub use plugin_config::{ConfigRenderer, PluginConfig};
pub use sensitive::Sensitive;
