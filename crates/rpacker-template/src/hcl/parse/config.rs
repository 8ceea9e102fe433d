//! The typed, spanned block structure of an HCL2 configuration, before any evaluation.
//!
//! Expressions stay hcl-edit [`Expr`]s and plugin bodies stay [`SpannedBody`]s: the evaluator
//! and the plugins' schemas give them meaning later.

use rpacker_diag::{FileId, Span};

use super::origin::{Expr, SpannedBody};

/// Everything read from a configuration's files.
#[derive(Debug, Clone, Default)]
pub struct ConfigFiles {
    /// The files read, in load order (`.pkr.hcl` sorted, then `.pkr.json` sorted).
    pub files: Vec<FileId>,
    /// Auto-loaded variable files (`*.auto.pkrvars.hcl` then `.json`; directories only).
    pub auto_var_files: Vec<std::path::PathBuf>,
    /// `packer {}` blocks.
    pub packer_blocks: Vec<PackerBlock>,
    /// `variable` blocks and `variables {}` entries.
    pub variables: Vec<VariableBlock>,
    /// `locals {}` entries and `local` blocks.
    pub locals: Vec<LocalDef>,
    /// `source` blocks.
    pub sources: Vec<SourceBlock>,
    /// `data` blocks.
    pub data: Vec<DataBlock>,
    /// `build` blocks.
    pub builds: Vec<BuildBlock>,
    /// Errors Packer reports only when it initializes the configuration (source and build
    /// blocks are decoded after `validate -syntax-only` stops), so they do not fail loading.
    pub initialize_diagnostics: Vec<rpacker_diag::Diagnostic>,
}

/// A `packer {}` block.
#[derive(Debug, Clone)]
pub struct PackerBlock {
    /// `required_version`.
    pub required_version: Option<Expr>,
    /// `required_plugins {}` entries that are well formed.
    pub required_plugins: Vec<RequiredPlugin>,
    /// The block.
    pub span: Span,
}

/// One well-formed `required_plugins` entry: `name = { source = "…", version = "…" }`.
#[derive(Debug, Clone)]
pub struct RequiredPlugin {
    /// The local name (left of `=`).
    pub name: String,
    /// `source`: the plugin's address (`github.com/hashicorp/amazon`).
    pub source: String,
    /// `version`: a valid version constraint, as written.
    pub version: String,
    /// The whole entry.
    pub span: Span,
    /// The entry's object value.
    pub value_span: Span,
}

/// A `variable "<name>" {}` block (or a `variables {}` entry, which has only a default).
#[derive(Debug, Clone)]
pub struct VariableBlock {
    /// Variable name.
    pub name: String,
    /// `type`.
    pub type_expr: Option<Expr>,
    /// `type`, read as a type constraint.
    pub type_constraint: Option<crate::hcl::type_expr::TypeConstraint>,
    /// `default`.
    pub default_expr: Option<Expr>,
    /// `description`.
    pub description: Option<Expr>,
    /// `sensitive`.
    pub sensitive: Option<Expr>,
    /// `validation {}` blocks.
    pub validations: Vec<Validation>,
    /// Declared through the legacy `variables {}` shorthand (type = the default's type).
    pub from_variables_block: bool,
    /// The block header (or the shorthand attribute).
    pub span: Span,
}

/// A variable's `validation { condition, error_message }` block.
#[derive(Debug, Clone)]
pub struct Validation {
    /// `condition`.
    pub condition: Expr,
    /// `error_message`.
    pub error_message: Expr,
    /// The block.
    pub span: Span,
}

/// A local value: a `locals {}` attribute or a `local "<name>" {}` block.
#[derive(Debug, Clone)]
pub struct LocalDef {
    /// Local name.
    pub name: String,
    /// Its expression.
    pub expr: Expr,
    /// `sensitive` (single `local` blocks only).
    pub sensitive: Option<Expr>,
    /// The attribute or block.
    pub span: Span,
}

/// A `source "<type>" "<name>" {}` block.
#[derive(Debug, Clone)]
pub struct SourceBlock {
    /// Builder type.
    pub type_name: String,
    /// Source name.
    pub name: String,
    /// The builder's configuration.
    pub body: SpannedBody,
    /// The block header.
    pub span: Span,
}

/// A `data "<type>" "<name>" {}` block.
#[derive(Debug, Clone)]
pub struct DataBlock {
    /// Data source type.
    pub type_name: String,
    /// Data source name.
    pub name: String,
    /// Its configuration.
    pub body: SpannedBody,
    /// The block header.
    pub span: Span,
}

/// A `build {}` block.
#[derive(Debug, Clone)]
pub struct BuildBlock {
    /// `name` (unevaluated).
    pub name: Option<Expr>,
    /// `description`.
    pub description: Option<Expr>,
    /// Sources built, from `sources = [...]` and `source "…" {}` blocks, in file order.
    pub sources: Vec<SourceRef>,
    /// `provisioner` blocks, in order.
    pub provisioners: Vec<PluginBlock>,
    /// `error-cleanup-provisioner` (at most one).
    pub error_cleanup_provisioner: Option<PluginBlock>,
    /// Post-processor chains: one per `post-processor`, one per `post-processors {}`.
    pub post_processors: Vec<Vec<PluginBlock>>,
    /// `dynamic "<type>" {}` blocks, left for the evaluator to expand.
    pub dynamic_blocks: Vec<SpannedBody>,
    /// The block.
    pub span: Span,
}

/// A reference from a build to a source (`source.type.name` or `type.name`).
#[derive(Debug, Clone)]
pub struct SourceRef {
    /// Builder type.
    pub type_name: String,
    /// Source name.
    pub name: String,
    /// `name = "…"` in a build-level `source` block: the build's local name.
    pub local_name: Option<Expr>,
    /// Extra arguments of a build-level `source` block, merged into the source body later.
    pub overrides: Option<SpannedBody>,
    /// The reference.
    pub span: Span,
}

/// A `provisioner`, `post-processor` or `error-cleanup-provisioner` block.
#[derive(Debug, Clone)]
pub struct PluginBlock {
    /// Plugin type (the label).
    pub type_name: String,
    /// The configuration, meta-arguments (`only`, `override`, …) included.
    pub body: SpannedBody,
    /// The block header.
    pub span: Span,
}
