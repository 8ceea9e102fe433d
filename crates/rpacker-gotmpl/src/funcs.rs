//! Functions a template may call, besides Go's built-ins.

use std::collections::HashMap;
use std::sync::Arc;

use crate::{Signature, Value};

/// A template function: takes the evaluated arguments (the piped value last, as Go does) and
/// returns a value or an error message (rendered as `error calling <name>: <message>`).
pub type Func = Arc<dyn Fn(&[Value]) -> Result<Value, String> + Send + Sync>;

/// A function with the Go signature it stands for.
#[derive(Clone)]
struct Entry {
    func: Func,
    signature: Signature,
}

/// The functions known to a template, by name. Go checks names at parse time, so the same map
/// is given to the parser and the evaluator.
#[derive(Clone, Default)]
pub struct FuncMap {
    funcs: HashMap<String, Entry>,
}

impl FuncMap {
    /// An empty map (Go's built-ins are always available on top of it).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a function taking any number of arguments of any type
    /// (Go's `func(...interface{})`): no argument-count or type checks are made.
    pub fn insert(
        &mut self,
        name: impl Into<String>,
        func: impl Fn(&[Value]) -> Result<Value, String> + Send + Sync + 'static,
    ) {
        self.insert_with_signature(name, Signature::variadic_any(), func);
    }

    /// Adds or replaces a function with a Go signature: the evaluator checks the argument
    /// count and types as Go does (`wrong number of args for NAME: want 1 got 2`,
    /// `expected string; found 1`) before calling it, so `func` receives exactly the
    /// declared shape (a `String` parameter always gets a [`Value::String`]).
    pub fn insert_with_signature(
        &mut self,
        name: impl Into<String>,
        signature: Signature,
        func: impl Fn(&[Value]) -> Result<Value, String> + Send + Sync + 'static,
    ) {
        self.funcs.insert(name.into(), Entry { func: Arc::new(func), signature });
    }

    /// Adds (or replaces with) every function of `other`, keeping their signatures.
    pub fn extend_from(&mut self, other: &FuncMap) {
        self.funcs.extend(other.funcs.iter().map(|(name, entry)| (name.clone(), entry.clone())));
    }

    /// The function with this name, if any.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Func> {
        self.funcs.get(name).map(|e| &e.func)
    }

    /// The Go signature of the function with this name, if any.
    #[must_use]
    pub fn signature(&self, name: &str) -> Option<&Signature> {
        self.funcs.get(name).map(|e| &e.signature)
    }

    /// Whether a function with this name exists.
    #[must_use]
    pub fn contains(&self, name: &str) -> bool {
        self.funcs.contains_key(name)
    }

    /// All names, for did-you-mean suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.funcs.keys().map(String::as_str)
    }
}

impl std::fmt::Debug for FuncMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<_> = self.names().collect();
        names.sort_unstable();
        f.debug_struct("FuncMap").field("funcs", &names).finish()
    }
}
