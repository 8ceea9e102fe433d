//! HCL JSON syntax rewritten as native HCL text, so one parser (hcl-edit) serves both.
//!
//! A JSON value becomes the native expression with the same meaning under HCL's JSON rules:
//! strings are templates (`${…}` and `%{…}` stay live, `$${` stays an escape), numbers, bools
//! and null are literals, arrays are tuples, objects are objects with template keys. Every
//! written value and key is recorded as a [`Segment`], so spans point back into the JSON.

use std::fmt::Write as _;

use rpacker_diag::{FileId, Span};

use super::origin::{Expr, Origin, Segment, SpannedBody};
use crate::{Node, NodeValue};

/// Native text being written from JSON, with its segment table.
#[derive(Debug, Default)]
struct Rewrite {
    text: String,
    segments: Vec<Segment>,
}

impl Rewrite {
    fn value(&mut self, node: &Node) {
        let start = self.text.len();
        match &node.value {
            NodeValue::Null => self.text.push_str("null"),
            NodeValue::Bool(b) => self.text.push_str(if *b { "true" } else { "false" }),
            NodeValue::Number(n) => self.text.push_str(n),
            NodeValue::String(s) => quote_template(&mut self.text, s),
            NodeValue::Array(items) => {
                self.text.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.text.push_str(", ");
                    }
                    self.value(item);
                }
                self.text.push(']');
            }
            NodeValue::Object(props) => {
                self.text.push('{');
                for (i, (key, value)) in props.iter().enumerate() {
                    if i > 0 {
                        self.text.push_str(", ");
                    }
                    let key_start = self.text.len();
                    quote_template(&mut self.text, &key.value);
                    self.mark(key_start, key.span);
                    self.text.push_str(" = ");
                    self.value(value);
                }
                self.text.push('}');
            }
        }
        self.mark(start, node.span);
    }

    fn mark(&mut self, start: usize, span: Span) {
        self.segments.push(Segment { rewritten: start..self.text.len(), span });
    }
}

/// Writes `s` as a native quoted template: escapes what native syntax would read differently
/// in the literal parts, keeps `${…}` / `%{…}` (live in JSON strings too) as they are, since
/// their insides are already expression syntax (`"${["a"]}"`).
fn quote_template(out: &mut String, s: &str) {
    /// Where the scanner is: literal text of the JSON string, inside an interpolation
    /// (with its brace depth), or inside a quoted string of an interpolation.
    enum Mode {
        Literal,
        Expression(usize),
        InnerString,
    }
    let mut modes = vec![Mode::Literal];
    let mut chars = s.chars().peekable();
    out.push('"');
    while let Some(c) = chars.next() {
        let opens = (c == '$' || c == '%') && chars.peek() == Some(&'{');
        match modes.last_mut() {
            Some(Mode::Literal) => match c {
                // `$${` and `%%{` are escapes: copy them whole.
                '$' | '%' if chars.peek() == Some(&c) => {
                    out.push(c);
                    out.push(chars.next().unwrap_or(c));
                }
                _ if opens => {
                    out.push(c);
                    out.push(chars.next().unwrap_or('{'));
                    modes.push(Mode::Expression(1));
                }
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => {
                    let _ = write!(out, "\\u{:04x}", u32::from(c));
                }
                c => out.push(c),
            },
            Some(Mode::Expression(depth)) => {
                out.push(c);
                match c {
                    '{' => *depth += 1,
                    '}' if *depth == 1 => {
                        modes.pop();
                    }
                    '}' => *depth -= 1,
                    '"' => modes.push(Mode::InnerString),
                    _ => {}
                }
            }
            Some(Mode::InnerString) => {
                out.push(c);
                match c {
                    '\\' => out.extend(chars.next()),
                    '"' => {
                        modes.pop();
                    }
                    _ if opens => {
                        out.extend(chars.next());
                        modes.push(Mode::Expression(1));
                    }
                    _ => {}
                }
            }
            None => out.push(c),
        }
    }
    out.push('"');
}

