//! Packer's HCL2 function library (`hcl2template/functions.go`), value in, value out.
//!
//! One file per family, each with a table of [`signature::FunctionDef`]s; [`call`] looks a
//! name up, applies HCL's argument rules once for all (arity, nulls, conversion to the
//! parameter types, unknown inputs give unknown results) and runs the function. Semantics
//! and error texts are cty's `function/stdlib`, hashicorp/go-cty-funcs and Packer's own
//! `hcl2template/function`, as current Packer uses them.
//!
//! Not here, because they need the expression evaluator or a network service: `try` and
//! `can` (they evaluate unevaluated expressions), `templatefile` (renders an HCL template),
//! `convert` (its second argument is a type expression), and `aws_secretsmanager`,
//! `aws_secretsmanager_raw`, `consul_key`, `vault` (they fetch secrets). [`names`] lists
//! only what [`call`] can run.

use std::path::PathBuf;
use std::sync::OnceLock;

use time::OffsetDateTime;

use crate::environment::Environment;
use crate::hcl::value::HclValue;

mod charset;
mod collection;
mod crypto;
mod datetime;
mod encoding;
mod error;
mod filesystem;
mod format;
mod glob;
mod go_duration;
mod ipnet;
mod json;
mod maps;
mod numeric;
mod regex;
mod rfc3339;
mod rsa;
mod sets;
mod signature;
mod string;
mod uuid;
mod yaml;

#[cfg(test)]
mod testing;

pub use error::{FunctionError, FunctionErrorKind};
use signature::FunctionDef;

/// What functions may read besides their arguments.
#[derive(Clone, Debug)]
pub struct FunctionContext {
    /// The directory file functions resolve relative paths against (`path.root`).
    pub base_dir: PathBuf,
    /// The current time, for `timestamp()`.
    pub now: OffsetDateTime,
    /// When the run started, for `legacy_isotime`/`legacy_strftime` (Packer's init time).
    pub run_start: OffsetDateTime,
    /// The process environment: `HOME` for `pathexpand`, the working directory for
    /// `abspath`.
    pub environment: Environment,
}

impl FunctionContext {
    /// A context whose run started `now`.
    pub fn new(base_dir: impl Into<PathBuf>, now: OffsetDateTime, environment: Environment) -> FunctionContext {
        FunctionContext { base_dir: base_dir.into(), now, run_start: now, environment }
    }
}

/// Every family's table.
const FAMILIES: &[&[FunctionDef]] = &[
    collection::FUNCTIONS,
    crypto::FUNCTIONS,
    datetime::FUNCTIONS,
    encoding::FUNCTIONS,
    filesystem::FUNCTIONS,
    format::FUNCTIONS,
    ipnet::FUNCTIONS,
    json::FUNCTIONS,
    maps::FUNCTIONS,
    numeric::FUNCTIONS,
    regex::FUNCTIONS,
    rsa::FUNCTIONS,
    sets::FUNCTIONS,
    string::FUNCTIONS,
    uuid::FUNCTIONS,
    yaml::FUNCTIONS,
];

fn lookup(name: &str) -> Option<&'static FunctionDef> {
    FAMILIES.iter().flat_map(|family| family.iter()).find(|def| def.name == name)
}

/// Calls function `name` with `args`, as HCL would for `name(args...)`.
pub fn call(name: &str, args: Vec<HclValue>, ctx: &FunctionContext) -> Result<HclValue, FunctionError> {
    let Some(def) = lookup(name) else {
        return Err(FunctionError {
            kind: FunctionErrorKind::UnknownFunction,
            message: format!("there is no function named {name:?}"),
            arg_index: None,
        });
    };
    def.invoke(args, ctx)
}

/// The names of every function [`call`] can run, sorted.
pub fn names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<&'static str> =
            FAMILIES.iter().flat_map(|family| family.iter()).map(|def| def.name).collect();
        names.sort_unstable();
        names
    })
}

#[cfg(test)]
mod tests {
    use super::testing::{context, n, s};
    use super::{call, names, FunctionErrorKind};

