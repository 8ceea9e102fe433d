//! `rsadecrypt`: PKCS #1 v1.5 decryption with a PEM "RSA PRIVATE KEY" (go-cty-funcs
//! `crypto/rsa.go`, which uses Go's `x509.ParsePKCS1PrivateKey` and `rsa.DecryptPKCS1v15`).
//!
//! The PEM and DER parsing needed for one key format is small, and modular exponentiation
//! comes from `num-bigint`, so no RSA crate is pulled in. As in Packer, only PKCS #1 keys are
//! accepted; a PKCS #8 key gets Go's hint to use the other parser. Malformed DER is reported
//! with one generic message where Go's asn1 errors vary in detail (a documented limit).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use num_bigint::BigUint;

use super::signature::{def, param, FunctionDef, Ty};
use super::string::text;
use super::{FunctionContext, FunctionError};
use crate::hcl::value::HclValue;

pub(super) const FUNCTIONS: &[FunctionDef] =
    &[def("rsadecrypt", &[param("ciphertext", Ty::String), param("privatekey", Ty::String)], Ty::String, rsadecrypt)];

const DECRYPTION_ERROR: &str = "crypto/rsa: decryption error";

fn rsadecrypt(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let cipher_b64 = text(&a[0]);
    let ciphertext = STANDARD.decode(cipher_b64).map_err(|_| {
        FunctionError::call(format!("failed to decode input {cipher_b64:?}: cipher text must be base64-encoded"))
    })?;
    let Some(block) = pem_decode(text(&a[1])) else {
        return Err(FunctionError::call("failed to parse key: no key found"));
    };
    if block.encrypted {
        return Err(FunctionError::call(
            "failed to parse key: password protected keys are not supported. Please decrypt the key prior to use",
        ));
    }
    let key = parse_pkcs1(&block.der).map_err(FunctionError::call)?;
    let plain = decrypt_pkcs1v15(&key, &ciphertext).ok_or_else(|| FunctionError::call(DECRYPTION_ERROR))?;
    String::from_utf8(plain).map(HclValue::String).map_err(|_| FunctionError::call(DECRYPTION_ERROR))
}

/// The first PEM block of a text.
struct PemBlock {
    der: Vec<u8>,
    encrypted: bool,
}

/// Go's `pem.Decode`, for what `rsadecrypt` needs: the first `-----BEGIN …-----` block, its
/// `Proc-Type` header, and its base64 body.
fn pem_decode(text: &str) -> Option<PemBlock> {
    let start = text.find("-----BEGIN ")?;
    let rest = &text[start..];
    let header_end = rest.find('\n')?;
    let body = &rest[header_end + 1..];
    let end = body.find("-----END ")?;
    let mut encrypted = false;
    let mut data = String::new();
    for line in body[..end].lines() {
        if let Some((name, value)) = line.split_once(':') {
            encrypted |= name.trim() == "Proc-Type" && value.trim() == "4,ENCRYPTED";
            continue;
        }
        data.push_str(line.trim());
    }
    let der = STANDARD.decode(data).ok()?;
    Some(PemBlock { der, encrypted })
}

/// The parts of an RSA private key decryption uses.
struct PrivateKey {
    modulus: BigUint,
    private_exponent: BigUint,
}

/// A DER element: its tag and contents.
fn der_element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7F);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let len = rest[..count].iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, &rest[count..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// `x509.ParsePKCS1PrivateKey`: `SEQUENCE { version, n, e, d, p, q, … }`.
fn parse_pkcs1(der: &[u8]) -> Result<PrivateKey, String> {
    const MALFORMED: &str = "x509: failed to parse private key: asn1: structure error: malformed RSA private key";
    let (tag, body, _) = der_element(der).ok_or(MALFORMED)?;
    if tag != 0x30 {
        return Err(MALFORMED.to_owned());
    }
    let mut fields = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let (tag, content, next) = der_element(rest).ok_or(MALFORMED)?;
        fields.push((tag, content));
        rest = next;
    }
    // A PKCS #8 key is `SEQUENCE { INTEGER version, SEQUENCE algorithm, OCTET STRING key }`.
    if matches!(fields.as_slice(), [(0x02, _), (0x30, _), (0x04, _), ..]) {
        return Err(
            "x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)".to_owned()
        );
    }
    let integers: Vec<&[u8]> = fields.iter().filter(|(t, _)| *t == 0x02).map(|(_, c)| *c).collect();
    match integers.as_slice() {
        [version, n, _e, d, ..] if integers.len() >= 9 => {
            if version.iter().any(|b| *b > 1) {
                return Err("x509: unsupported private key version".to_owned());
            }
            Ok(PrivateKey { modulus: BigUint::from_bytes_be(n), private_exponent: BigUint::from_bytes_be(d) })
        }
        _ => Err(MALFORMED.to_owned()),
    }
}

/// RSAES-PKCS1-v1_5 decryption (RFC 8017 §7.2.2); `None` for any failure, as Go reports
/// every failure with the same error.
fn decrypt_pkcs1v15(key: &PrivateKey, ciphertext: &[u8]) -> Option<Vec<u8>> {
    let k = key.modulus.to_bytes_be().len();
    if ciphertext.len() != k || k < 11 {
        return None;
    }
    let c = BigUint::from_bytes_be(ciphertext);
    if c >= key.modulus {
        return None;
    }
    let m = c.modpow(&key.private_exponent, &key.modulus).to_bytes_be();
    let mut em = vec![0u8; k - m.len()];
    em.extend_from_slice(&m);
    if em[0] != 0 || em[1] != 2 {
        return None;
    }
    let separator = em[2..].iter().position(|b| *b == 0)? + 2;
    // At least eight bytes of non-zero padding.
    (separator >= 10).then(|| em[separator + 1..].to_vec())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, ok, run, s};

    const KEY: &str = include_str!("testdata/rsa_key.pem");
    const WRONG_KEY: &str = include_str!("testdata/wrong_key.pem");
    const PKCS8_KEY: &str = include_str!("testdata/pkcs8_key.pem");
    /// "message" encrypted with `KEY` by `openssl pkeyutl -encrypt -pkeyopt rsa_padding_mode:pkcs1`.
    const CIPHERTEXT: &str = include_str!("testdata/rsa_ciphertext.b64");

    /// The cases of go-cty-funcs `crypto/rsa_test.go`, with a key made for this test.
    #[test]
    #[rustfmt::skip]
    fn rsadecrypt_function() {
        run(vec![
            ("rsadecrypt", vec![s(CIPHERTEXT.trim()), s(KEY)], ok(s("message"))),
            ("rsadecrypt", vec![s(CIPHERTEXT.trim()), s(WRONG_KEY)], err("crypto/rsa: decryption error")),
            ("rsadecrypt", vec![s(CIPHERTEXT.trim()), s("bad key")], err("failed to parse key: no key found")),
            ("rsadecrypt", vec![s(CIPHERTEXT.trim()), s("")], err("failed to parse key: no key found")),
            ("rsadecrypt", vec![s(CIPHERTEXT.trim()), s(PKCS8_KEY)], err("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)")),
            ("rsadecrypt", vec![s("bad cipher"), s(KEY)], err("failed to decode input \"bad cipher\": cipher text must be base64-encoded")),
            ("rsadecrypt", vec![s(""), s(KEY)], err("crypto/rsa: decryption error")),
            ("rsadecrypt", vec![s(CIPHERTEXT.trim()), s("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n-----END RSA PRIVATE KEY-----\n")], err("failed to parse key: password protected keys are not supported. Please decrypt the key prior to use")),
        ]);
    }
}
