//! Reading HCL2 configurations: files and folders, the block structure Packer expects, with spans.
//!
//! [`load_config`] finds and parses a configuration's files (native `.pkr.hcl` through hcl-edit,
//! `.pkr.json` rewritten to native text with span tables) and sorts their blocks into
//! [`ConfigFiles`]; nothing is evaluated here.

mod build_block;
mod config;
mod content;
mod core_version;
mod decode;
mod identifier;
mod json_rewrite;
mod literal;
mod load;
mod origin;
mod plugin_source;
mod required_plugins;
mod syntax_error;
mod type_expr;
mod var_file;

#[cfg(test)]
mod tests;

pub(crate) use build_block::expand_build;
pub use config::{
    BuildBlock, ConfigFiles, DataBlock, Iterators, LocalDef, PackerBlock, PluginBlock, RequiredPlugin, SourceBlock,
    SourceRef, Validation, VariableBlock,
};
pub(crate) use content::{BlockSchema, RawBlock, RawBody, Schema};
pub use decode::hcl_range;
pub use identifier::is_identifier;
pub use load::load_config;
pub use origin::{Expr, Origin, Segment, SpannedBody};
pub use plugin_source::{check_plugin_part, parse_plugin_source, PluginPartError};
pub use syntax_error::syntax_diagnostic;
pub use type_expr::parse_type_constraint;
pub use var_file::{read_var_file, VarAssignment};
