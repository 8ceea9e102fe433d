//! The HCL2 front-end's building blocks: the cty-like value model and Packer's function
//! library.
//!
//! The HCL2 evaluator (parsing, expressions, `try`/`can`/`templatefile`) builds on these;
//! they are kept free of any syntax so they can be tested value in, value out.

pub mod assemble;
mod convert;
pub mod eval;
pub mod format;
pub mod functions;
mod number;
pub mod parse;
pub mod type_expr;
pub mod types;
pub mod value;
pub mod version_constraint;

pub use convert::{convert, mismatch, unify};
pub use functions::{call, names, FunctionContext, FunctionError, FunctionErrorKind};
pub use types::HclType;
pub use value::{HclValue, Number};
