//! `SshTarget`: everything needed to reach one machine over SSH, resolved from the communicator
//! options ([`CommConfig`]) plus what the builder knows at connect time (the host, its
//! temporary key). The connect loop and sessions read only this, never the raw options.

use std::path::PathBuf;
use std::time::Duration;

use rpacker_sdk::communicator::{expand_user, read_file, CommConfig, KeepAliveInterval};
use rpacker_sdk::Sensitive;

use crate::error::SshError;

/// Packer's defaults after `CommConfig::prepare`.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
const DEFAULT_KEEP_ALIVE: Duration = Duration::from_secs(5);
const DEFAULT_HANDSHAKE_ATTEMPTS: u32 = 10;

/// Credentials offered to a server, in Packer's order: agent keys, private keys, then the
/// password (as `password` and as answers to `keyboard-interactive` prompts).
#[derive(Debug, Clone, Default)]
pub struct SshAuth {
    /// The SSH agent socket to take keys from (`ssh_agent_auth`: `SSH_AUTH_SOCK`).
    pub agent_socket: Option<PathBuf>,
    /// Private keys (OpenSSH or PEM text), in order: key file, builder key, `ssh_private_key`.
    pub private_keys: Vec<Sensitive<String>>,
    /// `ssh_password`.
    pub password: Option<Sensitive<String>>,
}

/// A jump host the connection goes through (`ssh_bastion_*`).
#[derive(Debug, Clone)]
pub struct Bastion {
    /// `ssh_bastion_host`.
    pub host: String,
    /// `ssh_bastion_port`.
    pub port: u16,
    /// `ssh_bastion_username`.
    pub user: String,
    /// Credentials for the bastion itself.
    pub auth: SshAuth,
}

/// One machine to connect to and how to behave once connected.
#[derive(Debug, Clone)]
pub struct SshTarget {
    /// Address to dial (name, IPv4 or IPv6 without brackets).
    pub host: String,
    /// `ssh_port`.
    pub port: u16,
    /// `ssh_username`.
    pub user: String,
    /// Credentials for the target.
    pub auth: SshAuth,
    /// `ssh_handshake_attempts`: authentication failures tolerated; `0` means no limit.
    pub handshake_attempts: u32,
    /// `ssh_timeout`: the whole wait for SSH; `None` waits until cancelled.
    pub timeout: Option<Duration>,
    /// `ssh_keep_alive_interval`: keep-alive period; `None` sends none.
    pub keep_alive_interval: Option<Duration>,
    /// `ssh_read_write_timeout`: the connection is dropped after this long without traffic.
    pub read_write_timeout: Option<Duration>,
    /// `ssh_pty`: run commands in a PTY (`xterm`, 80×40, echo off).
    pub pty: bool,
    /// `ssh_bastion_host` and friends.
    pub bastion: Option<Bastion>,
}

impl SshTarget {
    /// A target with Packer's defaults (10 handshake attempts, 5m timeout, 5s keep-alive) and
    /// no credentials yet.
    #[must_use]
    pub fn new(host: impl Into<String>, port: u16, user: impl Into<String>) -> Self {
        Self {
            host: host.into(),
            port,
            user: user.into(),
            auth: SshAuth::default(),
            handshake_attempts: DEFAULT_HANDSHAKE_ATTEMPTS,
            timeout: Some(DEFAULT_TIMEOUT),
            keep_alive_interval: Some(DEFAULT_KEEP_ALIVE),
            read_write_timeout: None,
            pty: false,
            bastion: None,
        }
    }

