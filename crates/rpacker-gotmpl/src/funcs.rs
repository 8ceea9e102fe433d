//! Functions a template may call, besides Go's built-ins.

use std::collections::HashMap;
use std::sync::Arc;

use crate::Value;

/// A template function: takes the evaluated arguments (the piped value last, as Go does) and
/// returns a value or an error message (rendered as `error calling <name>: <message>`).
pub type Func = Arc<dyn Fn(&[Value]) -> Result<Value, String> + Send + Sync>;

/// The functions known to a template, by name. Go checks names at parse time, so the same map
/// is given to the parser and the evaluator.
#[derive(Clone, Default)]
pub struct FuncMap {
    funcs: HashMap<String, Func>,
}

impl FuncMap {
    /// An empty map (Go's built-ins are always available on top of it).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a function.
    pub fn insert(&mut self, name: impl Into<String>, func: impl Fn(&[Value]) -> Result<Value, String> + Send + Sync + 'static) {
        self.funcs.insert(name.into(), Arc::new(func));
    }

    /// The function with this name, if any.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Func> {
        self.funcs.get(name)
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
