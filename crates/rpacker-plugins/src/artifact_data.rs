//! The builder's generated data as post-processors see it: the artifact's
//! [`GENERATED_DATA_STATE`] (Packer's `State("generated_data")`), values as text the way Go's
//! `%v` prints them, empty when the builder recorded none.

use std::collections::BTreeMap;

use rpacker_sdk::lifecycle::{Artifact, GENERATED_DATA_STATE};
use serde_json::Value;

/// The artifact's generated data by key.
pub(crate) fn generated_data(artifact: &dyn Artifact) -> BTreeMap<String, String> {
    let Some(Value::Object(map)) = artifact.state(GENERATED_DATA_STATE) else {
        return BTreeMap::new();
    };
    map.into_iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            (k, text)
        })
        .collect()
}
