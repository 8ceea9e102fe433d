//! Setting up the proxy (the plugin's `setupAdapter`): the key ansible logs in with (the
//! `ssh_authorized_key_file`, or a generated pair whose private half goes to a 0600
//! `ansible-key<digits>` file), the host key (`ssh_host_key_file`, or generated), a listener on
//! 127.0.0.1 (`local_port`, trying the next ports when taken), and the server with the adapter.
//!
//! Generated keys are ed25519 for `ansible_proxy_key_type` ECDSA (the default) and RSA-2048
//! for RSA; an RSA host key signs with rsa-sha2, so stock OpenSSH ≥ 8.8 accepts both.

use std::sync::Arc;

use rpacker_sdk::lifecycle::{Communicator, TargetedSink};
use rpacker_ssh::{
    generate_temporary_key, AuthorizedKey, HostKey, ServerOptions, SessionService, SshServer, TemporaryKeyType,
};
use tokio::net::TcpListener;

use crate::adapter::Adapter;
use crate::config::AnsibleConfig;
use crate::error::AnsibleError;
use crate::proxy_key_type::ProxyKeyType;
use crate::temp_file::TempFile;

/// How many ports are tried when `local_port` is set.
const PORT_TRIES: usize = 10;

/// A running proxy; its key file goes when it is dropped.
pub(crate) struct Proxy {
    /// The server (stop it with [`Proxy::shutdown`]).
    server: SshServer,
    /// The generated private key ansible logs in with (none with `ssh_authorized_key_file`).
    pub(crate) key_file: Option<TempFile>,
}

impl Proxy {
    /// The port the proxy listens on.
    pub(crate) fn port(&self) -> u16 {
        self.server.local_addr().port()
    }

    /// Stops the server and drops every connection, then removes the key file.
    pub(crate) async fn shutdown(self) {
        self.server.shutdown().await;
        drop(self.key_file);
    }
}

/// Starts the proxy in front of `communicator`.
///
/// # Errors
/// [`AnsibleError::Proxy`] with the plugin's texts.
pub(crate) async fn start_proxy(
    config: &AnsibleConfig,
    key_type: ProxyKeyType,
    ui: &TargetedSink,
    communicator: Arc<dyn Communicator>,
) -> Result<Proxy, AnsibleError> {
    ui.say("Setting up proxy adapter for Ansible....");
    let kind = match key_type {
        ProxyKeyType::Ecdsa => TemporaryKeyType::Ed25519,
        ProxyKeyType::Rsa => TemporaryKeyType::Rsa { bits: 2048 },
    };
    let (authorized_key, key_file) = user_key(config, kind)?;
    let host_key = if config.ssh_host_key_file.is_empty() {
        HostKey::generate(kind)
    } else {
        HostKey::from_file(std::path::Path::new(&config.ssh_host_key_file))
    }
    .map_err(|e| AnsibleError::Proxy(format!("error creating host signer: {e}")))?;
    let listener = listen(config.local_port, ui).await?;
    let options = ServerOptions { host_keys: vec![host_key], user: config.user.clone(), authorized_key };
    let adapter = Adapter { communicator, sftp_command: config.sftp_command.clone(), ui: ui.clone() };
    let server = SshServer::serve(listener, options, Arc::new(adapter) as Arc<dyn SessionService>)
        .map_err(|_| AnsibleError::Proxy("Error setting up SSH proxy connection".to_owned()))?;
    Ok(Proxy { server, key_file })
}

/// The key ansible must present, and the file holding its private half when generated.
fn user_key(config: &AnsibleConfig, kind: TemporaryKeyType) -> Result<(AuthorizedKey, Option<TempFile>), AnsibleError> {
    if !config.ssh_authorized_key_file.is_empty() {
        let key = AuthorizedKey::from_file(std::path::Path::new(&config.ssh_authorized_key_file))
            .map_err(|e| AnsibleError::Proxy(e.to_string()))?;
        return Ok((key, None));
    }
    let pair =
        generate_temporary_key(kind, "").map_err(|_| AnsibleError::Proxy("Failed to generate key pair".to_owned()))?;
    let file = TempFile::create("", "ansible-key", pair.private_key_pem.expose().as_bytes())
        .map_err(|_| AnsibleError::Proxy("failed to create temp file for generated key".to_owned()))?;
    let key = AuthorizedKey::parse(&pair.authorized_key).map_err(|e| AnsibleError::Proxy(e.to_string()))?;
    Ok((key, Some(file)))
}

/// Listens on 127.0.0.1: port 0 (any) once, else `port` and the next ones; each failure is
/// said, as the plugin does.
async fn listen(local_port: i64, ui: &TargetedSink) -> Result<TcpListener, AnsibleError> {
    let tries = if local_port == 0 { 1 } else { PORT_TRIES };
    for port in (local_port..).take(tries) {
        let address = format!("127.0.0.1:{port}");
        match TcpListener::bind(&address).await {
            Ok(listener) => return Ok(listener),
            Err(e) => ui.say(format!("listen tcp {address}: bind: {}", rpacker_sdk::communicator::go_errno_text(&e))),
        }
    }
    Err(AnsibleError::Proxy("Error setting up SSH proxy connection".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rpacker_sdk::lifecycle::{NoneCommunicator, RecordingSink};

    #[tokio::test]
    async fn taken_ports_are_skipped_and_said() {
        let taken = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = taken.local_addr().unwrap().port();
        let sink = RecordingSink::new();
        let listener = listen(i64::from(port), &sink.targeted("b")).await.unwrap();
        assert_ne!(listener.local_addr().unwrap().port(), port);
        assert_eq!(sink.ui_lines()[0], format!("say b: listen tcp 127.0.0.1:{port}: bind: address already in use"));
    }

    #[tokio::test]
    async fn key_files_and_their_errors() {
        let dir = tempfile::tempdir().unwrap();
        let sink = RecordingSink::new();
        let ui = sink.targeted("b");
        let base = AnsibleConfig { user: "me".into(), ..AnsibleConfig::default() };

        let proxy = start_proxy(&base, ProxyKeyType::Ecdsa, &ui, Arc::new(NoneCommunicator)).await.unwrap();
        let key_path = proxy.key_file.as_ref().unwrap().path().to_path_buf();
        let pem = std::fs::read_to_string(&key_path).unwrap();
        assert!(pem.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----"));
        let port = proxy.port();
        proxy.shutdown().await;
        assert!(!key_path.exists(), "the generated key outlived the proxy");
        assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
        assert_eq!(sink.ui_lines(), ["say b: Setting up proxy adapter for Ansible...."]);

        let missing = dir.path().join("missing").to_string_lossy().into_owned();
        let junk = dir.path().join("junk");
        std::fs::write(&junk, "junk\n").unwrap();
        let junk = junk.to_string_lossy().into_owned();
        let cases = [
            (AnsibleConfig { ssh_authorized_key_file: missing.clone(), ..base.clone() }, "Failed to read public key"),
            (AnsibleConfig { ssh_authorized_key_file: junk.clone(), ..base.clone() }, "Failed to parse authorized key"),
            (
                AnsibleConfig { ssh_host_key_file: missing, ..base.clone() },
                "error creating host signer: Failed to load private host key",
            ),
            (
                AnsibleConfig { ssh_host_key_file: junk, ..base.clone() },
                "error creating host signer: Failed to parse private host key",
            ),
        ];
        for (config, want) in cases {
            let result = start_proxy(&config, ProxyKeyType::Rsa, &ui, Arc::new(NoneCommunicator)).await;
            assert_eq!(result.err().map(|e| e.to_string()).as_deref(), Some(want));
        }
    }
}
