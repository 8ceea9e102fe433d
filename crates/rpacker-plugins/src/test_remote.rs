//! Test rig for the provisioners that work through the communicator: a real OpenSSH sshd on
//! 127.0.0.1 (rpacker-testkit), a logged-in [`SshSession`], and a [`ProvisionContext`] with a
//! recording UI and the generated data a `null` build has. The test user logs in as itself, so
//! a "remote" path is a path on this machine the test can inspect.

use std::sync::Arc;
use std::time::Duration;

use rpacker_sdk::lifecycle::{Cancellation, Communicator, GeneratedData, ProvisionContext, RecordingSink};
use rpacker_sdk::Sensitive;
use rpacker_ssh::{connect, CancellationToken, SshSession, SshTarget};
use rpacker_testkit::Sshd;

/// A running sshd and a session logged in to it.
pub(crate) struct Remote {
    /// Kept for its log and stopped (by PID) on drop.
    pub sshd: Sshd,
    /// The connection provisioners use.
    pub session: Arc<SshSession>,
}

impl Remote {
    /// Starts sshd and connects (panics with sshd's log when that fails).
    pub async fn start() -> Self {
        let sshd = Sshd::start();
        let mut target = SshTarget::new("127.0.0.1", sshd.port(), sshd.user());
        target.auth.private_keys = vec![Sensitive::new(sshd.private_key_pem())];
        target.timeout = Some(Duration::from_secs(30));
        let session = match connect(&target, &CancellationToken::new()).await {
            Ok(session) => session,
            Err(e) => panic!("connect failed: {e}\nsshd log:\n{}", sshd.log()),
        };
        Self { sshd, session: Arc::new(session) }
    }

    /// A provisioning context for build `nb` on this session.
    pub fn context(&self, sink: &Arc<RecordingSink>, cancel: Cancellation) -> ProvisionContext {
        context(Arc::clone(&self.session) as Arc<dyn Communicator>, sink, cancel)
    }
}

/// A provisioning context for build `nb` over `communicator`, with a `null` build's data
/// (`ID=Null`, no HTTP server).
pub(crate) fn context(
    communicator: Arc<dyn Communicator>,
    sink: &Arc<RecordingSink>,
    cancel: Cancellation,
) -> ProvisionContext {
    let data: GeneratedData = [
        ("ID", "Null"),
        ("ConnType", "ssh"),
        ("PackerHTTPAddr", "ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER"),
        ("PackerHTTPIP", "ERR_HTTP_IP_NOT_IMPLEMENTED_BY_BUILDER"),
        ("PackerHTTPPort", "ERR_HTTP_PORT_NOT_IMPLEMENTED_BY_BUILDER"),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .into();
    ProvisionContext { cancel, ui: sink.targeted("nb"), generated_data: Arc::new(data), communicator }
}
