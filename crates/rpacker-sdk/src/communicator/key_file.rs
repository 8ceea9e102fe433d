//! Prepare-time checks of key and certificate files (Packer's `FileSigner` and
//! `FileSignerWithCert`): a light parse — the file must hold a PEM block of a private key type
//! SSH accepts, not password protected — with Packer's texts. The full cryptographic parse
//! happens when the SSH connection is made.

use super::local_file::read_file;
use super::pem::{decode_base64, first_block};

/// PEM block types Go's `ssh.ParsePrivateKey` accepts.
const PRIVATE_KEY_TYPES: &[&str] =
    &["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY"];

/// Checks that `path` holds a usable private key, as `FileSigner` does.
///
/// # Errors
/// Packer's text, e.g. `Error setting up SSH config: Failed to read key 'k': no key found`.
pub(crate) fn check_private_key_file(path: &str) -> Result<(), String> {
    signer_error(path).map_or(Ok(()), |e| Err(format!("Error setting up SSH config: {e}")))
}

fn signer_error(path: &str) -> Option<String> {
    let bytes = match read_file(path) {
        Ok(b) => b,
        Err(e) => return Some(e),
    };
    let text = String::from_utf8_lossy(&bytes);
    let Some(block) = first_block(&text) else {
        return Some(format!("Failed to read key '{path}': no key found"));
    };
    if block.header("Proc-Type") == Some("4,ENCRYPTED") {
        return Some(format!(
            "Failed to read key '{path}': password protected keys are\nnot supported. Please decrypt the key prior to use."
        ));
    }
    if block.header("Proc-Type").is_some_and(|v| v.contains("ENCRYPTED")) {
        return Some("ssh: this private key is passphrase protected".to_owned());
    }
    if !PRIVATE_KEY_TYPES.contains(&block.kind.as_str()) {
        return Some(format!("ssh: unsupported key type {:?}", block.kind));
    }
    if block.kind == "OPENSSH PRIVATE KEY" {
        return openssh_key_error(&block.bytes);
    }
    None
}

/// The `openssh-key-v1` container: magic, then the cipher and KDF names (`none` when the key
/// is not encrypted).
fn openssh_key_error(bytes: &[u8]) -> Option<String> {
    const MAGIC: &[u8] = b"openssh-key-v1\0";
    let invalid = || Some("ssh: invalid openssh private key format".to_owned());
    let Some(mut rest) = bytes.strip_prefix(MAGIC) else {
        return invalid();
    };
    let mut names = Vec::new();
    for _ in 0..2 {
        let Some((name, tail)) = ssh_string(rest) else {
            return Some("ssh: short read".to_owned());
        };
        names.push(name);
        rest = tail;
    }
    (names.iter().any(|n| *n != b"none")).then(|| "ssh: this private key is passphrase protected".to_owned())
}

/// An SSH wire-format string: a big-endian u32 length, then the bytes.
fn ssh_string(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let len = u32::from_be_bytes(data.get(..4)?.try_into().ok()?) as usize;
    let body = data.get(4..4 + len)?;
    Some((body, &data[4 + len..]))
}

/// Checks the certificate used with a key, as `ReadCertificate` does (without the validity
/// window, which needs the full certificate parse).
///
/// # Errors
/// Packer's text, e.g. `unable to read certificate file: open c: no such file or directory`.
pub(crate) fn check_certificate_file(path: &str) -> Result<(), String> {
    let bytes = read_file(path).map_err(|e| format!("unable to read certificate file: {e}"))?;
    let text = String::from_utf8_lossy(&bytes);
    let algorithm = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .find_map(authorized_key_algorithm)
        .ok_or_else(|| "unable to parse public key: ssh: no key found".to_owned())?;
    if algorithm.ends_with("-cert-v01@openssh.com") {
        Ok(())
    } else {
        Err("Error loading certificate".to_owned())
    }
}

/// The key algorithm of an `authorized_keys` line (options allowed before it): the first field
/// followed by a base64 blob that starts with the same algorithm name.
fn authorized_key_algorithm(line: &str) -> Option<&str> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    fields.windows(2).find_map(|pair| {
        let blob = decode_base64(pair[1])?;
        let (name, _) = ssh_string(&blob)?;
        (name == pair[0].as_bytes()).then_some(pair[0])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn openssh_blob(cipher: &str) -> String {
        let mut blob = b"openssh-key-v1\0".to_vec();
        for name in [cipher, cipher] {
            blob.extend(u32::try_from(name.len()).unwrap().to_be_bytes());
            blob.extend(name.as_bytes());
        }
        encode_base64(&blob)
    }

    fn encode_base64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// Texts verified with packer 1.6.6 (null builder, `ssh_private_key_file`).
    #[test]
    fn private_key_files() {
        let dir = tempfile::tempdir().unwrap();
        let pem = |kind: &str, headers: &str, body: &str| {
            format!("-----BEGIN {kind}-----\n{headers}{body}\n-----END {kind}-----\n")
        };
        let cases: Vec<(&str, String, Option<String>)> = vec![
            ("rsa", pem("RSA PRIVATE KEY", "", "QUJD"), None),
            ("ossh", pem("OPENSSH PRIVATE KEY", "", &openssh_blob("none")), None),
            ("pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA me@host\n".into(), Some("Failed to read key '{p}': no key found".into())),
            ("b64", pem("RSA PRIVATE KEY", "", "not base64!!"), Some("Failed to read key '{p}': no key found".into())),
            ("foo", pem("FOO KEY", "", "QUJD"), Some("ssh: unsupported key type \"FOO KEY\"".into())),
            (
                "enc",
                pem("RSA PRIVATE KEY", "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,F2\n\n", "QUJD"),
                Some("Failed to read key '{p}': password protected keys are\nnot supported. Please decrypt the key prior to use.".into()),
            ),
            ("osshpw", pem("OPENSSH PRIVATE KEY", "", &openssh_blob("aes256-ctr")), Some("ssh: this private key is passphrase protected".into())),
            ("osshbad", pem("OPENSSH PRIVATE KEY", "", "QUJD"), Some("ssh: invalid openssh private key format".into())),
        ];
        for (name, content, want) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, content).unwrap();
            let p = path.to_string_lossy().into_owned();
            let want = want.map(|w| format!("Error setting up SSH config: {}", w.replace("{p}", &p)));
            assert_eq!(check_private_key_file(&p).err(), want, "{name}");
        }
    }

    #[test]
    fn certificate_files() {
        let dir = tempfile::tempdir().unwrap();
        let key_line = |alg: &str| {
            let mut blob = u32::try_from(alg.len()).unwrap().to_be_bytes().to_vec();
            blob.extend(alg.as_bytes());
            format!("{alg} {} me@host\n", encode_base64(&blob))
        };
        let missing = dir.path().join("missing").to_string_lossy().into_owned();
        let cases = [
            ("cert", key_line("ssh-ed25519-cert-v01@openssh.com"), None),
            ("plain", key_line("ssh-ed25519"), Some("Error loading certificate".to_owned())),
            ("junk", "nothing here\n".to_owned(), Some("unable to parse public key: ssh: no key found".to_owned())),
        ];
        for (name, content, want) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, content).unwrap();
            assert_eq!(check_certificate_file(&path.to_string_lossy()).err(), want, "{name}");
        }
        assert_eq!(
            check_certificate_file(&missing).err(),
            Some(format!("unable to read certificate file: open {missing}: no such file or directory"))
        );
    }
}
