//! `max_retries`: re-run a failing provisioner at once, up to N more times (Packer's
//! `RetriedProvisioner`). Upstream shadows the error variable, so every message quotes the
//! first error and the first error is what fails the build; kept for compatibility.

use rpacker_sdk::lifecycle::{BoxError, BoxFuture, Provision, ProvisionContext};

use rpacker_gotmpl::go_quote;

/// Runs the provisioner; on failure retries up to `max_retries` times.
pub struct RetriedProvisioner {
    max_retries: i64,
    inner: Box<dyn Provision>,
}

impl RetriedProvisioner {
    /// Wraps `inner`; `max_retries` is Packer's int (zero or negative: no retries, but the
    /// `retry limit reached.` line still appears after a failure).
    #[must_use]
    pub fn new(max_retries: i64, inner: Box<dyn Provision>) -> Self {
        Self { max_retries, inner }
    }
}

impl Provision for RetriedProvisioner {
    fn provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            if let Some(e) = ctx.cancel.err() {
                return Err(e.into());
            }
            let Err(first) = self.inner.provision(ctx).await else {
                return Ok(());
            };
            let quoted = go_quote(&first.to_string());
            let mut left = self.max_retries;
            while left > 0 {
                if let Some(e) = ctx.cancel.err() {
                    return Err(e.into());
                }
                ctx.ui.say(format!("Provisioner failed with {quoted}, retrying with {left} trie(s) left"));
                if self.inner.provision(ctx).await.is_ok() {
                    return Ok(());
                }
                left -= 1;
            }
            ctx.ui.say("retry limit reached.");
            Err(first)
        })
    }
}
