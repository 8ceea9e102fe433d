//! The typed template: what every command works on, whichever front-end read it.

use std::path::PathBuf;
use std::time::Duration;

use rpacker_diag::{FileId, Span};

use crate::{Key, Node, Spanned};

/// A whole template, as written (nothing interpolated yet).
#[derive(Debug, Clone, Default)]
pub struct Template {
    /// Absolute path of the template file (`template_dir`, `packer_template_path`); `None` for
    /// a template that did not come from a file.
    pub path: Option<PathBuf>,
    /// The file in the source map.
    pub file: FileId,
    /// `description`.
    pub description: Option<Spanned<String>>,
    /// `min_packer_version`, as written.
    pub min_packer_version: Option<Spanned<String>>,
    /// `variables`, in file order.
    pub variables: Vec<Variable>,
    /// `sensitive-variables`: names whose final values are masked in all output.
    pub sensitive_variables: Vec<Spanned<String>>,
    /// `builders`, in file order.
    pub builders: Vec<BuilderDef>,
    /// `provisioners`, in file order.
    pub provisioners: Vec<ProvisionerDef>,
    /// `post-processors`: each element is one chain.
    pub post_processors: Vec<Vec<PostProcessorDef>>,
    /// `error-cleanup-provisioner`.
    pub error_cleanup_provisioner: Option<ProvisionerDef>,
    /// The language the template was written in.
    pub language: TemplateLanguage,
    /// HCL2 only: one entry per `build` block × source, each with the plugins that apply to it
    /// (`builders`, `provisioners`… stay empty for HCL2).
    pub hcl_builds: Vec<HclBuild>,
    /// HCL2 only: the configuration's files, for the `file:line,col` ranges Packer writes into
    /// plugin errors.
    pub hcl_sources: Option<std::sync::Arc<rpacker_diag::SourceMap>>,
}

/// The two template languages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TemplateLanguage {
    /// Legacy JSON.
    #[default]
    Json,
    /// HCL2 (`.pkr.hcl`, `.pkr.json`, folders).
    Hcl2,
}

/// One HCL2 build: a `build` block applied to one source, with its evaluated plugin configs.
#[derive(Debug, Clone, PartialEq)]
pub struct HclBuild {
    /// Display and selection name: `[<build name>.]<type>.<local name>`.
    pub name: String,
    /// The source's definition name: what plugins see as `packer_build_name`.
    pub source_name: String,
    /// The builder; its `name` is [`HclBuild::name`] (provisioner `overrides` are keyed by it).
    pub builder: BuilderDef,
    /// Provisioners whose `only`/`except` select this build, in order.
    pub provisioners: Vec<ProvisionerDef>,
    /// `error-cleanup-provisioner`.
    pub error_cleanup_provisioner: Option<ProvisionerDef>,
    /// Post-processor chains, with the post-processors that select this build.
    pub post_processors: Vec<Vec<PostProcessorDef>>,
}

/// One user variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// Its name.
    pub name: Key,
    /// The default, raw (a template itself); `None` means required (`null` in JSON).
    pub default: Option<Spanned<String>>,
}

impl Variable {
    /// Whether the variable must be given a value.
    #[must_use]
    pub fn is_required(&self) -> bool {
        self.default.is_none()
    }
}

/// One `builders` element.
#[derive(Debug, Clone, PartialEq)]
pub struct BuilderDef {
    /// `name` (raw, may hold `{{user}}` calls); defaults to the type.
    pub name: Spanned<String>,
    /// `type`.
    pub type_name: Spanned<String>,
    /// Everything else: the plugin's own configuration, raw.
    pub config: Node,
    /// The whole element.
    pub span: Span,
}

/// One provisioner (or the error-cleanup provisioner).
#[derive(Debug, Clone, PartialEq)]
pub struct ProvisionerDef {
    /// `type`.
    pub type_name: Spanned<String>,
    /// `only`: raw builder names.
    pub only: Vec<Spanned<String>>,
    /// `except`: raw builder names.
    pub except: Vec<Spanned<String>>,
    /// `override`: per raw builder name, config merged over `config` for that build.
    pub overrides: Vec<(Key, Node)>,
    /// `pause_before`.
    pub pause_before: Option<Spanned<Duration>>,
    /// `timeout`.
    pub timeout: Option<Spanned<Duration>>,
    /// `max_retries`, raw (rendered with user variables at build time).
    pub max_retries: Option<Spanned<String>>,
    /// HCL2: the `name` argument, empty when unset (Packer's messages name the block with it).
    pub block_name: String,
    /// HCL2: the `build.<key>` references of its configuration that are not common keys; they
    /// must be keys the builder generates.
    pub build_references: Vec<Spanned<String>>,
    /// Everything else: the plugin's own configuration, raw.
    pub config: Node,
    /// The whole element.
    pub span: Span,
}

/// One post-processor of a chain.
#[derive(Debug, Clone, PartialEq)]
pub struct PostProcessorDef {
    /// `type`.
    pub type_name: Spanned<String>,
    /// `name`, defaulting to the type (used by `-except`).
    pub name: Spanned<String>,
    /// The name `Running post-processor:` shows: JSON, the name or else the type; HCL2, the
    /// `name` argument, empty when unset (`Running post-processor:  (type manifest)`).
    pub display_name: String,
    /// `only`: raw builder names.
    pub only: Vec<Spanned<String>>,
    /// `except`: raw builder names.
    pub except: Vec<Spanned<String>>,
    /// `keep_input_artifact`: absent is not the same as `false`.
    pub keep_input_artifact: Option<bool>,
    /// HCL2: the `build.<key>` references of its configuration that are not common keys; they
    /// must be keys the builder generates.
    pub build_references: Vec<Spanned<String>>,
    /// Everything else: the plugin's own configuration, raw.
    pub config: Node,
    /// The element (the string or object).
    pub span: Span,
}
