//! Configuration shared by Packer's amazon builders (`builder/amazon/common`): access, AMI and
//! run options, block devices, filters, and the small option types they are made of; and the
//! run-time pieces every amazon builder needs: the AWS session, waiters, tags, image helpers.
//! The ebs builder composes them; others (chroot, instance) could too.

pub mod access_config;
pub mod ami_config;
pub mod ami_lookup;
pub mod api_error;
pub mod block_devices;
pub mod build_info;
pub mod cached_credentials;
pub mod cidr;
pub mod clean_resource_name;
pub mod deprecated;
pub mod ec2_block_devices;
pub mod ec2_tags;
pub mod filters;
pub(crate) mod http_client;
pub mod image_waiter;
pub mod images;
pub mod instance_waiters;
pub mod key_values;
pub mod kms_key_id;
pub mod polling;
pub mod progress_bounds;
pub mod retry;
pub mod run_config;
pub mod session;
pub mod template_data;
pub mod waiter;
