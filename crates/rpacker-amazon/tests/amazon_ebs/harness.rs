//! Running Prepare on raw options: a renderer that hands layers back unchanged (templates are
//! the core's business and tested there) and a `PackerConfig` per case.

use rpacker_amazon::AmazonEbsBuilder;
use rpacker_gotmpl::FuncMap;
use rpacker_sdk::config::ConfigErrors;
use rpacker_sdk::{Builder, BuilderPlugin, ConfigRenderer, PackerConfig, PluginConfig, Prepared};
use serde_json::Value;

/// Returns every layer as written.
pub struct VerbatimRenderer;

impl ConfigRenderer for VerbatimRenderer {
    fn render(&self, layer: &Value, _exclude: &[&str], _funcs: &FuncMap) -> Result<Value, ConfigErrors> {
        Ok(layer.clone())
    }
}

/// Prepares the builder from one layer of options, through the plugin interface.
pub fn prepare(options: &Value) -> Result<Prepared<Box<dyn Builder>>, ConfigErrors> {
    let packer = PackerConfig { builder_type: "amazon-ebs".into(), ..PackerConfig::default() };
    let config = PluginConfig { layers: vec![options.clone()], packer: &packer, renderer: &VerbatimRenderer };
    AmazonEbsBuilder.prepare(&config)
}
