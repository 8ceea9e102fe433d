//! The `ansible` plugin type the CLI registers, and the prepared provisioner it yields.

use rpacker_sdk::config::ConfigErrors;
use rpacker_sdk::lifecycle::{BoxError, BoxFuture, Provision, ProvisionContext};
use rpacker_sdk::{PluginConfig, Prepared, Provisioner, ProvisionerPlugin};

use crate::config::{AnsibleConfig, DEPRECATED_KEYS, EXCLUDE_KEYS};
use crate::prepare::PrepareFacts;

/// Makes `ansible` provisioners.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnsibleProvisioner;

/// An `ansible` provisioner whose options passed Packer's checks.
#[derive(Debug, Clone)]
pub struct PreparedAnsible {
    /// The options, defaults applied.
    pub config: AnsibleConfig,
    /// The ansible version and whether `user` was defaulted.
    pub facts: PrepareFacts,
    /// The build's name (`-e packer_build_name=…`).
    pub build_name: String,
    /// The builder's type (`-e packer_builder_type=…`).
    pub builder_type: String,
}

impl Provisioner for PreparedAnsible {}

impl AnsibleProvisioner {
    /// Decodes and checks the options, keeping the concrete type.
    ///
    /// # Errors
    /// Decode errors (unknown and deprecated keys alone), else every validation problem.
    pub fn prepare_config(config: &PluginConfig<'_>) -> Result<PreparedAnsible, ConfigErrors> {
        let mut decoder = config.decoder(EXCLUDE_KEYS)?;
        let mut options: AnsibleConfig = decoder.decode()?;
        decoder.finish(DEPRECATED_KEYS)?;
        let facts = options.prepare()?;
        Ok(PreparedAnsible {
            config: options,
            facts,
            build_name: config.packer.build_name.clone(),
            builder_type: config.packer.builder_type.clone(),
        })
    }
}

impl ProvisionerPlugin for AnsibleProvisioner {
    fn prepare(&self, config: &PluginConfig<'_>) -> Result<Prepared<Box<dyn Provisioner>>, ConfigErrors> {
        Self::prepare_config(config).map(|p| Prepared::new(Box::new(p) as Box<dyn Provisioner>))
    }
}

impl Provision for PreparedAnsible {
    fn provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move { crate::run::provision(self, ctx).await.map_err(BoxError::from) })
    }
}
