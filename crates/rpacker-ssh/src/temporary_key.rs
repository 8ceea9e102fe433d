//! Temporary key pairs for builders that create one per build (Packer's `sshkey.GeneratePair`):
//! ed25519 by default, or RSA (4096 bits unless told, at least 1024). The private key is in
//! OpenSSH format, which OpenSSH and this crate read; the public key is an `authorized_keys`
//! line.

use rpacker_sdk::Sensitive;
use russh::keys::ssh_key::private::{Ed25519Keypair, KeypairData, RsaKeypair};
use russh::keys::ssh_key::LineEnding;
use russh::keys::PrivateKey;

use crate::error::SshError;

/// Packer's default RSA size.
const DEFAULT_RSA_BITS: usize = 4096;

/// Which kind of key to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemporaryKeyType {
    /// Ed25519 (fixed size).
    Ed25519,
    /// RSA with this many bits; `0` means Packer's default (4096).
    Rsa {
        /// Key size in bits.
        bits: usize,
    },
}

/// A generated key pair.
#[derive(Debug, Clone)]
pub struct TemporaryKey {
    /// The private key, OpenSSH format (`-----BEGIN OPENSSH PRIVATE KEY-----`).
    pub private_key_pem: Sensitive<String>,
    /// The public key as an `authorized_keys` line: `<type> <base64> <comment>` (no newline;
    /// no comment when the comment is empty).
    pub authorized_key: String,
}

/// Generates a key pair; `comment` goes into both keys (Packer uses the key pair's name).
///
/// # Errors
/// [`SshError::KeyGeneration`] for an RSA size below 1024 (Packer's text) or a failure of the
/// key library.
pub fn generate_temporary_key(kind: TemporaryKeyType, comment: &str) -> Result<TemporaryKey, SshError> {
    let mut rng = rand::rng();
    let data = match kind {
        TemporaryKeyType::Ed25519 => KeypairData::Ed25519(Ed25519Keypair::random(&mut rng)),
        TemporaryKeyType::Rsa { bits } => {
            let bits = if bits == 0 { DEFAULT_RSA_BITS } else { bits };
            if bits < 1024 {
                return Err(SshError::KeyGeneration("invalid private key rsa size: must be more than 1024".into()));
            }
            KeypairData::Rsa(RsaKeypair::random(&mut rng, bits).map_err(|e| SshError::KeyGeneration(e.to_string()))?)
        }
    };
    let key = PrivateKey::new(data, comment).map_err(|e| SshError::KeyGeneration(e.to_string()))?;
    let private_key_pem = key.to_openssh(LineEnding::LF).map_err(|e| SshError::KeyGeneration(e.to_string()))?;
    let authorized_key = key.public_key().to_openssh().map_err(|e| SshError::KeyGeneration(e.to_string()))?;
    Ok(TemporaryKey { private_key_pem: Sensitive::new(private_key_pem.to_string()), authorized_key })
}

#[cfg(test)]
mod tests {
    use super::*;
    use russh::keys::{decode_secret_key, Algorithm};

    #[test]
    fn keys_parse_back() {
        let cases = [
            (TemporaryKeyType::Ed25519, "c1", Algorithm::Ed25519, "ssh-ed25519 "),
            (TemporaryKeyType::Rsa { bits: 1024 }, "c2", Algorithm::Rsa { hash: None }, "ssh-rsa "),
        ];
        for (kind, comment, algorithm, prefix) in cases {
            let key = generate_temporary_key(kind, comment).unwrap();
            let parsed = decode_secret_key(key.private_key_pem.expose(), None).unwrap();
            assert_eq!(parsed.algorithm(), algorithm);
            assert!(key.authorized_key.starts_with(prefix), "{}", key.authorized_key);
            assert!(key.authorized_key.ends_with(&format!(" {comment}")), "{}", key.authorized_key);
            assert!(key.private_key_pem.expose().starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
        }
    }

    #[test]
    fn rsa_too_small_is_refused_with_packers_text() {
        let err = generate_temporary_key(TemporaryKeyType::Rsa { bits: 512 }, "x").unwrap_err();
        assert_eq!(err.to_string(), "sshkey: invalid private key rsa size: must be more than 1024");
    }
}
