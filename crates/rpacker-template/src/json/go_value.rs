//! How Go sees a JSON value decoded into `interface{}`, for the texts of mapstructure errors:
//! its type (`float64`, `map[string]interface {}`), its reflect kind (`slice`, `map`), its
//! `%v` rendering (`map[a:[1 2]]`, `1.234567e+06`) and `strconv.FormatFloat(f, 'f', -1, 64)`
//! (what a weakly-typed decode turns a number into).

use crate::{Node, NodeValue};

/// Go's type name of the decoded value.
#[must_use]
pub fn type_name(node: &Node) -> &'static str {
    match node.value {
        NodeValue::Null => "<nil>",
        NodeValue::Bool(_) => "bool",
        NodeValue::Number(_) => "float64",
        NodeValue::String(_) => "string",
        NodeValue::Array(_) => "[]interface {}",
        NodeValue::Object(_) => "map[string]interface {}",
    }
}

/// Go's `reflect.Kind` name of the decoded value.
#[must_use]
pub fn kind_name(node: &Node) -> &'static str {
    match node.value {
        NodeValue::Null => "invalid",
        NodeValue::Bool(_) => "bool",
        NodeValue::Number(_) => "float64",
        NodeValue::String(_) => "string",
        NodeValue::Array(_) => "slice",
        NodeValue::Object(_) => "map",
    }
}

/// The float64 Go decodes a JSON number into (out-of-range numbers never get here: Go's
/// `Unmarshal` rejects them first).
#[must_use]
pub fn number_value(text: &str) -> f64 {
    text.parse().unwrap_or(0.0)
}

/// `fmt.Sprintf("%v", value)`.
#[must_use]
pub fn format_v(node: &Node) -> String {
    let mut out = String::new();
    push_v(&mut out, node);
    out
}

fn push_v(out: &mut String, node: &Node) {
    match &node.value {
        NodeValue::Null => out.push_str("<nil>"),
        NodeValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        NodeValue::Number(text) => out.push_str(&format_g(number_value(text))),
        NodeValue::String(s) => out.push_str(s),
        NodeValue::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                push_v(out, item);
            }
            out.push(']');
        }
        NodeValue::Object(entries) => {
            // fmt prints maps with sorted keys.
            let mut sorted: Vec<_> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.value.cmp(&b.0.value));
            out.push_str("map[");
            for (i, (key, value)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(&key.value);
                out.push(':');
                push_v(out, value);
            }
            out.push(']');
        }
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 64)` as `%v` uses it: shortest digits, exponent form when
/// the exponent is below -4 or at least 6 (`1.234567e+06`, `1e-05`, `1e+21`).
#[must_use]
pub fn format_g(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() { "-0".to_owned() } else { "0".to_owned() };
    }
    if !f.is_finite() {
        return if f.is_nan() {
            "NaN".to_owned()
        } else if f > 0.0 {
            "+Inf".to_owned()
        } else {
            "-Inf".to_owned()
        };
    }
    // Rust's `{:e}` gives the shortest round-trip digits, like Go's shortest formatting.
    let sci = format!("{f:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if !(-4..6).contains(&exponent) {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    } else {
        format_f(f)
    }
}

/// `strconv.FormatFloat(f, 'f', -1, 64)`: shortest digits, never an exponent.
#[must_use]
pub fn format_f(f: f64) -> String {
    format!("{f}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::read_json;
    use rpacker_diag::FileId;

    #[test]
    fn formats_like_go_v() {
        // Verified with packer 1.6.6 variable errors (`value: '…'`).
        let cases = [
            ("5", "5"),
            ("1e21", "1e+21"),
            ("1234567", "1.234567e+06"),
            ("123456", "123456"),
            ("0.00001", "1e-05"),
            ("0.0001", "0.0001"),
            ("-0.0", "-0"),
            ("1e-400", "0"),
            ("1.5", "1.5"),
            ("{}", "map[]"),
            (r#"{"z":1,"a":[]}"#, "map[a:[] z:1]"),
            (r#"[1.5,"x",null,true,{"z":1,"a":[]}]"#, "[1.5 x <nil> true map[a:[] z:1]]"),
        ];
        for (json, shown) in cases {
            let node = read_json(json, FileId(0)).unwrap();
            assert_eq!(format_v(&node), shown, "{json}");
        }
        assert_eq!(format_f(1e21), "1000000000000000000000");
        assert_eq!(format_f(1.5), "1.5");
    }
}
