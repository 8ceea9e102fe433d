//! The `amazon-ebs` builder through its `BuilderPlugin::prepare`, as the core calls it: table
//! cases with Packer 1.6.6's texts, and the corpus of real templates against the oracle.

mod corpus;
mod harness;
mod prepare;
