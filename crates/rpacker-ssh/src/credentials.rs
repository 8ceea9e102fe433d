//! `Credentials`: an [`SshAuth`] with its keys parsed, done once before the connect loop so a
//! bad key is reported at once instead of on every attempt.

use std::path::PathBuf;
use std::sync::Arc;

use russh::keys::{decode_secret_key, PrivateKey};

use crate::error::SshError;
use crate::target::SshAuth;

/// Parsed credentials for one login.
pub(crate) struct Credentials {
    pub(crate) agent_socket: Option<PathBuf>,
    pub(crate) keys: Vec<Arc<PrivateKey>>,
    pub(crate) password: Option<String>,
}

impl Credentials {
    pub(crate) fn parse(auth: &SshAuth) -> Result<Self, SshError> {
        let keys = auth
            .private_keys
            .iter()
            .map(|pem| {
                decode_secret_key(pem.expose(), None)
                    .map(Arc::new)
                    .map_err(|e| SshError::Config(format!("Failed to parse private key: {e}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            agent_socket: auth.agent_socket.clone(),
            keys,
            password: auth.password.as_ref().map(|p| p.expose().clone()),
        })
    }

    /// The method names configured, deduplicated in Packer's order (Go's client tries each
    /// name once).
    pub(crate) fn methods(&self) -> Vec<&'static str> {
        let mut methods = Vec::new();
        if self.agent_socket.is_some() || !self.keys.is_empty() {
            methods.push("publickey");
        }
        if self.password.is_some() {
            methods.extend(["password", "keyboard-interactive"]);
        }
        methods
    }
}
