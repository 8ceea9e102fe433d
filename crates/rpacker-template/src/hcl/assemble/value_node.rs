//! HCL values and bodies → the plugin config [`Node`] tree, the shape Packer's HCL→JSON
//! conversion gives plugins: attributes become values, nested blocks become lists of objects.

use hcl_edit::structure::{Body, Structure};
use rpacker_diag::{Diagnostic, Span};

use super::dynamic::{expand_dynamic, native_dynamic_block};
use super::scope::Evaluator;
use crate::hcl::parse::{Iterators, RawBody, SpannedBody};
use crate::hcl::value::HclValue;
use crate::{Key, Node, NodeValue};

/// What an unknown value reads as when it reaches a plugin at prepare time (Packer's
/// placeholder, also shown by `inspect` and `console`).
pub const UNKNOWN_PLACEHOLDER: &str = "<unknown>";

/// `value` as a config node, every part spanned at `span`.
#[must_use]
pub fn value_to_node(value: &HclValue, span: Span) -> Node {
    let node = |value| Node { value, span };
    match value {
        HclValue::Null(_) => node(NodeValue::Null),
        HclValue::Unknown(_) => node(NodeValue::String(UNKNOWN_PLACEHOLDER.to_owned())),
        HclValue::Bool(b) => node(NodeValue::Bool(*b)),
        HclValue::Number(n) => node(NodeValue::Number(n.to_string())),
        HclValue::String(s) => node(NodeValue::String(s.clone())),
        HclValue::List(items) | HclValue::Set(items) | HclValue::Tuple(items) => {
            node(NodeValue::Array(items.iter().map(|v| value_to_node(v, span)).collect()))
        }
        HclValue::Map(entries) | HclValue::Object(entries) => node(NodeValue::Object(
            entries.iter().map(|(k, v)| (Key::new(k.clone(), span), value_to_node(v, span))).collect(),
        )),
    }
}

/// Evaluates every attribute of `body` (except `skip`) and turns nested blocks into lists of
/// objects, in file order; `dynamic` blocks add the blocks they generate. Null attributes are
/// left out, as Packer treats them as unset.
pub fn body_to_node(body: &SpannedBody, eval: &Evaluator<'_>, skip: &[&str], diags: &mut Vec<Diagnostic>) -> Node {
    Node { value: NodeValue::Object(body_entries(&body.body, body, eval, skip, diags)), span: body.span }
}

fn body_entries(
    body: &Body,
    origin: &SpannedBody,
    eval: &Evaluator<'_>,
    skip: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Key, Node)> {
    let mut entries: Vec<(Key, Node)> = Vec::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => {
                let name = attr.key.as_str();
                if skip.contains(&name) {
                    continue;
                }
                let span = origin.span_of(&attr.value);
                match eval.evaluate(&attr.value, &origin.origin, span) {
                    Ok(value) if value.is_null() => {}
                    Ok(value) => entries
                        .push((Key::new(name.to_owned(), origin.span_of(&attr.key)), value_to_node(&value, span))),
                    Err(more) => diags.extend(more),
                }
            }
            Structure::Block(block) if block.ident.as_str() == "dynamic" && block.labels.len() == 1 => {
                let dynamic = native_dynamic_block(block, origin);
                for (generated, iterators) in expand_dynamic(&dynamic, &[], eval, &Iterators::new(), diags) {
                    let RawBody::Native { body: content, .. } = &generated.body else { continue };
                    let inner = eval.with_iterators(&iterators);
                    let object = body_entries(content, origin, &inner, &[], diags);
                    let (name, at) = &dynamic.labels[0];
                    push_block(&mut entries, name, *at, Node { value: NodeValue::Object(object), span: dynamic.span });
                }
            }
            Structure::Block(block) => {
                let span = origin.span_of(block);
                let object =
                    Node { value: NodeValue::Object(body_entries(&block.body, origin, eval, &[], diags)), span };
                push_block(&mut entries, block.ident.as_str(), origin.span_of(&block.ident), object);
            }
        }
    }
    entries
}

/// Appends a nested block's object to the list of its type.
fn push_block(entries: &mut Vec<(Key, Node)>, name: &str, at: Span, object: Node) {
    match entries.iter_mut().find(|(k, _)| k.value == name) {
        Some((_, Node { value: NodeValue::Array(items), .. })) => items.push(object),
        _ => entries.push((Key::new(name.to_owned(), at), Node { value: NodeValue::Array(vec![object]), span: at })),
    }
}

/// The string leaves of a value: what a sensitive variable or local registers as secrets.
pub fn string_leaves(value: &HclValue, out: &mut Vec<String>) {
    match value {
        HclValue::String(s) if !s.is_empty() => out.push(s.clone()),
        HclValue::List(items) | HclValue::Set(items) | HclValue::Tuple(items) => {
            items.iter().for_each(|v| string_leaves(v, out));
        }
        HclValue::Map(entries) | HclValue::Object(entries) => entries.values().for_each(|v| string_leaves(v, out)),
        _ => {}
    }
}

/// How `inspect` prints a value: strings bare, numbers as written, collections in HCL's
/// multi-line layout (`[\n  "a",\n]`, `{\n  "a" = 1\n}`, verified with packer 1.6.6), unknown
/// as `<unknown>`.
#[must_use]
pub fn render_value(value: &HclValue) -> String {
    match value {
        HclValue::String(s) => s.clone(),
        other => render_nested(other, ""),
    }
}

fn render_nested(value: &HclValue, indent: &str) -> String {
    let inner = format!("{indent}  ");
    match value {
        HclValue::Null(_) => "null".to_owned(),
        HclValue::Unknown(_) => UNKNOWN_PLACEHOLDER.to_owned(),
        HclValue::Bool(b) => b.to_string(),
        HclValue::Number(n) => n.to_string(),
        HclValue::String(s) => format!("{s:?}"),
        HclValue::List(items) | HclValue::Set(items) | HclValue::Tuple(items) if items.is_empty() => "[]".to_owned(),
        HclValue::List(items) | HclValue::Set(items) | HclValue::Tuple(items) => {
            let parts: String = items.iter().map(|v| format!("{inner}{},\n", render_nested(v, &inner))).collect();
            format!("[\n{parts}{indent}]")
        }
        HclValue::Map(entries) | HclValue::Object(entries) if entries.is_empty() => "{}".to_owned(),
        HclValue::Map(entries) | HclValue::Object(entries) => {
            let parts: String =
                entries.iter().map(|(k, v)| format!("{inner}{k:?} = {}\n", render_nested(v, &inner))).collect();
            format!("{{\n{parts}{indent}}}")
        }
    }
}
