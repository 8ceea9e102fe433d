//! The `amazon-ebs` builder through its `BuilderPlugin::prepare`, as the core calls it: table
//! cases with Packer 1.6.6's texts, and the corpus of real templates against the oracle; and
//! real builds against a local EC2 API (moto) with an sshd playing the instance.

mod build_run;
mod corpus;
mod faults;
mod harness;
mod iam;
mod prepare;
mod run_harness;
mod spot;
mod terminate_during_copies;
