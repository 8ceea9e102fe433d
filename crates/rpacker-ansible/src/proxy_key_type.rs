//! `ansible_proxy_key_type` (packer-plugin-ansible ≥1.1.0): the type of the keys rpacker's SSH
//! proxy generates for itself and for ansible. Checked at prepare as the plugin does: empty
//! means ECDSA, any case is accepted, anything but ECDSA or RSA is an error naming the
//! upper-cased value.

use std::fmt;

use rpacker_gotmpl::go_quote;

/// The proxy's key type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProxyKeyType {
    /// ECDSA keys (the default since plugin 1.1.0; OpenSSH ≥ 8.8 accepts them as they are).
    #[default]
    Ecdsa,
    /// RSA keys (the only kind before plugin 1.1.0).
    Rsa,
}

impl ProxyKeyType {
    /// The option's value as Packer stores it after prepare.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ecdsa => "ECDSA",
            Self::Rsa => "RSA",
        }
    }

    /// Reads the option as written: empty → ECDSA, otherwise upper-cased and matched.
    ///
    /// # Errors
    /// [`InvalidProxyKeyType`] for any other value.
    pub fn parse(written: &str) -> Result<Self, InvalidProxyKeyType> {
        if written.is_empty() {
            return Ok(Self::Ecdsa);
        }
        match go_to_upper(written).as_str() {
            "ECDSA" => Ok(Self::Ecdsa),
            "RSA" => Ok(Self::Rsa),
            upper => Err(InvalidProxyKeyType { value: upper.to_owned() }),
        }
    }
}

/// An `ansible_proxy_key_type` other than ECDSA or RSA.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidProxyKeyType {
    /// The value as written, upper-cased (Packer reports it that way).
    pub value: String,
}

impl fmt::Display for InvalidProxyKeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Invalid value for ansible_proxy_key_type: {}. Supported values are ECDSA or RSA.",
            go_quote(&self.value)
        )
    }
}

impl std::error::Error for InvalidProxyKeyType {}

/// Go's `strings.ToUpper`: one character for one (`ß` stays `ß`, where Rust's full mapping
/// gives `SS`).
fn go_to_upper(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut upper = c.to_uppercase();
            match (upper.next(), upper.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Code reading of packer-plugin-ansible `provisioner/ansible/provisioner.go` (Prepare).
    #[test]
    fn parses_like_the_plugin() {
        let cases: [(&str, Result<ProxyKeyType, &str>); 8] = [
            ("", Ok(ProxyKeyType::Ecdsa)),
            ("ECDSA", Ok(ProxyKeyType::Ecdsa)),
            ("ecdsa", Ok(ProxyKeyType::Ecdsa)),
            ("Rsa", Ok(ProxyKeyType::Rsa)),
            ("dsa", Err(r#"Invalid value for ansible_proxy_key_type: "DSA". Supported values are ECDSA or RSA."#)),
            (
                "ed25519",
                Err(r#"Invalid value for ansible_proxy_key_type: "ED25519". Supported values are ECDSA or RSA."#),
            ),
            (" rsa", Err(r#"Invalid value for ansible_proxy_key_type: " RSA". Supported values are ECDSA or RSA."#)),
            (
                "straße",
                Err(r#"Invalid value for ansible_proxy_key_type: "STRAßE". Supported values are ECDSA or RSA."#),
            ),
        ];
        for (written, want) in cases {
            assert_eq!(
                ProxyKeyType::parse(written).map_err(|e| e.to_string()),
                want.map_err(str::to_owned),
                "{written}"
            );
        }
        assert_eq!((ProxyKeyType::Ecdsa.as_str(), ProxyKeyType::Rsa.as_str()), ("ECDSA", "RSA"));
    }
}
