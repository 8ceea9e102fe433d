//! The SDK's HTTP client, with TLS set up on the first `https://` request instead of at start.
//!
//! The SDK's HTTPS client reads and parses the system's CA certificates (rustls-native-certs:
//! the bundle and every file of `/etc/ssl/certs`) when a service client is configured: some
//! 7 ms and a few hundred KB of heap per build, spent even when every call goes to a plain
//! `http://` endpoint (`custom_endpoint_ec2` pointing at a local API). Plain HTTP requests here go
//! through a TLS-less client; the HTTPS client is asked for its connector, and so loads the
//! certificates, only when a request needs it.

use std::sync::{Arc, OnceLock};

use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::{RuntimeComponents, RuntimeComponentsBuilder};
use aws_smithy_types::config_bag::ConfigBag;

/// Plain HTTP at once, HTTPS (rustls on `ring`) when first needed.
#[derive(Debug, Clone)]
pub(crate) struct LazyTlsClient {
    plain: SharedHttpClient,
    tls: SharedHttpClient,
}

impl LazyTlsClient {
    /// The client for an AWS session.
    pub(crate) fn shared() -> SharedHttpClient {
        SharedHttpClient::new(Self {
            plain: aws_smithy_http_client::Builder::new().build_http(),
            tls: aws_smithy_http_client::Builder::new().tls_provider(Provider::Rustls(CryptoMode::Ring)).build_https(),
        })
    }
}

impl HttpClient for LazyTlsClient {
    fn http_connector(&self, settings: &HttpConnectorSettings, components: &RuntimeComponents) -> SharedHttpConnector {
        SharedHttpConnector::new(SchemeConnector {
            plain: self.plain.http_connector(settings, components),
            tls: Arc::new(TlsOnDemand {
                client: self.tls.clone(),
                settings: settings.clone(),
                components: components.clone(),
                connector: OnceLock::new(),
            }),
        })
    }

    // Not the TLS client's: it would load the certificates now (that is what it does here).
    fn validate_base_client_config(
        &self,
        runtime_components: &RuntimeComponentsBuilder,
        cfg: &ConfigBag,
    ) -> Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        self.plain.validate_base_client_config(runtime_components, cfg)
    }

    fn connector_metadata(&self) -> Option<aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata> {
        self.tls.connector_metadata()
    }
}

/// Sends each request through the connector its scheme needs.
#[derive(Debug)]
struct SchemeConnector {
    plain: SharedHttpConnector,
    tls: Arc<TlsOnDemand>,
}

/// The HTTPS connector, made on first use.
#[derive(Debug)]
struct TlsOnDemand {
    client: SharedHttpClient,
    settings: HttpConnectorSettings,
    components: RuntimeComponents,
    connector: OnceLock<SharedHttpConnector>,
}

impl HttpConnector for SchemeConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        if is_plain_http(request.uri()) {
            return self.plain.call(request);
        }
        let tls = &self.tls;
        tls.connector.get_or_init(|| tls.client.http_connector(&tls.settings, &tls.components)).call(request)
    }
}

/// `http://…` (any case); everything else, HTTPS included, goes to the TLS client.
fn is_plain_http(uri: &str) -> bool {
    uri.get(..7).is_some_and(|scheme| scheme.eq_ignore_ascii_case("http://"))
}

#[cfg(test)]
mod tests {
    use super::is_plain_http;

    #[test]
    fn only_http_uris_skip_tls() {
        assert!(is_plain_http("http://127.0.0.1:5000/"));
        assert!(is_plain_http("HTTP://localhost/"));
        assert!(!is_plain_http("https://ec2.us-east-1.amazonaws.com/"));
        assert!(!is_plain_http("http:/"));
        assert!(!is_plain_http(""));
    }
}
