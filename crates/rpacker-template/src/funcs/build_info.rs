//! `build_name`, `build_type`, `packer_version`: facts about the build being configured.
//!
//! They are only known while a plugin of a build is configured; elsewhere (`variables`, the
//! console) the first two fail with `… not available`. `packer_version` works everywhere, as
//! in current Packer (1.6.6 refused it outside plugin configs).

use rpacker_gotmpl::Value;

use super::args;

/// `build_name` / `build_type` / `packer_version`: the fact, or `<name> not available` when
/// missing or empty (Go tests for the empty string).
pub(crate) fn fact(name: &str, value: Option<&str>, a: &[Value]) -> Result<Value, String> {
    args::exactly(name, a, 0)?;
    match value {
        Some(v) if !v.is_empty() => Ok(Value::String(v.to_owned())),
        _ => Err(format!("{name} not available")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case's expected value or error text.
    type Expected = Result<&'static str, &'static str>;
    /// What a function returned.
    type Outcome = Result<Value, String>;

    #[test]
    fn build_facts() {
        let cases: Vec<(Outcome, Expected)> = vec![
            (fact("build_name", Some("nm"), &[]), Ok("nm")),
            // verified with packer 1.6.6 (`echo '{{ build_name }}' | packer console t.json`)
            (fact("build_name", None, &[]), Err("build_name not available")),
            (fact("build_type", Some(""), &[]), Err("build_type not available")),
            (fact("packer_version", Some("1.6.6"), &[]), Ok("1.6.6")),
            (fact("packer_version", Some(""), &[]), Err("packer_version not available")),
            (
                fact("build_name", Some("nm"), &[Value::Int(1)]),
                Err("wrong number of args for build_name: want 0 got 1"),
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got, want.map(Value::from).map_err(str::to_owned));
        }
    }
}
