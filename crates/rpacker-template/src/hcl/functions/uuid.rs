//! `uuidv4` and `uuidv5` (go-cty-funcs `uuid`).
//!
//! `uuidv4` is random and new on every call. `uuidv5` hashes a name in a namespace given as
//! `dns`, `url`, `oid`, `x500` or a UUID text, with Go's `google/uuid` parse errors.

use uuid::Uuid;

use super::signature::{def, param, FunctionDef, Ty};
use super::string::text;
use super::{FunctionContext, FunctionError};
use crate::hcl::value::HclValue;

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    def("uuidv4", &[], Ty::String, uuidv4),
    def("uuidv5", &[param("namespace", Ty::String), param("name", Ty::String)], Ty::String, uuidv5),
];

fn uuidv4(_: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    Ok(HclValue::String(Uuid::new_v4().to_string()))
}

fn uuidv5(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let given = text(&a[0]);
    let namespace = match given {
        "dns" => Uuid::NAMESPACE_DNS,
        "url" => Uuid::NAMESPACE_URL,
        "oid" => Uuid::NAMESPACE_OID,
        "x500" => Uuid::NAMESPACE_X500,
        other => parse_go_uuid(other)
            .map_err(|why| FunctionError::call(format!("uuidv5() doesn't support namespace {other} ({why})")))?,
    };
    Ok(HclValue::String(Uuid::new_v5(&namespace, text(&a[1]).as_bytes()).to_string()))
}

/// `google/uuid.Parse`: 36 (plain), 38 (braced), 41 (`urn:uuid:`) or 32 (no dashes) characters.
fn parse_go_uuid(s: &str) -> Result<Uuid, String> {
    if ![32, 36, 38, 41].contains(&s.len()) {
        return Err(format!("invalid UUID length: {}", s.len()));
    }
    Uuid::parse_str(s).map_err(|_| "invalid UUID format".to_owned())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{context, err, ok, run, s};
    use crate::hcl::functions::call;

    /// Expectations from go-cty-funcs `uuid/uuid_v5_test.go`; marked one verified with
    /// packer 1.6.6.
    #[test]
    #[rustfmt::skip]
    fn uuidv5_function() {
        run(vec![
            ("uuidv5", vec![s("dns"), s("example.com")], ok(s("cfbff0d1-9375-5685-968c-48ce8b15ae17"))), // verified with packer 1.6.6
            ("uuidv5", vec![s("dns"), s("tada")], ok(s("faa898db-9b9d-5b75-86a9-149e7bb8e3b8"))),
            ("uuidv5", vec![s("url"), s("tada")], ok(s("2c1ff6b4-211f-577e-94de-d978b0caa16e"))),
            ("uuidv5", vec![s("oid"), s("tada")], ok(s("61eeea26-5176-5288-87fc-232d6ed30d2f"))),
            ("uuidv5", vec![s("url"), s("https://example.com")], ok(s("4fd35a71-71ef-5a55-a9d9-aa75c889a6d0"))), // verified with packer 1.6.6
            ("uuidv5", vec![s("oid"), s("1.2.3.4")], ok(s("67448b45-6d15-536b-bef7-8a78c3d10ac6"))), // verified with packer 1.6.6
            ("uuidv5", vec![s("x500"), s("cn=example")], ok(s("3ecc4f45-80bb-593a-be98-00e146377827"))), // verified with packer 1.6.6
            ("uuidv5", vec![s("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), s("example.com")], ok(s("cfbff0d1-9375-5685-968c-48ce8b15ae17"))),
            ("uuidv5", vec![s("tada"), s("tada")], err("uuidv5() doesn't support namespace tada (invalid UUID length: 4)")), // verified with packer 1.6.6
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn uuidv4_is_random_version_4() {
        let ctx = context();
        let first = call("uuidv4", vec![], &ctx).expect("uuidv4");
        let second = call("uuidv4", vec![], &ctx).expect("uuidv4");
        let text = first.as_str().unwrap_or_default();
        assert_eq!(text.len(), 36);
        assert_eq!(&text[14..15], "4", "version nibble of {text}");
        assert_ne!(first, second);
    }
}
