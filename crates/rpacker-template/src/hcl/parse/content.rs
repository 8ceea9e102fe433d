//! Schema-driven reading of a body (HCL's `Body.Content`), the same for native and JSON files.
//!
//! A schema names the arguments and block types (with their labels) a body may hold; anything
//! else is HCL's `Unsupported argument` / `Unsupported block type` with a did-you-mean, and
//! wrong label counts are `Missing <label> for <type>` / `Extraneous label for <type>` (texts
//! verified with packer 1.6.6, including HCL's "must have 1 labels").

use hcl_edit::structure::{Body, Structure};
use hcl_edit::Span as _;
use rpacker_diag::{Diagnostic, FileId, Span};

use super::json_rewrite::{json_body, json_expression};
use super::origin::{Expr, Origin, SpannedBody};
use crate::{Node, NodeValue};

/// A block type a schema accepts, with its label names.
#[derive(Debug, Clone, Copy)]
pub struct BlockSchema {
    /// The block type (`source`).
    pub type_name: &'static str,
    /// Label names (`["type", "name"]`).
    pub labels: &'static [&'static str],
}

/// What a body may contain.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    /// Argument names, in HCL's suggestion order; `(name, required)`.
    pub attributes: &'static [(&'static str, bool)],
    /// Block types, in HCL's suggestion order.
    pub blocks: &'static [BlockSchema],
}

/// An argument found in a body.
#[derive(Debug, Clone)]
pub struct Attr {
    /// Its name.
    pub name: String,
    /// Its value.
    pub expr: Expr,
    /// The whole `name = value`.
    pub span: Span,
}

/// A block found in a body, labels checked against the schema.
#[derive(Debug, Clone)]
pub struct RawBlock {
    /// Block type.
    pub type_name: String,
    /// Labels with their spans.
    pub labels: Vec<(String, Span)>,
    /// The block's body.
    pub body: RawBody,
    /// The whole block.
    pub span: Span,
    /// The block header (type and labels): HCL's `DefRange`.
    pub def_span: Span,
}

/// A body not read yet: native (hcl-edit) or JSON.
#[derive(Debug, Clone)]
pub enum RawBody {
    /// Parsed by hcl-edit.
    Native { body: Body, origin: Origin, span: Span },
    /// A JSON object (or array of objects) as read.
    Json { node: Node, file: FileId },
}

/// A body's content under a schema.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Arguments, in file order.
    pub attributes: Vec<Attr>,
    /// Blocks, in file order.
    pub blocks: Vec<RawBlock>,
}

impl Content {
    /// The argument called `name`.
    pub fn attribute(&self, name: &str) -> Option<&Attr> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

impl RawBody {
    /// The span of the whole body (its block for native bodies).
    pub fn span(&self) -> Span {
        match self {
            RawBody::Native { span, .. } => *span,
            RawBody::Json { node, .. } => node.span,
        }
    }

    /// Reads the body under `schema`, reporting what the schema does not allow.
    pub fn content(&self, schema: &Schema, diags: &mut Vec<Diagnostic>) -> Content {
        let content = match self {
            RawBody::Native { body, origin, span } => native_content(body, origin, *span, schema, diags),
            RawBody::Json { node, file } => json_content(node, *file, schema, diags),
        };
        for &(name, required) in schema.attributes {
            if required && content.attribute(name).is_none() {
                diags.push(
                    Diagnostic::error(
                        "Missing required argument",
                        format!("The argument {name:?} is required, but no definition was found."),
                    )
                    .with_subject(Some(self.span())),
                );
            }
        }
        content
    }

