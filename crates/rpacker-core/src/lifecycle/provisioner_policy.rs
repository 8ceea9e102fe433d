//! The per-provisioner options the core applies as wrappers (`pause_before`, `timeout`,
//! `max_retries`), and Packer's construction rule: `pause_before` wins over `timeout` (the
//! timeout is then silently ignored), and retries wrap whichever was applied.

use std::time::Duration;

use rpacker_sdk::lifecycle::Provision;

use super::paused_provisioner::PausedProvisioner;
use super::retried_provisioner::RetriedProvisioner;
use super::timeout_provisioner::TimeoutProvisioner;

/// A provisioner's policy options, already rendered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProvisionerPolicy {
    /// `pause_before` (zero: none).
    pub pause_before: Duration,
    /// `timeout` (zero: none; ignored when `pause_before` is set, as upstream).
    pub timeout: Duration,
    /// `max_retries` (zero: none).
    pub max_retries: i64,
}

impl ProvisionerPolicy {
    /// Wraps `provisioner` as Packer does: `Paused` or else `Timeout`, then `Retried`.
    #[must_use]
    pub fn wrap(&self, provisioner: Box<dyn Provision>) -> Box<dyn Provision> {
        let mut wrapped = provisioner;
        if !self.pause_before.is_zero() {
            wrapped = Box::new(PausedProvisioner::new(self.pause_before, wrapped));
        } else if !self.timeout.is_zero() {
            wrapped = Box::new(TimeoutProvisioner::new(self.timeout, wrapped));
        }
        if self.max_retries != 0 {
            wrapped = Box::new(RetriedProvisioner::new(self.max_retries, wrapped));
        }
        wrapped
    }
}
