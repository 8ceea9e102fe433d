//! The `amazon-ebs` builder (Packer's `mitchellh.amazonebs`): launch an instance from a source
//! AMI, provision it, and snapshot it into an EBS-backed AMI; and the `amazon-ami` data source.
//!
//! This crate owns the builder's typed configuration and its Prepare — every option Packer
//! 1.6.6 accepts plus the newer ones current Packer accepts, the checks in Packer's order with
//! Packer's texts, the `clean_resource_name` template function, and the generated-data keys —
//! and its run on the AWS SDK (EC2 through rustls on `ring`): Packer's steps, waiters and
//! cleanup. The pieces shared by amazon builders live in [`common`], one file per job; the
//! ebs-only options, the `BuilderPlugin` implementation and the steps in [`ebs`]. Only this
//! crate (and the CLI that links it) compiles the AWS SDK.

#![deny(missing_docs)]

pub mod ami_data_source;
pub mod common;
pub mod ebs;

pub use ami_data_source::AmazonAmiDataSource;
pub use common::access_config::AccessConfig;
pub use common::ami_config::AmiConfig;
pub use common::block_devices::BlockDevice;
pub use common::run_config::RunConfig;
pub use ebs::builder::{AmazonEbs, BUILDER_ID, RENDER_EXCLUDED_KEYS};
pub use ebs::config::EbsConfig;

/// The `amazon-ebs` builder type; register it under that name.
#[derive(Debug, Clone, Copy, Default)]
pub struct AmazonEbsBuilder;
