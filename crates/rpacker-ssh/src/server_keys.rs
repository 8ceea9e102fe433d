//! Keys of [`crate::SshServer`]: its host key (a key file, any format OpenSSH writes, or a
//! generated one) and the one public key it lets in. Error texts are the ansible plugin's
//! (`newSigner`, `newUserKey`).

use std::fmt;
use std::path::Path;

use russh::keys::ssh_key::private::{Ed25519Keypair, KeypairData, RsaKeypair};
use russh::keys::{decode_secret_key, PrivateKey, PublicKey};

use crate::temporary_key::TemporaryKeyType;

/// Why a server key could not be had, in the ansible plugin's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServerKeyError {
    /// The host key file could not be read.
    #[error("Failed to load private host key")]
    LoadHostKey,
    /// The host key file is not a private key this server can use.
    #[error("Failed to parse private host key")]
    ParseHostKey,
    /// Generating a host key failed.
    #[error("Failed to generate server key pair")]
    GenerateHostKey,
    /// The authorized key file could not be read.
    #[error("Failed to read public key")]
    ReadAuthorizedKey,
    /// The authorized key file holds no public key in `authorized_keys` format.
    #[error("Failed to parse authorized key")]
    ParseAuthorizedKey,
}

/// The server's private host key.
#[derive(Clone)]
pub struct HostKey(pub(crate) PrivateKey);

impl HostKey {
    /// A fresh key: ed25519, or RSA of the given size (2048 bits for `bits: 0`, as the ansible
    /// plugin generates). An RSA host key is offered with `rsa-sha2-512`/`rsa-sha2-256`
    /// signatures, which OpenSSH ≥ 8.8 accepts, besides `ssh-rsa`.
    ///
    /// # Errors
    /// [`ServerKeyError::GenerateHostKey`] when the key library fails.
    pub fn generate(kind: TemporaryKeyType) -> Result<Self, ServerKeyError> {
        let mut rng = rand::rng();
        let data = match kind {
            TemporaryKeyType::Ed25519 => KeypairData::Ed25519(Ed25519Keypair::random(&mut rng)),
            TemporaryKeyType::Rsa { bits } => {
                let bits = if bits == 0 { 2048 } else { bits };
                KeypairData::Rsa(RsaKeypair::random(&mut rng, bits).map_err(|_| ServerKeyError::GenerateHostKey)?)
            }
        };
        PrivateKey::new(data, "").map(Self).map_err(|_| ServerKeyError::GenerateHostKey)
    }

    /// Reads a private key file (OpenSSH, PKCS#1 or PKCS#8 PEM), unencrypted.
    ///
    /// # Errors
    /// [`ServerKeyError::LoadHostKey`] or [`ServerKeyError::ParseHostKey`].
    pub fn from_file(path: &Path) -> Result<Self, ServerKeyError> {
        let text = std::fs::read_to_string(path).map_err(|_| ServerKeyError::LoadHostKey)?;
        decode_secret_key(&text, None).map(Self).map_err(|_| ServerKeyError::ParseHostKey)
    }

    /// The public half as an `authorized_keys`/`known_hosts` entry (`ssh-ed25519 AAAA…`).
    #[must_use]
    pub fn public_key_line(&self) -> String {
        self.0.public_key().to_openssh().unwrap_or_default()
    }
}

impl fmt::Debug for HostKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("HostKey").field(&self.0.algorithm().as_str()).finish()
    }
}

/// The public key clients must log in with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizedKey(pub(crate) PublicKey);

impl AuthorizedKey {
    /// The first key of an `authorized_keys` text (`<type> <base64> [comment]`, blank and `#`
    /// lines skipped).
    ///
    /// # Errors
    /// [`ServerKeyError::ParseAuthorizedKey`].
    pub fn parse(text: &str) -> Result<Self, ServerKeyError> {
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .ok_or(ServerKeyError::ParseAuthorizedKey)?;
        PublicKey::from_openssh(line).map(Self).map_err(|_| ServerKeyError::ParseAuthorizedKey)
    }

    /// [`AuthorizedKey::parse`] of a file.
    ///
    /// # Errors
    /// [`ServerKeyError::ReadAuthorizedKey`] or [`ServerKeyError::ParseAuthorizedKey`].
    pub fn from_file(path: &Path) -> Result<Self, ServerKeyError> {
        let text = std::fs::read_to_string(path).map_err(|_| ServerKeyError::ReadAuthorizedKey)?;
        Self::parse(&text)
    }

    /// Whether `key` is this key (comments aside).
    pub(crate) fn matches(&self, key: &PublicKey) -> bool {
        self.0.key_data() == key.key_data()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::temporary_key::generate_temporary_key;

    #[test]
    fn generated_and_parsed_keys() {
        let ed = HostKey::generate(TemporaryKeyType::Ed25519).unwrap();
        assert!(ed.public_key_line().starts_with("ssh-ed25519 "), "{}", ed.public_key_line());
        let rsa = HostKey::generate(TemporaryKeyType::Rsa { bits: 1024 }).unwrap();
        assert!(rsa.public_key_line().starts_with("ssh-rsa "));

        let pair = generate_temporary_key(TemporaryKeyType::Ed25519, "c").unwrap();
        let key = AuthorizedKey::parse(&format!("# comment\n\n{}\n", pair.authorized_key)).unwrap();
        let other = generate_temporary_key(TemporaryKeyType::Ed25519, "c").unwrap();
        let private = decode_secret_key(pair.private_key_pem.expose(), None).unwrap();
        assert!(key.matches(private.public_key()));
        assert!(!key.matches(decode_secret_key(other.private_key_pem.expose(), None).unwrap().public_key()));
        assert_eq!(AuthorizedKey::parse("nonsense"), Err(ServerKeyError::ParseAuthorizedKey));
        assert_eq!(AuthorizedKey::parse("\n# only\n"), Err(ServerKeyError::ParseAuthorizedKey));
    }

    #[test]
    fn key_files_with_the_plugins_texts() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        assert_eq!(HostKey::from_file(&missing).unwrap_err().to_string(), "Failed to load private host key");
        assert_eq!(AuthorizedKey::from_file(&missing).unwrap_err().to_string(), "Failed to read public key");
        let junk = dir.path().join("junk");
        std::fs::write(&junk, "not a key\n").unwrap();
        assert_eq!(HostKey::from_file(&junk).unwrap_err().to_string(), "Failed to parse private host key");
        assert_eq!(AuthorizedKey::from_file(&junk).unwrap_err().to_string(), "Failed to parse authorized key");
        let pem = dir.path().join("host");
        let pair = generate_temporary_key(TemporaryKeyType::Ed25519, "h").unwrap();
        std::fs::write(&pem, pair.private_key_pem.expose()).unwrap();
        let host = HostKey::from_file(&pem).unwrap();
        assert_eq!(host.public_key_line(), pair.authorized_key);
    }
}