    /// Resolves a prepared [`CommConfig`] for `host` (the address the builder chose) and the
    /// builder's temporary private key, if it made one. Key files are read here.
    ///
    /// `agent_socket` is the value of `SSH_AUTH_SOCK`, read by the caller (environment access
    /// goes through one door); it is used only with `ssh_agent_auth`.
    ///
    /// # Errors
    /// [`SshError::Config`] for an unreadable key file, a port out of range, or agent auth
    /// without `SSH_AUTH_SOCK`; [`SshError::NotSupported`] for options not implemented yet
    /// (SOCKS proxy, tunnels, certificates, cipher/kex lists, interactive bastion login).
    pub fn from_comm_config(
        comm: &CommConfig,
        host: &str,
        temporary_key: Option<&str>,
        agent_socket: Option<PathBuf>,
    ) -> Result<Self, SshError> {
        reject_unsupported(comm)?;
        let mut target = Self::new(host, port("ssh_port", comm.ssh_port)?, comm.ssh_username.clone());
        let mut keys = Vec::new();
        if !comm.ssh_private_key_file.is_empty() {
            keys.push(read_key_file(&comm.ssh_private_key_file)?);
        }
        if let Some(key) = temporary_key {
            keys.push(Sensitive::new(key.to_owned()));
        }
        if !comm.ssh_private_key.expose().is_empty() {
            keys.push(Sensitive::new(String::from_utf8_lossy(comm.ssh_private_key.expose()).into_owned()));
        }
        target.auth = SshAuth {
            agent_socket: agent(comm.ssh_agent_auth, agent_socket.as_ref())?,
            private_keys: keys,
            password: Some(comm.ssh_password.clone()).filter(|p| !p.is_empty()),
        };
        // Packer: a non-positive count means "no limit" (only reachable through the API).
        target.handshake_attempts = u32::try_from(comm.ssh_handshake_attempts.max(0)).unwrap_or(u32::MAX);
        target.timeout = Some(comm.ssh_timeout.0).filter(|d| !d.is_zero());
        target.keep_alive_interval = match comm.ssh_keep_alive_interval {
            KeepAliveInterval::Every(d) => Some(d),
            KeepAliveInterval::Unset => Some(DEFAULT_KEEP_ALIVE),
            KeepAliveInterval::Disabled => None,
        };
        target.read_write_timeout = Some(comm.ssh_read_write_timeout.0).filter(|d| !d.is_zero());
        target.pty = comm.ssh_pty;
        if !comm.ssh_bastion_host.is_empty() {
            let mut keys = Vec::new();
            if !comm.ssh_bastion_private_key_file.is_empty() {
                keys.push(read_key_file(&comm.ssh_bastion_private_key_file)?);
            }
            target.bastion = Some(Bastion {
                host: comm.ssh_bastion_host.clone(),
                port: port("ssh_bastion_port", comm.ssh_bastion_port)?,
                user: comm.ssh_bastion_username.clone(),
                auth: SshAuth {
                    agent_socket: agent(comm.ssh_bastion_agent_auth, agent_socket.as_ref())?,
                    private_keys: keys,
                    password: Some(comm.ssh_bastion_password.clone()).filter(|p| !p.is_empty()),
                },
            });
        }
        Ok(target)
    }
}

fn reject_unsupported(comm: &CommConfig) -> Result<(), SshError> {
    let unsupported = [
        ("ssh_proxy_host", !comm.ssh_proxy_host.is_empty()),
        ("ssh_local_tunnels", !comm.ssh_local_tunnels.is_empty()),
        ("ssh_remote_tunnels", !comm.ssh_remote_tunnels.is_empty()),
        ("ssh_certificate_file", !comm.ssh_certificate_file.is_empty()),
        ("ssh_bastion_certificate_file", !comm.ssh_bastion_certificate_file.is_empty()),
        ("ssh_bastion_interactive", comm.ssh_bastion_interactive),
        ("ssh_ciphers", !comm.ssh_ciphers.is_empty()),
        ("ssh_key_exchange_algorithms", !comm.ssh_key_exchange_algorithms.is_empty()),
    ];
    match unsupported.into_iter().find(|(_, set)| *set) {
        Some((option, _)) => Err(SshError::NotSupported { option }),
        None => Ok(()),
    }
}

fn port(key: &str, value: i64) -> Result<u16, SshError> {
    u16::try_from(value).map_err(|_| SshError::Config(format!("{key} {value} is not a valid port")))
}

