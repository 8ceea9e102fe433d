//! `data` blocks at Initialize: the seam to whatever runs data sources (the template crate
//! knows no plugin), reading one block, and the `data` object expressions see.
//!
//! As in current Packer: an unknown type is `Unknown data type <t>` at the type label, with
//! the known types; the body is evaluated with `var`, `local`, `data`, `path` and `packer`;
//! the runner checks the options and, unless `validate` skips execution, runs the source.
//! Outputs are `data.<type>.<name>.<attr>` (per type a map by name, as Packer builds it).

use std::collections::BTreeMap;
use std::fmt;

use hcl_edit::structure::{Body, Structure};
use rpacker_diag::{Diagnostic, Span};

use super::scope::Evaluator;
use super::value_node::body_to_node;
use crate::hcl::eval::{referenced_variables, Traversal, TraversalStep};
use crate::hcl::parse::DataBlock;
use crate::hcl::value::HclValue;
use crate::Node;

/// One `data` block handed to a [`DataSourceRunner`]: its evaluated options.
#[derive(Debug, Clone, Copy)]
pub struct DataRequest<'a> {
    /// The data source type (first label).
    pub type_name: &'a str,
    /// The block's name (second label).
    pub name: &'a str,
    /// The body, evaluated (unknown values as placeholders), in the shape plugins decode.
    pub config: &'a Node,
    /// The block header: where configuration and execution errors are reported.
    pub span: Span,
    /// Run the data source; when false only check its options and answer an unknown value of
    /// its output type (`validate` without `-evaluate-datasources`).
    pub execute: bool,
}

/// What runs data sources: the core implements it with its plugin registry.
pub trait DataSourceRunner {
    /// The data source types it knows, sorted.
    fn types(&self) -> Vec<String>;

    /// Checks the options of `request` and, when asked to, runs it: the output object, or an
    /// unknown value of the output type.
    ///
    /// # Errors
    /// Configuration problems or the execution error, as diagnostics.
    fn run(&self, request: &DataRequest<'_>) -> Result<HclValue, Vec<Diagnostic>>;
}

/// A runner that knows no data source (every `data` block is an unknown type).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDataSources;

impl DataSourceRunner for NoDataSources {
    fn types(&self) -> Vec<String> {
        Vec::new()
    }

    fn run(&self, request: &DataRequest<'_>) -> Result<HclValue, Vec<Diagnostic>> {
        Err(vec![unknown_type(request.type_name, request.span, &[])])
    }
}

/// How Initialize treats `data` blocks.
#[derive(Clone, Copy)]
pub struct DataSources<'a> {
    /// What runs them.
    pub runner: &'a dyn DataSourceRunner,
    /// Whether they run (`build`, `inspect`, `validate -evaluate-datasources`) or only have
    /// their options checked (`validate`).
    pub execute: bool,
}

impl DataSources<'static> {
    /// No data source known: any `data` block fails.
    #[must_use]
    pub fn none() -> Self {
        Self { runner: &NoDataSources, execute: false }
    }
}

impl fmt::Debug for DataSources<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataSources").field("types", &self.runner.types()).field("execute", &self.execute).finish()
    }
}

/// Why a data block has no value yet.
pub(super) enum DataFailure {
    /// Its body did not evaluate (it may read a local or data source not ready yet).
    Body(Vec<Diagnostic>),
    /// Its type is unknown, or the runner failed: final.
    Run(Vec<Diagnostic>),
}

/// Evaluates `block`'s body in `eval` and runs it.
///
/// # Errors
/// See [`DataFailure`].
pub(super) fn run_data_block(
    block: &DataBlock,
    eval: &Evaluator<'_>,
    sources: DataSources<'_>,
) -> Result<HclValue, DataFailure> {
    let types = sources.runner.types();
    if !types.contains(&block.type_name) {
        return Err(DataFailure::Run(vec![unknown_type(&block.type_name, block.type_span, &types)]));
    }
    let mut diags = Vec::new();
    let config = body_to_node(&block.body, eval, &[], &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(DataFailure::Body(diags));
    }
    let request = DataRequest {
        type_name: &block.type_name,
        name: &block.name,
        config: &config,
        span: block.span,
        execute: sources.execute,
    };
    sources.runner.run(&request).map_err(DataFailure::Run)
}

/// Packer's error for a type no plugin provides.
fn unknown_type(type_name: &str, at: Span, known: &[String]) -> Diagnostic {
    let detail = if known.is_empty() {
        "packer does not currently know any data source.".to_owned()
    } else {
        format!("known data sources: [{}]", known.join(" "))
    };
    Diagnostic::error(format!("Unknown data type {type_name}"), detail).with_subject(Some(at))
}

/// The `data` object: per type, a map of the data sources that have a value, by name.
#[must_use]
pub(super) fn data_object(values: &BTreeMap<(String, String), HclValue>) -> HclValue {
    let mut by_type: BTreeMap<String, BTreeMap<String, HclValue>> = BTreeMap::new();
    for ((type_name, name), value) in values {
        by_type.entry(type_name.clone()).or_default().insert(name.clone(), value.clone());
    }
    HclValue::Object(by_type.into_iter().map(|(t, names)| (t, HclValue::Map(names))).collect())
}

/// The data blocks (type, name) an expression's references name.
pub(super) fn data_references(references: &[Traversal]) -> Vec<(String, String)> {
    let name = |step: Option<&TraversalStep>| match step {
        Some(TraversalStep::Attr(s)) => Some(s.clone()),
        Some(TraversalStep::Index(HclValue::String(s))) => Some(s.clone()),
        _ => None,
    };
    references
        .iter()
        .filter(|r| r.root == "data")
        .filter_map(|r| Some((name(r.steps.first())?, name(r.steps.get(1))?)))
        .collect()
}

/// Every reference in a body: its attributes and those of nested (and `dynamic`) blocks.
pub(super) fn body_references(body: &Body) -> Vec<Traversal> {
    let mut found = Vec::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => found.extend(referenced_variables(&attr.value)),
            Structure::Block(block) => found.extend(body_references(&block.body)),
        }
    }
    found
}
