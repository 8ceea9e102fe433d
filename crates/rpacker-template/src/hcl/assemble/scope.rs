//! The evaluation contexts Packer gives each part of a configuration: `var`, `local`, `path`
//! and `packer` everywhere after variable collection; `source` and `build` in provisioners and
//! post-processors; only `env()` in variable defaults and var files.

use std::collections::BTreeMap;

use hcl_edit::expr::Expression;
use rpacker_diag::{Diagnostic, Span};

use super::build_references::deferred_build_value;
use crate::funcs::COMMON_BUILD_DATA_KEYS;
use crate::hcl::eval::{evaluate, EvalContext, FunctionSet, Scope};
use crate::hcl::functions::FunctionContext;
use crate::hcl::parse::{Iterators, Origin};
use crate::hcl::value::HclValue;

/// A scope plus the functions allowed in it: evaluates expressions of any file.
pub struct Evaluator<'a> {
    /// The variables in scope.
    pub scope: Scope<'a>,
    /// The functions that may be called.
    pub functions: FunctionSet,
    /// What functions may read.
    pub function_context: &'a FunctionContext,
}

impl<'a> Evaluator<'a> {
    /// The same evaluator with the iterator objects of enclosing `dynamic` blocks in scope.
    #[must_use]
    pub fn with_iterators<'b>(&'b self, iterators: &Iterators) -> Evaluator<'b>
    where
        'a: 'b,
    {
        let mut scope = Scope::child_of(&self.scope);
        for (name, value) in iterators {
            scope.insert(name.clone(), value.clone());
        }
        Evaluator { scope, functions: self.functions, function_context: self.function_context }
    }

    /// Evaluates `expr` parsed from `origin`'s text; diagnostics of rewritten JSON are pointed
    /// back at the JSON file (`fallback` when a range has no counterpart).
    ///
    /// # Errors
    /// The evaluator's diagnostics.
    pub fn evaluate(&self, expr: &Expression, origin: &Origin, fallback: Span) -> Result<HclValue, Vec<Diagnostic>> {
        let ctx = EvalContext::new(&self.scope, self.functions, self.function_context, origin.file());
        evaluate(expr, &ctx).map_err(|diags| {
            if !origin.is_json() {
                return diags;
            }
            diags
                .into_iter()
                .map(|mut d| {
                    d.subject = Some(origin.span(d.subject.map(|s| s.start as usize..s.end as usize), fallback));
                    d
                })
                .collect()
        })
    }
}

/// The scope of locals, sources and build blocks: `var`, `local`, `path`, `packer`.
#[must_use]
pub fn config_scope(
    variables: &BTreeMap<String, HclValue>,
    locals: &BTreeMap<String, HclValue>,
    path_root: &str,
    cwd: &str,
    packer_version: &str,
) -> Scope<'static> {
    Scope::new()
        .with("var", HclValue::Object(variables.clone()))
        .with("local", HclValue::Object(locals.clone()))
        .with("path", Scope::path_object(path_root, cwd))
        .with("packer", Scope::packer_object(packer_version))
}

/// The `build` object of a provisioner or post-processor before the build runs: the build
/// block's name, and every common key as a value the plugin renders at run time.
#[must_use]
pub fn build_object(build_name: &str) -> HclValue {
    let mut entries: BTreeMap<String, HclValue> =
        COMMON_BUILD_DATA_KEYS.iter().map(|k| ((*k).to_owned(), deferred_build_value(k))).collect();
    entries.insert("name".to_owned(), HclValue::from(build_name));
    HclValue::Object(entries)
}
