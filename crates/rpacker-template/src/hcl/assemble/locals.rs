//! Locals, evaluated as Packer 1.6.6 does: a work-list where a local that fails (typically
//! because it reads a local not evaluated yet) goes to the back and is retried; the last
//! error is reported when it is the only one left or after 100 retries without progress (a
//! cycle). Sensitive `local` blocks register their string leaves as secrets.

use std::collections::BTreeMap;

use rpacker_diag::Diagnostic;

use super::scope::Evaluator;
use super::value_node::string_leaves;
use crate::hcl::parse::LocalDef;
use crate::hcl::value::HclValue;

/// Packer 1.6.6's retry budget before it gives up on a set of locals.
const MAX_RETRIES: usize = 100;

/// Evaluated locals and the secrets of sensitive ones.
#[derive(Debug, Clone, Default)]
pub struct EvaluatedLocals {
    /// Every local's value, by name.
    pub values: BTreeMap<String, HclValue>,
    /// String leaves of sensitive locals.
    pub secrets: Vec<String>,
}

/// Evaluates `locals` in `eval`'s scope (whose `local` object is replaced as locals resolve).
///
/// # Errors
/// The error of the local that could not be evaluated.
pub fn evaluate_locals(locals: &[LocalDef], eval: &mut Evaluator<'_>) -> Result<EvaluatedLocals, Vec<Diagnostic>> {
    let mut out = EvaluatedLocals::default();
    let mut pending: std::collections::VecDeque<&LocalDef> = locals.iter().collect();
    let mut retries = 0;
    while let Some(local) = pending.pop_front() {
        eval.scope.insert("local", HclValue::Object(out.values.clone()));
        match eval.evaluate(&local.expr.expr, &local.expr.origin, local.expr.span) {
            Ok(value) => {
                let sensitive = local
                    .sensitive
                    .as_ref()
                    .and_then(|s| eval.evaluate(&s.expr, &s.origin, s.span).ok())
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false);
                if sensitive {
                    string_leaves(&value, &mut out.secrets);
                }
                out.values.insert(local.name.clone(), value);
                retries = 0;
            }
            Err(diags) => {
                if pending.is_empty() || retries == MAX_RETRIES {
                    return Err(diags);
                }
                retries += 1;
                pending.push_back(local);
            }
        }
    }
    eval.scope.insert("local", HclValue::Object(out.values.clone()));
    Ok(out)
}
