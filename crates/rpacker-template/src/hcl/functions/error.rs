//! Why a function call failed, as facts; the HCL texts Packer prints are derived from them.
//!
//! HCL reports a failed call with one of a few summaries ("Invalid function argument",
//! "Error in function call", …) and a detail naming the function or the parameter
//! (`hclsyntax/expression.go`); [`FunctionError::summary`] and [`FunctionError::detail`]
//! reproduce them so the renderer need not know the rules.

use std::fmt;

/// Which way a function call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FunctionErrorKind {
    /// No function has this name.
    UnknownFunction,
    /// Fewer arguments than parameters; names the first missing parameter.
    NotEnoughArguments {
        /// How many arguments the function expects (at least, when `variadic`).
        expected: usize,
        /// The first parameter without an argument.
        missing: &'static str,
        /// Whether the function takes more arguments after its fixed ones.
        variadic: bool,
    },
    /// More arguments than a non-variadic function takes.
    TooManyArguments {
        /// How many arguments the function takes.
        expected: usize,
    },
    /// One argument is unsuitable (wrong type, null, or a bad value).
    InvalidArgument {
        /// The parameter's name, as cty's function spec names it.
        param: &'static str,
    },
    /// The function ran and failed for a reason not tied to one argument.
    CallFailed,
}

/// A failed function call: what went wrong (`message`, cty's text) and which argument, if
/// the failure is about one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionError {
    /// How the call failed.
    pub kind: FunctionErrorKind,
    /// cty's / Packer's message (no trailing period).
    pub message: String,
    /// The zero-based index of the argument at fault.
    pub arg_index: Option<usize>,
}

impl FunctionError {
    /// A failure about argument `index`; the parameter name is filled in by `call`.
    pub(crate) fn arg(index: usize, message: impl Into<String>) -> FunctionError {
        FunctionError {
            kind: FunctionErrorKind::InvalidArgument { param: "" },
            message: message.into(),
            arg_index: Some(index),
        }
    }

    /// A failure of the call as a whole.
    pub(crate) fn call(message: impl Into<String>) -> FunctionError {
        FunctionError { kind: FunctionErrorKind::CallFailed, message: message.into(), arg_index: None }
    }

    /// HCL's diagnostic summary for this failure.
    pub fn summary(&self) -> &'static str {
        match self.kind {
            FunctionErrorKind::UnknownFunction => "Call to unknown function",
            FunctionErrorKind::NotEnoughArguments { .. } => "Not enough function arguments",
            FunctionErrorKind::TooManyArguments { .. } => "Too many function arguments",
            FunctionErrorKind::InvalidArgument { .. } => "Invalid function argument",
            FunctionErrorKind::CallFailed => "Error in function call",
        }
    }

    /// HCL's diagnostic detail for a call to `function` (verified with packer 1.6.6:
    /// `Invalid value for "num" parameter: a number is required.`).
    pub fn detail(&self, function: &str) -> String {
        match &self.kind {
            FunctionErrorKind::UnknownFunction => format!("There is no function named {function:?}."),
            FunctionErrorKind::NotEnoughArguments { expected, missing, variadic } => {
                let qualifier = if *variadic { " at least" } else { "" };
                format!(
                    "Function {function:?} expects{qualifier} {expected} argument(s). Missing value for {missing:?}."
                )
            }
            FunctionErrorKind::TooManyArguments { expected } => {
                format!("Function {function:?} expects only {expected} argument(s).")
            }
            FunctionErrorKind::InvalidArgument { param } => {
                format!("Invalid value for {param:?} parameter: {}.", self.message)
            }
            FunctionErrorKind::CallFailed => format!("Call to function {function:?} failed: {}.", self.message),
        }
    }
}

impl fmt::Display for FunctionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FunctionError {}
