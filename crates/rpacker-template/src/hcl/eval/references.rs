//! What an expression reads: its variable references as root-plus-static-steps traversals
//! (`local.a`, `var.list[0]`), like HCL's `Expression.Variables()`.
//!
//! Locals are evaluated in dependency order and cycles reported from these; `try` and `can`
//! use them to return an unknown result when an input is unknown. A traversal stops at the
//! first step that is not static (a splat, an index computed from other values); iterator
//! variables of `for` expressions and `%{for}` directives are not references.

use std::ops::Range;

use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::Span as _;

use super::context::Scope;
use super::traversal::{get_attr, index};
use crate::hcl::value::HclValue;

/// A reference to a variable: the root name and the static steps after it.
#[derive(Clone, Debug, PartialEq)]
pub struct Traversal {
    /// The root variable (`var`, `local`, `path`…).
    pub root: String,
    /// The attribute and index steps that follow, up to the first non-static one.
    pub steps: Vec<TraversalStep>,
    /// The byte range of the reference in the parsed text, when the parser recorded it.
    pub range: Option<Range<usize>>,
}

impl Traversal {
    /// The first attribute after the root (`x` of `local.x`), which names the local or
    /// variable referenced.
    pub fn first_attribute(&self) -> Option<&str> {
        match self.steps.first() {
            Some(TraversalStep::Attr(name)) => Some(name),
            _ => None,
        }
    }
}

/// One static step of a [`Traversal`].
#[derive(Clone, Debug, PartialEq)]
pub enum TraversalStep {
    /// `.name`.
    Attr(String),
    /// `[literal]` or legacy `.0`.
    Index(HclValue),
}

/// The variables `expr` reads, in source order.
pub fn referenced_variables(expr: &Expression) -> Vec<Traversal> {
    let mut found = Vec::new();
    walk(expr, &mut Vec::new(), &mut found);
    found
}

/// The variables a template reads (`templatefile` checks them against its `vars`).
pub(crate) fn referenced_in_template(template: &Template) -> Vec<Traversal> {
    let mut found = Vec::new();
    walk_template(template, &mut Vec::new(), &mut found);
    found
}

/// The value a reference points at in `scope`, if every step exists.
pub(crate) fn resolve(reference: &Traversal, scope: &Scope<'_>) -> Option<HclValue> {
    let mut value = scope.get(&reference.root)?.clone();
    for step in &reference.steps {
        value = match step {
            TraversalStep::Attr(name) => get_attr(value, name).ok()?,
            TraversalStep::Index(key) => index(value, key.clone()).ok()?,
        };
    }
    Some(value)
}

fn walk(expr: &Expression, bound: &mut Vec<String>, found: &mut Vec<Traversal>) {
    match expr {
        Expression::Null(_) | Expression::Bool(_) | Expression::Number(_) | Expression::String(_) => {}
        Expression::Variable(name) => push(name.value().as_str(), Vec::new(), name.span(), bound, found),
        Expression::Array(items) => items.iter().for_each(|e| walk(e, bound, found)),
        Expression::Object(attrs) => {
            for (key, value) in attrs {
                if let ObjectKey::Expression(k) = key {
                    walk(k, bound, found);
                }
                walk(value.expr(), bound, found);
            }
        }
        Expression::StringTemplate(t) => walk_template(t, bound, found),
        Expression::HeredocTemplate(h) => walk_template(&h.template, bound, found),
        Expression::Parenthesis(p) => walk(p.inner(), bound, found),
        Expression::Conditional(c) => {
            for e in [&c.cond_expr, &c.true_expr, &c.false_expr] {
                walk(e, bound, found);
            }
        }
        Expression::FuncCall(f) => f.args.iter().for_each(|e| walk(e, bound, found)),
        Expression::Traversal(t) => {
            if let Expression::Variable(root) = &t.expr {
                let steps = static_steps(t.operators.iter().map(|o| o.value()));
                push(root.value().as_str(), steps, expr.span(), bound, found);
            } else {
                walk(&t.expr, bound, found);
            }
            for op in &t.operators {
                if let TraversalOperator::Index(key) = op.value() {
                    walk(key, bound, found);
                }
            }
        }
        Expression::UnaryOp(op) => walk(&op.expr, bound, found),
        Expression::BinaryOp(op) => {
            walk(&op.lhs_expr, bound, found);
            walk(&op.rhs_expr, bound, found);
        }
        Expression::ForExpr(f) => {
            walk(&f.intro.collection_expr, bound, found);
            let vars = f.intro.key_var.iter().chain([&f.intro.value_var]).map(|v| v.value().to_string());
            let before = bound.len();
            bound.extend(vars);
            for e in f.key_expr.iter().chain([&f.value_expr]).chain(f.cond.iter().map(|c| &c.expr)) {
                walk(e, bound, found);
            }
            bound.truncate(before);
        }
    }
}

fn walk_template(template: &Template, bound: &mut Vec<String>, found: &mut Vec<Traversal>) {
    for element in template.iter() {
        match element {
            Element::Literal(_) => {}
            Element::Interpolation(i) => walk(&i.expr, bound, found),
            Element::Directive(d) => match d.as_ref() {
                Directive::If(d) => {
                    walk(&d.if_expr.cond_expr, bound, found);
                    walk_template(&d.if_expr.template, bound, found);
                    if let Some(e) = &d.else_expr {
                        walk_template(&e.template, bound, found);
                    }
                }
                Directive::For(d) => {
                    let f = &d.for_expr;
                    walk(&f.collection_expr, bound, found);
                    let before = bound.len();
                    bound.extend(f.key_var.iter().chain([&f.value_var]).map(|v| v.value().to_string()));
                    walk_template(&f.template, bound, found);
                    bound.truncate(before);
                }
            },
        }
    }
}

fn push(
    root: &str,
    steps: Vec<TraversalStep>,
    range: Option<Range<usize>>,
    bound: &[String],
    found: &mut Vec<Traversal>,
) {
    if !bound.iter().any(|b| b == root) {
        found.push(Traversal { root: root.to_owned(), steps, range });
    }
}

/// The leading static steps of a traversal.
fn static_steps<'a>(ops: impl Iterator<Item = &'a TraversalOperator>) -> Vec<TraversalStep> {
    let mut steps = Vec::new();
    for op in ops {
        let step = match op {
            TraversalOperator::GetAttr(name) => TraversalStep::Attr(name.value().to_string()),
            TraversalOperator::LegacyIndex(n) => {
                TraversalStep::Index(i64::try_from(*n.value()).map_or_else(|_| HclValue::unknown(), HclValue::int))
            }
            TraversalOperator::Index(Expression::String(s)) => {
                TraversalStep::Index(HclValue::String(s.value().clone()))
            }
            TraversalOperator::Index(Expression::Number(n)) => match n.value().as_i64() {
                Some(i) => TraversalStep::Index(HclValue::int(i)),
                None => break,
            },
            _ => break,
        };
        steps.push(step);
    }
    steps
}
