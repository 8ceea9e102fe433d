//! `clean_resource_name`, the template function amazon builders add: AMI names accept only a
//! few characters, and this replaces every other byte with `-` so a name built from
//! `timestamp` or user input passes the `ami_name` check.

use rpacker_gotmpl::{FuncMap, Value};

/// Bytes an AMI name may contain besides ASCII letters and digits.
const ALLOWED_PUNCTUATION: &[u8] = b"()[] ./-'@_";

/// Replaces every byte outside `[A-Za-z0-9()[\] ./\-'@_]` with `-`. Works on bytes, as
/// Packer's Go does, so a multi-byte character becomes several dashes.
#[must_use]
pub fn clean_resource_name(name: &str) -> String {
    name.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || ALLOWED_PUNCTUATION.contains(&b) { char::from(b) } else { '-' })
        .collect()
}

/// The builder's template functions, handed to the renderer at Prepare.
#[must_use]
pub fn template_funcs() -> FuncMap {
    let mut funcs = FuncMap::new();
    funcs.insert("clean_resource_name", |args: &[Value]| match args {
        [Value::String(s)] => Ok(Value::String(clean_resource_name(s))),
        [Value::Nil] => Err("invalid value; expected string".to_owned()),
        [other] => Err(format!("expected string; found {other}")),
        _ => Err(format!("wrong number of args for clean_resource_name: want 1 got {}", args.len())),
    });
    funcs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_disallowed_bytes() {
        let cases = [
            ("ubuntu 20.04 (x) [y] a/b-c'd@e_f", "ubuntu 20.04 (x) [y] a/b-c'd@e_f"),
            ("2021-01-01T10:00:00Z", "2021-01-01T10-00-00Z"),
            ("a,b{c}", "a-b-c-"),
            ("é", "--"),
        ];
        for (input, want) in cases {
            assert_eq!(clean_resource_name(input), want, "{input}");
        }
    }

    #[test]
    fn template_function_checks_its_arguments() {
        let funcs = template_funcs();
        let f = funcs.get("clean_resource_name").unwrap();
        assert_eq!(f(&["a:b".into()]), Ok(Value::String("a-b".into())));
        assert_eq!(f(&[]), Err("wrong number of args for clean_resource_name: want 1 got 0".into()));
        assert_eq!(f(&[Value::Int(5)]), Err("expected string; found 5".into()));
    }
}