    /// Every argument of the body, no blocks allowed (HCL's `JustAttributes`).
    pub fn just_attributes(&self, diags: &mut Vec<Diagnostic>) -> Vec<Attr> {
        match self {
            RawBody::Native { body, origin, span } => {
                let mut attrs = Vec::new();
                for structure in body.iter() {
                    match structure {
                        Structure::Attribute(attr) => attrs.push(native_attr(attr, origin, *span)),
                        Structure::Block(block) => diags.push(
                            Diagnostic::error(
                                "Unexpected block",
                                format!("Blocks are not allowed here, but found a {:?} block.", block.ident.as_str()),
                            )
                            .with_subject(Some(origin.span(block.ident.span(), *span))),
                        ),
                    }
                }
                attrs
            }
            RawBody::Json { node, file } => {
                let mut attrs = Vec::new();
                for (key, value) in json_objects(node, diags).into_iter().flatten() {
                    if let Some(expr) = push_err(json_expression(value, *file), diags) {
                        attrs.push(Attr { name: key.value.clone(), expr, span: key.span.to(value.span) });
                    }
                }
                attrs
            }
        }
    }

    /// The body as hcl-edit structure for a plugin (or a later pass) to decode.
    pub fn into_spanned(self, diags: &mut Vec<Diagnostic>) -> SpannedBody {
        match self {
            RawBody::Native { body, origin, span } => SpannedBody { body, span, origin },
            RawBody::Json { node, file } => {
                let props: Vec<_> = json_objects(&node, diags).into_iter().flatten().cloned().collect();
                match json_body(&props, node.span, file) {
                    Ok(body) => body,
                    Err(more) => {
                        diags.extend(more);
                        SpannedBody { body: Body::new(), span: node.span, origin: Origin::native(file) }
                    }
                }
            }
        }
    }
}

fn push_err<T>(result: Result<T, Diagnostic>, diags: &mut Vec<Diagnostic>) -> Option<T> {
    result.map_err(|d| diags.push(d)).ok()
}

fn native_attr(attr: &hcl_edit::structure::Attribute, origin: &Origin, fallback: Span) -> Attr {
    Attr {
        name: attr.key.as_str().to_owned(),
        expr: Expr::new(attr.value.clone(), origin, fallback),
        span: origin.span(attr.span(), fallback),
    }
}

fn native_content(body: &Body, origin: &Origin, span: Span, schema: &Schema, diags: &mut Vec<Diagnostic>) -> Content {
    let mut content = Content::default();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => {
                let name = attr.key.as_str();
                let at = origin.span(attr.key.span(), span);
                if schema.attributes.iter().any(|(n, _)| *n == name) {
                    content.attributes.push(native_attr(attr, origin, span));
                } else if schema.blocks.iter().any(|b| b.type_name == name) {
                    diags.push(
                        Diagnostic::error(
                            "Unsupported argument",
                            format!("An argument named {name:?} is not expected here. Did you mean to define a block of type {name:?}?"),
                        )
                        .with_subject(Some(at)),
                    );
                } else {
                    diags.push(unsupported_argument(name, schema, at));
                }
            }
            Structure::Block(block) => {
                let name = block.ident.as_str();
                let block_span = origin.span(block.span(), span);
                let def_end = block.labels.last().and_then(hcl_edit::Span::span).or_else(|| block.ident.span());
                let def_span = origin.span(block.ident.span().zip(def_end).map(|(a, b)| a.start..b.end), block_span);
                let Some(block_schema) = schema.blocks.iter().find(|b| b.type_name == name) else {
                    diags.push(unsupported_block(name, schema, def_span));
                    continue;
                };
                let labels: Vec<(String, Span)> =
                    block.labels.iter().map(|l| (l.as_str().to_owned(), origin.span(l.span(), def_span))).collect();
                if check_labels(block_schema, &labels, def_span, diags) {
                    let body = RawBody::Native { body: block.body.clone(), origin: origin.clone(), span: block_span };
                    content.blocks.push(RawBlock {
                        type_name: name.to_owned(),
                        labels,
                        body,
                        span: block_span,
                        def_span,
                    });
                }
            }
        }
    }
    content
}

