//! The plugins a run knows, by `type`. The CLI registers the built-in ones; tests can build a
//! registry with only what they need.

use std::collections::BTreeMap;

use rpacker_sdk::{BuilderPlugin, DataSourcePlugin, PostProcessorPlugin, ProvisionerPlugin};

/// The three plugin kinds, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluginKind {
    /// A builder.
    Builder,
    /// A provisioner.
    Provisioner,
    /// A post-processor.
    PostProcessor,
}

impl PluginKind {
    /// The word Packer uses.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            PluginKind::Builder => "builder",
            PluginKind::Provisioner => "provisioner",
            PluginKind::PostProcessor => "post-processor",
        }
    }
}

/// Plugins by type name.
#[derive(Default)]
pub struct Registry {
    builders: BTreeMap<&'static str, Box<dyn BuilderPlugin>>,
    provisioners: BTreeMap<&'static str, Box<dyn ProvisionerPlugin>>,
    post_processors: BTreeMap<&'static str, Box<dyn PostProcessorPlugin>>,
    data_sources: BTreeMap<&'static str, Box<dyn DataSourcePlugin>>,
}

impl Registry {
    /// An empty registry.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a builder type.
    pub fn add_builder(&mut self, type_name: &'static str, plugin: impl BuilderPlugin + 'static) {
        self.builders.insert(type_name, Box::new(plugin));
    }

    /// Registers a provisioner type.
    pub fn add_provisioner(&mut self, type_name: &'static str, plugin: impl ProvisionerPlugin + 'static) {
        self.provisioners.insert(type_name, Box::new(plugin));
    }

    /// Registers a post-processor type.
    pub fn add_post_processor(&mut self, type_name: &'static str, plugin: impl PostProcessorPlugin + 'static) {
        self.post_processors.insert(type_name, Box::new(plugin));
    }

    /// Registers a data source type (HCL2 `data` blocks).
    pub fn add_data_source(&mut self, type_name: &'static str, plugin: impl DataSourcePlugin + 'static) {
        self.data_sources.insert(type_name, Box::new(plugin));
    }

    /// The builder plugin of a type.
    #[must_use]
    pub fn builder(&self, type_name: &str) -> Option<&dyn BuilderPlugin> {
        self.builders.get(type_name).map(AsRef::as_ref)
    }

    /// The provisioner plugin of a type.
    #[must_use]
    pub fn provisioner(&self, type_name: &str) -> Option<&dyn ProvisionerPlugin> {
        self.provisioners.get(type_name).map(AsRef::as_ref)
    }

    /// The post-processor plugin of a type.
    #[must_use]
    pub fn post_processor(&self, type_name: &str) -> Option<&dyn PostProcessorPlugin> {
        self.post_processors.get(type_name).map(AsRef::as_ref)
    }

    /// The data source plugin of a type.
    #[must_use]
    pub fn data_source(&self, type_name: &str) -> Option<&dyn DataSourcePlugin> {
        self.data_sources.get(type_name).map(AsRef::as_ref)
    }

    /// The registered data source types, sorted.
    #[must_use]
    pub fn data_source_names(&self) -> Vec<&'static str> {
        self.data_sources.keys().copied().collect()
    }

    /// The registered type names of a kind, sorted.
    #[must_use]
    pub fn names(&self, kind: PluginKind) -> Vec<&'static str> {
        match kind {
            PluginKind::Builder => self.builders.keys().copied().collect(),
            PluginKind::Provisioner => self.provisioners.keys().copied().collect(),
            PluginKind::PostProcessor => self.post_processors.keys().copied().collect(),
        }
    }
}
