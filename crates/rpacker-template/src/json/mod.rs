//! Legacy JSON templates.

mod duration;

pub use duration::parse_go_duration;
