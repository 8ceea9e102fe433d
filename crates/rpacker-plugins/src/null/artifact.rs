//! The null builder's artifact: nothing was made, so nothing is destroyed.

use std::fmt;

use rpacker_sdk::lifecycle::{Artifact, BoxError, BoxFuture, GeneratedData, GENERATED_DATA_STATE};

use super::NullBuilder;

/// What a `null` build yields (`Did not export anything. This is the null builder`).
#[derive(Debug, Clone, Default)]
pub struct NullArtifact {
    /// The build's generated data, for the manifest's `custom_data`.
    pub generated_data: GeneratedData,
}

impl fmt::Display for NullArtifact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Did not export anything. This is the null builder")
    }
}

impl Artifact for NullArtifact {
    fn builder_id(&self) -> String {
        NullBuilder::BUILDER_ID.to_owned()
    }

    fn id(&self) -> String {
        "Null".to_owned()
    }

    fn state(&self, name: &str) -> Option<serde_json::Value> {
        (name == GENERATED_DATA_STATE).then(|| {
            let map = self.generated_data.iter().map(|(k, v)| (k.clone(), serde_json::Value::from(v.as_str())));
            serde_json::Value::Object(map.collect())
        })
    }

    fn destroy(&self) -> BoxFuture<'_, Result<(), BoxError>> {
        Box::pin(std::future::ready(Ok(())))
    }
}
