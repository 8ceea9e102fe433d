//! The `variables` and `sensitive-variables` sections: a `null` value makes a variable
//! required; any other value must be a string (strict decode, Packer's exact error).

use super::mapstructure::unconvertible;
use crate::{Key, Node, NodeValue, Spanned, TemplateError, Variable};

/// Reads the entries of the `variables` object, in file order (Packer uses Go map order,
/// which is random; file order is the stable choice). Errors are appended to `errors`.
pub fn read_variables(entries: &[(Key, Node)], errors: &mut Vec<TemplateError>) -> Vec<Variable> {
    let mut variables = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let default = match &value.value {
            NodeValue::Null => None,
            NodeValue::String(s) => Some(Spanned::new(s.clone(), value.span)),
            _ => {
                let message = format!("variable {}: {}", key.value, unconvertible("", "string", value));
                errors.push(TemplateError::at(message, value.span));
                continue;
            }
        };
        variables.push(Variable { name: key.clone(), default });
    }
    variables
}
