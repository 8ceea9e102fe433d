//! A real [`Artifact`] for post-processor tests: fixed id, files and generated data, and a
//! flag recording whether it was destroyed.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rpacker_sdk::lifecycle::{Artifact, BoxError, BoxFuture, GENERATED_DATA_STATE};

/// What a builder would have produced.
#[derive(Debug, Default)]
pub(crate) struct TestArtifact {
    /// `Id()`.
    pub id: String,
    /// `Files()`.
    pub files: Vec<String>,
    /// `State("generated_data")`, when the builder recorded any.
    pub generated: Option<serde_json::Value>,
    /// Set by `destroy`.
    pub destroyed: AtomicBool,
}

impl TestArtifact {
    /// A null-builder-like artifact: id `Null`, generated data `ID=Null` plus `extra`.
    pub(crate) fn null(extra: &[(&str, &str)]) -> Arc<Self> {
        let mut data = serde_json::Map::new();
        data.insert("ID".into(), "Null".into());
        for (k, v) in extra {
            data.insert((*k).into(), (*v).into());
        }
        Arc::new(Self { id: "Null".into(), generated: Some(data.into()), ..Self::default() })
    }
}

impl fmt::Display for TestArtifact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Did not export anything. This is the null builder")
    }
}

impl Artifact for TestArtifact {
    fn builder_id(&self) -> String {
        "fnoeding.null".into()
    }

    fn id(&self) -> String {
        self.id.clone()
    }

    fn files(&self) -> Vec<String> {
        self.files.clone()
    }

    fn state(&self, name: &str) -> Option<serde_json::Value> {
        (name == GENERATED_DATA_STATE).then(|| self.generated.clone()).flatten()
    }

    fn destroy(&self) -> BoxFuture<'_, Result<(), BoxError>> {
        self.destroyed.store(true, Ordering::SeqCst);
        Box::pin(std::future::ready(Ok(())))
    }
}
