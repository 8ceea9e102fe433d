//! The core's [`ConfigRenderer`]: renders plugin options with the build's interpolation context
//! (user variables, build name/type, template path, `build` placeholders).

use rpacker_gotmpl::FuncMap;
use rpacker_sdk::config::{ConfigError, ConfigErrors};
use rpacker_sdk::ConfigRenderer;
use rpacker_template::interpolate::{render_config, InterpolateContext};
use serde_json::Value;

/// Renders with one build's context.
#[derive(Debug, Clone)]
pub struct TemplateRenderer {
    ctx: InterpolateContext,
}

impl TemplateRenderer {
    /// A renderer over `ctx`.
    #[must_use]
    pub fn new(ctx: InterpolateContext) -> Self {
        Self { ctx }
    }
}

impl ConfigRenderer for TemplateRenderer {
    fn render(&self, layer: &Value, exclude: &[&str], funcs: &FuncMap) -> Result<Value, ConfigErrors> {
        let mut ctx = self.ctx.clone();
        ctx.extra_funcs.extend_from(funcs);
        render_config(layer, &ctx, exclude).map_err(|e| {
            let hint = e.suggestion().map(|s| format!("did you mean '{s}'?"));
            ConfigErrors::render(ConfigError::at(e.key_path(), e.to_string()).with_hint(hint))
        })
    }
}
