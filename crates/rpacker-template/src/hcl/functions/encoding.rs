//! Encoding functions: base64, gzip, URL query escaping, CSV, and text encodings
//! (go-cty-funcs `encoding`, cty's `stdlib/csv.go`, Packer's `base64gzip`,
//! `textencodebase64`, `textdecodebase64`).
//!
//! `base64gzip` compresses with a different deflate implementation than Go's, so its bytes
//! differ from Packer's while decompressing to the same text (a documented limit).

use std::collections::BTreeMap;
use std::io::Write as _;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::Engine as _;

use super::charset::Charset;
use super::signature::{def, param, FunctionDef, Ty};
use super::string::text;
use super::{FunctionContext, FunctionError};
use crate::hcl::value::HclValue;

/// Go's `base64.StdEncoding` decoder: padded, but ignoring stray low bits in the last symbol
/// and line breaks anywhere.
const GO_STD: GeneralPurpose =
    GeneralPurpose::new(&base64::alphabet::STANDARD, GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true));

fn go_base64_decode(s: &str) -> Result<Vec<u8>, base64::DecodeError> {
    let cleaned: String = s.chars().filter(|c| *c != '\r' && *c != '\n').collect();
    GO_STD.decode(cleaned)
}

const STR: &[super::signature::Param] = &[param("str", Ty::String)];

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    def("base64decode", STR, Ty::String, base64decode),
    def("base64encode", STR, Ty::String, base64encode),
    def("base64gzip", STR, Ty::String, base64gzip),
    def("csvdecode", STR, Ty::Any, csvdecode),
    def(
        "textdecodebase64",
        &[param("source", Ty::String), param("encoding", Ty::String)],
        Ty::String,
        textdecodebase64,
    ),
    def(
        "textencodebase64",
        &[param("string", Ty::String), param("encoding", Ty::String)],
        Ty::String,
        textencodebase64,
    ),
    def("urlencode", STR, Ty::String, urlencode),
];

fn base64encode(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    Ok(HclValue::String(STANDARD.encode(text(&a[0]))))
}

fn base64decode(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let s = text(&a[0]);
    let bytes = go_base64_decode(s).map_err(|_| FunctionError::call(format!("failed to decode base64 data '{s}'")))?;
    String::from_utf8(bytes)
        .map(HclValue::String)
        .map_err(|_| FunctionError::call("the result of decoding the the provided string is not valid UTF-8"))
}

fn base64gzip(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(text(&a[0]).as_bytes())
        .map_err(|e| FunctionError::call(format!("failed to write gzip raw data: {e}")))?;
    let compressed = encoder.finish().map_err(|e| FunctionError::call(format!("failed to close gzip writer: {e}")))?;
    Ok(HclValue::String(STANDARD.encode(compressed)))
}

/// Go's `url.QueryEscape`: unreserved characters stay, space becomes `+`, the rest `%XX`.
fn urlencode(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let mut out = String::new();
    for b in text(&a[0]).bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(char::from(b)),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    Ok(HclValue::String(out))
}

fn charset(a: &HclValue) -> Result<Charset, FunctionError> {
    let name = text(a);
    Charset::lookup(name)
        .ok_or_else(|| FunctionError::arg(1, format!("{name:?} is not a supported IANA encoding name or alias")))
}

fn textencodebase64(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let charset = charset(&a[1])?;
    let bytes = charset.encode(text(&a[0])).ok_or_else(|| {
        FunctionError::arg(
            0,
            format!("the given string contains characters that cannot be represented in {}", charset.name()),
        )
    })?;
    Ok(HclValue::String(STANDARD.encode(bytes)))
}

fn textdecodebase64(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let charset = charset(&a[1])?;
    let bytes = go_base64_decode(text(&a[0])).map_err(|e| match e {
        base64::DecodeError::InvalidByte(offset, _) | base64::DecodeError::InvalidLastSymbol { offset, .. } => {
            FunctionError::arg(0, format!("the given value is has an invalid base64 symbol at offset {offset}"))
        }
        other => FunctionError::arg(0, format!("invalid source string: {other}")),
    })?;
    charset.decode(&bytes).filter(|s| !s.contains('\u{FFFD}')).map(HclValue::String).ok_or_else(|| {
        FunctionError::arg(0, format!("the given string contains symbols that are not defined for {}", charset.name()))
    })
}

