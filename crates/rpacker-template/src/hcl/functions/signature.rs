//! Function signatures: parameters with cty types, and how arguments are checked against them.
//!
//! Each function declares its parameters the way cty's `function.Spec` does (name, type,
//! whether null or unknown values may be passed) so that `call` can apply HCL's rules once
//! for all functions: arity, null checks, conversion to the parameter type, and returning an
//! unknown result when an input is unknown.

use super::{FunctionContext, FunctionError};
use crate::hcl::types::HclType;
use crate::hcl::value::HclValue;

/// A parameter type, in a form that can live in `const` tables.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Ty {
    /// Any type; the argument is passed as it is.
    Any,
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `bool`.
    Bool,
    /// `list(T)`.
    List(&'static Ty),
    /// `set(T)`.
    Set(&'static Ty),
}

impl Ty {
    /// The cty type this stands for.
    pub(crate) fn to_type(self) -> HclType {
        match self {
            Ty::Any => HclType::Dynamic,
            Ty::String => HclType::String,
            Ty::Number => HclType::Number,
            Ty::Bool => HclType::Bool,
            Ty::List(e) => HclType::list(e.to_type()),
            Ty::Set(e) => HclType::set(e.to_type()),
        }
    }
}

/// One parameter of a function.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Param {
    /// The name HCL's messages use (`Invalid value for "str" parameter`).
    pub(crate) name: &'static str,
    /// The type arguments are converted to.
    pub(crate) ty: Ty,
    /// Whether a null argument is passed to the function instead of being rejected.
    pub(crate) allow_null: bool,
    /// Whether an unknown argument is passed to the function instead of making the result
    /// unknown.
    pub(crate) allow_unknown: bool,
}

/// A parameter that rejects null and short-circuits on unknown (cty's default).
pub(crate) const fn param(name: &'static str, ty: Ty) -> Param {
    Param { name, ty, allow_null: false, allow_unknown: false }
}

/// A parameter that accepts null.
pub(crate) const fn nullable(name: &'static str, ty: Ty) -> Param {
    Param { name, ty, allow_null: true, allow_unknown: false }
}

/// The implementation of a function, given arguments already checked and converted.
pub(crate) type Impl = fn(Vec<HclValue>, &FunctionContext) -> Result<HclValue, FunctionError>;

/// A function of the library.
#[derive(Clone, Copy)]
pub(crate) struct FunctionDef {
    /// The name templates call it by.
    pub(crate) name: &'static str,
    /// Fixed parameters.
    pub(crate) params: &'static [Param],
    /// The parameter repeated for any further arguments, if the function is variadic.
    pub(crate) var_param: Option<Param>,
    /// The result type, used for the unknown result of a call with unknown inputs.
    pub(crate) returns: Ty,
    /// What it does.
    pub(crate) imp: Impl,
}

/// A fixed-arity function.
pub(crate) const fn def(name: &'static str, params: &'static [Param], returns: Ty, imp: Impl) -> FunctionDef {
    FunctionDef { name, params, var_param: None, returns, imp }
}

/// A variadic function.
pub(crate) const fn variadic(
    name: &'static str,
    params: &'static [Param],
    var_param: Param,
    returns: Ty,
    imp: Impl,
) -> FunctionDef {
    FunctionDef { name, params, var_param: Some(var_param), returns, imp }
}

impl FunctionDef {
    /// Checks arity, nulls and types; converts the arguments; then calls the function, or
    /// returns an unknown result when an input is unknown.
    pub(crate) fn invoke(&self, args: Vec<HclValue>, ctx: &FunctionContext) -> Result<HclValue, FunctionError> {
        if let Some(missing) = self.params.get(args.len()) {
            return Err(FunctionError {
                kind: super::FunctionErrorKind::NotEnoughArguments {
                    expected: self.params.len(),
                    missing: missing.name,
                    variadic: self.var_param.is_some(),
                },
                message: format!("missing value for {:?}", missing.name),
                arg_index: None,
            });
        }
        if self.var_param.is_none() && args.len() > self.params.len() {
            return Err(FunctionError {
                kind: super::FunctionErrorKind::TooManyArguments { expected: self.params.len() },
                message: format!("expects only {} argument(s)", self.params.len()),
                arg_index: None,
            });
        }
        let mut converted = Vec::with_capacity(args.len());
        let mut unknown_input = false;
        for (index, arg) in args.into_iter().enumerate() {
            let spec = self.param_at(index);
            if arg.is_null() && !spec.allow_null {
                return Err(self.name_param(FunctionError::arg(index, "argument must not be null")));
            }
            unknown_input |= !spec.allow_unknown && arg.contains_unknown();
            let value = crate::hcl::convert(arg, &spec.ty.to_type())
                .map_err(|message| self.name_param(FunctionError::arg(index, message)))?;
            converted.push(value);
        }
        if unknown_input {
            return Ok(HclValue::Unknown(self.returns.to_type()));
        }
        (self.imp)(converted, ctx).map_err(|e| self.name_param(e))
    }

    fn param_at(&self, index: usize) -> Param {
        // Arity is checked first, so every index has a parameter.
        self.params.get(index).copied().or(self.var_param).unwrap_or(param("", Ty::Any))
    }

    /// Fills in the parameter name of an argument error.
    fn name_param(&self, mut err: FunctionError) -> FunctionError {
        if let (super::FunctionErrorKind::InvalidArgument { param }, Some(index)) = (&mut err.kind, err.arg_index) {
            *param = self.param_at(index).name;
        }
        err
    }
}
