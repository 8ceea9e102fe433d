//! The one typed, spanned `Template` model, and its front-ends.
//!
//! Both front-ends (legacy JSON now, HCL2 later) produce the same [`Template`], so every
//! command and plugin works the same way whatever the user wrote. Every value keeps the
//! [`rpacker_diag::Span`] it was read from, so any later error can point at the user's file.
//! This crate knows nothing about plugins or the build lifecycle.

pub mod environment;
mod error;
pub mod funcs;
pub mod hcl;
pub mod interpolate;
pub mod json;
mod model;
mod node;
pub mod validate;
pub mod variables;

pub use error::TemplateError;
pub use model::{BuilderDef, HclBuild, PostProcessorDef, ProvisionerDef, Template, TemplateLanguage, Variable};
pub use node::{Key, Node, NodeValue, Spanned};
