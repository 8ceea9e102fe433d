//! `variable.type` constraints: the shared reader ([`crate::hcl::type_expr`]) with errors as
//! `Invalid type specification` diagnostics at the offending part of the user's file.

use rpacker_diag::Diagnostic;

use super::origin::Expr;
use crate::hcl::type_expr::{read_type_constraint, TypeConstraint};

/// Reads a type constraint expression.
///
/// # Errors
/// `Invalid type specification` with typeexpr's detail, at the offending part.
pub fn parse_type_constraint(expr: &Expr) -> Result<TypeConstraint, Diagnostic> {
    read_type_constraint(&expr.expr).map_err(|e| {
        Diagnostic::error("Invalid type specification", e.detail).with_subject(Some(expr.span_of_range(e.range)))
    })
}
