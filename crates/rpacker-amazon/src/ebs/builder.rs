//! Prepare for `amazon-ebs`, in Packer's order: render and decode every config (a value of the
//! wrong type stops here), report unknown keys alone, then run every check and return all the
//! problems together — volume tags, access, AMI, the two block device mappings, run (the
//! communicator's first), and the spot/enhanced-networking conflict.

use rpacker_sdk::communicator::CommConfig;
use rpacker_sdk::config::{ConfigDecoder, ConfigError, ConfigErrors};
use rpacker_sdk::{Builder, BuilderPlugin, PackerConfig, PluginConfig, Prepared};
use serde::de::DeserializeOwned;

use crate::common::access_config::AccessConfig;
use crate::common::ami_config::AmiConfig;
use crate::common::block_devices::prepare_block_devices;
use crate::common::build_info::GENERATED_DATA_KEYS;
use crate::common::clean_resource_name::template_funcs;
use crate::common::deprecated::AMAZON_DEPRECATED_KEYS;
use crate::common::run_config::{CommunicatorFacts, RunConfig};
use crate::ebs::config::EbsConfig;
use crate::AmazonEbsBuilder;

/// The builder id artifacts carry.
pub const BUILDER_ID: &str = "mitchellh.amazonebs";

/// Options rendered at run time with the build-info data (`{{ .SourceAMI }}`…), so Prepare
/// leaves their templates alone.
pub const RENDER_EXCLUDED_KEYS: &[&str] = &[
    "ami_description",
    "run_tags",
    "run_tag",
    "run_volume_tags",
    "run_volume_tag",
    "spot_tags",
    "spot_tag",
    "snapshot_tags",
    "snapshot_tag",
    "tags",
    "tag",
];

const SPOT_MODIFICATION: &str = "Spot instances do not support modification, which is required when either `ena_support` or `sriov_support` are set. Please ensure you use an AMI that already has either SR-IOV or ENA enabled.";

const SPOT_PRICE_AUTO_PRODUCT_WARNING: &str = "spot_price_auto_product is deprecated and no longer necessary for Packer builds. In future versions of Packer, inclusion of spot_price_auto_product will error your builds. Please take a look at our current documentation to understand how Packer requests Spot instances.";

/// A prepared `amazon-ebs` build: every option decoded, defaulted and checked.
#[derive(Debug, Clone)]
pub struct AmazonEbs {
    /// Credentials, region, endpoint, polling.
    pub access: AccessConfig,
    /// The AMI to create.
    pub ami: AmiConfig,
    /// The instance to launch.
    pub run: RunConfig,
    /// How to connect to the instance.
    pub comm: CommConfig,
    /// Block devices and volume tags.
    pub ebs: EbsConfig,
    /// Packer's per-build options.
    pub packer: PackerConfig,
}

impl Builder for AmazonEbs {
    fn generated_data_keys(&self) -> Vec<String> {
        GENERATED_DATA_KEYS.iter().map(|k| (*k).to_owned()).collect()
    }
}

impl BuilderPlugin for AmazonEbsBuilder {
    fn prepare(&self, config: &PluginConfig<'_>) -> Result<Prepared<Box<dyn Builder>>, ConfigErrors> {
        AmazonEbs::prepare(config).map(|prepared| prepared.map(|b| Box::new(b) as Box<dyn Builder>))
    }
}

impl AmazonEbs {
    /// Packer's `Prepare`, keeping the typed result (the run needs it).
    ///
    /// # Errors
    /// Template or decode errors alone (decode stage), else every failed check (validate stage).
    pub fn prepare(config: &PluginConfig<'_>) -> Result<Prepared<Self>, ConfigErrors> {
        let mut decoder = config.decoder_with_funcs(RENDER_EXCLUDED_KEYS, &template_funcs())?;
        let mut build = decode_all(&mut decoder, config.packer)?;
        decoder.finish(AMAZON_DEPRECATED_KEYS)?;
        let errors = build.validate();
        let warnings = build.warnings();
        let secrets = build.access.secrets().into_iter().map(str::to_owned).chain(build.comm.secrets()).collect();
        errors.into_result(Prepared { plugin: build, warnings, secrets })
    }
}

/// Decodes every config; mapstructure reports all type errors of one decode, sorted.
fn decode_all(decoder: &mut ConfigDecoder, packer: &PackerConfig) -> Result<AmazonEbs, ConfigErrors> {
    let mut failures = Vec::new();
    let build = AmazonEbs {
        access: decode_part(decoder, &mut failures),
        ami: decode_part(decoder, &mut failures),
        run: decode_part(decoder, &mut failures),
        comm: decode_part(decoder, &mut failures),
        ebs: decode_part(decoder, &mut failures),
        packer: packer.clone(),
    };
    if failures.is_empty() {
        return Ok(build);
    }
    failures.sort_by(|a, b| a.message.cmp(&b.message));
    Err(ConfigErrors::type_decode(failures))
}

fn decode_part<T: DeserializeOwned + Default>(decoder: &mut ConfigDecoder, failures: &mut Vec<ConfigError>) -> T {
    decoder.decode().unwrap_or_else(|e: ConfigErrors| {
        failures.extend(e.errors);
        T::default()
    })
}

impl AmazonEbs {
    /// Packer's checks after decoding, in its order; also applies the defaults they imply.
    fn validate(&mut self) -> ConfigErrors {
        if self.packer.force {
            self.ami.force_deregister = true;
        }
        let mut errors = ConfigErrors::new();
        let mut push_all = |list: Vec<ConfigError>| list.into_iter().for_each(|e| errors.push(e));
        self.ebs.copy_volume_tag_blocks();
        push_all(self.access.prepare());
        push_all(self.ami.prepare(&self.access.region));
        push_all(prepare_block_devices("ami_block_device_mappings", &self.ebs.ami_block_device_mappings));
        push_all(prepare_block_devices("launch_block_device_mappings", &self.ebs.launch_block_device_mappings));
        push_all(self.prepare_run());
        if self.run.is_spot_instance() && (self.ami.ena_support.is_true() || self.ami.sriov_support) {
            push_all(vec![ConfigError::at("spot_price", SPOT_MODIFICATION)]);
        }
        errors
    }

    /// The run config prepares the communicator first, after naming the temporary key pair
    /// when no other way to log in is given.
    fn prepare_run(&mut self) -> Vec<ConfigError> {
        let comm = &mut self.comm;
        if comm.ssh_keypair_name.is_empty()
            && comm.temporary_key_pair_name.is_empty()
            && comm.ssh_private_key_file.is_empty()
            && comm.ssh_password.is_empty()
        {
            comm.temporary_key_pair_name = format!("packer_{}", time_ordered_uuid());
        }
        let mut errors = comm.prepare(&self.packer);
        let facts = CommunicatorFacts {
            comm_type: comm.communicator.clone(),
            ssh_keypair_name: comm.ssh_keypair_name.clone(),
            ssh_private_key_file: comm.ssh_private_key_file.clone(),
            ssh_agent_auth: comm.ssh_agent_auth,
            winrm_password_set: !comm.winrm_password.is_empty(),
        };
        errors.extend(self.run.prepare(&facts));
        errors
    }

    /// Non-fatal problems.
    fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if !self.run.spot_price_auto_product.is_empty() {
            warnings.push(SPOT_PRICE_AUTO_PRODUCT_WARNING.to_owned());
        }
        warnings
    }
}

fn time_ordered_uuid() -> String {
    rpacker_template::funcs::time_ordered_uuid()
}