fn csvdecode(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let records = parse_csv(text(&a[0])).map_err(|e| FunctionError::call(e.message()))?;
    let mut records = records.into_iter();
    let Some((_, headers)) = records.next() else {
        return Err(FunctionError::call("missing header line"));
    };
    let mut seen = std::collections::BTreeSet::new();
    for name in &headers {
        if !seen.insert(name) {
            return Err(FunctionError::call(format!("duplicate column name {name:?}")));
        }
    }
    let mut rows = Vec::new();
    for (line, fields) in records {
        if fields.len() != headers.len() {
            return Err(CsvError { line, kind: CsvErrorKind::FieldCount })
                .map_err(|e| FunctionError::call(e.message()));
        }
        let row: BTreeMap<String, HclValue> =
            headers.iter().cloned().zip(fields.into_iter().map(HclValue::String)).collect();
        rows.push(HclValue::Object(row));
    }
    Ok(HclValue::List(rows))
}

/// A CSV syntax error, in Go's `encoding/csv` terms.
struct CsvError {
    line: usize,
    kind: CsvErrorKind,
}

enum CsvErrorKind {
    BareQuote,
    Quote,
    FieldCount,
}

impl CsvError {
    fn message(&self) -> String {
        let what = match self.kind {
            CsvErrorKind::BareQuote => "bare \" in non-quoted-field",
            CsvErrorKind::Quote => "extraneous or missing \" in quoted-field",
            CsvErrorKind::FieldCount => "wrong number of fields",
        };
        format!("CSV parse error on line {}: {what}", self.line)
    }
}

