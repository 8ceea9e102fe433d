//! The communicator options every builder that connects to a machine accepts (Packer's
//! `communicator.Config` with its squashed `SSH`, `SSHTemporaryKeyPair` and `WinRM` parts), as
//! one typed struct decoded from the builder's own options.

use serde::Deserialize;

use super::keep_alive::KeepAliveInterval;
use crate::config::GoDuration;
use crate::sensitive::Sensitive;

/// Every option key [`CommConfig`] reads, for builders that need to know which of their options
/// belong to the communicator (e.g. to exclude or claim them). Decoding `CommConfig` with
/// [`crate::config::ConfigDecoder::decode`] already marks them known.
pub const KEYS: &[&str] = &[
    "communicator",
    "pause_before_connecting",
    "ssh_host",
    "ssh_port",
    "ssh_username",
    "ssh_password",
    "ssh_keypair_name",
    "temporary_key_pair_name",
    "temporary_key_pair_type",
    "temporary_key_pair_bits",
    "ssh_ciphers",
    "ssh_clear_authorized_keys",
    "ssh_key_exchange_algorithms",
    "ssh_private_key_file",
    "ssh_certificate_file",
    "ssh_pty",
    "ssh_timeout",
    "ssh_wait_timeout",
    "ssh_agent_auth",
    "ssh_disable_agent_forwarding",
    "ssh_handshake_attempts",
    "ssh_bastion_host",
    "ssh_bastion_port",
    "ssh_bastion_agent_auth",
    "ssh_bastion_username",
    "ssh_bastion_password",
    "ssh_bastion_interactive",
    "ssh_bastion_private_key_file",
    "ssh_bastion_certificate_file",
    "ssh_file_transfer_method",
    "ssh_proxy_host",
    "ssh_proxy_port",
    "ssh_proxy_username",
    "ssh_proxy_password",
    "ssh_keep_alive_interval",
    "ssh_read_write_timeout",
    "ssh_remote_tunnels",
    "ssh_local_tunnels",
    "ssh_public_key",
    "ssh_private_key",
    "winrm_username",
    "winrm_password",
    "winrm_host",
    "winrm_no_proxy",
    "winrm_port",
    "winrm_timeout",
    "winrm_use_ssl",
    "winrm_insecure",
    "winrm_use_ntlm",
];

