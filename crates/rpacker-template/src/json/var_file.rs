//! JSON-mode `-var-file`: a JSON object of string values, read with Go's `json.Decoder` into a
//! `map[string]string` (so text after the object is ignored, `null` values become empty
//! strings, and errors are Go's `json: cannot unmarshal …` / syntax / `EOF` texts).

use rpacker_diag::FileId;

use super::reader::{read_first_value, DecoderError};
use crate::{Node, NodeValue, Spanned, TemplateError};

/// One `name = value` of a var file, both spanned.
pub type VarFileEntry = (Spanned<String>, Spanned<String>);

/// Reads a JSON var file; pairs are in file order (later pairs win).
///
/// # Errors
/// `Error reading variables in '<display_path>': <Go's error>`.
pub fn read_var_file(text: &str, file: FileId, display_path: &str) -> Result<Vec<VarFileEntry>, TemplateError> {
    read_var_file_bytes(text.as_bytes(), file, display_path)
}

/// [`read_var_file`] over raw bytes.
///
/// # Errors
/// See [`read_var_file`].
pub fn read_var_file_bytes(bytes: &[u8], file: FileId, display_path: &str) -> Result<Vec<VarFileEntry>, TemplateError> {
    let fail = |reason: String, span| TemplateError {
        message: format!("Error reading variables in '{display_path}': {reason}"),
        span,
    };
    let root = read_first_value(bytes, file).map_err(|e| match e {
        DecoderError::Syntax(s) => fail(s.message, Some(s.span)),
        DecoderError::Eof => fail("EOF".to_owned(), None),
        DecoderError::UnexpectedEof => fail("unexpected EOF".to_owned(), None),
    })?;
    let entries = match &root.value {
        NodeValue::Object(entries) => entries,
        NodeValue::Null => return Ok(Vec::new()),
        _ => return Err(fail(cannot_unmarshal(&root, "kvflag.FlagJSON"), Some(root.span))),
    };
    let mut pairs = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let text = match &value.value {
            NodeValue::String(s) => s.clone(),
            NodeValue::Null => String::new(),
            _ => return Err(fail(cannot_unmarshal(value, "string"), Some(value.span))),
        };
        pairs.push((key.clone(), Spanned::new(text, value.span)));
    }
    Ok(pairs)
}

/// Go's `UnmarshalTypeError` text for a JSON value that does not fit `go_type`.
fn cannot_unmarshal(node: &Node, go_type: &str) -> String {
    let what = match node.value {
        NodeValue::Null => "null",
        NodeValue::Bool(_) => "bool",
        NodeValue::Number(_) => "number",
        NodeValue::String(_) => "string",
        NodeValue::Array(_) => "array",
        NodeValue::Object(_) => "object",
    };
    format!("json: cannot unmarshal {what} into Go value of type {go_type}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_packer() {
        // Verified with packer 1.6.6 (`packer validate -syntax-only -var-file=vf.json ok.json`).
        let errors = [
            (r#"{"a":5}"#, "json: cannot unmarshal number into Go value of type string"),
            (r#"{"a":true}"#, "json: cannot unmarshal bool into Go value of type string"),
            (r#"{"a":[1]}"#, "json: cannot unmarshal array into Go value of type string"),
            (r#"{"a":{}}"#, "json: cannot unmarshal object into Go value of type string"),
            ("[1]", "json: cannot unmarshal array into Go value of type kvflag.FlagJSON"),
            (r#""x""#, "json: cannot unmarshal string into Go value of type kvflag.FlagJSON"),
            ("", "EOF"),
            ("  ", "EOF"),
            (r#"{"a":"#, "unexpected EOF"),
            ("tru", "unexpected EOF"),
            ("x", "invalid character 'x' looking for beginning of value"),
            (r#"{"a":1,"b":[]}"#, "json: cannot unmarshal number into Go value of type string"),
        ];
        for (text, reason) in errors {
            let err = read_var_file(text, FileId(0), "vf.json").unwrap_err();
            assert_eq!(err.message, format!("Error reading variables in 'vf.json': {reason}"), "{text}");
        }
        let ok = [
            ("null", vec![]),
            (r#"{"a":"b"} junk"#, vec![("a", "b")]),
            (r#"{"a":"b","a":"c","n":null}"#, vec![("a", "b"), ("a", "c"), ("n", "")]),
        ];
        for (text, expected) in ok {
            let pairs = read_var_file(text, FileId(0), "vf.json").unwrap();
            let got: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.value.as_str(), v.value.as_str())).collect();
            assert_eq!(got, expected, "{text}");
        }
    }
}
