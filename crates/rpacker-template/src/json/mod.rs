//! Legacy JSON templates, read the way Packer 1.6.6 reads them: a spanned JSON reader with Go's
//! exact syntax errors, Packer's structural decode (mapstructure's texts included), Go
//! durations, and JSON `-var-file`s. Every value keeps its span for error reporting.

mod builders;
mod duration;
mod go_quote;
mod go_value;
mod load;
mod mapstructure;
mod object_rest;
mod parse_error;
mod post_processors;
mod provisioners;
mod reader;
mod root;
mod string_decode;
mod syntax_error;
mod var_file;
mod variables;

pub use duration::parse_go_duration;
pub use load::{load_template, load_template_bytes};
pub use parse_error::TemplateParseError;
pub use reader::{read_first_value, read_json, read_json_document, DecoderError, JsonDocument};
pub use syntax_error::JsonSyntaxError;
pub use var_file::{read_var_file, read_var_file_bytes, VarFileEntry};
