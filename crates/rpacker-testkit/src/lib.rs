//! Test kit: real local services for tests, never mocks.
//!
//! [`Sshd`] starts Debian's OpenSSH server on 127.0.0.1 with throwaway keys in a temporary
//! folder and stops it by PID when dropped. A missing `sshd` is installed with `apt-get`; when
//! that fails the test fails loudly — a test that needs a service is never skipped.
//!
//! [`ensure_ansible`] finds `ansible-playbook`, or installs ansible-core from PyPI into a
//! virtualenv under the target folder.
//!
//! [`Moto`] starts a local EC2 API (`moto_server`, installed with pip when missing) and reports
//! what is left in it; [`InstanceSshd`] is an sshd that plays the instance a build launches there.
//!
//! [`FaultProxy`] sits in front of moto and answers chosen EC2 calls with errors, or shows new
//! AMIs as `pending`, for failure and interrupt tests; with a [`LatencyConfig`] it injects the
//! rig's AWS-like wait times (profiles `fast`/`real`) and logs every EC2 request.
//!
//! Test-only (`publish = false`): it panics instead of returning errors, because a broken
//! fixture should stop the test with the reason in front of the reader.

mod ec2_xml;
mod fault_proxy;
mod fault_spec;
mod http_message;
mod install;
mod instance_sshd;
mod keygen;
mod latency;
mod latency_config;
mod latency_log;
mod moto;
mod moto_install;
mod ports;
mod sshd;
mod sshd_config;

pub use fault_proxy::FaultProxy;
pub use http_message::decode_form;
pub use install::{ensure_ansible, ensure_debian_package};
pub use instance_sshd::InstanceSshd;
pub use latency_config::LatencyConfig;
pub use moto::{Moto, MotoProbe, RegionLeaks, TestAmi, NEWEST_TEST_AMI, TEST_AMI_OWNER, TEST_SOURCE_AMIS};
pub use sshd::Sshd;
