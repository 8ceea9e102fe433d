//! [`Template`]: a parsed template, ready to run many times.

use std::sync::Arc;

use crate::ast::List;
use crate::{Error, FuncMap, Value};

/// A parsed Go template. Cheap to clone (the tree is shared).
#[derive(Debug, Clone)]
pub struct Template {
    inner: Arc<Parsed>,
}

#[derive(Debug)]
struct Parsed {
    name: String,
    src: String,
    /// The main tree and any `{{define}}`d ones, by name.
    trees: Vec<(String, List)>,
    functions: Vec<String>,
    plain: bool,
}

impl Template {
    /// Parses `src` as template `name` (Packer always uses `"root"`). Function names are
    /// checked at parse time against Go's built-ins and `funcs`, as Go does.
    ///
    /// # Errors
    /// Go's parse error, e.g. `template: root:1: function "x" not defined`.
    pub fn parse(name: &str, src: &str, funcs: &FuncMap) -> Result<Template, Error> {
        let plain = !has_actions(src);
        let (trees, functions) = if plain {
            let nodes =
                if src.is_empty() { Vec::new() } else { vec![crate::ast::Node::Text { pos: 0, text: src.to_owned() }] };
            (vec![(name.to_owned(), List { nodes })], Vec::new())
        } else {
            let parsed = crate::parser::parse(name, src, funcs)?;
            (parsed.trees, parsed.functions)
        };
        Ok(Template { inner: Arc::new(Parsed { name: name.to_owned(), src: src.to_owned(), trees, functions, plain }) })
    }

    /// Executes the template with `data` as dot (`.Field` looks up map keys; a missing key is
    /// [`Value::Nil`], printed `<no value>`).
    ///
    /// # Errors
    /// Go's execution error, e.g. `template: root:1:3: executing "root" at <env `HOME`>:
    /// error calling env: env vars are not allowed here`.
    pub fn execute(&self, data: &Value, funcs: &FuncMap) -> Result<String, Error> {
        if self.inner.plain {
            return Ok(self.inner.src.clone());
        }
        crate::exec::execute(&self.inner.name, &self.inner.src, &self.inner.trees, data, funcs)
    }

    /// True when the source has no actions at all, so executing it returns it unchanged.
    #[must_use]
    pub fn is_plain_text(&self) -> bool {
        self.inner.plain
    }

    /// Names of all functions called anywhere in the template, in first-use order.
    #[must_use]
    pub fn called_functions(&self) -> Vec<String> {
        self.inner.functions.clone()
    }

    /// The template's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.inner.name
    }
}

/// Whether `src` contains an action delimiter `{{` (otherwise it renders as itself).
#[must_use]
pub fn has_actions(src: &str) -> bool {
    src.contains("{{")
}
