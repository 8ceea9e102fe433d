//! Values read without any evaluation context (HCL's `Expr.Value(nil)`), for the few places
//! Packer decodes that way: `required_version` and `required_plugins`.

use hcl_edit::expr::{Expression, Object};

/// What a context-free expression is.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal<'a> {
    /// A quoted string without interpolation.
    String(String),
    /// A number, as written.
    Number(String),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// An object constructor (its values are read one by one).
    Object(&'a Object),
    /// Anything else that needs no variables (lists, templates, operators).
    Other,
}

impl Literal<'_> {
    /// The value converted to a string as cty converts primitives; `None` for anything else.
    #[must_use]
    pub fn as_text(&self) -> Option<String> {
        match self {
            Literal::String(s) | Literal::Number(s) => Some(s.clone()),
            Literal::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// Reads `expr` without context; HCL's summary and detail when it refers to variables or
/// calls functions.
///
/// # Errors
/// `Variables not allowed` or `Function calls not allowed`.
pub fn literal(expr: &Expression) -> Result<Literal<'_>, (&'static str, &'static str)> {
    match expr {
        Expression::String(s) => Ok(Literal::String(s.value().clone())),
        Expression::Number(n) => Ok(Literal::Number(n.value().to_string())),
        Expression::Bool(b) => Ok(Literal::Bool(*b.value())),
        Expression::Null(_) => Ok(Literal::Null),
        Expression::Object(object) => Ok(Literal::Object(object)),
        Expression::Parenthesis(inner) => literal(inner.inner()),
        Expression::Variable(_) | Expression::Traversal(_) => {
            Err(("Variables not allowed", "Variables may not be used here."))
        }
        Expression::FuncCall(_) => Err(("Function calls not allowed", "Functions may not be called here.")),
        _ => Ok(Literal::Other),
    }
}
