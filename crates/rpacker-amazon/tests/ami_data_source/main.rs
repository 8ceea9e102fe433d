//! The `amazon-ami` data source: its Configure checks with Packer's texts, its lookup against a
//! local EC2 API (moto), and an HCL2 configuration whose `source_ami` comes from a `data`
//! block, initialized and prepared through the template crate and the core as the CLI does.

mod configure;
mod hcl_config;
mod lookup;
