//! The data source contract (Packer's `Datasource`): a factory that checks a `data` block's
//! options and says what shape its output has, and the configured source, which fetches the
//! output when run. Data sources exist only in HCL2 configurations; the core evaluates the
//! block's body and hands the options over as one raw layer, like a builder's.

use std::fmt::Debug;

use rpacker_template::hcl::HclType;

use crate::config::ConfigErrors;
use crate::lifecycle::BoxFuture;
use crate::plugin_config::PluginConfig;

/// A data source whose options were checked: it can run.
pub trait DataSource: Debug + Send + Sync {
    /// Fetches the data (Packer's `Execute`): a JSON object with the attributes of
    /// [`DataSourcePlugin::output_type`].
    ///
    /// # Errors
    /// Why the data could not be fetched, in Packer's words (the diagnostic's summary).
    fn execute(&self) -> BoxFuture<'_, Result<serde_json::Value, String>>;
}

/// Makes data sources of one `type`.
pub trait DataSourcePlugin: Send + Sync {
    /// The type of the output object (Packer's `OutputSpec`): `validate` gives references to a
    /// data source it does not run unknown values of this type.
    fn output_type(&self) -> HclType;

    /// Decodes and checks the options (Packer's `Configure`).
    ///
    /// # Errors
    /// Every problem found, as Packer reports them.
    fn configure(&self, config: &PluginConfig<'_>) -> Result<Box<dyn DataSource>, ConfigErrors>;
}