/// The expression a JSON value stands for.
///
/// # Errors
/// The JSON string is not a valid template (e.g. an unclosed `${`): HCL's diagnostic, at the
/// value's span.
pub fn json_expression(node: &Node, file: FileId) -> Result<Expr, rpacker_diag::Diagnostic> {
    let mut rewrite = Rewrite::default();
    rewrite.value(node);
    match hcl_edit::parser::parse_expr(&rewrite.text) {
        Ok(expr) => Ok(Expr::new(expr, &Origin::rewritten(file, rewrite.segments), node.span)),
        Err(error) => {
            let diag = super::syntax_error::syntax_diagnostic(&error, &rewrite.text, file);
            Err(diag.with_subject(Some(node.span)))
        }
    }
}

/// A JSON object as a plugin body: every property becomes an attribute (JSON carries no
/// attribute/block distinction; the plugin's schema decides later).
///
/// # Errors
/// Properties whose names are not identifiers, or invalid templates inside values.
pub fn json_body(
    props: &[(crate::Key, Node)],
    span: Span,
    file: FileId,
) -> Result<SpannedBody, Vec<rpacker_diag::Diagnostic>> {
    let mut rewrite = Rewrite::default();
    let mut diags = Vec::new();
    for (key, value) in props {
        if !super::identifier::is_identifier(&key.value) {
            diags.push(
                rpacker_diag::Diagnostic::error(
                    "Invalid argument name",
                    format!("{:?} is not a valid argument name.", key.value),
                )
                .with_subject(Some(key.span)),
            );
            continue;
        }
        let start = rewrite.text.len();
        rewrite.text.push_str(&key.value);
        rewrite.mark(start, key.span);
        rewrite.text.push_str(" = ");
        rewrite.value(value);
        rewrite.mark(start, key.span.to(value.span));
        rewrite.text.push('\n');
    }
    match hcl_edit::parser::parse_body(&rewrite.text) {
        Ok(body) if diags.is_empty() => {
            Ok(SpannedBody { body, span, origin: Origin::rewritten(file, rewrite.segments) })
        }
        Ok(_) => Err(diags),
        Err(error) => {
            let origin = Origin::rewritten(file, rewrite.segments);
            let at = error.location().offset();
            let diag = super::syntax_error::syntax_diagnostic(&error, &rewrite.text, file)
                .with_subject(Some(origin.span(Some(at..at), span)));
            diags.push(diag);
            Err(diags)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::read_json;

    #[test]
    fn rewrites_json_values_as_native_expressions() {
        let cases = [
            (r#""a${var.x}\"b""#, r#""a${var.x}\"b""#),
            ("[1, true, null]", "[1, true, null]"),
            (r#"{"k": "v\n"}"#, r#"{"k" = "v\n"}"#),
            (r#""${[\"p\", \"q\"]}""#, r#""${["p", "q"]}""#),
            (r#""a\"${upper(\"}\\\"x\")}\"$${x}""#, r#""a\"${upper("}\"x")}\"$${x}""#),
        ];
        for (json, native) in cases {
            let node = read_json(json, FileId(1)).unwrap();
            let expr = json_expression(&node, FileId(1)).unwrap();
            assert_eq!(expr.expr.to_string(), native, "{json}");
            assert_eq!(expr.span, node.span);
        }
    }

    #[test]
    fn interpolations_keep_their_own_syntax() {
        // (decoded JSON string, native template): only literal parts are escaped.
        let cases = [
            ("a\"b", r#""a\"b""#),
            ("${[\"p\"]}", r#""${["p"]}""#),
            ("%{ if true }\"y\"%{ endif }", r#""%{ if true }\"y\"%{ endif }""#),
            ("${ {a = \"}\"}.a }\"", r#""${ {a = "}"}.a }\"""#),
            ("$${x}\"", r#""$${x}\"""#),
        ];
        for (text, want) in cases {
            let mut out = String::new();
            quote_template(&mut out, text);
            assert_eq!(out, want, "{text}");
        }
    }

    #[test]
    fn inner_values_keep_their_json_spans() {
        let text = r#"{"a": 1, "b": "x"}"#;
        let node = read_json(text, FileId(2)).unwrap();
        let NodeValue::Object(props) = &node.value else { panic!("object") };
        let body = json_body(props, node.span, FileId(2)).unwrap();
        let attr = body.body.get_attribute("b").unwrap();
        let span = body.span_of(&attr.value);
        assert_eq!(&text[span.start as usize..span.end as usize], r#""x""#);
    }
}
