//! The `amazon-ebs` builder through its `BuilderPlugin::prepare`, as the core calls it: table
//! cases with Packer 1.6.6's texts, and the corpus of real templates against the oracle; and
//! real builds against a local EC2 API (moto) with an sshd playing the instance.

mod build_run;
mod child_build;
mod corpus;
mod credentials;
mod faults;
mod harness;
mod iam;
mod local_http;
mod prepare;
mod run_harness;
mod signed_calls;
mod spot;
mod terminate_during_copies;
