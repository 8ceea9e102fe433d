//! `timeout`: run the provisioner under a deadline (Packer's `TimeoutProvisioner`). When the
//! deadline passes the provisioner's context fires with `context deadline exceeded` and an
//! error line is printed; the result is whatever the provisioner then returns.

use std::time::Duration;

use rpacker_sdk::lifecycle::{BoxError, BoxFuture, ContextError, Provision, ProvisionContext};

use rpacker_sdk::config::format_go_duration;

/// Says `Setting a <d> timeout for the next provisioner...` and runs the provisioner with a
/// deadline.
pub struct TimeoutProvisioner {
    timeout: Duration,
    inner: Box<dyn Provision>,
}

impl TimeoutProvisioner {
    /// Wraps `inner` with a deadline of `timeout`.
    #[must_use]
    pub fn new(timeout: Duration, inner: Box<dyn Provision>) -> Self {
        Self { timeout, inner }
    }
}

impl Provision for TimeoutProvisioner {
    fn provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let deadline = ctx.cancel.child();
            let inner_ctx = ctx.with_cancel(deadline.clone());
            ctx.ui.say(format!("Setting a {} timeout for the next provisioner...", format_go_duration(self.timeout)));
            let watch_deadline = async {
                tokio::time::sleep(self.timeout).await;
                deadline.expire();
                // An interrupt that came first is not a timeout: no message then.
                if deadline.err() == Some(ContextError::DeadlineExceeded) {
                    ctx.ui.error("Cancelling provisioner after a timeout...");
                }
                // The provisioner's own result decides; this branch only reports.
                std::future::pending::<Result<(), BoxError>>().await
            };
            tokio::select! {
                biased;
                result = self.inner.provision(&inner_ctx) => result,
                result = watch_deadline => result,
            }
        })
    }
}
