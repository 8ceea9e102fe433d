//! Hash and password functions: `md5`, `sha1`, `sha256`, `sha512` (lowercase hex of the
//! string's UTF-8 bytes) and `bcrypt` (go-cty-funcs `crypto`).
//!
//! `bcrypt` salts randomly, so its output differs on every call; it is written in Go's
//! `$2a$` form with Go's cost rules (below 4 means the default 10, above 31 is an error).

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use super::signature::{def, param, variadic, FunctionDef, Ty};
use super::string::text;
use super::{FunctionContext, FunctionError};
use crate::hcl::value::{HclValue, Number};

const STR: &[super::signature::Param] = &[param("str", Ty::String)];

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    variadic("bcrypt", STR, param("cost", Ty::Number), Ty::String, bcrypt),
    def("md5", STR, Ty::String, md5),
    def("sha1", STR, Ty::String, sha1),
    def("sha256", STR, Ty::String, sha256),
    def("sha512", STR, Ty::String, sha512),
];

fn hex_digest<D: Digest>(input: &str) -> HclValue {
    let digest = D::digest(input.as_bytes());
    HclValue::String(digest.iter().map(|b| format!("{b:02x}")).collect())
}

fn md5(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    Ok(hex_digest::<Md5>(text(&a[0])))
}

fn sha1(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    Ok(hex_digest::<Sha1>(text(&a[0])))
}

fn sha256(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    Ok(hex_digest::<Sha256>(text(&a[0])))
}

fn sha512(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    Ok(hex_digest::<Sha512>(text(&a[0])))
}

fn bcrypt(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let mut cost = 10;
    if let Some(requested) = a.get(1) {
        cost = match requested.as_number() {
            Some(Number::Int(c)) => c,
            _ => {
                return Err(FunctionError::call(
                    "value must be a whole number, between -9223372036854775808 and 9223372036854775807",
                ))
            }
        };
    }
    if a.len() > 2 {
        return Err(FunctionError::call("bcrypt() takes no more than two arguments"));
    }
    let failed = |why: String| FunctionError::call(format!("error occured generating password {why}"));
    // golang.org/x/crypto/bcrypt: a cost below the minimum means the default.
    let cost = if cost < 4 { 10 } else { cost };
    if cost > 31 {
        return Err(failed(format!("crypto/bcrypt: cost {cost} is outside allowed range (4,31)")));
    }
    let password = text(&a[0]);
    if password.len() > 72 {
        return Err(failed("bcrypt: password length exceeds 72 bytes".to_owned()));
    }
    let hashed = ::bcrypt::hash_with_result(password, cost as u32).map_err(|e| failed(e.to_string()))?;
    Ok(HclValue::String(hashed.format_for_version(::bcrypt::Version::TwoA)))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{context, err, n, ok, run, s};
    use crate::hcl::functions::call;

    /// Expectations from go-cty-funcs `crypto/md5_test.go`, `sha_test.go`, `bcrypt_test.go`.
    #[test]
    #[rustfmt::skip]
    fn hash_functions() {
        run(vec![
            ("md5", vec![s("tada")], ok(s("ce47d07243bb6eaf5e1322c81baf9bbf"))),
            ("md5", vec![s(" tada ")], ok(s("aadf191a583e53062de2d02c008141c4"))),
            ("md5", vec![s("")], ok(s("d41d8cd98f00b204e9800998ecf8427e"))),
            ("sha1", vec![s("test")], ok(s("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"))),
            ("sha256", vec![s("test")], ok(s("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"))),
            ("sha512", vec![s("test")], ok(s("ee26b0dd4af7e749aa1a8ee3c10ae9923f618980772e473f8819a5d4940e0db27ac185f8a0e1d5f84f88bc887fd67b143732c304cc5fa9ad8e6f57f50028a8ff"))),
            ("bcrypt", vec![s("test"), n(10), n(11)], err("bcrypt() takes no more than two arguments")),
            ("bcrypt", vec![s("test"), n(32)], err("error occured generating password crypto/bcrypt: cost 32 is outside allowed range (4,31)")),
        ]);
    }

    /// bcrypt salts randomly: check the form, the cost, and that the hash verifies.
    #[test]
    #[rustfmt::skip]
    fn bcrypt_hashes_verify() {
        let cases: &[(Vec<crate::hcl::HclValue>, &str)] =
            &[(vec![s("test")], "$2a$10$"), (vec![s("test"), n(5)], "$2a$05$"), (vec![s("test"), n(2)], "$2a$10$")];
        for (args, prefix) in cases {
            let hashed = call("bcrypt", args.clone(), &context()).expect("bcrypt");
            let hashed = hashed.as_str().unwrap_or_default();
            assert!(hashed.starts_with(prefix), "{hashed} starts with {prefix}");
            assert!(::bcrypt::verify("test", hashed).expect("verify"), "{hashed} verifies");
        }
    }
}
