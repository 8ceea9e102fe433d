//! What an expression is evaluated against: the variables in scope, the functions allowed
//! there, and where the expression's text comes from.
//!
//! Packer gives each kind of block a different context (`var`, `local`, `path`, `packer`,
//! `source`, `build`, `data` roots; only `env` in variable defaults), so the caller builds a
//! [`Scope`] and picks a [`FunctionSet`]. `for` expressions and directives bind their
//! iterator variables in a child scope that points at its parent instead of copying it.

use std::collections::BTreeMap;

use rpacker_diag::{FileId, Span};

use crate::hcl::functions::FunctionContext;
use crate::hcl::value::HclValue;

/// Variables by root name (`var`, `local`, `path`, an iterator variable…); a child scope
/// shadows its parent.
#[derive(Clone, Debug, Default)]
pub struct Scope<'p> {
    variables: BTreeMap<String, HclValue>,
    parent: Option<&'p Scope<'p>>,
}

impl Scope<'static> {
    /// An empty scope.
    pub fn new() -> Scope<'static> {
        Scope { variables: BTreeMap::new(), parent: None }
    }
}

impl<'p> Scope<'p> {
    /// A scope inside `parent`, with its own variables on top.
    pub fn child_of(parent: &'p Scope<'p>) -> Scope<'p> {
        Scope { variables: BTreeMap::new(), parent: Some(parent) }
    }

    /// The same scope with `name` bound to `value`.
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, value: HclValue) -> Scope<'p> {
        self.insert(name, value);
        self
    }

    /// Binds `name` to `value` in this scope.
    pub fn insert(&mut self, name: impl Into<String>, value: HclValue) {
        self.variables.insert(name.into(), value);
    }

    /// The value of root variable `name`, looking through the parents.
    pub fn get(&self, name: &str) -> Option<&HclValue> {
        self.variables.get(name).or_else(|| self.parent.and_then(|p| p.get(name)))
    }

    /// Every root name visible here, for did-you-mean.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.variables.keys().map(String::as_str).collect();
        if let Some(parent) = self.parent {
            names.extend(parent.names());
        }
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The `path` object: `root` (the template's directory as given) and `cwd`, both with
    /// backslashes turned into `/` as Packer does.
    pub fn path_object(root: &str, cwd: &str) -> HclValue {
        HclValue::object([("root", root.replace('\\', "/").into()), ("cwd", cwd.replace('\\', "/").into())])
    }

    /// The `packer` object: `{version}`.
    pub fn packer_object(version: &str) -> HclValue {
        HclValue::object([("version", HclValue::from(version))])
    }

    /// The `source` object of a provisioner or post-processor: `{type, name}`.
    pub fn source_object(source_type: &str, name: &str) -> HclValue {
        HclValue::object([("type", HclValue::from(source_type)), ("name", HclValue::from(name))])
    }
}

/// Which functions an expression may call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionSet {
    /// Everything Packer offers in locals, sources and builds: the library plus `try`, `can`,
    /// `convert` and `templatefile`.
    All,
    /// Variable defaults: only `env` (verified with packer 1.6.6: `upper` is unknown there).
    VariableDefaults,
    /// Inside a `templatefile` template: everything but `templatefile` itself.
    TemplateFile,
}

/// The text an expression was parsed from, so messages that print positions (`try`'s
/// `(at file:1,7-10)`) can.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// The file's display name.
    pub name: &'a str,
    /// The whole text the spans index into.
    pub text: &'a str,
}

impl Source<'_> {
    /// HCL's `Range.String()`: `name:line,col-col` on one line, `name:line,col-line,col`
    /// otherwise (columns count characters, from 1).
    pub fn describe(&self, span: Span) -> String {
        let (l1, c1) = self.line_col(span.start as usize);
        let (l2, c2) = self.line_col(span.end as usize);
        if l1 == l2 {
            format!("{}:{l1},{c1}-{c2}", self.name)
        } else {
            format!("{}:{l1},{c1}-{l2},{c2}", self.name)
        }
    }

    fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = self.text.get(..offset.min(self.text.len())).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
}

/// Everything [`super::evaluate`] needs besides the expression.
#[derive(Clone, Copy, Debug)]
pub struct EvalContext<'a> {
    /// The variables in scope.
    pub scope: &'a Scope<'a>,
    /// The functions that may be called.
    pub functions: FunctionSet,
    /// What functions may read (base directory, clock, environment).
    pub function_context: &'a FunctionContext,
    /// The file the expression's spans point into.
    pub file: FileId,
    /// That file's text, when positions must be printed inside messages.
    pub source: Option<Source<'a>>,
}

impl<'a> EvalContext<'a> {
    /// A context over `scope` allowing `functions`, for expressions of `file`.
    pub fn new(
        scope: &'a Scope<'a>,
        functions: FunctionSet,
        function_context: &'a FunctionContext,
        file: FileId,
    ) -> EvalContext<'a> {
        EvalContext { scope, functions, function_context, file, source: None }
    }

    /// The same context, with the file's text for messages that print positions.
    #[must_use]
    pub fn with_source(mut self, source: Source<'a>) -> EvalContext<'a> {
        self.source = Some(source);
        self
    }

    /// The same context over another scope (a child with iterator variables).
    pub fn with_scope<'b>(&self, scope: &'b Scope<'b>) -> EvalContext<'b>
    where
        'a: 'b,
    {
        EvalContext { scope, ..*self }
    }

    /// A span in this context's file.
    pub(crate) fn span(&self, range: Option<std::ops::Range<usize>>) -> Option<Span> {
        range.map(|r| Span::new(self.file, r.start, r.end))
    }
}
