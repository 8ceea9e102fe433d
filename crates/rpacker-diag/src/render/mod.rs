//! Renderers for [`crate::Diagnostic`]s. Only the CLI calls them.

mod packer_text;
mod wrap;

pub use packer_text::render_packer_text;
pub use wrap::word_wrap;