fn read_key_file(path: &str) -> Result<Sensitive<String>, SshError> {
    let path = expand_user(path).map_err(SshError::Config)?;
    let bytes = read_file(&path).map_err(SshError::Config)?;
    Ok(Sensitive::new(String::from_utf8_lossy(&bytes).into_owned()))
}

fn agent(wanted: bool, socket: Option<&PathBuf>) -> Result<Option<PathBuf>, SshError> {
    match (wanted, socket) {
        (false, _) => Ok(None),
        (true, Some(path)) if !path.as_os_str().is_empty() => Ok(Some(path.clone())),
        // Packer's text.
        (true, _) => Err(SshError::Config("SSH_AUTH_SOCK is not set".to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rpacker_sdk::config::GoDuration;

    fn comm() -> CommConfig {
        CommConfig {
            communicator: "ssh".into(),
            ssh_port: 22,
            ssh_username: "u".into(),
            ssh_timeout: GoDuration(DEFAULT_TIMEOUT),
            ssh_handshake_attempts: 10,
            ssh_keep_alive_interval: KeepAliveInterval::Every(DEFAULT_KEEP_ALIVE),
            ..CommConfig::default()
        }
    }

    #[test]
    fn options_map_onto_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let key_file = dir.path().join("key");
        std::fs::write(&key_file, "FILE KEY").unwrap();
        let mut c = comm();
        c.ssh_private_key_file = key_file.to_string_lossy().into_owned();
        c.ssh_private_key = Sensitive::new(b"INLINE KEY".to_vec());
        c.ssh_password = Sensitive::new("pw".into());
        c.ssh_keep_alive_interval = KeepAliveInterval::Disabled;
        c.ssh_pty = true;
        c.ssh_bastion_host = "jump".into();
        c.ssh_bastion_port = 2200;
        c.ssh_bastion_username = "b".into();
        c.ssh_bastion_private_key_file = c.ssh_private_key_file.clone();
        let t = SshTarget::from_comm_config(&c, "10.0.0.1", Some("TEMP KEY"), None).unwrap();
        let keys: Vec<&str> = t.auth.private_keys.iter().map(|k| k.expose().as_str()).collect();
        assert_eq!(keys, ["FILE KEY", "TEMP KEY", "INLINE KEY"]);
        assert_eq!((t.host.as_str(), t.port, t.user.as_str()), ("10.0.0.1", 22, "u"));
        assert_eq!(t.auth.password.as_ref().map(|p| p.expose().as_str()), Some("pw"));
        assert_eq!(
            (t.keep_alive_interval, t.timeout, t.handshake_attempts, t.pty),
            (None, Some(DEFAULT_TIMEOUT), 10, true)
        );
        let b = t.bastion.unwrap();
        assert_eq!((b.host.as_str(), b.port, b.user.as_str(), b.auth.private_keys.len()), ("jump", 2200, "b", 1));
    }

    #[test]
    fn refusals() {
        type Change = fn(&mut CommConfig);
        let cases: Vec<(Change, &str)> = vec![
            (|c| c.ssh_port = 70000, "Error setting up SSH config: ssh_port 70000 is not a valid port"),
            (|c| c.ssh_agent_auth = true, "Error setting up SSH config: SSH_AUTH_SOCK is not set"),
            (
                |c| c.ssh_private_key_file = "/nonexistent/key".into(),
                "Error setting up SSH config: open /nonexistent/key: no such file or directory",
            ),
            (|c| c.ssh_proxy_host = "p".into(), "ssh_proxy_host is not supported by rpacker's SSH communicator yet"),
            (
                |c| c.ssh_ciphers = vec!["aes128-ctr".into()],
                "ssh_ciphers is not supported by rpacker's SSH communicator yet",
            ),
        ];
        for (change, want) in cases {
            let mut c = comm();
            change(&mut c);
            let err = SshTarget::from_comm_config(&c, "h", None, None).unwrap_err();
            assert_eq!(err.to_string(), want);
        }
    }
}
