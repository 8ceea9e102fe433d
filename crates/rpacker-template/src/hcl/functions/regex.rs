//! `regex`, `regexall` and `regex_replace`: RE2 patterns (cty's `stdlib/regexp.go` and
//! `string_replace.go`).
//!
//! Rust's `regex` crate implements the same RE2 syntax and leftmost-first semantics as Go's
//! `regexp`, and the same `$1`/`${name}` replacement expansion. Two differences are bridged
//! here: Go's `\d \w \s \b` (and negations) are ASCII-only, so outside character classes they
//! are rewritten to their ASCII forms; and syntax errors are reported with Go's error codes
//! ("missing closing )"), mapped from the parser's error kinds. Perl classes inside `[...]`
//! keep Rust's Unicode meaning (a documented limit).

use std::collections::BTreeMap;

use regex::Regex;
use regex_syntax::ast::ErrorKind;

use super::signature::{def, param, FunctionDef, Ty};
use super::string::text;
use super::{FunctionContext, FunctionError};
use crate::hcl::types::HclType;
use crate::hcl::value::HclValue;

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    def("regex", &[param("pattern", Ty::String), param("string", Ty::String)], Ty::Any, regex),
    def("regexall", &[param("pattern", Ty::String), param("string", Ty::String)], Ty::Any, regexall),
    def(
        "regex_replace",
        &[param("str", Ty::String), param("pattern", Ty::String), param("replace", Ty::String)],
        Ty::String,
        regex_replace,
    ),
];

/// Why a pattern cannot be used.
struct PatternError {
    /// Go's `syntax.ErrorCode` text.
    code: &'static str,
    /// The offending part of the pattern, as Go reports it.
    expr: String,
}

/// Compiles `pattern` with Go's semantics, or reports Go's error code.
fn compile(pattern: &str) -> Result<Regex, PatternError> {
    if let Err(e) = regex_syntax::ast::parse::Parser::new().parse(pattern) {
        let span = e.span();
        let fragment = pattern.get(span.start.offset..span.end.offset.max(span.start.offset + 1)).unwrap_or(pattern);
        let (code, expr) = match e.kind() {
            ErrorKind::GroupUnclosed => ("missing closing )", pattern.to_owned()),
            ErrorKind::GroupUnopened => ("unexpected )", pattern.to_owned()),
            ErrorKind::ClassUnclosed => ("missing closing ]", pattern[span.start.offset..].to_owned()),
            ErrorKind::ClassRangeInvalid => ("invalid character class range", fragment.to_owned()),
            ErrorKind::EscapeUnrecognized | ErrorKind::EscapeHexInvalid | ErrorKind::EscapeHexEmpty => {
                ("invalid escape sequence", fragment.to_owned())
            }
            ErrorKind::EscapeUnexpectedEof => ("trailing backslash at end of expression", String::new()),
            ErrorKind::RepetitionMissing => ("missing argument to repetition operator", fragment.to_owned()),
            ErrorKind::RepetitionCountInvalid | ErrorKind::RepetitionCountUnclosed | ErrorKind::DecimalInvalid => {
                ("invalid repeat count", fragment.to_owned())
            }
            ErrorKind::GroupNameInvalid
            | ErrorKind::GroupNameDuplicate { .. }
            | ErrorKind::GroupNameEmpty
            | ErrorKind::GroupNameUnexpectedEof => ("invalid named capture", fragment.to_owned()),
            ErrorKind::NestLimitExceeded(_) => ("expression nests too deeply", pattern.to_owned()),
            _ => ("invalid or unsupported Perl syntax", fragment.to_owned()),
        };
        return Err(PatternError { code, expr });
    }
    Regex::new(&ascii_perl_classes(pattern))
        .map_err(|_| PatternError { code: "expression too large", expr: pattern.to_owned() })
}

