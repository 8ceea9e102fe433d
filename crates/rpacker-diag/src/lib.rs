//! Spans, the source map and diagnostics for rpacker.
//!
//! Every value read from a user's file carries a [`Span`]; errors are built from spans and
//! rendered once, by the CLI, through [`render`]. The default renderer reproduces Packer's HCL
//! text writer so that existing users see the same shape of message, plus the file:line:col
//! and source excerpt that Packer's JSON front-end never gives.

mod diagnostic;
pub mod go_errors;
pub mod render;
mod source_map;
mod span;
pub mod suggest;

pub use diagnostic::{Diagnostic, Severity};
pub use source_map::{LineCol, SourceFile, SourceMap};
pub use span::{FileId, Span};
