//! Type constraint expressions (HCL's `ext/typeexpr`) read into [`HclType`]: a variable's
//! `type` and `convert`'s second argument are written the same way, so both use this reader.
//!
//! Keywords `string number bool any`, constructors `list(T) set(T) map(T) object({k = T})
//! tuple([T…])`, and `[≥1.16]` `optional(T[, default])` for object attributes. Errors carry
//! typeexpr's detail texts and the byte range of the offending part; callers turn them into
//! `Invalid type specification` diagnostics at their own spans.

use std::collections::BTreeMap;
use std::ops::Range;

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::Span as _;

use crate::hcl::HclType;

/// An object attribute declared `optional(...)`, with its default if one was given.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionalAttribute {
    /// Attribute names from the outermost object down to the optional attribute.
    pub path: Vec<String>,
    /// `optional(T, default)`'s default expression.
    pub default: Option<Expression>,
}

/// A type constraint: the type, plus which object attributes are optional.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeConstraint {
    /// The type values are converted to.
    pub ty: HclType,
    /// Optional object attributes (`[≥1.16]`), outermost first.
    pub optional: Vec<OptionalAttribute>,
}

/// Why an expression is not a type: typeexpr's detail and where (a byte range of the parsed text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeExprError {
    /// The detail of HCL's `Invalid type specification`.
    pub detail: String,
    /// The offending sub-expression.
    pub range: Option<Range<usize>>,
}

/// Reads a type constraint expression.
///
/// # Errors
/// typeexpr's detail and the range of the offending part.
pub fn read_type_constraint(expr: &Expression) -> Result<TypeConstraint, TypeExprError> {
    let mut optional = Vec::new();
    let ty = read_type(expr, &mut Vec::new(), &mut optional, false)?;
    Ok(TypeConstraint { ty, optional })
}

fn invalid<T>(at: &Expression, detail: impl Into<String>) -> Result<T, TypeExprError> {
    Err(TypeExprError { detail: detail.into(), range: at.span() })
}

