//! Rendering strings as Go templates with Packer's functions and an interpolation context.
//!
//! Three ways to render, matching the SDK's: [`render_once`] (one pass), [`render_to_fixpoint`]
//! (re-render until stable: builder names, the console) and [`render_config`] (walk a plugin's
//! raw config, parse everything then render each string once). Errors carry Go's exact text,
//! the key path of the failing value and a did-you-mean for unknown functions.

mod config_walk;
mod context;
pub(crate) mod dot_fields;
mod error;
mod render;

pub use config_walk::render_config;
pub use context::{InterpolateContext, UuidSource};
pub use error::{PathSegment, RenderError, RenderOrigin, RenderStage};
pub use render::{render_once, render_to_fixpoint};

pub use crate::funcs::{packer_funcs, placeholder_build_data};

#[cfg(test)]
mod tests;
