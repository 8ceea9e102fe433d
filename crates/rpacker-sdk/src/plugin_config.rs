//! Everything a plugin is given to prepare itself: its raw option layers, Packer's hidden
//! options, and the renderer its strings go through.

use std::fmt;

use rpacker_gotmpl::FuncMap;
use serde_json::Value;

use crate::config::{merge_layers, ConfigDecoder, ConfigErrors};
use crate::packer_config::PackerConfig;

/// Renders a plugin's raw options as Go templates at prepare time. The core implements it with
/// the build's interpolation context (user variables, build name, `build` placeholders); keeping
/// it a trait keeps the plugin contract free of how templates are evaluated.
pub trait ConfigRenderer: Send + Sync {
    /// Renders every string of `layer` once, except under the top-level `exclude` keys, with the
    /// plugin's own extra template functions available.
    ///
    /// # Errors
    /// A template that does not parse or execute, with Packer's text and the key it is under.
    fn render(&self, layer: &Value, exclude: &[&str], funcs: &FuncMap) -> Result<Value, ConfigErrors>;
}

/// One plugin's input.
pub struct PluginConfig<'a> {
    /// Raw option layers in order: the template's options, then this build's `override`.
    pub layers: Vec<Value>,
    /// Packer's hidden options.
    pub packer: &'a PackerConfig,
    /// How strings are rendered.
    pub renderer: &'a dyn ConfigRenderer,
}

impl fmt::Debug for PluginConfig<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PluginConfig")
            .field("layers", &self.layers)
            .field("packer", &self.packer)
            .finish_non_exhaustive()
    }
}

impl PluginConfig<'_> {
    /// Renders every layer (except the top-level `exclude` keys, which the plugin renders itself
    /// later with run-time data), merges them, and returns a decoder.
    ///
    /// # Errors
    /// A template that does not parse or execute, with Packer's text.
    pub fn decoder(&self, exclude: &[&str]) -> Result<ConfigDecoder, ConfigErrors> {
        self.decoder_with_funcs(exclude, &FuncMap::new())
    }

    /// As [`Self::decoder`], with plugin-provided template functions (amazon's
    /// `clean_resource_name`).
    ///
    /// # Errors
    /// A template that does not parse or execute, with Packer's text.
    pub fn decoder_with_funcs(&self, exclude: &[&str], funcs: &FuncMap) -> Result<ConfigDecoder, ConfigErrors> {
        let rendered = self
            .layers
            .iter()
            .map(|layer| self.renderer.render(layer, exclude, funcs))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ConfigDecoder::new(merge_layers(&rendered)))
    }
}
