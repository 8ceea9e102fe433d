//! What a build produces (Packer's `packer.Artifact`): the builder's result and each
//! post-processor's. The summary prints `String()`; `-machine-readable` also lists the builder
//! id, id and files; post-processor chains destroy the ones nobody keeps.

use std::fmt;

use super::future::{BoxError, BoxFuture};

/// The [`Artifact::state`] key of the builder's generated data (`{{ build "X" }}` values),
/// which the manifest post-processor renders `custom_data` with.
pub const GENERATED_DATA_STATE: &str = "generated_data";

/// A build result. `Display` is Packer's `String()`: the line in the final summary.
pub trait Artifact: Send + Sync + fmt::Debug + fmt::Display {
    /// Which plugin made it (`mitchellh.amazonebs`, `packer.file`).
    fn builder_id(&self) -> String;

    /// Its identifier (`us-east-1:ami-…`); may be empty.
    fn id(&self) -> String;

    /// Local files it consists of; none by default.
    fn files(&self) -> Vec<String> {
        Vec::new()
    }

    /// Plugin-specific extra data by key (Packer's `State`), e.g. [`GENERATED_DATA_STATE`].
    /// Keys are open-ended upstream, hence a name and a JSON value; `None` when unknown.
    fn state(&self, name: &str) -> Option<serde_json::Value> {
        let _ = name;
        None
    }

    /// Deletes it (a post-processor chain discarding an intermediate result).
    fn destroy(&self) -> BoxFuture<'_, Result<(), BoxError>>;
}
