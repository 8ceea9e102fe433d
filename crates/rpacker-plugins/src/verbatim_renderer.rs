//! Test input for plugins: a `ConfigRenderer` that returns each layer unchanged (templates are
//! rendered by the core and tested there), and a one-call way to prepare a plugin from JSON.

use rpacker_gotmpl::FuncMap;
use rpacker_sdk::config::ConfigErrors;
use rpacker_sdk::{ConfigRenderer, PackerConfig, PluginConfig};
use serde_json::Value;

/// Leaves every string as written.
pub(crate) struct VerbatimRenderer;

impl ConfigRenderer for VerbatimRenderer {
    fn render(&self, layer: &Value, _exclude: &[&str], _funcs: &FuncMap) -> Result<Value, ConfigErrors> {
        Ok(layer.clone())
    }
}

/// Prepares a plugin from one options layer; `Err` carries Packer's printed error text.
pub(crate) fn prepare_text<T>(
    options: &str,
    prepare: impl Fn(&PluginConfig<'_>) -> Result<T, ConfigErrors>,
) -> Result<T, String> {
    let layer: Value = serde_json::from_str(options).unwrap_or_else(|e| panic!("bad test options {options}: {e}"));
    let packer = PackerConfig { build_name: "nb".into(), builder_type: "null".into(), ..PackerConfig::default() };
    let config = PluginConfig { layers: vec![layer], packer: &packer, renderer: &VerbatimRenderer };
    prepare(&config).map_err(|e| e.to_string())
}