/// Rewrites `\d \D \w \W \s \S \b \B` outside character classes to their ASCII-only forms,
/// which is what they mean in Go.
fn ascii_perl_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(k @ ('d' | 'D' | 'w' | 'W' | 's' | 'S' | 'b' | 'B')) if class_depth == 0 => {
                    out.push_str(&format!("(?-u:\\{k})"));
                }
                Some(k) => {
                    out.push('\\');
                    out.push(k);
                }
                None => out.push('\\'),
            },
            '[' => {
                class_depth += 1;
                out.push(c);
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// What each match yields: the matched text, a tuple of groups, or an object of named groups.
enum Shape {
    Whole,
    Groups,
    Named(Vec<String>),
}

fn shape(re: &Regex) -> Result<Shape, FunctionError> {
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    let named: Vec<String> = names.iter().flatten().map(|n| (*n).to_owned()).collect();
    match (names.len(), named.len()) {
        (0, _) => Ok(Shape::Whole),
        (_, 0) => Ok(Shape::Groups),
        (all, some) if all == some => Ok(Shape::Named(named)),
        _ => Err(FunctionError::arg(0, "invalid regexp pattern: cannot mix both named and unnamed capture groups")),
    }
}

fn compile_for_match(pattern: &str) -> Result<(Regex, Shape), FunctionError> {
    let re = compile(pattern)
        .map_err(|e| FunctionError::arg(0, format!("invalid regexp pattern: {} in {}", e.code, e.expr)))?;
    let shape = shape(&re)?;
    Ok((re, shape))
}

fn result(captures: &regex::Captures<'_>, shape: &Shape) -> HclValue {
    let group = |m: Option<regex::Match<'_>>| match m {
        Some(m) => HclValue::string(m.as_str()),
        // A group inside an alternative that did not match.
        None => HclValue::Null(HclType::String),
    };
    match shape {
        Shape::Whole => group(captures.get(0)),
        Shape::Groups => HclValue::Tuple(captures.iter().skip(1).map(group).collect()),
        Shape::Named(names) => {
            HclValue::Object(names.iter().map(|n| (n.clone(), group(captures.name(n)))).collect::<BTreeMap<_, _>>())
        }
    }
}

fn regex(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let (re, shape) = compile_for_match(text(&a[0]))?;
    match re.captures(text(&a[1])) {
        Some(captures) => Ok(result(&captures, &shape)),
        None => Err(FunctionError::call("pattern did not match any part of the given string")),
    }
}

fn regexall(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let (re, shape) = compile_for_match(text(&a[0]))?;
    Ok(HclValue::List(re.captures_iter(text(&a[1])).map(|c| result(&c, &shape)).collect()))
}

fn regex_replace(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    // cty returns Go's own compile error here: "error parsing regexp: CODE: `EXPR`".
    let re = compile(text(&a[1]))
        .map_err(|e| FunctionError::call(format!("error parsing regexp: {}: `{}`", e.code, e.expr)))?;
    Ok(HclValue::String(re.replace_all(text(&a[0]), text(&a[2])).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, l, ls, o, ok, run, s, t};
    use crate::hcl::types::HclType;
    use crate::hcl::value::HclValue;

    /// Expectations from go-cty `stdlib/regexp_test.go` and `string_replace_test.go`.
    #[test]
    #[rustfmt::skip]
    fn regex_functions() {
        let null_string = HclValue::Null(HclType::String);
        run(vec![
            ("regex", vec![s("[a-z]+"), s("135abc456def789")], ok(s("abc"))),
            ("regex", vec![s("([0-9]*)([a-z]*)"), s("135abc456def")], ok(t(vec![s("135"), s("abc")]))),
            ("regex", vec![s(r"(?P<num>[0-9]+)(?P<word>[a-z]+)"), s("135abc456def")], ok(o(&[("num", s("135")), ("word", s("abc"))]))),
            ("regex", vec![s("(a)|(b)"), s("b")], ok(t(vec![null_string.clone(), s("b")]))),
            ("regex", vec![s(r"\d+"), s("١٢٣ 42")], ok(s("42"))),
            ("regex", vec![s("[a-z]+"), s("135")], err("pattern did not match any part of the given string")),
            ("regex", vec![s("(?P<a>x)(y)"), s("xy")], err("invalid regexp pattern: cannot mix both named and unnamed capture groups")),
            ("regex", vec![s("("), s("x")], err("invalid regexp pattern: missing closing ) in (")),
            ("regex", vec![s("a)"), s("x")], err("invalid regexp pattern: unexpected ) in a)")),
            ("regexall", vec![s("[a-z]+"), s("135abc456def789")], ok(ls(&["abc", "def"]))),
            ("regexall", vec![s("([0-9]+)([a-z]+)"), s("135abc456def")], ok(l(vec![t(vec![s("135"), s("abc")]), t(vec![s("456"), s("def")])]))),
            ("regexall", vec![s("[a-z]+"), s("135")], ok(l(vec![]))),
            ("regex_replace", vec![s("hello world"), s("o"), s("0")], ok(s("hell0 w0rld"))),
            ("regex_replace", vec![s("hello world"), s("(\\w+) (\\w+)"), s("$2 $1")], ok(s("world hello"))),
            ("regex_replace", vec![s("abc"), s("b"), s("${0}${0}")], ok(s("abbc"))),
            ("regex_replace", vec![s("abc"), s("["), s("x")], err("error parsing regexp: missing closing ]: `[`")),
        ]);
    }
}
