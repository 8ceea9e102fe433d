//! Run-time rendering of the options Prepare left alone (`tags`, `run_tags`, `ami_description`…):
//! Packer renders them with the build's interpolation context (user variables, build name,
//! Packer's functions) and the build info of the source image as `.` data (`{{ .SourceAMI }}`).

use std::collections::BTreeMap;
use std::sync::Arc;

use rpacker_gotmpl::Value;
use rpacker_sdk::PackerConfig;
use rpacker_template::environment::{Environment, RunInfo};
use rpacker_template::interpolate::{render_to_fixpoint, InterpolateContext};

use super::clean_resource_name::template_funcs;

/// What the build knows about its source image and region (Packer's `BuildInfoTemplate`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildInfo {
    /// The build region (also while tagging copies in other regions).
    pub build_region: String,
    /// The source image id.
    pub source_ami: String,
    /// Its name.
    pub source_ami_name: String,
    /// Its owner account.
    pub source_ami_owner: String,
    /// Its owner alias (often empty).
    pub source_ami_owner_name: String,
    /// Its creation date, as EC2 returned it.
    pub source_ami_creation_date: String,
    /// Its tags (template only; not part of the generated data).
    pub source_ami_tags: BTreeMap<String, String>,
}

impl BuildInfo {
    /// The generated-data entries (`{{ build "SourceAMI" }}`…).
    #[must_use]
    pub fn generated_data(&self) -> BTreeMap<String, String> {
        [
            ("BuildRegion", &self.build_region),
            ("SourceAMI", &self.source_ami),
            ("SourceAMIName", &self.source_ami_name),
            ("SourceAMIOwner", &self.source_ami_owner),
            ("SourceAMIOwnerName", &self.source_ami_owner_name),
            ("SourceAMICreationDate", &self.source_ami_creation_date),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.clone()))
        .collect()
    }

    fn template_value(&self) -> Value {
        let mut fields: BTreeMap<String, Value> =
            self.generated_data().into_iter().map(|(k, v)| (k, Value::String(v))).collect();
        let tags = self.source_ami_tags.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
        fields.insert("SourceAMITags".into(), Value::Map(tags));
        Value::Map(fields)
    }
}

/// Renders run-time options with the build's context.
#[derive(Clone)]
pub struct RunTimeRenderer {
    ctx: InterpolateContext,
}

impl std::fmt::Debug for RunTimeRenderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunTimeRenderer").finish_non_exhaustive()
    }
}

impl RunTimeRenderer {
    /// The context of the build described by `packer` (user variables, name, type, template).
    #[must_use]
    pub fn new(packer: &PackerConfig) -> Self {
        let run = RunInfo::new(Arc::new(Environment::from_process()), packer.core_version.clone());
        let mut ctx = InterpolateContext::new(Arc::new(run))
            .with_user_variables(Arc::clone(&packer.user_variables))
            .with_build(packer.build_name.clone(), packer.builder_type.clone())
            .with_template_path(packer.template_path.clone());
        ctx.extra_funcs.extend_from(&template_funcs());
        Self { ctx }
    }

    /// Renders `text` with `info` as data.
    ///
    /// # Errors
    /// Go's template error text.
    pub fn render(&self, text: &str, key: &str, info: &BuildInfo) -> Result<String, String> {
        let ctx = self.ctx.clone().with_data(info.template_value());
        render_to_fixpoint(text, key, &ctx).map_err(|e| e.to_string())
    }

    /// Renders keys and values of a tag map (Packer's `TagMap.EC2Tags`).
    ///
    /// # Errors
    /// `Error processing tag: <k>:<v> - <error>`.
    pub fn render_tags(
        &self,
        tags: &BTreeMap<String, String>,
        info: &BuildInfo,
    ) -> Result<BTreeMap<String, String>, String> {
        tags.iter()
            .map(|(k, v)| {
                let key = self.render(k, k, info);
                let value = self.render(v, k, info);
                match (key, value) {
                    (Ok(key), Ok(value)) => Ok((key, value)),
                    (Err(e), _) | (_, Err(e)) => Err(format!("Error processing tag: {k}:{v} - {e}")),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_render_with_build_info_user_variables_and_functions() {
        let packer = PackerConfig {
            build_name: "ebs".into(),
            builder_type: "amazon-ebs".into(),
            user_variables: Arc::new(BTreeMap::from([("run".to_owned(), "r-1".to_owned())])),
            ..PackerConfig::default()
        };
        let info = BuildInfo {
            build_region: "us-east-1".into(),
            source_ami: "ami-1".into(),
            source_ami_name: "jammy (x)".into(),
            source_ami_tags: BTreeMap::from([("os".to_owned(), "ubuntu".to_owned())]),
            ..BuildInfo::default()
        };
        let renderer = RunTimeRenderer::new(&packer);
        let tags = BTreeMap::from(
            [
                ("Base", "{{ .SourceAMI }}/{{ .BuildRegion }}"),
                ("{{ .SourceAMITags.os }}", "{{ clean_resource_name .SourceAMIName }}"),
                ("run", "{{user `run`}} {{build_name}}"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned())),
        );
        let got = renderer.render_tags(&tags, &info).expect("renders");
        let want = BTreeMap::from(
            [("Base", "ami-1/us-east-1"), ("ubuntu", "jammy (x)"), ("run", "r-1 ebs")]
                .map(|(k, v)| (k.to_owned(), v.to_owned())),
        );
        assert_eq!(got, want);
        let bad = BTreeMap::from([("k".to_owned(), "{{ nope }}".to_owned())]);
        let err = renderer.render_tags(&bad, &info).unwrap_err();
        assert!(err.starts_with("Error processing tag: k:{{ nope }} - "), "{err}");
    }
}
