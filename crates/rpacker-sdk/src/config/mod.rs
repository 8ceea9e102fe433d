//! Plugin configuration decoding: Packer's layered, weakly typed `config.Decode`, into serde
//! structs.
//!
//! A plugin's options arrive as several raw layers (template config, `override` for this build,
//! Packer's hidden `packer_*` options). They are rendered as Go templates, merged the way
//! mapstructure decodes layer after layer onto one struct, and decoded into typed structs with
//! Packer's weak typing (strings ↔ numbers ↔ bools, comma-split lists, single values as lists).
//! A plugin may decode several structs from the same options (Packer's embedded configs, e.g.
//! amazon's access/run/AMI configs); keys no struct claimed are reported together as
//! `unknown configuration key`, with a did-you-mean.

mod decoder;
mod deprecated;
mod duration;
mod error;
mod go_duration_text;
mod merge;
mod trilean;
mod weak;

pub use decoder::ConfigDecoder;
pub use deprecated::GLOBAL_DEPRECATED_KEYS;
pub use duration::GoDuration;
pub use error::{ConfigError, ConfigErrors, ErrorStage};
pub use go_duration_text::format_go_duration;
pub use merge::merge_layers;
pub use trilean::Trilean;
