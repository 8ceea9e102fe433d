//! The user-authentication conversation, shaped like Go's x/crypto/ssh client (which Packer
//! uses): `none` first, then each configured method the server still lists, each method name
//! tried once, and when nothing is left, `unable to authenticate, attempted methods [...]`.
//! Unlike Go (whose `publickey` method stops at its first key source) every key is offered —
//! the agent's, then the key file, builder key and `ssh_private_key`.

use russh::client::{AuthResult, Handle, Handler, KeyboardInteractiveAuthResponse};
use russh::keys::agent::client::AgentClient;
use russh::keys::{HashAlg, PrivateKeyWithHashAlg};
use russh::MethodKind;

use crate::credentials::Credentials;
use crate::error::AuthFailure;

/// Why a login did not succeed.
#[derive(Debug)]
pub(crate) enum LoginError {
    /// Every method was refused.
    Refused(AuthFailure),
    /// The conversation itself broke.
    Protocol(String),
}

/// Logs `user` in on a fresh connection.
pub(crate) async fn log_in<H: Handler>(
    handle: &mut Handle<H>,
    user: &str,
    credentials: &Credentials,
) -> Result<(), LoginError> {
    let configured = credentials.methods();
    let mut attempted: Vec<&'static str> = Vec::new();
    let mut method = "none";
    let mut result = handle.authenticate_none(user).await.map_err(protocol)?;
    loop {
        let remaining = match result {
            AuthResult::Success => return Ok(()),
            AuthResult::Failure { remaining_methods, .. } => {
                remaining_methods.iter().map(<&'static str>::from).collect::<Vec<_>>()
            }
        };
        if !attempted.contains(&method) {
            attempted.push(method);
        }
        let next = configured.iter().find(|m| !attempted.contains(m) && remaining.contains(m));
        let Some(&next) = next else {
            return Err(LoginError::Refused(AuthFailure { attempted }));
        };
        method = next;
        result = match next {
            "publickey" => public_key(handle, user, credentials).await?,
            "password" => {
                let password = credentials.password.clone().unwrap_or_default();
                handle.authenticate_password(user, password).await.map_err(protocol)?
            }
            _ => keyboard_interactive(handle, user, credentials.password.as_deref().unwrap_or_default()).await?,
        };
    }
}

/// Offers the agent's keys, then each private key; the last refusal is the result.
async fn public_key<H: Handler>(
    handle: &mut Handle<H>,
    user: &str,
    credentials: &Credentials,
) -> Result<AuthResult, LoginError> {
    let rsa_hash = rsa_hash(handle).await;
    let mut result =
        AuthResult::Failure { remaining_methods: [MethodKind::PublicKey][..].into(), partial_success: false };
    if let Some(socket) = &credentials.agent_socket {
        let mut agent = AgentClient::connect_uds(socket)
            .await
            .map_err(|e| LoginError::Protocol(format!("Cannot connect to SSH Agent socket {socket:?}: {e}")))?;
        let identities = agent.request_identities().await.map_err(|e| LoginError::Protocol(e.to_string()))?;
        for identity in identities {
            let key = identity.public_key().into_owned();
            let hash = if key.algorithm().is_rsa() { rsa_hash } else { None };
            result = handle
                .authenticate_publickey_with(user, key, hash, &mut agent)
                .await
                .map_err(|e| LoginError::Protocol(e.to_string()))?;
            if matches!(result, AuthResult::Success) {
                return Ok(result);
            }
        }
    }
    for key in &credentials.keys {
        let key = PrivateKeyWithHashAlg::new(key.clone(), rsa_hash);
        result = handle.authenticate_publickey(user, key).await.map_err(protocol)?;
        if matches!(result, AuthResult::Success) {
            return Ok(result);
        }
    }
    Ok(result)
}

/// The RSA signature hash the server accepts: SHA-512, SHA-256, or SHA-1 (`ssh-rsa`) only
/// when it lists nothing better; SHA-256 when it does not say.
async fn rsa_hash<H: Handler>(handle: &Handle<H>) -> Option<HashAlg> {
    match handle.best_supported_rsa_hash().await {
        Ok(Some(best)) => best,
        _ => Some(HashAlg::Sha256),
    }
}

/// Answers every prompt with the password (Go's `PasswordKeyboardInteractive`).
async fn keyboard_interactive<H: Handler>(
    handle: &mut Handle<H>,
    user: &str,
    password: &str,
) -> Result<AuthResult, LoginError> {
    let mut response = handle.authenticate_keyboard_interactive_start(user, None).await.map_err(protocol)?;
    loop {
        match response {
            KeyboardInteractiveAuthResponse::Success => return Ok(AuthResult::Success),
            KeyboardInteractiveAuthResponse::Failure { remaining_methods, partial_success } => {
                return Ok(AuthResult::Failure { remaining_methods, partial_success })
            }
            KeyboardInteractiveAuthResponse::InfoRequest { prompts, .. } => {
                let answers = prompts.iter().map(|_| password.to_owned()).collect();
                response = handle.authenticate_keyboard_interactive_respond(answers).await.map_err(protocol)?;
            }
        }
    }
}

fn protocol(error: russh::Error) -> LoginError {
    LoginError::Protocol(error.to_string())
}
