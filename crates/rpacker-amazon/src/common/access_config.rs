//! How the builder reaches AWS: credentials, region, endpoint, retries, assume-role, Vault and
//! polling (`AccessConfig`). Prepare checks only what can be checked offline; the region and
//! the credentials themselves are resolved when the session is created at run time, as Packer
//! does (a missing region still validates).

use std::collections::BTreeMap;

use rpacker_sdk::config::ConfigError;
use rpacker_sdk::Sensitive;
use serde::Deserialize;

use super::polling::PollingConfig;

/// The AWS SDK retries a request this many times when `max_retries` is 0.
pub const DEFAULT_MAX_RETRIES: i64 = 10;

/// The access options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AccessConfig {
    /// Static access key id (with `secret_key`); else the environment, shared files, metadata.
    pub access_key: Sensitive<String>,
    /// Role to assume with the base credentials.
    pub assume_role: AssumeRoleConfig,
    /// Endpoint used for every EC2 (and session-derived) client instead of AWS's.
    pub custom_endpoint_ec2: String,
    /// Path of the shared credentials file.
    pub shared_credentials_file: String,
    /// Decode `UnauthorizedOperation` messages through STS.
    pub decode_authorization_messages: bool,
    /// Skip TLS certificate verification.
    pub insecure_skip_tls_verify: bool,
    /// Request retries for throttling and transient errors; 0 means [`DEFAULT_MAX_RETRIES`].
    pub max_retries: i64,
    /// MFA code returned by the assume-role token provider.
    pub mfa_code: String,
    /// Shared config/credentials profile.
    pub profile: String,
    /// The build region; empty means `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's.
    pub region: String,
    /// Static secret key (with `access_key`).
    pub secret_key: Sensitive<String>,
    /// Ignored by Packer (it only logs a warning); accepted for compatibility.
    pub skip_metadata_api_check: bool,
    /// Passed to the credential resolver; no STS call is made either way.
    pub skip_credential_validation: bool,
    /// Session token for temporary credentials.
    pub token: Sensitive<String>,
    /// Get credentials from Vault's AWS secrets engine.
    pub vault_aws_engine: VaultAwsEngineOptions,
    /// Waiter polling overrides.
    pub aws_polling: Option<PollingConfig>,
}

/// The `assume_role` block.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AssumeRoleConfig {
    /// ARN of the role to assume.
    pub role_arn: String,
    /// Session duration in seconds.
    pub duration_seconds: i64,
    /// External id the role's trust policy requires.
    pub external_id: String,
    /// Inline session policy (JSON).
    pub policy: String,
    /// Managed session policies.
    pub policy_arns: Vec<String>,
    /// Session name.
    pub session_name: String,
    /// Session tags.
    pub tags: BTreeMap<String, String>,
    /// Session tags passed on to chained roles.
    pub transitive_tag_keys: Vec<String>,
}

/// The `vault_aws_engine` block.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VaultAwsEngineOptions {
    /// Vault role name (`/<engine>/creds/<name>`).
    pub name: String,
    /// Role ARN for `assumed_role` credentials.
    pub role_arn: String,
    /// Lease TTL.
    pub ttl: String,
    /// Mount path of the engine; empty means `aws`.
    pub engine_name: String,
}

impl VaultAwsEngineOptions {
    /// Whether the block sets nothing (then Vault is not used).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.role_arn.is_empty() && self.engine_name.is_empty() && self.ttl.is_empty()
    }
}

/// An access-config problem, in Packer's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessProblem {
    /// Vault and static keys together.
    VaultWithStaticKeys,
    /// Packer reads Vault credentials at Prepare; rpacker has no Vault client (yet), and says so
    /// rather than validating a template whose credentials it cannot fetch.
    VaultUnsupported,
    /// Exactly one of `access_key` / `secret_key`.
    UnpairedStaticKeys,
}

impl AccessProblem {
    /// The error, pointing at the option it is about.
    #[must_use]
    pub fn to_error(&self) -> ConfigError {
        match self {
            Self::VaultWithStaticKeys => {
                ConfigError::at("vault_aws_engine", "If you have set vault_aws_engine, you must not set the access_key or secret_key.")
            }
            Self::VaultUnsupported => ConfigError::at(
                "vault_aws_engine",
                "Error reading vault secret: reading AWS credentials from Vault (vault_aws_engine) is not supported by rpacker",
            ),
            Self::UnpairedStaticKeys => {
                ConfigError::at("access_key", "`access_key` and `secret_key` must both be either set or not set.")
            }
        }
    }
}

impl AccessConfig {
    /// Packer's `AccessConfig.Prepare`: the checks, in order, and the defaults.
    pub fn prepare(&mut self) -> Vec<ConfigError> {
        let mut problems = Vec::new();
        if !self.vault_aws_engine.is_empty() {
            if !self.access_key.is_empty() {
                problems.push(AccessProblem::VaultWithStaticKeys);
            }
            problems.push(AccessProblem::VaultUnsupported);
        }
        if self.access_key.is_empty() != self.secret_key.is_empty() {
            problems.push(AccessProblem::UnpairedStaticKeys);
        }
        self.aws_polling.get_or_insert_with(PollingConfig::default);
        if self.max_retries == 0 {
            self.max_retries = DEFAULT_MAX_RETRIES;
        }
        problems.iter().map(AccessProblem::to_error).collect()
    }

    /// The secrets to mask in logs and output.
    #[must_use]
    pub fn secrets(&self) -> Vec<&str> {
        [&self.access_key, &self.secret_key, &self.token]
            .into_iter()
            .map(|s| s.expose().as_str())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(mut config: AccessConfig) -> Vec<String> {
        config.prepare().into_iter().map(|e| e.message).collect()
    }

    #[test]
    fn static_keys_come_in_pairs() {
        // Verified with packer 1.6.6.
        let pair = "`access_key` and `secret_key` must both be either set or not set.";
        let cases: [(&str, &str, &[&str]); 4] =
            [("", "", &[]), ("a", "s", &[]), ("a", "", &[pair]), ("", "s", &[pair])];
        for (access_key, secret_key, want) in cases {
            let config = AccessConfig {
                access_key: Sensitive::new(access_key.into()),
                secret_key: Sensitive::new(secret_key.into()),
                ..Default::default()
            };
            assert_eq!(messages(config), want, "{access_key:?} {secret_key:?}");
        }
    }

    #[test]
    fn vault_is_refused_with_reasons() {
        let vault = VaultAwsEngineOptions { name: "role".into(), ..Default::default() };
        let config =
            AccessConfig { access_key: Sensitive::new("a".into()), vault_aws_engine: vault, ..Default::default() };
        let got = messages(config);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], "If you have set vault_aws_engine, you must not set the access_key or secret_key.");
        assert!(got[1].starts_with("Error reading vault secret: "));
    }

    #[test]
    fn defaults_and_secrets() {
        let mut config = AccessConfig {
            access_key: Sensitive::new("AK".into()),
            secret_key: Sensitive::new("SK".into()),
            ..Default::default()
        };
        assert!(config.prepare().is_empty());
        assert_eq!(config.max_retries, DEFAULT_MAX_RETRIES);
        assert_eq!(config.aws_polling, Some(PollingConfig::default()));
        assert_eq!(config.secrets(), ["AK", "SK"]);
        assert!(!format!("{config:?}").contains("SK"), "secrets never print");
    }
}