fn read_type(
    e: &Expression,
    path: &mut Vec<String>,
    optional: &mut Vec<OptionalAttribute>,
    in_object_attr: bool,
) -> Result<HclType, TypeExprError> {
    match e {
        Expression::Parenthesis(p) => read_type(p.inner(), path, optional, in_object_attr),
        Expression::Variable(ident) => match ident.as_str() {
            "string" => Ok(HclType::String),
            "number" => Ok(HclType::Number),
            "bool" => Ok(HclType::Bool),
            "any" => Ok(HclType::Dynamic),
            kw @ ("list" | "set" | "map") => {
                invalid(e, format!("The {kw} type constructor requires one argument specifying the element type."))
            }
            "object" => {
                invalid(e, "The object type constructor requires one argument specifying the attribute types as a map.")
            }
            "tuple" => {
                invalid(e, "The tuple type constructor requires one argument specifying the element types as a list.")
            }
            other => invalid(e, format!("The keyword {other:?} is not a valid type specification.")),
        },
        Expression::FuncCall(call) => {
            let name = call.name.name.as_str();
            let args: Vec<&Expression> = call.args.iter().collect();
            match (name, args.as_slice()) {
                ("list" | "set" | "map", [elem]) => {
                    let elem = read_type(elem, path, optional, false)?;
                    Ok(match name {
                        "list" => HclType::list(elem),
                        "set" => HclType::set(elem),
                        _ => HclType::map(elem),
                    })
                }
                ("list" | "set" | "map", _) => invalid(
                    e,
                    format!("The {name} type constructor requires one argument specifying the element type."),
                ),
                ("object", [Expression::Object(object)]) => {
                    let mut attrs = BTreeMap::new();
                    for (key, value) in object.iter() {
                        let name = match key {
                            ObjectKey::Ident(ident) => ident.as_str().to_owned(),
                            ObjectKey::Expression(k) => match k.as_str() {
                                Some(s) => s.to_owned(),
                                None => return invalid(k, "Object constructor map keys must be attribute names."),
                            },
                        };
                        path.push(name.clone());
                        let ty = read_type(value.expr(), path, optional, true)?;
                        path.pop();
                        attrs.insert(name, ty);
                    }
                    Ok(HclType::Object(attrs))
                }
                ("object", [other]) => invalid(
                    other,
                    "Object type constructor requires a map whose keys are attribute names and whose values are the corresponding attribute types.",
                ),
                ("object", _) => {
                    invalid(e, "The object type constructor requires one argument specifying the attribute types as a map.")
                }
                ("tuple", [Expression::Array(items)]) => {
                    let elems = items.iter().map(|item| read_type(item, path, optional, false)).collect::<Result<_, _>>()?;
                    Ok(HclType::Tuple(elems))
                }
                ("tuple", [other]) => invalid(other, "Tuple type constructor requires a list of element types."),
                ("tuple", _) => {
                    invalid(e, "The tuple type constructor requires one argument specifying the element types as a list.")
                }
                ("optional", [ty, rest @ ..]) if in_object_attr && rest.len() <= 1 => {
                    let ty = read_type(ty, path, optional, false)?;
                    optional.push(OptionalAttribute { path: path.clone(), default: rest.first().map(|d| (*d).clone()) });
                    Ok(ty)
                }
                ("optional", _) if in_object_attr => invalid(
                    e,
                    "Optional attribute modifier expects at most two arguments: the attribute type, and a default value.",
                ),
                ("optional", _) => {
                    invalid(e, "Keyword \"optional\" is valid only as a modifier for object type attributes.")
                }
                (other, _) => invalid(e, format!("Keyword {other:?} is not a valid type constructor.")),
            }
        }
        _ => invalid(
            e,
            "A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<TypeConstraint, String> {
        let expr = hcl_edit::parser::parse_expr(text).unwrap();
        read_type_constraint(&expr).map_err(|e| format!("Invalid type specification: {}", e.detail))
    }

    #[test]
    fn reads_type_constraints() {
        let cases = [
            ("string", HclType::String),
            ("any", HclType::Dynamic),
            ("list(number)", HclType::list(HclType::Number)),
            ("map(set(bool))", HclType::Map(Box::new(HclType::set(HclType::Bool)))),
            ("tuple([string, number])", HclType::Tuple(vec![HclType::String, HclType::Number])),
            (
                "object({a = string, \"b\" = list(any)})",
                HclType::Object(BTreeMap::from([
                    ("a".into(), HclType::String),
                    ("b".into(), HclType::list(HclType::Dynamic)),
                ])),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text).map(|t| t.ty), Ok(want), "{text}");
        }
    }

    #[test]
    fn optional_attributes_are_recorded() {
        let t = parse("object({a = optional(string, \"x\"), b = object({c = optional(number)})})").unwrap();
        let paths: Vec<_> = t.optional.iter().map(|o| (o.path.join("."), o.default.is_some())).collect();
        assert_eq!(paths, [("a".to_owned(), true), ("b.c".to_owned(), false)]);
    }

    #[test]
    fn rejects_invalid_specifications() {
        let cases = [
            ("strin", "Invalid type specification: The keyword \"strin\" is not a valid type specification."),
            ("list", "Invalid type specification: The list type constructor requires one argument specifying the element type."),
            ("foo(string)", "Invalid type specification: Keyword \"foo\" is not a valid type constructor."),
            ("object(string)", "Invalid type specification: Object type constructor requires a map whose keys are attribute names and whose values are the corresponding attribute types."),
            ("object()", "Invalid type specification: The object type constructor requires one argument specifying the attribute types as a map."),
            ("tuple(string)", "Invalid type specification: Tuple type constructor requires a list of element types."),
            ("optional(string)", "Invalid type specification: Keyword \"optional\" is valid only as a modifier for object type attributes."),
            ("\"string\"", "Invalid type specification: A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string)."),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text).map(|t| t.ty), Err(want.to_owned()), "{text}");
        }
    }
}
