//! The `amazon-ami` data source (`datasource/ami`): the access options plus `filters`,
//! `owners`, `most_recent` and `include_deprecated` select exactly one image, looked up as the
//! builder looks up its source image; its `id`, `name`, `creation_date`, `owner`, `owner_name`
//! and `tags` become `data.amazon-ami.<name>.*`.

mod output;

use std::collections::BTreeMap;

use rpacker_sdk::config::{ConfigError, ConfigErrors};
use rpacker_sdk::lifecycle::BoxFuture;
use rpacker_sdk::{DataSource, DataSourcePlugin, PluginConfig};
use rpacker_template::hcl::HclType;
use serde::Deserialize;

use crate::common::access_config::AccessConfig;
use crate::common::ami_lookup::find_image;
use crate::common::filters::AmiFilterOptions;
use crate::common::session::AwsSession;

/// The `amazon-ami` data source type; register it under that name.
#[derive(Debug, Clone, Copy, Default)]
pub struct AmazonAmiDataSource;

/// The data source's own options (no `filter {}` blocks, unlike `source_ami_filter`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct AmiOptions {
    filters: BTreeMap<String, String>,
    owners: Vec<String>,
    most_recent: bool,
    include_deprecated: bool,
}

/// A configured `amazon-ami` data block.
#[derive(Debug, Clone)]
pub struct AmazonAmi {
    /// How to reach EC2.
    pub access: AccessConfig,
    /// What selects the image.
    pub filter: AmiFilterOptions,
}

impl DataSourcePlugin for AmazonAmiDataSource {
    fn output_type(&self) -> HclType {
        output::output_type()
    }

    fn configure(&self, config: &PluginConfig<'_>) -> Result<Box<dyn DataSource>, ConfigErrors> {
        AmazonAmi::configure(config).map(|ami| Box::new(ami) as Box<dyn DataSource>)
    }
}

impl AmazonAmi {
    /// Packer's `Configure`: decode, then the access checks, then the filter's (all at once).
    ///
    /// # Errors
    /// Decode errors alone, else every failed check.
    pub fn configure(config: &PluginConfig<'_>) -> Result<Self, ConfigErrors> {
        let mut decoder = config.decoder(&[])?;
        let access: Result<AccessConfig, ConfigErrors> = decoder.decode();
        let options: Result<AmiOptions, ConfigErrors> = decoder.decode();
        let (mut access, options) = match (access, options) {
            (Ok(access), Ok(options)) => (access, options),
            (Err(mut e), Ok(_)) | (Ok(_), Err(mut e)) => {
                e.errors.sort_by(|a, b| a.message.cmp(&b.message));
                return Err(e);
            }
            (Err(mut e), Err(more)) => {
                e += more;
                e.errors.sort_by(|a, b| a.message.cmp(&b.message));
                return Err(e);
            }
        };
        decoder.finish(&[])?;
        let filter = AmiFilterOptions {
            filters: options.filters,
            filter: Vec::new(),
            owners: options.owners,
            most_recent: options.most_recent,
            include_deprecated: options.include_deprecated,
        };
        let mut errors = ConfigErrors::new();
        for problem in access.prepare() {
            errors.push(problem);
        }
        if filter.is_empty() {
            errors.push(ConfigError::at("filters", "The `filters` must be specified"));
        }
        if filter.owners.is_empty() {
            errors.push(ConfigError::at("owners", "For security reasons, you must declare an owner."));
        }
        errors.into_result(Self { access, filter })
    }

    /// Looks the image up: its output object.
    ///
    /// # Errors
    /// No region, the API error, no image or several, in Packer's words.
    pub async fn lookup(&self) -> Result<serde_json::Value, String> {
        let session = AwsSession::new(&self.access).await.map_err(|e| e.to_string())?;
        let ec2 = session.ec2(session.region());
        let image = find_image(&ec2, "", &self.filter).await.map_err(|e| e.to_string())?;
        Ok(output::output_of(&image))
    }
}

impl DataSource for AmazonAmi {
    fn execute(&self) -> BoxFuture<'_, Result<serde_json::Value, String>> {
        Box::pin(self.lookup())
    }
}
