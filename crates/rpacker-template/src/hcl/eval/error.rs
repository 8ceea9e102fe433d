//! Why an expression failed to evaluate, as facts; HCL's summary and detail texts are
//! derived from them in one place.
//!
//! Every text here was verified with packer 1.6.6 (`echo 'expr' | packer console
//! -config-type=hcl2`) unless its variant says otherwise.

use rpacker_diag::{Diagnostic, Span};

use crate::hcl::functions::FunctionError;

/// cty's conversion message as Packer 1.6.6's cty words it: a type mismatch names only the
/// wanted type (verified: `1 + true` gives `number required`, `"${[1]}x"` gives `string
/// required`), where current cty, which `convert` follows, adds `, but have bool`.
pub(crate) fn cty_message(message: String) -> String {
    match message.find(", but have ") {
        Some(cut) => message[..cut].to_owned(),
        None => message,
    }
}

/// Which operand of an operator a conversion failed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// The left operand of a binary operator.
    Left,
    /// The right operand of a binary operator.
    Right,
    /// The operand of `-` or `!`.
    Unary,
}

/// One evaluation failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvalError {
    /// A root name that is not in scope.
    UnknownVariable {
        /// The name.
        name: String,
        /// HCL's did-you-mean among the names in scope, part of the detail.
        suggestion: Option<String>,
    },
    /// `.name` on an object without that attribute.
    UnsupportedAttribute {
        /// The attribute.
        name: String,
        /// The closest existing attribute (a hint; Packer 1.6.6 prints none).
        suggestion: Option<String>,
    },
    /// `.name` on a value that has no attributes (a primitive or a sequence).
    NoAttributes,
    /// `.name` on a map without that key.
    MissingMapElement {
        /// The key.
        key: String,
    },
    /// `.name` on null.
    NullAttributeAccess,
    /// `[key]` on null.
    NullIndexAccess,
    /// `[key]` that selects nothing; `reason` says why the key is unsuitable, if it is.
    InvalidIndex {
        /// Why the key is unsuitable (`a number is required`), or none when it is simply
        /// absent.
        reason: Option<String>,
    },
    /// `[key]` on a set.
    SetIndex,
    /// `[key]` on a primitive.
    NoIndices,
    /// `[null]`.
    NullIndexKey,
    /// An operand that cannot be converted to the operator's type.
    InvalidOperand {
        /// Which operand.
        operand: Operand,
        /// cty's conversion error.
        message: String,
    },
    /// An operator whose operation failed (null operand, zero divided by zero).
    OperationFailed {
        /// cty's error.
        message: String,
    },
    /// A condition that is not a bool.
    IncorrectConditionType,
    /// A null condition.
    NullCondition,
    /// `c ? a : b` where `a` and `b` have no common type.
    InconsistentConditionalTypes {
        /// The friendly name of the true result's type.
        true_type: String,
        /// The friendly name of the false result's type.
        false_type: String,
    },
    /// `${x}` in a longer template where `x` cannot become a string.
    InvalidInterpolation {
        /// cty's conversion error.
        message: String,
    },
    /// `${null}` in a longer template.
    NullInterpolation,
    /// `for` over something that is not a collection.
    NotIterable {
        /// The friendly name of its type.
        type_name: String,
    },
    /// `for` over null.
    NullIteration,
    /// A `for` `if` clause that is not a bool.
    InvalidForCondition {
        /// cty's conversion error.
        message: String,
    },
    /// A null `for` `if` clause.
    NullForCondition,
    /// An object `for` key that is not a string.
    InvalidForKey {
        /// cty's conversion error.
        message: String,
    },
    /// A null object `for` key.
    NullForKey,
    /// Two items of an object `for` without `...` gave the same key.
    DuplicateForKey {
        /// The key.
        key: String,
    },
    /// An object constructor key that is not a string.
    IncorrectKeyType {
        /// cty's conversion error.
        message: String,
    },
    /// A null object constructor key.
    NullObjectKey,
    /// A call to a function that is not available here.
    UnknownFunction {
        /// The function name.
        name: String,
        /// HCL's did-you-mean, part of the detail.
        suggestion: Option<String>,
    },
    /// A function call that failed.
    Function {
        /// The function name.
        name: String,
        /// How it failed.
        error: FunctionError,
    },
    /// `f(x...)` where `x` is not a sequence.
    InvalidExpansion,
    /// `f(null...)`.
    NullExpansion,
    /// A bad type expression in `convert(v, type)`.
    InvalidTypeSpecification {
        /// HCL's `typeexpr` detail.
        detail: String,
    },
}