fn check_labels(schema: &BlockSchema, labels: &[(String, Span)], def_span: Span, diags: &mut Vec<Diagnostic>) -> bool {
    let want = schema.labels.len();
    let list = schema.labels.join(", ");
    let type_name = schema.type_name;
    if labels.len() < want {
        let missing = schema.labels[labels.len()];
        diags.push(
            Diagnostic::error(
                format!("Missing {missing} for {type_name}"),
                format!("All {type_name} blocks must have {want} labels ({list})."),
            )
            .with_subject(Some(def_span)),
        );
        return false;
    }
    if let Some((_, extra)) = labels.get(want) {
        let detail = if want == 0 {
            format!("No labels are expected for {type_name} blocks.")
        } else {
            format!("Only {want} labels ({list}) are expected for {type_name} blocks.")
        };
        diags.push(Diagnostic::error(format!("Extraneous label for {type_name}"), detail).with_subject(Some(*extra)));
        return false;
    }
    true
}

/// HCL's `nameSuggestion`: the first candidate (schema order) within edit distance 2.
fn suggestion<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates.into_iter().find(|c| rpacker_diag::suggest::edit_distance(name, c) < 3)
}

fn unsupported_argument(name: &str, schema: &Schema, at: Span) -> Diagnostic {
    let mut detail = format!("An argument named {name:?} is not expected here.");
    if let Some(s) = suggestion(name, schema.attributes.iter().map(|(n, _)| *n)) {
        detail.push_str(&format!(" Did you mean {s:?}?"));
    }
    Diagnostic::error("Unsupported argument", detail).with_subject(Some(at))
}

fn unsupported_block(name: &str, schema: &Schema, at: Span) -> Diagnostic {
    let mut detail = format!("Blocks of type {name:?} are not expected here.");
    if schema.attributes.iter().any(|(n, _)| *n == name) {
        detail.push_str(&format!(
            " Did you mean to define argument {name:?}? If so, use the equals sign to assign it a value."
        ));
    } else if let Some(s) = suggestion(name, schema.blocks.iter().map(|b| b.type_name)) {
        detail.push_str(&format!(" Did you mean {s:?}?"));
    }
    Diagnostic::error("Unsupported block type", detail).with_subject(Some(at))
}

/// The objects a JSON body value stands for: an object, or an array of objects.
fn json_objects<'a>(node: &'a Node, diags: &mut Vec<Diagnostic>) -> Vec<&'a [(crate::Key, Node)]> {
    match &node.value {
        NodeValue::Object(props) => vec![props.as_slice()],
        NodeValue::Array(items) => items.iter().flat_map(|item| json_objects(item, diags)).collect(),
        _ => {
            diags.push(
                Diagnostic::error(
                    "Incorrect JSON value type",
                    "A JSON object is required here, setting the arguments for this block.",
                )
                .with_subject(Some(node.span)),
            );
            Vec::new()
        }
    }
}

fn json_content(node: &Node, file: FileId, schema: &Schema, diags: &mut Vec<Diagnostic>) -> Content {
    let mut content = Content::default();
    for props in json_objects(node, diags) {
        for (key, value) in props {
            let name = key.value.as_str();
            if schema.attributes.iter().any(|(n, _)| *n == name) {
                if let Some(expr) = push_err(json_expression(value, file), diags) {
                    content.attributes.push(Attr { name: name.to_owned(), expr, span: key.span.to(value.span) });
                }
            } else if let Some(block_schema) = schema.blocks.iter().find(|b| b.type_name == name) {
                json_blocks(block_schema, value, Vec::new(), key.span, file, &mut content.blocks, diags);
            } else {
                let mut detail = format!("No argument or block type is named {name:?}.");
                let candidates =
                    schema.attributes.iter().map(|(n, _)| *n).chain(schema.blocks.iter().map(|b| b.type_name));
                if let Some(s) = suggestion(name, candidates) {
                    detail.push_str(&format!(" Did you mean {s:?}?"));
                }
                diags.push(Diagnostic::error("Extraneous JSON object property", detail).with_subject(Some(key.span)));
            }
        }
    }
    content
}

