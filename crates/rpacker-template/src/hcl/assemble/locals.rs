//! Locals and data sources, evaluated in one work-list after Packer 1.6.6's for locals: a
//! local that fails (typically because it reads a local not evaluated yet) goes to the back
//! and is retried; the last error is reported when it is the only one left or after 100
//! retries without progress (a cycle). Sensitive `local` blocks register their string leaves
//! as secrets.
//!
//! Data blocks join the list, as current Packer evaluates them together with locals: an item
//! waits (goes to the back, not counted as a retry) while a data source it reads has no value
//! yet, and a data block also while a local it reads has none, so each data source runs once,
//! after its inputs. When every waiting item is blocked, the next one is evaluated anyway and
//! fails like any other (a cycle). A data block's unknown type, configuration or execution
//! error ends Initialize at once.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use rpacker_diag::Diagnostic;

use super::data_sources::{body_references, data_object, data_references, run_data_block, DataFailure, DataSources};
use super::scope::Evaluator;
use super::value_node::string_leaves;
use crate::hcl::eval::referenced_variables;
use crate::hcl::parse::{DataBlock, LocalDef};
use crate::hcl::value::HclValue;

/// Packer 1.6.6's retry budget before it gives up on a set of locals.
const MAX_RETRIES: usize = 100;

/// Evaluated locals and data sources, and the secrets of sensitive locals.
#[derive(Debug, Clone, Default)]
pub struct EvaluatedLocals {
    /// Every local's value, by name.
    pub values: BTreeMap<String, HclValue>,
    /// Every data source's output (or unknown value), by type and name.
    pub data: BTreeMap<(String, String), HclValue>,
    /// String leaves of sensitive locals.
    pub secrets: Vec<String>,
}

/// A local or a data block, with what it must wait for.
struct Item<'c> {
    kind: ItemKind<'c>,
    /// Declared data blocks it reads.
    data: Vec<(String, String)>,
    /// Declared locals it reads (data blocks wait for them; locals retry instead).
    locals: Vec<String>,
}

enum ItemKind<'c> {
    Local(&'c LocalDef),
    Data(&'c DataBlock),
}

impl Item<'_> {
    fn ready(&self, out: &EvaluatedLocals) -> bool {
        let data_ready = self.data.iter().all(|key| out.data.contains_key(key));
        match self.kind {
            ItemKind::Local(_) => data_ready,
            ItemKind::Data(_) => data_ready && self.locals.iter().all(|l| out.values.contains_key(l)),
        }
    }
}

/// Evaluates `locals` and `data` blocks in `eval`'s scope, whose `local` and `data` objects
/// are replaced as they resolve.
///
/// # Errors
/// The error of the local or data block that could not be evaluated.
pub fn evaluate_locals(
    locals: &[LocalDef],
    data: &[DataBlock],
    eval: &mut Evaluator<'_>,
    sources: DataSources<'_>,
) -> Result<EvaluatedLocals, Vec<Diagnostic>> {
    let mut out = EvaluatedLocals::default();
    let mut pending: VecDeque<Item<'_>> = work_list(locals, data);
    let mut retries = 0;
    while let Some(item) = pending.pop_front() {
        if !item.ready(&out) && pending.iter().any(|other| other.ready(&out)) {
            pending.push_back(item);
            continue;
        }
        eval.scope.insert("local", HclValue::Object(out.values.clone()));
        eval.scope.insert("data", data_object(&out.data));
        let failed = match item.kind {
            ItemKind::Local(local) => match eval.evaluate(&local.expr.expr, &local.expr.origin, local.expr.span) {
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
                    None
                }
                Err(diags) => Some(diags),
            },
            ItemKind::Data(block) => match run_data_block(block, eval, sources) {
                Ok(value) => {
                    out.data.insert((block.type_name.clone(), block.name.clone()), value);
                    None
                }
                Err(DataFailure::Run(diags)) => return Err(diags),
                Err(DataFailure::Body(diags)) => Some(diags),
            },
        };
        match failed {
            None => retries = 0,
            Some(diags) => {
                if pending.is_empty() || retries == MAX_RETRIES {
                    return Err(diags);
                }
                retries += 1;
                pending.push_back(item);
            }
        }
    }
    eval.scope.insert("local", HclValue::Object(out.values.clone()));
    eval.scope.insert("data", data_object(&out.data));
    Ok(out)
}

/// Locals in order, then data blocks in order, each with the declared locals and data blocks
/// it reads.
fn work_list<'c>(locals: &'c [LocalDef], data: &'c [DataBlock]) -> VecDeque<Item<'c>> {
    let local_names: BTreeSet<&str> = locals.iter().map(|l| l.name.as_str()).collect();
    let data_keys: BTreeSet<(&str, &str)> = data.iter().map(|d| (d.type_name.as_str(), d.name.as_str())).collect();
    let item = |kind: ItemKind<'c>, references: Vec<crate::hcl::eval::Traversal>| {
        let data = data_references(&references)
            .into_iter()
            .filter(|(t, n)| data_keys.contains(&(t.as_str(), n.as_str())))
            .collect();
        let locals = references
            .iter()
            .filter(|r| r.root == "local")
            .filter_map(|r| r.first_attribute())
            .filter(|name| local_names.contains(name))
            .map(str::to_owned)
            .collect();
        Item { kind, data, locals }
    };
    let locals = locals.iter().map(|l| item(ItemKind::Local(l), referenced_variables(&l.expr.expr)));
    let blocks = data.iter().map(|d| item(ItemKind::Data(d), body_references(&d.body.body)));
    locals.chain(blocks).collect()
}
