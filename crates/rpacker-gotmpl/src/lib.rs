//! The subset of Go's `text/template` that Packer templates use, with Go's semantics.
//!
//! Packer renders every string of a JSON template (and some of HCL2's) as a Go template named
//! `root`. No general Rust template crate parses that language the way Go does, so this crate
//! reproduces it: lexer → spanned parser → evaluator, Go's built-in functions, Go's value
//! printing (`<no value>`), Go's error texts (`template: root:1: function "x" not defined`), and
//! Go's time layouts for `isotime`. It knows nothing about Packer: Packer's functions are
//! closures handed in through [`FuncMap`] by `rpacker-template`.
//!
//! The reference is Go 1.19.8's `text/template`, the toolchain Packer 1.6.6 is built with
//! (so `break`/`continue` exist and `and`/`or` short-circuit).

mod ast;
mod builtins;
mod compare;
mod error;
mod escape;
mod exec;
mod funcs;
mod go_quote;
mod lexer;
mod number;
mod parser;
mod printf;
mod signature;
mod strftime;
mod template;
mod time_layout;
mod token;
mod value;

pub use error::{Error, ErrorKind};
pub use funcs::{Func, FuncMap};
pub use go_quote::quote as go_quote;
pub use signature::{ArgType, Signature};
pub use strftime::format_strftime;
pub use template::{has_actions, Template};
pub use time_layout::format_go_time;
pub use value::Value;