    /// Current Packer's `hcl2template/functions.go`, less the functions that need the
    /// evaluator or a secrets service (see the module documentation).
    const PACKER_FUNCTIONS: &[&str] = &[
        "abs",
        "abspath",
        "alltrue",
        "anytrue",
        "base64decode",
        "base64encode",
        "base64gzip",
        "basename",
        "bcrypt",
        "ceil",
        "chomp",
        "chunklist",
        "cidrhost",
        "cidrnetmask",
        "cidrsubnet",
        "cidrsubnets",
        "coalesce",
        "coalescelist",
        "compact",
        "concat",
        "contains",
        "csvdecode",
        "dirname",
        "distinct",
        "element",
        "endswith",
        "file",
        "filebase64",
        "fileexists",
        "fileset",
        "flatten",
        "floor",
        "format",
        "formatdate",
        "formatlist",
        "indent",
        "index",
        "join",
        "jsondecode",
        "jsonencode",
        "keys",
        "legacy_isotime",
        "legacy_strftime",
        "length",
        "log",
        "lookup",
        "lower",
        "max",
        "md5",
        "merge",
        "min",
        "parseint",
        "pathexpand",
        "pow",
        "range",
        "regex",
        "regex_replace",
        "regexall",
        "replace",
        "reverse",
        "rfc3339_parse",
        "rsadecrypt",
        "setintersection",
        "setproduct",
        "setunion",
        "sha1",
        "sha256",
        "sha512",
        "signum",
        "slice",
        "sort",
        "split",
        "startswith",
        "strcontains",
        "strrev",
        "substr",
        "sum",
        "textdecodebase64",
        "textencodebase64",
        "timeadd",
        "timestamp",
        "title",
        "trim",
        "trimprefix",
        "trimspace",
        "trimsuffix",
        "unix_timestamp_parse",
        "upper",
        "urlencode",
        "uuidv4",
        "uuidv5",
        "values",
        "yamldecode",
        "yamlencode",
        "zipmap",
    ];

    #[test]
    #[rustfmt::skip]
    fn names_are_packers_list() {
        assert_eq!(names(), PACKER_FUNCTIONS);
    }

    #[test]
    #[rustfmt::skip]
    fn call_errors_render_as_hcl_does() {
        // Every text verified with packer 1.6.6 (`echo 'upper()' | packer console`).
        let ctx = context();
        let cases: &[(&str, Vec<crate::hcl::HclValue>, &str, &str)] = &[
            ("upper", vec![], "Not enough function arguments", "Function \"upper\" expects 1 argument(s). Missing value for \"str\"."),
            ("upper", vec![s("a"), s("b")], "Too many function arguments", "Function \"upper\" expects only 1 argument(s)."),
            ("abs", vec![s("x")], "Invalid function argument", "Invalid value for \"num\" parameter: a number is required."),
            ("parseint", vec![s("zz"), n(16)], "Invalid function argument", "Invalid value for \"number\" parameter: cannot parse \"zz\" as a base 16 integer."),
            ("element", vec![crate::hcl::HclValue::Tuple(vec![]), n(1)], "Error in function call", "Call to function \"element\" failed: cannot use element function with an empty list."),
            ("foo", vec![n(1)], "Call to unknown function", "There is no function named \"foo\"."),
            ("max", vec![], "Error in function call", "Call to function \"max\" failed: must pass at least one number."),
            ("upper", vec![crate::hcl::HclValue::null()], "Invalid function argument", "Invalid value for \"str\" parameter: argument must not be null."),
        ];
        for (name, args, summary, detail) in cases {
            let e = call(name, args.clone(), &ctx).expect_err(name);
            assert_eq!((e.summary(), e.detail(name).as_str()), (*summary, *detail), "{name}");
        }
        let e = call("format", vec![], &ctx).expect_err("format");
        assert!(matches!(e.kind, FunctionErrorKind::NotEnoughArguments { variadic: true, .. }));
        assert_eq!(
            e.detail("format"),
            "Function \"format\" expects at least 1 argument(s). Missing value for \"format\"."
        );
    }
}
