//! Running the manifest post-processor (Packer 1.6.6 `manifest.PostProcess`): render
//! `custom_data` with the artifact's generated data, build this build's record, then under a
//! `<output>.lock` file read the manifest, reset it only for `-force` from another run, append,
//! and write it back. The input artifact always passes through, kept.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rpacker_sdk::lifecycle::{Artifact, BoxError, BoxFuture, PostProcess, PostProcessContext, PostProcessOutput};

use super::record::{BuildRecord, FileRecord, ManifestFile};
use super::PreparedManifest;
use crate::artifact_data::generated_data;
use crate::go_path::go_base;
use rpacker_sdk::lifecycle::run_template;

/// The environment variable Packer's core sets to the run's UUID (read by Packer's manifest).
pub const RUN_UUID_ENV: &str = "PACKER_RUN_UUID";

/// Tries to take the lock; Packer sleeps 0, 200 and 400 ms before the three tries.
const LOCK_TRIES: u32 = 3;

/// Why the manifest could not be updated, with Packer's texts.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// A `custom_data` value did not render.
    #[error("Error interpolating custom data: {0}")]
    CustomData(String),
    /// The existing manifest could not be read.
    #[error("Unable to open {path} for reading: {cause}")]
    Read {
        /// `output`.
        path: String,
        /// The read error.
        cause: std::io::Error,
    },
    /// The existing manifest is not a manifest.
    #[error("Unable to parse content from {path}: {cause}")]
    Parse {
        /// `output`.
        path: String,
        /// The JSON error.
        cause: serde_json::Error,
    },
    /// The manifest could not be serialised.
    #[error("Unable to marshal JSON {0}")]
    Marshal(serde_json::Error),
    /// The manifest could not be written.
    #[error("Unable to write {path}: {cause}")]
    Write {
        /// `output`.
        path: String,
        /// The write error.
        cause: std::io::Error,
    },
}

impl PostProcess for PreparedManifest {
    fn post_process<'a>(
        &'a self,
        _ctx: &'a PostProcessContext,
        input: Arc<dyn Artifact>,
    ) -> BoxFuture<'a, Result<PostProcessOutput, BoxError>> {
        Box::pin(async move {
            self.record(input.as_ref()).await?;
            // The input passes through; a user's `keep_input_artifact: false` must not delete it.
            Ok(PostProcessOutput { artifact: Some(input), keep_input: true, force_override: true })
        })
    }
}

impl PreparedManifest {
    /// Appends `artifact`'s record to the manifest file.
    async fn record(&self, artifact: &dyn Artifact) -> Result<(), ManifestError> {
        let data = generated_data(artifact);
        let run_uuid = run_uuid(&data);
        let build = self.build_record(artifact, &data, &run_uuid)?;
        let output = self.config.output.as_str();
        let lock = ManifestLock::acquire(output).await;
        let result = update(output, build, &run_uuid, self.packer.force).await;
        lock.release().await;
        result
    }

    /// This build's record: files (stat-ed now), id, rendered custom data, time.
    fn build_record(
        &self,
        artifact: &dyn Artifact,
        data: &BTreeMap<String, String>,
        run_uuid: &str,
    ) -> Result<BuildRecord, ManifestError> {
        let custom_data = match &self.config.custom_data {
            Some(custom) => Some(
                custom
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), run_template::render(v, data).map_err(ManifestError::CustomData)?)))
                    .collect::<Result<BTreeMap<_, _>, ManifestError>>()?,
            ),
            None => None,
        };
        let files: Vec<FileRecord> = artifact.files().iter().map(|name| self.file_record(name)).collect();
        let build_time = if self.config.strip_time { 0 } else { unix_now() };
        Ok(BuildRecord {
            name: self.packer.build_name.clone(),
            builder_type: self.packer.builder_type.clone(),
            build_time,
            files: (!files.is_empty()).then_some(files),
            artifact_id: artifact.id(),
            packer_run_uuid: run_uuid.to_owned(),
            custom_data,
        })
    }

    fn file_record(&self, name: &str) -> FileRecord {
        let size = std::fs::metadata(name).map_or(0, |m| i64::try_from(m.len()).unwrap_or(i64::MAX));
        let name = if self.config.strip_path { go_base(name) } else { name.to_owned() };
        FileRecord { name, size }
    }
}

/// The run's UUID: the generated data's `PackerRunUUID` when the core put it there, else the
/// environment variable Packer's manifest reads.
fn run_uuid(data: &BTreeMap<String, String>) -> String {
    data.get("PackerRunUUID").cloned().unwrap_or_else(|| std::env::var(RUN_UUID_ENV).unwrap_or_default())
}

/// Reads, resets or appends, and writes the manifest.
async fn update(output: &str, build: BuildRecord, run_uuid: &str, force: bool) -> Result<(), ManifestError> {
    let contents = match tokio::fs::read(output).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(cause) => return Err(ManifestError::Read { path: output.to_owned(), cause }),
    };
    let mut manifest = if contents.is_empty() {
        ManifestFile::default()
    } else {
        serde_json::from_slice(&contents).map_err(|cause| ManifestError::Parse { path: output.to_owned(), cause })?
    };
    // Only `-force` from a different run starts over; builds of the same run always add up.
    if force && manifest.last_run_uuid != run_uuid {
        manifest = ManifestFile::default();
    }
    manifest.builds.get_or_insert_with(Vec::new).push(build);
    run_uuid.clone_into(&mut manifest.last_run_uuid);
    let bytes = manifest.to_go_json().map_err(ManifestError::Marshal)?;
    write_file(output, &bytes).await.map_err(|cause| ManifestError::Write { path: output.to_owned(), cause })
}

/// Go's `ioutil.WriteFile(path, data, 0664)`.
async fn write_file(path: &str, bytes: &[u8]) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o664);
    let mut file = options.open(path).await?;
    file.write_all(bytes).await?;
    file.flush().await
}

/// `<output>.lock`, created exclusively to serialise parallel builds' updates. Packer goes on
/// without it after three tries and removes it afterwards either way.
struct ManifestLock {
    path: String,
}

impl ManifestLock {
    async fn acquire(output: &str) -> Self {
        let path = format!("{output}.lock");
        for attempt in 0..LOCK_TRIES {
            tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
            let created = tokio::fs::OpenOptions::new().write(true).create_new(true).open(&path).await;
            if created.is_ok() {
                break;
            }
        }
        Self { path }
    }

    async fn release(self) {
        let _ = tokio::fs::remove_file(&self.path).await;
    }
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
#[path = "run_tests.rs"]
mod tests;
