//! Integration tests of the `rpacker` binary: one test binary (one link on a 2-core machine),
//! one module per area.

mod ansible;
mod build;
mod build_ebs;
mod build_ssh;
mod cli;
mod conformance;
mod data_source;
mod fixtures;
mod fmt_cli;
mod fmt_conformance;
mod same_model;
mod support;
