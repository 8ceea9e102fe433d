//! `dynamic "<type>" { for_each, iterator, labels, content {} }` blocks (HCL's dynblock
//! extension, which Packer applies to source, build and plugin bodies): each element of
//! `for_each` generates one `<type>` block whose body is `content`, with the iterator object
//! `{key, value}` (named `iterator`, by default the block type) in scope; `labels` gives the
//! generated block's labels. Nested `dynamic` blocks see the iterators of the outer ones.
//!
//! Texts are HCL's (ext/dynblock). An unknown `for_each` (only `inspect` has unknown values)
//! generates nothing.

use hcl_edit::expr::Expression;
use rpacker_diag::{Diagnostic, Span};

use super::scope::Evaluator;
use crate::hcl::convert::convert;
use crate::hcl::eval::iteration_items;
use crate::hcl::parse::{BlockSchema, Expr, Iterators, RawBlock, RawBody, Schema};
use crate::hcl::types::HclType;
use crate::hcl::value::HclValue;

const WITH_LABELS: Schema = Schema {
    attributes: &[("for_each", true), ("iterator", false), ("labels", true)],
    blocks: &[BlockSchema { type_name: "content", labels: &[] }],
};

const WITHOUT_LABELS: Schema = Schema {
    attributes: &[("for_each", true), ("iterator", false)],
    blocks: &[BlockSchema { type_name: "content", labels: &[] }],
};

