//! The three plugin kinds, as narrow traits: a factory that prepares a plugin from its options
//! (Packer's `Prepare`/`Configure`), and the prepared plugin, which can run (the lifecycle's
//! [`Build`], [`Provision`] and [`PostProcess`]).

use std::fmt::Debug;

use crate::config::ConfigErrors;
use crate::lifecycle::{Build, PostProcess, Provision};
use crate::plugin_config::PluginConfig;

/// A prepared plugin with the warnings its checks produced.
#[derive(Debug)]
pub struct Prepared<T> {
    /// The plugin, ready to run.
    pub plugin: T,
    /// Non-fatal problems (`Warning when preparing build`).
    pub warnings: Vec<String>,
    /// Secret values found in the options (passwords, keys): the CLI masks them in all output.
    pub secrets: Vec<String>,
}

impl<T> Prepared<T> {
    /// A plugin that prepared without warnings.
    pub fn new(plugin: T) -> Self {
        Self { plugin, warnings: Vec::new(), secrets: Vec::new() }
    }

    /// The same plugin, another type (e.g. boxed behind a trait).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Prepared<U> {
        Prepared { plugin: f(self.plugin), warnings: self.warnings, secrets: self.secrets }
    }
}

/// A builder that has checked its configuration.
pub trait Builder: Build + Debug {
    /// Names of the values this builder generates for `{{ build "X" }}` / `build.X` (Packer's
    /// Prepare return value), besides the common ones.
    fn generated_data_keys(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Makes builders of one `type`.
pub trait BuilderPlugin: Send + Sync {
    /// Decodes and checks the options.
    ///
    /// # Errors
    /// Every problem found, as Packer reports them.
    fn prepare(&self, config: &PluginConfig<'_>) -> Result<Prepared<Box<dyn Builder>>, ConfigErrors>;
}

/// A provisioner that has checked its configuration.
pub trait Provisioner: Provision + Debug {}

/// Makes provisioners of one `type`.
pub trait ProvisionerPlugin: Send + Sync {
    /// Decodes and checks the options.
    ///
    /// # Errors
    /// Every problem found, as Packer reports them.
    fn prepare(&self, config: &PluginConfig<'_>) -> Result<Prepared<Box<dyn Provisioner>>, ConfigErrors>;
}

/// A post-processor that has checked its configuration.
pub trait PostProcessor: PostProcess + Debug {}

/// Makes post-processors of one `type`.
pub trait PostProcessorPlugin: Send + Sync {
    /// Decodes and checks the options.
    ///
    /// # Errors
    /// Every problem found, as Packer reports them.
    fn prepare(&self, config: &PluginConfig<'_>) -> Result<Prepared<Box<dyn PostProcessor>>, ConfigErrors>;
}
