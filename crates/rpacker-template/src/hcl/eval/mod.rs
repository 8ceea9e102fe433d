//! Evaluating HCL2 expressions to values, with spans for every error.
//!
//! The parser (`hcl-edit`) gives expression trees; [`evaluate`] walks one against an
//! [`EvalContext`] (the variables in scope, the functions allowed there, and what functions
//! may read) and returns an [`HclValue`] or HCL's diagnostics, pointing at the offending
//! sub-expression. The rules and texts are `hclsyntax`'s and cty's as Packer 1.6.6 shows
//! them; one file per construct. [`referenced_variables`] lists what an expression reads,
//! for ordering locals and reporting cycles.

mod call;
mod context;
mod error;
mod expression;
mod for_expr;
mod operators;
mod references;
mod special_functions;
mod template;
mod traversal;

#[cfg(test)]
mod tests;

pub use context::{EvalContext, FunctionSet, Scope, Source};
pub use error::EvalError;
pub use expression::evaluate;
pub(crate) use for_expr::iteration_items;
pub use references::{referenced_variables, Traversal, TraversalStep};
pub use template::evaluate_template;
