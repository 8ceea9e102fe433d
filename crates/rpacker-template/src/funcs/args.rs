//! Taking a call's arguments apart according to the function's Go signature.
//!
//! Packer's functions are typed Go functions (`split(string, string, int)`). Through a
//! template, the engine checks the declared signature first (with Go's messages and the
//! argument's position), so these checks only fail when a closure is called directly; they use
//! the same wording (`wrong number of args for split: want 3 got 2`, `expected integer; found
//! "1"`) so a direct caller sees what Go would say.

use rpacker_gotmpl::Value;

/// Fails unless exactly `want` arguments were given.
pub(crate) fn exactly(name: &str, args: &[Value], want: usize) -> Result<(), String> {
    if args.len() == want {
        Ok(())
    } else {
        Err(format!("wrong number of args for {name}: want {want} got {}", args.len()))
    }
}

/// The arguments of a function taking `N` strings (`lower`, `env`, `replace_all`…).
pub(crate) fn strings<const N: usize>(name: &str, args: &[Value]) -> Result<[String; N], String> {
    exactly(name, args, N)?;
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    for (slot, arg) in out.iter_mut().zip(args) {
        *slot = string(arg)?;
    }
    Ok(out)
}

/// All arguments of a variadic `...string` function (`isotime`, `aws_secretsmanager`).
pub(crate) fn variadic_strings(args: &[Value]) -> Result<Vec<String>, String> {
    args.iter().map(string).collect()
}

/// A `string` parameter. Go accepts only strings; other constants are rejected as
/// `expected string; found 1`.
pub(crate) fn string(arg: &Value) -> Result<String, String> {
    match arg {
        Value::String(s) => Ok(s.clone()),
        Value::Nil => Err("invalid value; expected string".to_owned()),
        other => Err(format!("expected string; found {}", constant_text(other))),
    }
}

/// An `int` parameter. Go accepts integer constants only (`1.0` counts as one); `"1"` and
/// `1.5` are rejected.
pub(crate) fn int(arg: &Value) -> Result<i64, String> {
    match arg {
        Value::Int(i) => Ok(*i),
        #[allow(clippy::cast_possible_truncation)]
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Ok(*f as i64),
        Value::Nil => Err("invalid value; expected int".to_owned()),
        other => Err(format!("expected integer; found {}", constant_text(other))),
    }
}

/// How Go prints the offending constant in a type error (its source text).
fn constant_text(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_wording_for_bad_arguments() {
        // verified with packer 1.6.6 (`{{ split "a-b" "-" }}`, `{{ upper 1 }}`, `{{ split "a-b" "-" "1" }}`)
        let cases: &[(Result<(), String>, &str)] = &[
            (exactly("split", &["a".into(), "-".into()], 3), "wrong number of args for split: want 3 got 2"),
            (exactly("upper", &[], 1), "wrong number of args for upper: want 1 got 0"),
            (string(&Value::Int(1)).map(drop), "expected string; found 1"),
            (int(&Value::from("1")).map(drop), "expected integer; found \"1\""),
            (int(&Value::Float(1.5)).map(drop), "expected integer; found 1.5"),
            (string(&Value::Nil).map(drop), "invalid value; expected string"),
        ];
        for (got, want) in cases {
            assert_eq!(got.as_ref().unwrap_err(), want);
        }
    }

    #[test]
    fn accepts_well_typed_arguments() {
        let args = [Value::from("a"), Value::from("b")];
        assert_eq!(strings::<2>("replace_all", &args).unwrap(), ["a".to_owned(), "b".to_owned()]);
        assert_eq!(int(&Value::Int(-3)).unwrap(), -3);
        assert_eq!(int(&Value::Float(2.0)).unwrap(), 2);
        assert_eq!(variadic_strings(&args).unwrap(), vec!["a", "b"]);
        assert!(variadic_strings(&[Value::Int(1)]).is_err());
    }
}