/// Expands `dynamic` (a block of type `dynamic` whose label is the generated type, which has
/// `label_names`), evaluating with `eval` plus the `inherited` iterators. Returns the generated
/// blocks with the iterators each one sees.
pub fn expand_dynamic(
    dynamic: &RawBlock,
    label_names: &[&str],
    eval: &Evaluator<'_>,
    inherited: &Iterators,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(RawBlock, Iterators)> {
    let block_type = dynamic.labels.first().map_or("", |(t, _)| t.as_str());
    let schema = if label_names.is_empty() { &WITHOUT_LABELS } else { &WITH_LABELS };
    let mut spec_diags = Vec::new();
    let spec = dynamic.body.content(schema, &mut spec_diags);
    if spec_diags.iter().any(Diagnostic::is_error) {
        diags.extend(spec_diags);
        return Vec::new();
    }
    let iterator = match spec.attribute("iterator") {
        Some(attr) => match iterator_name(&attr.expr) {
            Ok(name) => name,
            Err(diag) => {
                diags.push(*diag);
                return Vec::new();
            }
        },
        None => block_type.to_owned(),
    };
    let outer = eval.with_iterators(inherited);
    let Some(for_each) = spec.attribute("for_each") else { return Vec::new() };
    let collection = match outer.evaluate(&for_each.expr.expr, &for_each.expr.origin, for_each.expr.span) {
        Ok(value) => value,
        Err(more) => {
            diags.extend(more);
            return Vec::new();
        }
    };
    let invalid_for_each = |detail: String| {
        Diagnostic::error("Invalid dynamic for_each value", detail).with_subject(Some(for_each.expr.span))
    };
    let items = match collection {
        HclValue::Null(_) => {
            diags.push(invalid_for_each("Cannot use a null value in for_each.".to_owned()));
            return Vec::new();
        }
        other => match iteration_items(other.clone()) {
            Ok(Some(items)) => items,
            Ok(None) => return Vec::new(),
            Err(_) => {
                let type_name = other.type_of().friendly_name();
                diags.push(invalid_for_each(format!(
                    "Cannot use a {type_name} value in for_each. An iterable collection is required."
                )));
                return Vec::new();
            }
        },
    };
    let labels = match spec.attribute("labels").map(|a| label_exprs(&a.expr, label_names, block_type)) {
        Some(Ok(labels)) => labels,
        Some(Err(diag)) => {
            diags.push(*diag);
            return Vec::new();
        }
        None => Vec::new(),
    };
    let content = match spec.blocks.as_slice() {
        [content] => content,
        [] => {
            diags.push(
                Diagnostic::error(
                    "Missing dynamic content block",
                    "A dynamic block must have a nested block of type \"content\" to describe the body of each generated block.",
                )
                .with_subject(Some(dynamic.span)),
            );
            return Vec::new();
        }
        [_, extra, ..] => {
            diags.push(
                Diagnostic::error(
                    "Extraneous dynamic content block",
                    "Only one nested content block is allowed for each dynamic block.",
                )
                .with_subject(Some(extra.def_span)),
            );
            return Vec::new();
        }
    };

    let mut generated = Vec::new();
    for (key, value) in items {
        let mut iterators = inherited.clone();
        iterators.insert(iterator.clone(), HclValue::object([("key", key), ("value", value)]));
        let inner = eval.with_iterators(&iterators);
        let mut block_labels = Vec::new();
        for label in &labels {
            match label_value(label, &inner) {
                Ok(text) => block_labels.push((text, label.span)),
                Err(more) => {
                    diags.extend(more);
                    return generated;
                }
            }
        }
        let block = RawBlock {
            type_name: block_type.to_owned(),
            labels: block_labels,
            body: content.body.clone(),
            span: dynamic.span,
            def_span: dynamic.def_span,
        };
        generated.push((block, iterators));
    }
    generated
}

/// `iterator = name`: a single variable name (in JSON files, a string holding one).
fn iterator_name(expr: &Expr) -> Result<String, Box<Diagnostic>> {
    match &expr.expr {
        Expression::Variable(ident) => Ok(ident.as_str().to_owned()),
        Expression::String(s) if expr.origin.is_json() && crate::hcl::parse::is_identifier(s.value()) => {
            Ok(s.value().clone())
        }
        Expression::Traversal(_) => Err(Box::new(
            Diagnostic::error("Invalid dynamic iterator name", "Dynamic iterator must be a single variable name.")
                .with_subject(Some(expr.span)),
        )),
        _ => Err(Box::new(
            Diagnostic::error(
                "Invalid expression",
                "A single static variable reference is required: only attribute access and indexing with constant keys. No calculations, function calls, template expressions, etc are allowed here.",
            )
            .with_subject(Some(expr.span)),
        )),
    }
}

/// `labels = [...]`: a static list with one expression per label of the block type.
fn label_exprs(expr: &Expr, label_names: &[&str], block_type: &str) -> Result<Vec<Expr>, Box<Diagnostic>> {
    let Expression::Array(items) = &expr.expr else {
        return Err(Box::new(
            Diagnostic::error("Invalid expression", "A static list expression is required.")
                .with_subject(Some(expr.span)),
        ));
    };
    let labels: Vec<Expr> = items
        .iter()
        .map(|item| Expr { expr: item.clone(), span: expr.span_of(item), origin: expr.origin.clone() })
        .collect();
    let want = label_names.len();
    let count = |summary: &str, at: Span| {
        Box::new(
            Diagnostic::error(summary, format!("Blocks of type {block_type:?} require {want} label(s)."))
                .with_subject(Some(at)),
        )
    };
    if labels.len() > want {
        return Err(count("Extraneous dynamic block label", labels[want].span));
    }
    if labels.len() < want {
        return Err(count("Insufficient dynamic block labels", expr.span));
    }
    Ok(labels)
}

/// One label of a generated block: a known, non-null string.
fn label_value(label: &Expr, eval: &Evaluator<'_>) -> Result<String, Vec<Diagnostic>> {
    let invalid =
        |detail: String| vec![Diagnostic::error("Invalid dynamic block label", detail).with_subject(Some(label.span))];
    match eval.evaluate(&label.expr, &label.origin, label.span)? {
        HclValue::Null(_) => Err(invalid("Cannot use a null value as a dynamic block label.".to_owned())),
        value if value.contains_unknown() => Err(invalid(
            "This value is not yet known. Dynamic block labels must be immediately-known values.".to_owned(),
        )),
        value => match convert(value, &HclType::String) {
            Ok(HclValue::String(text)) => Ok(text),
            Ok(_) => Err(invalid("Cannot use a null value as a dynamic block label.".to_owned())),
            Err(e) => Err(invalid(format!("Cannot use this value as a dynamic block label: {e}."))),
        },
    }
}

/// A native body's `dynamic` block as a [`RawBlock`] (plugin bodies are kept as hcl-edit
/// structure; this lets them share [`expand_dynamic`]).
pub fn native_dynamic_block(block: &hcl_edit::structure::Block, body: &crate::hcl::parse::SpannedBody) -> RawBlock {
    let span = body.span_of(block);
    let labels = block.labels.iter().map(|l| (l.as_str().to_owned(), body.span_of(l))).collect();
    let def_span = block.labels.first().map_or(span, |l| body.span_of(&block.ident).to(body.span_of(l)));
    RawBlock {
        type_name: "dynamic".to_owned(),
        labels,
        body: RawBody::Native { body: block.body.clone(), origin: body.origin.clone(), span },
        span,
        def_span,
    }
}
