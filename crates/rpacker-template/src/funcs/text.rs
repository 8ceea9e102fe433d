//! String functions: `split`, `replace`, `replace_all`, `lower`, `upper`, and the removed `sed`.
//!
//! They need no context, so they are plain functions with Go's `strings` semantics. The
//! source string comes **last** (`replace OLD NEW N SRC`) so that they work in pipelines:
//! `{{ user "x" | replace "a" "b" 1 }}` passes the piped value as the final argument.

use rpacker_gotmpl::Value;

use super::args;
use super::go_case::{to_lower, to_upper};

/// `split STRING SEP INDEX`: the INDEX-th piece of Go's `strings.Split(STRING, SEP)`.
pub(crate) fn split(a: &[Value]) -> Result<Value, String> {
    args::exactly("split", a, 3)?;
    let (text, sep, index) = (args::string(&a[0])?, args::string(&a[1])?, args::int(&a[2])?);
    let pieces = go_split(&text, &sep);
    if index < 0 {
        // Go indexes the slice directly and the template engine turns the panic into an error.
        return Err(format!("runtime error: index out of range [{index}]"));
    }
    match usize::try_from(index).ok().and_then(|i| pieces.get(i)) {
        Some(piece) => Ok(Value::String((*piece).to_owned())),
        None => Err(format!(
            "the substring {index} was unavailable using the separator value, {sep}, only {} values were found",
            pieces.len()
        )),
    }
}

/// Go's `strings.Split`: an empty separator splits into characters, and an empty string then
/// has no pieces at all.
fn go_split<'a>(text: &'a str, sep: &str) -> Vec<&'a str> {
    if sep.is_empty() {
        text.char_indices().map(|(i, c)| &text[i..i + c.len_utf8()]).collect()
    } else {
        text.split(sep).collect()
    }
}

/// `replace OLD NEW N SRC`: Go's `strings.Replace(SRC, OLD, NEW, N)`; N < 0 replaces all.
pub(crate) fn replace(a: &[Value]) -> Result<Value, String> {
    args::exactly("replace", a, 4)?;
    let (old, new, n, src) = (args::string(&a[0])?, args::string(&a[1])?, args::int(&a[2])?, args::string(&a[3])?);
    // Rust's matcher, like Go's, treats an empty OLD as matching before every character and
    // at the end, and replaces non-overlapping matches left to right.
    Ok(Value::String(match usize::try_from(n) {
        Ok(n) => src.replacen(&old, &new, n),
        Err(_) => src.replace(&old, &new),
    }))
}

/// `replace_all OLD NEW SRC`: every occurrence.
pub(crate) fn replace_all(a: &[Value]) -> Result<Value, String> {
    let [old, new, src] = args::strings::<3>("replace_all", a)?;
    Ok(Value::String(src.replace(&old, &new)))
}

/// `lower S`: Go's `strings.ToLower`.
pub(crate) fn lower(a: &[Value]) -> Result<Value, String> {
    let [s] = args::strings::<1>("lower", a)?;
    Ok(Value::String(to_lower(&s)))
}

/// `upper S`: Go's `strings.ToUpper`.
pub(crate) fn upper(a: &[Value]) -> Result<Value, String> {
    let [s] = args::strings::<1>("upper", a)?;
    Ok(Value::String(to_upper(&s)))
}

/// `sed EXPR S`: removed long ago but still defined, so that old templates get this
/// explanation rather than "function not defined". (The missing space after the full stop is
/// Packer's.)
pub(crate) fn sed(a: &[Value]) -> Result<Value, String> {
    args::strings::<2>("sed", a)?;
    Err("template function `sed` is deprecated use `replace` or `replace_all` instead.\
         Documentation: https://www.packer.io/docs/templates/engine"
        .to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case's expected value or error text.
    type Expected = Result<&'static str, &'static str>;

    type Func = fn(&[Value]) -> Result<Value, String>;

    fn s(v: &str) -> Value {
        Value::from(v)
    }

    #[test]
    fn string_functions() {
        // Values and errors verified with packer 1.6.6 (`echo '{{ … }}' | packer console`) where
        // marked V; the rest follow Go's strings package.
        let cases: &[(&str, Func, Vec<Value>, Expected)] = &[
            ("split V", split, vec![s("a-b"), s("-"), Value::Int(1)], Ok("b")),
            ("split first", split, vec![s("a-b"), s("-"), Value::Int(0)], Ok("a")),
            ("split V out of range", split, vec![s("a-b"), s("-"), Value::Int(2)],
                Err("the substring 2 was unavailable using the separator value, -, only 2 values were found")),
            ("split V negative", split, vec![s("a-b"), s("-"), Value::Int(-1)], Err("runtime error: index out of range [-1]")),
            ("split no sep found", split, vec![s("abc"), s("-"), Value::Int(0)], Ok("abc")),
            ("split empty sep", split, vec![s("héllo"), s(""), Value::Int(1)], Ok("é")),
            ("split empty both", split, vec![s(""), s(""), Value::Int(0)],
                Err("the substring 0 was unavailable using the separator value, , only 0 values were found")),
            ("split empty text", split, vec![s(""), s(","), Value::Int(0)], Ok("")),
            ("split V too few", split, vec![s("a-b"), s("-")], Err("wrong number of args for split: want 3 got 2")),
            ("split V string index", split, vec![s("a-b"), s("-"), s("1")], Err("expected integer; found \"1\"")),
            ("replace V", replace, vec![s("a"), s("b"), Value::Int(1), s("aaa")], Ok("baa")),
            ("replace V all", replace, vec![s("a"), s("b"), Value::Int(-1), s("aaa")], Ok("bbb")),
            ("replace zero", replace, vec![s("a"), s("b"), Value::Int(0), s("aaa")], Ok("aaa")),
            ("replace empty old", replace, vec![s(""), s("-"), Value::Int(2), s("ab")], Ok("-a-b")),
            ("replace empty old all", replace, vec![s(""), s("-"), Value::Int(-1), s("ab")], Ok("-a-b-")),
            ("replace_all V", replace_all, vec![s("a"), s("b"), s("aaa")], Ok("bbb")),
            ("replace_all overlapping", replace_all, vec![s("aa"), s("b"), s("aaa")], Ok("ba")),
            ("lower V", lower, vec![s("ABC")], Ok("abc")),
            ("upper V", upper, vec![s("a")], Ok("A")),
            ("upper V no args", upper, vec![], Err("wrong number of args for upper: want 1 got 0")),
            ("upper V int", upper, vec![Value::Int(1)], Err("expected string; found 1")),
            ("sed V", sed, vec![s("a"), s("b")], Err("template function `sed` is deprecated use `replace` or `replace_all` instead.Documentation: https://www.packer.io/docs/templates/engine")),
            ("sed V no args", sed, vec![], Err("wrong number of args for sed: want 2 got 0")),
        ];
        for (name, f, args, want) in cases {
            let got = f(args);
            match want {
                Ok(v) => assert_eq!(got, Ok(Value::from(*v)), "{name}"),
                Err(e) => assert_eq!(got, Err((*e).to_owned()), "{name}"),
            }
        }
    }
}