/// HCL JSON blocks: one object level per label, then the body (arrays allowed at any level).
fn json_blocks(
    schema: &BlockSchema,
    node: &Node,
    labels: Vec<(String, Span)>,
    def_span: Span,
    file: FileId,
    out: &mut Vec<RawBlock>,
    diags: &mut Vec<Diagnostic>,
) {
    if let NodeValue::Array(items) = &node.value {
        for item in items {
            json_blocks(schema, item, labels.clone(), def_span, file, out, diags);
        }
        return;
    }
    if labels.len() == schema.labels.len() {
        out.push(RawBlock {
            type_name: schema.type_name.to_owned(),
            labels,
            body: RawBody::Json { node: node.clone(), file },
            span: def_span.to(node.span),
            def_span,
        });
        return;
    }
    let NodeValue::Object(props) = &node.value else {
        let missing = schema.labels[labels.len()];
        diags.push(
            Diagnostic::error(
                format!("Missing {missing} for {}", schema.type_name),
                format!(
                    "This JSON object must contain a property naming the {missing} of the {} block.",
                    schema.type_name
                ),
            )
            .with_subject(Some(node.span)),
        );
        return;
    };
    for (key, value) in props {
        let mut labels = labels.clone();
        labels.push((key.value.clone(), key.span));
        json_blocks(schema, value, labels, key.span, file, out, diags);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: Schema = Schema {
        attributes: &[("type", false), ("default", false), ("condition", true)],
        blocks: &[
            BlockSchema { type_name: "variables", labels: &[] },
            BlockSchema { type_name: "variable", labels: &["name"] },
        ],
    };

    fn native(text: &str) -> (Content, Vec<String>) {
        let body = hcl_edit::parser::parse_body(text).unwrap();
        let raw = RawBody::Native { body, origin: Origin::native(FileId(0)), span: Span::default() };
        let mut diags = Vec::new();
        let content = raw.content(&SCHEMA, &mut diags);
        (content, diags.iter().map(|d| format!("{}: {}", d.summary, d.detail)).collect())
    }

    #[test]
    fn reports_what_the_schema_does_not_allow() {
        // Texts verified with packer 1.6.6.
        let cases = [
            (
                "condition = 1\ntypo = 1\n",
                "Unsupported argument: An argument named \"typo\" is not expected here. Did you mean \"type\"?",
            ),
            (
                "condition = 1\nvarable \"x\" {}\n",
                "Unsupported block type: Blocks of type \"varable\" are not expected here. Did you mean \"variables\"?",
            ),
            (
                "condition = 1\nvariable {}\n",
                "Missing name for variable: All variable blocks must have 1 labels (name).",
            ),
            (
                "condition = 1\nvariables \"x\" {}\n",
                "Extraneous label for variables: No labels are expected for variables blocks.",
            ),
            ("x = 1\n", "Unsupported argument: An argument named \"x\" is not expected here."),
        ];
        for (text, want) in cases {
            let (_, diags) = native(text);
            assert_eq!(diags.first().map(String::as_str), Some(want), "{text:?}");
        }
        let (_, diags) = native("type = 1\n");
        assert_eq!(
            diags,
            ["Missing required argument: The argument \"condition\" is required, but no definition was found."]
        );
    }

    #[test]
    fn json_bodies_read_like_native_ones() {
        let text = r#"{"condition": "${x}", "variable": {"a": {"default": 1}, "b": [{}]}}"#;
        let node = crate::json::read_json(text, FileId(0)).unwrap();
        let mut diags = Vec::new();
        let content = RawBody::Json { node, file: FileId(0) }.content(&SCHEMA, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let labels: Vec<_> = content.blocks.iter().map(|b| b.labels[0].0.as_str()).collect();
        assert_eq!(labels, ["a", "b"]);
        assert_eq!(content.attributes[0].expr.expr.to_string(), "\"${x}\"");
    }
}
