//! A credentials provider that keeps what its source gave until shortly before it expires. The
//! session resolves credentials once when it is made (Packer's check that some exist); the SDK
//! clients then get the same ones instead of a second STS or metadata round trip.

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use aws_credential_types::provider::{self, future, ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;

/// Credentials expiring sooner than this are fetched again.
const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

/// The cache in front of a provider.
#[derive(Debug)]
pub struct CachedCredentials {
    source: SharedCredentialsProvider,
    cached: Mutex<Option<Credentials>>,
}

impl CachedCredentials {
    /// Caches what `source` provides.
    #[must_use]
    pub fn new(source: SharedCredentialsProvider) -> Self {
        Self { source, cached: Mutex::new(None) }
    }

    async fn credentials(&self) -> provider::Result {
        let fresh = |c: &Credentials| c.expiry().is_none_or(|e| e > SystemTime::now() + REFRESH_BEFORE_EXPIRY);
        if let Some(credentials) = self.lock().as_ref().filter(|c| fresh(c)) {
            return Ok(credentials.clone());
        }
        let credentials = self.source.provide_credentials().await?;
        *self.lock() = Some(credentials.clone());
        Ok(credentials)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Credentials>> {
        self.cached.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl ProvideCredentials for CachedCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(self.credentials())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    #[derive(Debug)]
    struct Counting {
        calls: Arc<AtomicU32>,
        lifetime: Duration,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            let expiry = SystemTime::now() + self.lifetime;
            future::ProvideCredentials::ready(Ok(Credentials::new(format!("ASIA{n}"), "s", None, Some(expiry), "t")))
        }
    }

    #[tokio::test]
    async fn fetches_once_until_close_to_expiry() {
        let calls = Arc::new(AtomicU32::new(0));
        let long = CachedCredentials::new(SharedCredentialsProvider::new(Counting {
            calls: Arc::clone(&calls),
            lifetime: Duration::from_secs(3600),
        }));
        assert_eq!(long.provide_credentials().await.unwrap().access_key_id(), "ASIA0");
        assert_eq!(long.provide_credentials().await.unwrap().access_key_id(), "ASIA0");
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        let short = CachedCredentials::new(SharedCredentialsProvider::new(Counting {
            calls: Arc::clone(&calls),
            lifetime: Duration::from_secs(60),
        }));
        assert_eq!(short.provide_credentials().await.unwrap().access_key_id(), "ASIA1");
        assert_eq!(short.provide_credentials().await.unwrap().access_key_id(), "ASIA2");
    }
}
