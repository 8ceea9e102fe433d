//! The `amazon-ebs` builder: its own options and its Prepare, composed from the shared amazon
//! configs.

pub mod builder;
pub mod config;
