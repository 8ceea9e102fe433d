//! Configuration shared by Packer's amazon builders (`builder/amazon/common`): access, AMI and
//! run options, block devices, filters, and the small option types they are made of. The ebs
//! builder composes them; others (chroot, instance) could too.

pub mod access_config;
pub mod ami_config;
pub mod block_devices;
pub mod build_info;
pub mod cidr;
pub mod clean_resource_name;
pub mod deprecated;
pub mod filters;
pub mod key_values;
pub mod kms_key_id;
pub mod polling;
pub mod run_config;