impl EvalError {
    /// HCL's one-line summary.
    pub fn summary(&self) -> &'static str {
        match self {
            EvalError::UnknownVariable { .. } => "Unknown variable",
            EvalError::UnsupportedAttribute { .. } | EvalError::NoAttributes => "Unsupported attribute",
            EvalError::MissingMapElement { .. } => "Missing map element",
            EvalError::NullAttributeAccess => "Attempt to get attribute from null value",
            EvalError::NullIndexAccess => "Attempt to index null value",
            EvalError::InvalidIndex { .. } | EvalError::SetIndex | EvalError::NoIndices | EvalError::NullIndexKey => {
                "Invalid index"
            }
            EvalError::InvalidOperand { .. } => "Invalid operand",
            EvalError::OperationFailed { .. } => "Operation failed",
            EvalError::IncorrectConditionType => "Incorrect condition type",
            EvalError::NullCondition => "Null condition",
            EvalError::InconsistentConditionalTypes { .. } => "Inconsistent conditional result types",
            EvalError::InvalidInterpolation { .. } | EvalError::NullInterpolation => {
                "Invalid template interpolation value"
            }
            EvalError::NotIterable { .. } => "Iteration over non-iterable value",
            EvalError::NullIteration => "Iteration over null value",
            EvalError::InvalidForCondition { .. } => "Invalid 'for' condition",
            EvalError::NullForCondition => "Condition is null",
            EvalError::InvalidForKey { .. } | EvalError::NullForKey => "Invalid object key",
            EvalError::DuplicateForKey { .. } => "Duplicate object key",
            EvalError::IncorrectKeyType { .. } => "Incorrect key type",
            EvalError::NullObjectKey => "Null value as key",
            EvalError::UnknownFunction { .. } => "Call to unknown function",
            EvalError::Function { error, .. } => error.summary(),
            EvalError::InvalidExpansion | EvalError::NullExpansion => "Invalid expanding argument value",
            EvalError::InvalidTypeSpecification { .. } => "Invalid type specification",
        }
    }

    /// HCL's detail text.
    pub fn detail(&self) -> String {
        match self {
            EvalError::UnknownVariable { name, suggestion: None } => format!("There is no variable named {name:?}."),
            EvalError::UnknownVariable { name, suggestion: Some(s) } => {
                format!("There is no variable named {name:?}. Did you mean {s:?}?")
            }
            EvalError::UnsupportedAttribute { name, .. } => {
                format!("This object does not have an attribute named {name:?}.")
            }
            EvalError::NoAttributes => "This value does not have any attributes.".to_owned(),
            EvalError::MissingMapElement { key } => format!("This map does not have an element with the key {key:?}."),
            EvalError::NullAttributeAccess => "This value is null, so it does not have any attributes.".to_owned(),
            EvalError::NullIndexAccess => "This value is null, so it does not have any indices.".to_owned(),
            EvalError::InvalidIndex { reason: None } => {
                "The given key does not identify an element in this collection value.".to_owned()
            }
            EvalError::InvalidIndex { reason: Some(reason) } => {
                format!("The given key does not identify an element in this collection value: {reason}.")
            }
            // hclsyntax's texts; not reachable from `packer console` literals.
            EvalError::SetIndex => "Elements of a set are identified only by their value and don't have any separate \
                                    index or key to select with, so it's only possible to perform operations across \
                                    all elements of the set."
                .to_owned(),
            EvalError::NoIndices => "This value does not have any indices.".to_owned(),
            EvalError::NullIndexKey => "Can't use a null value as an indexing key.".to_owned(),
            EvalError::InvalidOperand { operand, message } => {
                let which = match operand {
                    Operand::Left => "left operand",
                    Operand::Right => "right operand",
                    Operand::Unary => "unary operand",
                };
                format!("Unsuitable value for {which}: {message}.")
            }
            EvalError::OperationFailed { message } => format!("Error during operation: {message}."),
            EvalError::IncorrectConditionType => "The condition expression must be of type bool.".to_owned(),
            EvalError::NullCondition => {
                "The condition value is null. Conditions must either be true or false.".to_owned()
            }
            EvalError::InconsistentConditionalTypes { true_type, false_type } => format!(
                "The true and false result expressions must have consistent types. The given expressions are \
                 {true_type} and {false_type}, respectively."
            ),
            EvalError::InvalidInterpolation { message } => {
                format!("Cannot include the given value in a string template: {message}.")
            }
            EvalError::NullInterpolation => {
                "The expression result is null. Cannot include a null value in a string template.".to_owned()
            }
            EvalError::NotIterable { type_name } => {
                format!("A value of type {type_name} cannot be used as the collection in a 'for' expression.")
            }
            EvalError::NullIteration => {
                "A null value cannot be used as the collection in a 'for' expression.".to_owned()
            }
            EvalError::InvalidForCondition { message } => format!("The 'if' clause value is invalid: {message}."),
            EvalError::NullForCondition => "The value of the 'if' clause must not be null.".to_owned(),
            EvalError::InvalidForKey { message } => {
                format!("The key expression produced an invalid result: {message}.")
            }
            EvalError::NullForKey => "Key expression in 'for' expression must not produce a null value.".to_owned(),
            EvalError::DuplicateForKey { key } => format!(
                "Two different items produced the key {key:?} in this 'for' expression. If duplicates are expected, \
                 use the ellipsis (...) after the value expression to enable grouping by key."
            ),
            EvalError::IncorrectKeyType { message } => format!("Can't use this value as a key: {message}."),
            EvalError::NullObjectKey => "Can't use a null value as a key.".to_owned(),
            EvalError::UnknownFunction { name, suggestion: None } => format!("There is no function named {name:?}."),
            EvalError::UnknownFunction { name, suggestion: Some(s) } => {
                format!("There is no function named {name:?}. Did you mean {s:?}?")
            }
            EvalError::Function { name, error } => error.detail(name),
            EvalError::InvalidExpansion => {
                "The expanding argument (indicated by ...) must be of a tuple, list, or set type.".to_owned()
            }
            EvalError::NullExpansion => "The expanding argument (indicated by ...) must not be null.".to_owned(),
            EvalError::InvalidTypeSpecification { detail } => detail.clone(),
        }
    }

    /// The diagnostic for this failure at `subject`.
    pub fn at(self, subject: Option<Span>) -> Diagnostic {
        let mut diagnostic = Diagnostic::error(self.summary(), self.detail()).with_subject(subject);
        if let EvalError::UnsupportedAttribute { suggestion: Some(s), .. } = &self {
            diagnostic = diagnostic.with_hint(format!("Did you mean {s:?}?"));
        }
        diagnostic
    }
}
