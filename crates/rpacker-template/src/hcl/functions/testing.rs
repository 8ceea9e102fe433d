//! Test support: a fixed context, short value constructors, and a table runner, so each
//! function's cases read as one line: name, arguments, expected value or error text.

use std::collections::BTreeMap;
use std::path::PathBuf;

use time::macros::datetime;

use super::{call, FunctionContext};
use crate::environment::Environment;
use crate::hcl::value::HclValue;

/// What a case expects: a value, or an error whose message is exactly this text.
pub(crate) enum Expect {
    Value(HclValue),
    Error(&'static str),
}

pub(crate) fn ok(v: HclValue) -> Expect {
    Expect::Value(v)
}

pub(crate) fn err(message: &'static str) -> Expect {
    Expect::Error(message)
}

pub(crate) fn s(text: &str) -> HclValue {
    HclValue::string(text)
}

pub(crate) fn n(i: i64) -> HclValue {
    HclValue::int(i)
}

pub(crate) fn f(x: f64) -> HclValue {
    HclValue::float(x)
}

pub(crate) fn b(x: bool) -> HclValue {
    HclValue::Bool(x)
}

pub(crate) fn null() -> HclValue {
    HclValue::null()
}

pub(crate) fn unknown() -> HclValue {
    HclValue::unknown()
}

/// A tuple (what a `[...]` literal is).
pub(crate) fn t(items: Vec<HclValue>) -> HclValue {
    HclValue::Tuple(items)
}

/// A list; the items must already share a type.
pub(crate) fn l(items: Vec<HclValue>) -> HclValue {
    HclValue::List(items)
}

/// A list of strings.
pub(crate) fn ls(items: &[&str]) -> HclValue {
    HclValue::string_list(items.iter().copied())
}

/// A set; the items must already share a type, and are ordered here.
pub(crate) fn set(items: Vec<HclValue>) -> HclValue {
    HclValue::set(items).expect("set items share a type")
}

/// An object (what a `{...}` literal is).
pub(crate) fn o(attrs: &[(&str, HclValue)]) -> HclValue {
    HclValue::Object(attrs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
}

/// A map; the values must already share a type.
pub(crate) fn m(entries: &[(&str, HclValue)]) -> HclValue {
    HclValue::Map(entries.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect::<BTreeMap<_, _>>())
}

/// The context every case runs in: `now` is 2020-01-02T03:04:05Z, the run started an hour
/// earlier, `base_dir` is this module's `testdata` folder, HOME is `/home/tester`.
pub(crate) fn context() -> FunctionContext {
    let base_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/hcl/functions/testdata");
    let environment = Environment::new([("HOME".to_owned(), "/home/tester".to_owned())], "/work/cwd");
    FunctionContext {
        base_dir,
        now: datetime!(2020-01-02 03:04:05 UTC),
        run_start: datetime!(2020-01-02 02:04:05 UTC),
        environment,
    }
}

/// Runs every case and reports all mismatches at once.
pub(crate) fn run(cases: Vec<(&str, Vec<HclValue>, Expect)>) {
    let ctx = context();
    let mut failures = Vec::new();
    for (name, args, expect) in cases {
        let got = call(name, args.clone(), &ctx);
        let pass = match (&got, &expect) {
            (Ok(value), Expect::Value(want)) => value == want,
            (Err(e), Expect::Error(want)) => e.message == *want,
            _ => false,
        };
        if !pass {
            let want = match expect {
                Expect::Value(v) => format!("Ok({v:?})"),
                Expect::Error(e) => format!("Err({e:?})"),
            };
            failures.push(format!("{name}({args:?})\n   got: {got:?}\n  want: {want}"));
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}
