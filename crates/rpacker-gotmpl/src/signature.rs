//! Go parameter types of template functions.
//!
//! Go's evaluator checks arguments against the function's Go signature: a literal `1` passed
//! to a `string` parameter fails with `expected string; found 1`, a computed int with
//! `wrong type for value; expected string; got int`, and the argument count with
//! `wrong number of args for NAME: want N got M`. Our functions are closures over
//! [`crate::Value`], so each one declares the Go signature it stands for.

/// The Go type of one parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgType {
    /// `interface{}` (or `reflect.Value`): anything, including nil.
    Any,
    /// `string`.
    String,
    /// `int`.
    Int,
    /// `float64`.
    Float,
    /// `bool`.
    Bool,
}

impl ArgType {
    /// Go's spelling of the type in error messages.
    #[must_use]
    pub fn go_name(self) -> &'static str {
        match self {
            ArgType::Any => "interface {}",
            ArgType::String => "string",
            ArgType::Int => "int",
            ArgType::Float => "float64",
            ArgType::Bool => "bool",
        }
    }
}

/// A function's Go parameter list: fixed parameters, then an optional variadic one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Fixed parameters, in order.
    pub params: Vec<ArgType>,
    /// The element type of a trailing `...T` parameter, if any.
    pub variadic: Option<ArgType>,
}

impl Signature {
    /// `func(...interface{})`: any number of arguments of any type (the default for
    /// [`crate::FuncMap::insert`]).
    #[must_use]
    pub fn variadic_any() -> Self {
        Self { params: Vec::new(), variadic: Some(ArgType::Any) }
    }

    /// A fixed parameter list, e.g. `func(string, string, int)`.
    #[must_use]
    pub fn fixed(params: &[ArgType]) -> Self {
        Self { params: params.to_vec(), variadic: None }
    }

    /// Fixed parameters followed by `...variadic`, e.g. `func(string, ...interface{})`.
    #[must_use]
    pub fn with_variadic(params: &[ArgType], variadic: ArgType) -> Self {
        Self { params: params.to_vec(), variadic: Some(variadic) }
    }
}
