//! The `amazon-ebs` builder: its own options and its Prepare, composed from the shared amazon
//! configs, and its run (the steps that launch, image and clean up).

pub mod builder;
pub mod config;
pub mod run;