/// How a builder talks to the machine it builds. Field names are the option keys; ports and
/// counts are Go `int`s (`i64`) because Packer accepts any integer at prepare time.
/// Defaults noted below are applied by [`CommConfig::prepare`](super::CommConfig::prepare).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CommConfig {
    /// `communicator`: `ssh` (default), `winrm`, `none`, or a builder's own (`docker`,
    /// `dockerWindowsContainer`).
    pub communicator: String,
    /// `pause_before_connecting`: after the first successful connection, disconnect, wait this
    /// long, and connect again. Default: no pause.
    pub pause_before_connecting: GoDuration,

    /// `ssh_host`: the address to SSH to; usually set by the builder.
    pub ssh_host: String,
    /// `ssh_port`: default `22`.
    pub ssh_port: i64,
    /// `ssh_username`: required for SSH.
    pub ssh_username: String,
    /// `ssh_password`: password (and keyboard-interactive) authentication.
    pub ssh_password: Sensitive<String>,
    /// `ssh_keypair_name`: an existing cloud key pair to launch with (cloud builders).
    pub ssh_keypair_name: String,
    /// `temporary_key_pair_name`: name of the key pair the builder creates (cloud builders).
    pub temporary_key_pair_name: String,
    /// `temporary_key_pair_type`: `rsa` (builder default), `dsa`, `ecdsa` or `ed25519`.
    pub temporary_key_pair_type: String,
    /// `temporary_key_pair_bits`: key size of the temporary key pair (builder default).
    pub temporary_key_pair_bits: i64,
    /// `ssh_ciphers`: allowed ciphers, in preference order (SSH library defaults when empty).
    pub ssh_ciphers: Vec<String>,
    /// `ssh_clear_authorized_keys`: remove the temporary key from `authorized_keys` at the end.
    pub ssh_clear_authorized_keys: bool,
    /// `ssh_key_exchange_algorithms`: allowed key exchanges (SSH library defaults when empty).
    pub ssh_key_exchange_algorithms: Vec<String>,
    /// `ssh_private_key_file`: PEM/OpenSSH private key to authenticate with; `~` is expanded.
    pub ssh_private_key_file: String,
    /// `ssh_certificate_file`: signed certificate used together with the private key.
    pub ssh_certificate_file: String,
    /// `ssh_pty`: request a PTY (`xterm`, 40×80, echo off).
    pub ssh_pty: bool,
    /// `ssh_timeout`: how long to wait for SSH to become available. Default `5m`.
    pub ssh_timeout: GoDuration,
    /// `ssh_wait_timeout`: legacy spelling of `ssh_timeout`; when set it wins.
    pub ssh_wait_timeout: GoDuration,
    /// `ssh_agent_auth`: authenticate with the local SSH agent (`SSH_AUTH_SOCK`).
    pub ssh_agent_auth: bool,
    /// `ssh_disable_agent_forwarding`.
    pub ssh_disable_agent_forwarding: bool,
    /// `ssh_handshake_attempts`: authentication failures tolerated. Default `10`.
    pub ssh_handshake_attempts: i64,

    /// `ssh_bastion_host`: jump host for the SSH connection.
    pub ssh_bastion_host: String,
    /// `ssh_bastion_port`: default `22` when a bastion is set.
    pub ssh_bastion_port: i64,
    /// `ssh_bastion_agent_auth`: authenticate to the bastion with the local SSH agent.
    pub ssh_bastion_agent_auth: bool,
    /// `ssh_bastion_username`.
    pub ssh_bastion_username: String,
    /// `ssh_bastion_password`.
    pub ssh_bastion_password: Sensitive<String>,
    /// `ssh_bastion_interactive`: keyboard-interactive authentication to the bastion.
    pub ssh_bastion_interactive: bool,
    /// `ssh_bastion_private_key_file`: defaults to `ssh_private_key_file` when a bastion is set.
    pub ssh_bastion_private_key_file: String,
    /// `ssh_bastion_certificate_file`: defaults to `ssh_certificate_file` when a bastion is set.
    pub ssh_bastion_certificate_file: String,

    /// `ssh_file_transfer_method`: `scp` (default) or `sftp`.
    pub ssh_file_transfer_method: String,
    /// `ssh_proxy_host`: SOCKS5 proxy for the SSH connection.
    pub ssh_proxy_host: String,
    /// `ssh_proxy_port`: default `1080` when a proxy is set.
    pub ssh_proxy_port: i64,
    /// `ssh_proxy_username`.
    pub ssh_proxy_username: String,
    /// `ssh_proxy_password`.
    pub ssh_proxy_password: Sensitive<String>,
    /// `ssh_keep_alive_interval`: `keepalive@packer.io` request period. Default `5s`; a
    /// negative value disables keep-alives.
    pub ssh_keep_alive_interval: KeepAliveInterval,
    /// `ssh_read_write_timeout`: per-connection deadline for remote commands. Default: none.
    pub ssh_read_write_timeout: GoDuration,
    /// `ssh_remote_tunnels`: `port:host:hostport` forwards from the remote side.
    pub ssh_remote_tunnels: Vec<String>,
    /// `ssh_local_tunnels`: `port:host:hostport` forwards from the local side.
    pub ssh_local_tunnels: Vec<String>,
    /// `ssh_public_key`: public key bytes (normally filled in by the builder). Packer decodes
    /// it as a byte list, so a string here fails to decode, as in Packer.
    pub ssh_public_key: Vec<u8>,
    /// `ssh_private_key`: private key bytes (normally filled in by the builder).
    pub ssh_private_key: Sensitive<Vec<u8>>,

    /// `winrm_username`: required for WinRM.
    pub winrm_username: String,
    /// `winrm_password`.
    pub winrm_password: Sensitive<String>,
    /// `winrm_host`: the address to connect to; usually set by the builder.
    pub winrm_host: String,
    /// `winrm_no_proxy`: bypass `HTTP(S)_PROXY` for WinRM.
    pub winrm_no_proxy: bool,
    /// `winrm_port`: default `5985`, or `5986` with `winrm_use_ssl`.
    pub winrm_port: i64,
    /// `winrm_timeout`: how long to wait for WinRM. Default `30m`.
    pub winrm_timeout: GoDuration,
    /// `winrm_use_ssl`: HTTPS.
    pub winrm_use_ssl: bool,
    /// `winrm_insecure`: skip certificate checks.
    pub winrm_insecure: bool,
    /// `winrm_use_ntlm`: NTLMv2 instead of basic authentication.
    pub winrm_use_ntlm: bool,
}
