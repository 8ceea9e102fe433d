//! The AWS session a build runs with (Packer's `AccessConfig.Session`): one SDK configuration
//! for the build region and the region copies, built from the access options on the AWS SDK's
//! own chain — static keys, then the environment, shared config and credentials files (profiles,
//! SSO), web identity, container and instance metadata — optionally assuming a role.
//!
//! The endpoint: `custom_endpoint_ec2` for every EC2 client (all regions, as in Packer), else
//! whatever the SDK reads itself (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_EC2`, the profile's
//! `endpoint_url`), else AWS's. HTTPS goes through rustls on `ring`, set up on the first HTTPS
//! request (`http_client`).

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials as _, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
use aws_sdk_ec2::error::DisplayErrorContext;

use super::access_config::AccessConfig;
use super::cached_credentials::CachedCredentials;
use super::http_client::LazyTlsClient;

/// The AWS SDK for Go's text (Packer's) when no region is configured anywhere.
const NO_REGION: &str = "MissingRegion: could not find region configuration";

/// An AWS session: SDK configuration plus the EC2 endpoint override.
#[derive(Debug, Clone)]
pub struct AwsSession {
    sdk: SdkConfig,
    region: String,
    ec2_endpoint: Option<String>,
}

/// Why a session could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// No region in the options, the environment or the profile.
    #[error("{NO_REGION}")]
    NoRegion,
    /// No source in the chain has credentials.
    #[error("No valid credential sources found for AWS Builder. Please see https://www.packer.io/docs/builders/amazon#authentication for more information on providing credentials for the AWS Builder. Error: {0}")]
    NoCredentials(String),
    /// A source has credentials but could not give them (an STS call failed, …).
    #[error("Error loading credentials for AWS Provider: {0}")]
    Credentials(String),
}

impl AwsSession {
    /// Resolves the region and credentials chain for `access` (nothing is called yet: the SDK
    /// fetches credentials on the first request).
    ///
    /// # Errors
    /// [`SessionError::NoRegion`] when no region is known.
    pub async fn new(access: &AccessConfig) -> Result<Self, SessionError> {
        let http_client = LazyTlsClient::shared();
        let attempts = u32::try_from(access.max_retries.max(0)).unwrap_or(u32::MAX).saturating_add(1);
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(http_client).retry_config(
            RetryConfig::standard().with_max_attempts(attempts).with_max_backoff(Duration::from_secs(20)),
        );
        if !access.region.is_empty() {
            loader = loader.region(Region::new(access.region.clone()));
        }
        if !access.profile.is_empty() {
            loader = loader.profile_name(&access.profile);
        }
        if !access.shared_credentials_file.is_empty() {
            let files = EnvConfigFiles::builder()
                .include_default_config_file(true)
                .with_file(EnvConfigFileKind::Credentials, &access.shared_credentials_file)
                .build();
            loader = loader.profile_files(files);
        }
        if !access.access_key.is_empty() {
            let credentials = Credentials::new(
                access.access_key.expose(),
                access.secret_key.expose(),
                Some(access.token.expose().clone()).filter(|t| !t.is_empty()),
                None,
                "packer-static",
            );
            loader = loader.credentials_provider(credentials);
        }
        let mut sdk = loader.load().await;
        let region = sdk.region().map(ToString::to_string).ok_or(SessionError::NoRegion)?;
        if !access.assume_role.role_arn.is_empty() {
            sdk = assume_role(access, sdk).await;
        }
        // Credentials are resolved now, as Packer does when it makes the session: a build
        // without any fails before its first step, with Packer's text (the SDK caches them).
        if let Some(source) = sdk.credentials_provider() {
            let provider = SharedCredentialsProvider::new(CachedCredentials::new(source));
            sdk = sdk.into_builder().credentials_provider(provider.clone()).build();
            if let Err(e) = provider.provide_credentials().await {
                let text = DisplayErrorContext(&e).to_string();
                return Err(match e {
                    CredentialsError::CredentialsNotLoaded(_) => SessionError::NoCredentials(text),
                    _ => SessionError::Credentials(text),
                });
            }
        }
        let ec2_endpoint = Some(access.custom_endpoint_ec2.clone()).filter(|e| !e.is_empty());
        Ok(Self { sdk, region, ec2_endpoint })
    }

    /// The build region.
    #[must_use]
    pub fn region(&self) -> &str {
        &self.region
    }

    /// An EC2 client for `region`.
    #[must_use]
    pub fn ec2(&self, region: &str) -> aws_sdk_ec2::Client {
        let mut config = aws_sdk_ec2::config::Builder::from(&self.sdk).region(Region::new(region.to_owned()));
        if let Some(endpoint) = &self.ec2_endpoint {
            config = config.endpoint_url(endpoint);
        }
        aws_sdk_ec2::Client::from_conf(config.build())
    }

    /// An IAM client (a global service: the build region only picks the partition). As in
    /// current Packer, `custom_endpoint_ec2` is not used for IAM (1.6.6 used it for every
    /// client); the SDK's own settings apply (`AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL`, the
    /// profile's `endpoint_url`), else AWS's endpoint.
    #[must_use]
    pub fn iam(&self) -> aws_sdk_iam::Client {
        aws_sdk_iam::Client::new(&self.sdk)
    }
}

/// The session's credentials become the base of an STS AssumeRole provider.
async fn assume_role(access: &AccessConfig, sdk: SdkConfig) -> SdkConfig {
    let role = &access.assume_role;
    let mut builder = AssumeRoleProvider::builder(&role.role_arn).configure(&sdk);
    if !role.session_name.is_empty() {
        builder = builder.session_name(&role.session_name);
    }
    if !role.external_id.is_empty() {
        builder = builder.external_id(&role.external_id);
    }
    if !role.policy.is_empty() {
        builder = builder.policy(&role.policy);
    }
    if !role.policy_arns.is_empty() {
        builder = builder.policy_arns(role.policy_arns.clone());
    }
    if role.duration_seconds > 0 {
        builder = builder.session_length(Duration::from_secs(role.duration_seconds.unsigned_abs()));
    }
    if !role.tags.is_empty() {
        builder = builder.tags(role.tags.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    }
    let provider = builder.build().await;
    sdk.into_builder().credentials_provider(SharedCredentialsProvider::new(provider)).build()
}