/// Go's `encoding/csv` reader with default settings: `,` separated, `"` quoting with `""`
/// escapes, CRLF or LF line ends, empty lines skipped. Returns each record with its line.
fn parse_csv(source: &str) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    let chars: Vec<char> = source.chars().collect();
    let mut records = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < chars.len() {
        if chars[i] == '\n' || (chars[i] == '\r' && chars.get(i + 1) == Some(&'\n')) {
            i += if chars[i] == '\r' { 2 } else { 1 };
            line += 1;
            continue;
        }
        let record_line = line;
        let mut fields = Vec::new();
        loop {
            let mut field = String::new();
            if chars.get(i) == Some(&'"') {
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(CsvError { line, kind: CsvErrorKind::Quote }),
                        Some('"') if chars.get(i + 1) == Some(&'"') => {
                            field.push('"');
                            i += 2;
                        }
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some(&c) => {
                            if c == '\n' {
                                line += 1;
                            }
                            field.push(c);
                            i += 1;
                        }
                    }
                }
                if !matches!(chars.get(i), None | Some(',' | '\n' | '\r')) {
                    return Err(CsvError { line, kind: CsvErrorKind::Quote });
                }
            } else {
                while let Some(&c) = chars.get(i) {
                    if c == ',' || c == '\n' || (c == '\r' && matches!(chars.get(i + 1), None | Some('\n'))) {
                        break;
                    }
                    if c == '"' {
                        return Err(CsvError { line, kind: CsvErrorKind::BareQuote });
                    }
                    field.push(c);
                    i += 1;
                }
            }
            fields.push(field);
            match chars.get(i) {
                Some(',') => i += 1,
                Some('\r') => {
                    i += if chars.get(i + 1) == Some(&'\n') { 2 } else { 1 };
                    line += 1;
                    break;
                }
                Some('\n') => {
                    i += 1;
                    line += 1;
                    break;
                }
                _ => break,
            }
        }
        records.push((record_line, fields));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use base64::Engine as _;

    use super::super::testing::{context, err, l, o, ok, run, s};
    use crate::hcl::functions::call;

    /// Expectations from go-cty-funcs `encoding/*_test.go`, go-cty `stdlib/csv_test.go`,
    /// terraform's `textencodebase64` docs and Packer's `function/encoding_test.go`.
    #[test]
    #[rustfmt::skip]
    fn encoding_functions() {
        run(vec![
            ("base64encode", vec![s("abc123!?$*&()'-=@~")], ok(s("YWJjMTIzIT8kKiYoKSctPUB+"))),
            ("base64encode", vec![s("")], ok(s(""))),
            ("base64decode", vec![s("YWJjMTIzIT8kKiYoKSctPUB+")], ok(s("abc123!?$*&()'-=@~"))),
            ("base64decode", vec![s("dGVzdA==")], ok(s("test"))),
            ("base64decode", vec![s("dGVzdA")], err("failed to decode base64 data 'dGVzdA'")),
            ("base64decode", vec![s("/w==")], err("the result of decoding the the provided string is not valid UTF-8")),
            ("urlencode", vec![s("foo:bar@localhost?foo=bar&bar=baz")], ok(s("foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz"))),
            ("urlencode", vec![s("mailto:email?subject=this+is+my+subject")], ok(s("mailto%3Aemail%3Fsubject%3Dthis%2Bis%2Bmy%2Bsubject"))),
            ("urlencode", vec![s("foo/bar baz")], ok(s("foo%2Fbar+baz"))),
            ("urlencode", vec![s("é")], ok(s("%C3%A9"))),
            ("textencodebase64", vec![s("Hello World"), s("UTF-16LE")], ok(s("SABlAGwAbABvACAAVwBvAHIAbABkAA=="))),
            ("textencodebase64", vec![s("abc123!?$*&()'-=@~"), s("UTF-8")], ok(s("YWJjMTIzIT8kKiYoKSctPUB+"))),
            ("textencodebase64", vec![s("€"), s("latin1")], err("the given string contains characters that cannot be represented in ISO-8859-1")),
            ("textencodebase64", vec![s("x"), s("NOT-EXISTS")], err("\"NOT-EXISTS\" is not a supported IANA encoding name or alias")),
            ("textdecodebase64", vec![s("SABlAGwAbABvACAAVwBvAHIAbABkAA=="), s("UTF-16LE")], ok(s("Hello World"))),
            ("textdecodebase64", vec![s("6Q=="), s("ISO-8859-1")], ok(s("é"))),
            ("textdecodebase64", vec![s("dGV%zdA=="), s("UTF-8")], err("the given value is has an invalid base64 symbol at offset 3")),
            ("textdecodebase64", vec![s("/w=="), s("UTF-8")], err("the given string contains symbols that are not defined for UTF-8")),
            (
                "csvdecode",
                vec![s("a,b,c\n1,2,3\n4,5,6")],
                ok(l(vec![
                    o(&[("a", s("1")), ("b", s("2")), ("c", s("3"))]),
                    o(&[("a", s("4")), ("b", s("5")), ("c", s("6"))]),
                ])),
            ),
            ("csvdecode", vec![s("a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n")], ok(l(vec![o(&[("a", s("x,1")), ("b", s("say \"hi\""))])]))),
            ("csvdecode", vec![s("a,b\n")], ok(l(vec![]))),
            ("csvdecode", vec![s("")], err("missing header line")),
            ("csvdecode", vec![s("a,a\n1,2")], err("duplicate column name \"a\"")),
            ("csvdecode", vec![s("a,b,c\n1,2")], err("CSV parse error on line 2: wrong number of fields")),
            ("csvdecode", vec![s("a\nx\"y")], err("CSV parse error on line 2: bare \" in non-quoted-field")),
        ]);
    }

    /// Our deflate differs from Go's, so check what matters: it decompresses to the input.
    #[test]
    #[rustfmt::skip]
    fn base64gzip_round_trips() {
        let encoded = call("base64gzip", vec![s("test")], &context()).expect("base64gzip");
        let bytes =
            base64::engine::general_purpose::STANDARD.decode(encoded.as_str().unwrap_or_default()).expect("base64");
        assert_eq!(&bytes[..2], &[0x1f, 0x8b], "gzip magic");
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text).expect("gunzip");
        assert_eq!(text, "test");
    }
}
