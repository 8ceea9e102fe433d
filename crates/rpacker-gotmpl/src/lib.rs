//! The subset of Go's `text/template` that Packer templates use, with Go's semantics.
//!
//! Packer renders every string of a JSON template (and some of HCL2's) as a Go template named
//! `root`. No general Rust template crate parses that language the way Go does, so this crate
//! reproduces it: lexer → spanned parser → evaluator, Go's built-in functions, Go's value
//! printing (`<no value>`), Go's error texts (`template: root:1: function "x" not defined`), and
//! Go's time layouts for `isotime`. It knows nothing about Packer: Packer's functions are
//! closures handed in through [`FuncMap`] by `rpacker-template`.

mod funcs;
mod value;

pub use funcs::{Func, FuncMap};
pub use value::Value;
