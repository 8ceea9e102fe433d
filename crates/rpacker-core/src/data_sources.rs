//! HCL2 `data` blocks run by the registry's data source plugins: the template crate's
//! [`DataSourceRunner`] seam, filled in (current Packer's `startDatasource` and `Execute`).
//!
//! The evaluated body is one raw options layer, rendered as the SDK renders a data source's
//! options (Go templates, no build); options that do not decode are HCL's `Unsupported
//! argument` / `Incorrect attribute value type`, a rejected configuration or a failed run is
//! one diagnostic whose summary is the error, at the block. Not executing, the value is an
//! unknown of the plugin's output type. A run gets its own single-threaded runtime on a
//! scoped thread, so it works whether or not the caller is inside a runtime.

use std::collections::BTreeMap;
use std::sync::Arc;

use rpacker_diag::Diagnostic;
use rpacker_sdk::{DataSource, PackerConfig, PluginConfig};
use rpacker_template::environment::RunInfo;
use rpacker_template::hcl::assemble::{DataRequest, DataSourceRunner};
use rpacker_template::hcl::{HclType, HclValue, Number};
use rpacker_template::interpolate::InterpolateContext;
use serde_json::Value;

use crate::hcl_plugin_errors;
use crate::{Registry, TemplateRenderer};

/// Runs `data` blocks with the data source plugins of a registry.
pub struct RegistryDataSources<'r> {
    registry: &'r Registry,
    run: Arc<RunInfo>,
}

impl<'r> RegistryDataSources<'r> {
    /// A runner over `registry`'s data sources, rendering options with `run`'s constants.
    #[must_use]
    pub fn new(registry: &'r Registry, run: Arc<RunInfo>) -> Self {
        Self { registry, run }
    }
}

impl DataSourceRunner for RegistryDataSources<'_> {
    fn types(&self) -> Vec<String> {
        self.registry.data_source_names().into_iter().map(str::to_owned).collect()
    }

    fn run(&self, request: &DataRequest<'_>) -> Result<HclValue, Vec<Diagnostic>> {
        let at = |summary: String| vec![Diagnostic::error(summary, "").with_subject(Some(request.span))];
        let Some(plugin) = self.registry.data_source(request.type_name) else {
            return Err(at(format!("Unknown data type {}", request.type_name)));
        };
        let renderer = TemplateRenderer::new(InterpolateContext::new(Arc::clone(&self.run)));
        let packer = PackerConfig::default();
        let config = PluginConfig { layers: vec![request.config.to_json()], packer: &packer, renderer: &renderer };
        let source = plugin
            .configure(&config)
            .map_err(|e| hcl_plugin_errors::builder_failure(&e, &[request.config], request.span))?;
        let output_type = plugin.output_type();
        if !request.execute {
            return Ok(HclValue::Unknown(output_type));
        }
        let output = execute(source.as_ref()).map_err(at)?;
        Ok(output_value(&output, &output_type))
    }
}

/// Runs a configured data source to completion on a runtime of its own.
fn execute(source: &dyn DataSource) -> Result<Value, String> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| format!("Failed to start the data source runtime: {e}"))?;
                runtime.block_on(source.execute())
            })
            .join()
            .unwrap_or_else(|_| Err("the data source panicked".to_owned()))
    })
}

/// A plugin's JSON output as a value of its output type (Packer's `HCL2ValueFromConfig`):
/// missing attributes are nulls of their type, scalars convert as cty converts them.
fn output_value(json: &Value, ty: &HclType) -> HclValue {
    match (ty, json) {
        (_, Value::Null) => HclValue::Null(ty.clone()),
        (HclType::String, Value::String(s)) => HclValue::String(s.clone()),
        (HclType::String, Value::Bool(b)) => HclValue::String(b.to_string()),
        (HclType::String, Value::Number(n)) => HclValue::String(n.to_string()),
        (HclType::Bool, Value::Bool(b)) => HclValue::Bool(*b),
        (HclType::Number, Value::Number(n)) => number(n),
        (HclType::Object(attrs), Value::Object(map)) => HclValue::Object(
            attrs
                .iter()
                .map(|(name, t)| (name.clone(), output_value(map.get(name).unwrap_or(&Value::Null), t)))
                .collect(),
        ),
        (HclType::Map(elem), Value::Object(map)) => {
            HclValue::Map(map.iter().map(|(k, v)| (k.clone(), output_value(v, elem))).collect())
        }
        (HclType::List(elem), Value::Array(items)) => {
            HclValue::List(items.iter().map(|v| output_value(v, elem)).collect())
        }
        (HclType::Set(elem), Value::Array(items)) => {
            HclValue::set(items.iter().map(|v| output_value(v, elem)).collect()).unwrap_or_else(|_| HclValue::null())
        }
        (HclType::Dynamic, _) => dynamic_value(json),
        // A value the type cannot hold: as Packer, the output type is the plugin's promise.
        _ => HclValue::Null(ty.clone()),
    }
}

/// JSON without a type to follow: objects and tuples, as cty decodes dynamic JSON.
fn dynamic_value(json: &Value) -> HclValue {
    match json {
        Value::Null => HclValue::null(),
        Value::Bool(b) => HclValue::Bool(*b),
        Value::Number(n) => number(n),
        Value::String(s) => HclValue::String(s.clone()),
        Value::Array(items) => HclValue::Tuple(items.iter().map(dynamic_value).collect()),
        Value::Object(map) => {
            HclValue::Object(map.iter().map(|(k, v)| (k.clone(), dynamic_value(v))).collect::<BTreeMap<_, _>>())
        }
    }
}

fn number(n: &serde_json::Number) -> HclValue {
    match n.as_i64() {
        Some(i) => HclValue::Number(Number::Int(i)),
        None => HclValue::Number(Number::from_f64(n.as_f64().unwrap_or_default())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn output_follows_the_output_type() {
        let ty = HclType::Object(BTreeMap::from([
            ("id".to_owned(), HclType::String),
            ("count".to_owned(), HclType::Number),
            ("tags".to_owned(), HclType::map(HclType::String)),
            ("missing".to_owned(), HclType::String),
        ]));
        let value = output_value(&json!({"id": "ami-1", "count": 2, "tags": {}, "extra": true}), &ty);
        let HclValue::Object(attrs) = value else { panic!("an object") };
        assert_eq!(
            attrs.keys().collect::<Vec<_>>(),
            ["count", "id", "missing", "tags"],
            "only the declared attributes"
        );
        assert_eq!(attrs["id"].as_str(), Some("ami-1"));
        assert!(matches!(attrs["count"], HclValue::Number(Number::Int(2))));
        assert!(matches!(&attrs["tags"], HclValue::Map(m) if m.is_empty()), "an empty map stays a map");
        assert!(matches!(&attrs["missing"], HclValue::Null(HclType::String)));
    }
}
