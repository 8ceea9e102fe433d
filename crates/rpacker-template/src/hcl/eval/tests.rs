//! Table tests of the evaluator: expression source in, value or HCL error out.
//!
//! Cases marked `V` were checked with packer 1.6.6 (`echo 'expr' | packer console
//! -config-type=hcl2`); expected values are written as HCL literals and evaluated too.

use std::collections::BTreeMap;

use rpacker_diag::FileId;
use time::macros::datetime;

use super::{evaluate, referenced_variables, EvalContext, FunctionSet, Scope, Source, TraversalStep};
use crate::environment::Environment;
use crate::hcl::functions::FunctionContext;
use crate::hcl::types::HclType;
use crate::hcl::value::HclValue;

/// An expected error: (summary, detail).
type Failure = (&'static str, &'static str);
/// An expected reference: root and steps.
type Reference = (&'static str, &'static [&'static str]);

fn function_context(base_dir: &str) -> FunctionContext {
    let env = Environment::new([("HOME".to_owned(), "/root".to_owned())], "/cwd");
    FunctionContext::new(base_dir, datetime!(2026-11-23 07:33:10 UTC), env)
}

/// The scope of a provisioner at validate time: `var`, `local` (one unknown), `path`,
/// `packer`, `source`, and an unknown `build`.
fn scope() -> Scope<'static> {
    let var = HclValue::object([
        ("region", HclValue::from("us-east-1")),
        ("list", HclValue::string_list(["a", "b"])),
        ("n", HclValue::int(3)),
        ("tags", HclValue::Map(BTreeMap::from([("env".to_owned(), "prod".into())]))),
    ]);
    let local = HclValue::object([
        ("unknown", HclValue::Unknown(HclType::String)),
        ("obj", HclValue::object([("a", HclValue::object([("b", HclValue::int(1))]))])),
    ]);
    Scope::new()
        .with("var", var)
        .with("local", local)
        .with("path", Scope::path_object(".", "C:\\work"))
        .with("packer", Scope::packer_object("1.6.6"))
        .with("source", Scope::source_object("null", "a"))
        .with("build", HclValue::unknown())
}

fn run(src: &str, functions: FunctionSet, fctx: &FunctionContext) -> Result<HclValue, (String, String)> {
    let expr = hcl_edit::parser::parse_expr(src).unwrap_or_else(|e| panic!("parse {src}: {e}"));
    let scope = scope();
    let ctx =
        EvalContext::new(&scope, functions, fctx, FileId(0)).with_source(Source { name: "<console-input>", text: src });
    evaluate(&expr, &ctx).map_err(|d| (d[0].summary.clone(), d[0].detail.clone()))
}

fn eval(src: &str) -> Result<HclValue, (String, String)> {
    run(src, FunctionSet::All, &function_context("/base"))
}

#[test]
#[rustfmt::skip]
fn values() {
    // (expression, expected value written as an HCL literal)
    let cases: &[(&str, &str)] = &[
        ("1+2", "3"),                                                        // V
        ("7/2", "3.5"),                                                      // V
        ("5 % 3", "2"),                                                      // V
        ("-5 % 3", "-2"),                                                    // V
        ("5 % 0", "5"),                                                      // V
        ("5.5 % 2", "1.5"),                                                  // V
        // `0.1+0.2` is `0.3` in packer (512-bit floats) but f64 here: a documented `Number` limit.
        ("1.5*2", "3"),                                                      // V
        ("1e3", "1000"),                                                     // V
        ("-(2-5)", "3"),
        ("\"2\" < 3", "true"),                                               // V
        ("1 == \"1\"", "false"),                                             // V
        ("1.0 == 1", "true"),                                                // V
        ("[1] == [1]", "true"),                                              // V
        ("{} == {}", "true"),                                                // V
        ("null == null", "true"),
        ("1 != 2 && !false || false", "true"),
        ("true ? 1 : foo", "1"),                                             // V
        ("\"true\" ? 1 : 2", "1"),                                           // V
        ("false ? \"a\" : 1", "\"1\""),
        ("\"a ${~ \"b\" ~} c\"", "\"abc\""),                                 // V
        ("\"a %{~ if true ~} b %{~ endif ~} c\"", "\"abc\""),                // V
        ("\"%{ if true }yes%{ else }no%{ endif }\"", "\"yes\""),             // V
        ("\"%{ if false }yes%{ else }no%{ endif }\"", "\"no\""),
        ("\"%{for x in [1,2]}${x},%{endfor}\"", "\"1,2,\""),                 // V
        ("\"%{for k, v in {a=1}}${k}=${v}%{endfor}\"", "\"a=1\""),           // V
        ("\"${true}x\"", "\"truex\""),                                       // V
        ("\"${[1]}\"", "[1]"),                                               // V
        ("\"${null}\"", "null"),                                             // V
        ("\"$${a}%%{b}\"", "\"$${a}%%{b}\""),                                // V
        ("<<EOF\nhi ${var.region}\nEOF", "\"hi us-east-1\\n\""),
        ("<<-EOF\n    a\n      b\n    EOF", "\"a\\n  b\\n\""),
        ("{(1)=2}", "{\"1\"=2}"),                                            // V
        ("{\"a\"=1, a=2}", "{a=2}"),                                         // V
        ("[1,2][1]", "2"),
        ("[1,2].0", "1"),                                                    // V
        ("{a={b=1}}.a.b", "1"),                                              // V
        ("{a=1}[\"a\"]", "1"),
        ("var.tags.env", "\"prod\""),
        ("var.list[1]", "\"b\""),
        ("local.obj[\"a\"].b", "1"),
        ("path.cwd", "\"C:/work\""),
        ("packer.version", "\"1.6.6\""),                                     // V
        ("source.type", "\"null\""),
        ("[{a=1},{a=2}][*].a", "[1, 2]"),                                    // V
        ("[{a=1},{a=2}].*.a", "[1, 2]"),                                     // V
        ("[{a=1}].*.a[0]", "1"),                                             // V
        ("[[{a=1}]][*][0].a", "[1]"),                                        // V
        ("[1,2][*]", "[1, 2]"),                                              // V
        ("1[*]", "[1]"),                                                     // V
        ("{a=1}[*].a", "[1]"),                                               // V
        ("var.list[*]", "[\"a\", \"b\"]"),
        ("[for x in [1,2]: x*2]", "[2, 4]"),                                 // V
        ("[for i, v in [\"a\",\"b\"]: \"${i}${v}\"]", "[\"0a\", \"1b\"]"),   // V
        ("[for k, v in {a=1}: k]", "[\"a\"]"),                               // V
        ("{for k,v in {a=1,b=2}: v => k}", "{\"1\"=\"a\", \"2\"=\"b\"}"),    // V
        ("{for i, v in [\"a\",\"b\"]: v => i}", "{a=0, b=1}"),               // V
        ("{for k,v in {a=1,b=1}: v => k...}", "{\"1\"=[\"a\", \"b\"]}"),     // V
        ("{for k, v in {a=1}: k => v if v > 0}", "{a=1}"),                   // V
        ("[for x in [1,2,3]: x if x != 2]", "[1, 3]"),
        ("upper(\"a\")", "\"A\""),                                           // V
        ("max([1,5]...)", "5"),                                              // V
        ("concat([1],[2])", "[1, 2]"),                                       // V
        ("length([\"a\"])", "1"),                                            // V
        ("try(foo, 2)", "2"),                                                // V
        ("try(1, 2)", "1"),                                                  // V
        ("try(local.nope, \"d\")", "\"d\""),                                 // V
        ("can(1+\"a\")", "false"),                                           // V
        ("can(2)", "true"),                                                  // V
        ("can(upper([\"a\"]))", "false"),                                    // V
        ("convert(1, string)", "\"1\""),                                     // V
        ("convert([1], list(string))", "[\"1\"]"),                           // V
        ("convert({a=1}, map(string))", "{a=\"1\"}"),                        // V
    ];
    for (src, want) in cases {
        let got = eval(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
        let want = eval(want).unwrap_or_else(|e| panic!("expected {want}: {e:?}"));
        // Literals build tuples and objects; a converted value may be a list or map.
        let same = got == want || crate::hcl::convert(want.clone(), &got.type_of()).is_ok_and(|w| w == got);
        assert!(same, "{src}: got {got:?}, want {want:?}");
    }
}

#[test]
#[rustfmt::skip]
fn typed_values() {
    let cases: &[(&str, HclValue)] = &[
        ("convert([1], list(string))", HclValue::string_list(["1"])),
        ("convert([\"b\",\"a\",\"b\"], set(string))", HclValue::Set(vec!["a".into(), "b".into()])),
        ("1/0", HclValue::float(f64::INFINITY)),                            // V
        ("var.list", HclValue::string_list(["a", "b"])),
    ];
    for (src, want) in cases {
        assert_eq!(eval(src).as_ref(), Ok(want), "{src}");
    }
}

#[test]
#[rustfmt::skip]
fn unknowns_propagate() {
    let string = HclValue::Unknown(HclType::String);
    let cases: &[(&str, HclValue)] = &[
        ("local.unknown", string.clone()),
        ("\"x-${local.unknown}\"", string.clone()),
        ("upper(local.unknown)", string.clone()),
        ("local.unknown == \"a\"", HclValue::Unknown(HclType::Bool)),
        ("local.unknown < 3", HclValue::Unknown(HclType::Bool)),
        ("local.unknown + 1", HclValue::Unknown(HclType::Number)),
        ("!local.unknown", HclValue::Unknown(HclType::Bool)),
        ("local.unknown ? 1 : 2", HclValue::Unknown(HclType::Number)),
        ("build.ID", HclValue::unknown()),
        ("build[0]", HclValue::unknown()),
        ("[for x in build: x]", HclValue::unknown()),
        ("{for x in [1]: local.unknown => x}", HclValue::unknown()),
        ("[for x in [1]: x if local.unknown]", HclValue::unknown()),
        ("max(build...)", HclValue::unknown()),
        ("null[*]", HclValue::unknown()),                                    // V
        ("try(local.unknown, 1)", HclValue::unknown()),
        ("can(local.unknown)", HclValue::Unknown(HclType::Bool)),
        ("{(local.unknown) = 1}", HclValue::unknown()),
        ("\"%{if local.unknown}a%{endif}\"", string.clone()),
        ("\"%{for x in build}a%{endfor}\"", string),
    ];
    for (src, want) in cases {
        assert_eq!(eval(src).as_ref(), Ok(want), "{src}");
    }
}

#[test]
#[rustfmt::skip]
fn errors() {
    // (expression, summary, detail)
    let cases: &[(&str, &str, &str)] = &[
        ("foo.bar", "Unknown variable", "There is no variable named \"foo\"."),                                             // V
        ("bar", "Unknown variable", "There is no variable named \"bar\". Did you mean \"var\"?"),                          // V
        ("var.x", "Unsupported attribute", "This object does not have an attribute named \"x\"."),                          // V
        ("local.y", "Unsupported attribute", "This object does not have an attribute named \"y\"."),                        // V
        ("{a=1}.b", "Unsupported attribute", "This object does not have an attribute named \"b\"."),                        // V
        ("\"a\".b", "Unsupported attribute", "This value does not have any attributes."),                                   // V
        ("[1,2].b", "Unsupported attribute", "This value does not have any attributes."),                                   // V
        ("var.tags.nope", "Missing map element", "This map does not have an element with the key \"nope\"."),
        ("null.a", "Attempt to get attribute from null value", "This value is null, so it does not have any attributes."),  // V
        ("null[0]", "Attempt to index null value", "This value is null, so it does not have any indices."),                 // V
        ("[1,2][5]", "Invalid index", "The given key does not identify an element in this collection value."),              // V
        ("[1][-1]", "Invalid index", "The given key does not identify an element in this collection value."),               // V
        ("{a=1}[\"b\"]", "Invalid index", "The given key does not identify an element in this collection value."),          // V
        ("{a=1}[true]", "Invalid index", "The given key does not identify an element in this collection value."),           // V
        ("[1,2][\"x\"]", "Invalid index", "The given key does not identify an element in this collection value: a number is required."), // V
        ("[1][1.5]", "Invalid index", "The given key does not identify an element in this collection value: indexing a sequence requires a whole number, but the given index (1.5) has a fractional part."), // V
        ("upperr(\"a\")", "Call to unknown function", "There is no function named \"upperr\". Did you mean \"upper\"?"),   // V
        ("tomap({a=1})", "Call to unknown function", "There is no function named \"tomap\"."),                             // V
        ("env(\"HOME\")", "Call to unknown function", "There is no function named \"env\"."),                              // V
        ("upper(1,2)", "Too many function arguments", "Function \"upper\" expects only 1 argument(s)."),                   // V
        ("upper()", "Not enough function arguments", "Function \"upper\" expects 1 argument(s). Missing value for \"str\"."), // V
        ("upper(foo)", "Unknown variable", "There is no variable named \"foo\"."),                                          // V
        ("max([]...)", "Error in function call", "Call to function \"max\" failed: must pass at least one number."),       // V
        ("max(1...)", "Invalid expanding argument value", "The expanding argument (indicated by ...) must be of a tuple, list, or set type."), // V
        ("max(null...)", "Invalid expanding argument value", "The expanding argument (indicated by ...) must not be null."), // V
        ("1+\"a\"", "Invalid operand", "Unsuitable value for right operand: a number is required."),                      // V
        ("\"a\" + 1", "Invalid operand", "Unsuitable value for left operand: a number is required."),                     // V
        ("1 + true", "Invalid operand", "Unsuitable value for right operand: number required."),                          // V
        ("1 < \"a\"", "Invalid operand", "Unsuitable value for right operand: a number is required."),                    // V
        ("true && 1", "Invalid operand", "Unsuitable value for right operand: bool required."),                           // V
        ("!1", "Invalid operand", "Unsuitable value for unary operand: bool required."),                                  // V
        ("-\"a\"", "Invalid operand", "Unsuitable value for unary operand: a number is required."),                       // V
        ("null + 1", "Operation failed", "Error during operation: argument must not be null."),                           // V
        ("true || null", "Operation failed", "Error during operation: argument must not be null."),                       // V
        ("0/0", "Operation failed", "Error during operation: can't divide zero by zero or infinity by infinity."),        // V
        ("\"x\" ? 1 : 2", "Incorrect condition type", "The condition expression must be of type bool."),                  // V
        ("[1] ? 1 : 2", "Incorrect condition type", "The condition expression must be of type bool."),                    // V
        ("null ? 1 : 2", "Null condition", "The condition value is null. Conditions must either be true or false."),      // V
        ("true ? 1 : true", "Inconsistent conditional result types", "The true and false result expressions must have consistent types. The given expressions are number and bool, respectively."), // V
        ("\"${[1]}x\"", "Invalid template interpolation value", "Cannot include the given value in a string template: string required."), // V
        ("\"${null}x\"", "Invalid template interpolation value", "The expression result is null. Cannot include a null value in a string template."), // V
        ("\"%{if 1}a%{endif}\"", "Incorrect condition type", "The condition expression must be of type bool."),           // V
        ("\"%{for x in 1}a%{endfor}\"", "Iteration over non-iterable value", "A value of type number cannot be used as the collection in a 'for' expression."), // V
        ("{[1]=2}", "Incorrect key type", "Can't use this value as a key: string required."),                             // V
        ("[for x in 1: x]", "Iteration over non-iterable value", "A value of type number cannot be used as the collection in a 'for' expression."), // V
        ("[for x in null: x]", "Iteration over null value", "A null value cannot be used as the collection in a 'for' expression."),
        ("[for x in [1]: x if x]", "Invalid 'for' condition", "The 'if' clause value is invalid: bool required."),        // V
        ("[for x in [1]: x if \"s\"]", "Invalid 'for' condition", "The 'if' clause value is invalid: a bool is required."), // V
        ("{for x in [1]: x => x if null}", "Condition is null", "The value of the 'if' clause must not be null."),        // V
        ("{for x in [[1]]: x => 1}", "Invalid object key", "The key expression produced an invalid result: string required."), // V
        ("{for k,v in {a=1,b=1}: v => k}", "Duplicate object key", "Two different items produced the key \"1\" in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key."), // V
        ("try()", "Error in function call", "Call to function \"try\" failed: at least one argument is required."),      // V
        ("try(1+\"a\")", "Error in function call", "Call to function \"try\" failed: no expression succeeded:\n- Invalid operand (at <console-input>:1,7-10)\n  Unsuitable value for right operand: a number is required.\n\nAt least one expression must produce a successful result."), // V
        ("try(1+\"a\", foo)", "Error in function call", "Call to function \"try\" failed: no expression succeeded:\n- Invalid operand (at <console-input>:1,7-10)\n  Unsuitable value for right operand: a number is required.\n- Unknown variable (at <console-input>:1,12-15)\n  There is no variable named \"foo\".\n\nAt least one expression must produce a successful result."), // V
        ("can()", "Not enough function arguments", "Function \"can\" expects 1 argument(s). Missing value for \"expression\"."), // V
        ("can(1,2)", "Too many function arguments", "Function \"can\" expects only 1 argument(s)."),                     // V
        ("convert(1)", "Not enough function arguments", "Function \"convert\" expects 2 argument(s). Missing value for \"type\"."), // V
        ("convert(1, list(string))", "Invalid function argument", "Invalid value for \"value\" parameter: list of string required."), // V
        ("convert(\"x\", number)", "Invalid function argument", "Invalid value for \"value\" parameter: a number is required."), // V
        ("convert(1,foo)", "Invalid type specification", "The keyword \"foo\" is not a valid type specification."),      // V
        ("convert(1, list)", "Invalid type specification", "The list type constructor requires one argument specifying the element type."), // V
        ("convert(1, foo(string))", "Invalid type specification", "Keyword \"foo\" is not a valid type constructor."),    // V
        ("convert(1, \"string\")", "Invalid type specification", "A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string)."), // V
    ];
    for (src, summary, detail) in cases {
        let got = eval(src).expect_err(src);
        assert_eq!((got.0.as_str(), got.1.as_str()), (*summary, *detail), "{src}");
    }
}

#[test]
#[rustfmt::skip]
fn variable_defaults_see_only_env() {
    let fctx = function_context("/base");
    let cases: &[(&str, Result<HclValue, Failure>)] = &[
        ("env(\"HOME\")", Ok("/root".into())),
        ("env(\"NOPE\")", Ok("".into())),
        ("upper(\"a\")", Err(("Call to unknown function", "There is no function named \"upper\"."))), // V
        ("env()", Err(("Not enough function arguments", "Function \"env\" expects 1 argument(s). Missing value for \"key\"."))),
    ];
    for (src, want) in cases {
        let got = run(src, FunctionSet::VariableDefaults, &fctx);
        let got = got.as_ref().map_err(|(s, d)| (s.as_str(), d.as_str()));
        assert_eq!(got, want.as_ref().map_err(|e| *e), "{src}");
    }
}

#[test]
#[rustfmt::skip]
fn templatefile_renders_with_its_vars() {
    // Not in packer 1.6.6 (added in 1.7.1); texts follow Terraform's implementation.
    let dir = std::env::temp_dir().join(format!("rpacker-eval-templatefile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ok.tpl"), "Hello ${name}!%{ for x in items } ${x}%{ endfor }").unwrap();
    std::fs::write(dir.join("bad.tpl"), "${nope}").unwrap();
    std::fs::write(dir.join("recursive.tpl"), "${templatefile(\"ok.tpl\", {})}").unwrap();
    let fctx = function_context(dir.to_str().unwrap());
    let cases: &[(&str, Result<&str, Failure>)] = &[
        ("templatefile(\"ok.tpl\", {name = \"x\", items = [1, 2]})", Ok("Hello x! 1 2")),
        ("templatefile(\"bad.tpl\", {})", Err(("Invalid function argument", "Invalid value for \"vars\" parameter: vars map does not contain key \"nope\", referenced at bad.tpl:1,3-7."))),
        ("templatefile(\"ok.tpl\", 1)", Err(("Invalid function argument", "Invalid value for \"vars\" parameter: invalid vars value: must be a map."))),
        ("templatefile(\"recursive.tpl\", {})", Err(("Error in function call", "Call to function \"templatefile\" failed: recursive.tpl:1,3-29: Call to unknown function; There is no function named \"templatefile\"."))),
    ];
    for (src, want) in cases {
        let got = run(src, FunctionSet::All, &fctx);
        let got = got.as_ref().map(|v| v.as_str().unwrap_or_default()).map_err(|(s, d)| (s.as_str(), d.as_str()));
        assert_eq!(got, want.as_ref().map(|v| *v).map_err(|e| *e), "{src}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
#[rustfmt::skip]
fn references() {
    let cases: &[(&str, &[Reference])] = &[
        ("var.a", &[("var", &["a"])]),
        ("local.x.y[0] + var.b", &[("local", &["x", "y", "0"]), ("var", &["b"])]),
        ("[for x in local.l: x + var.n]", &[("local", &["l"]), ("var", &["n"])]),
        ("\"${local.a}%{for k, v in var.m}${k}${v}%{endfor}\"", &[("local", &["a"]), ("var", &["m"])]),
        ("upper(local.a[*].b)", &[("local", &["a"])]),
        ("{(local.k) = path.root}", &[("local", &["k"]), ("path", &["root"])]),
        ("1 + 2", &[]),
    ];
    for (src, want) in cases {
        let expr = hcl_edit::parser::parse_expr(src).unwrap();
        let got: Vec<(String, Vec<String>)> = referenced_variables(&expr)
            .into_iter()
            .map(|t| {
                let steps = t.steps.iter().map(|s| match s {
                    TraversalStep::Attr(a) => a.clone(),
                    TraversalStep::Index(i) => crate::hcl::convert(i.clone(), &HclType::String).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
                });
                (t.root, steps.collect())
            })
            .collect();
        let want: Vec<(String, Vec<String>)> =
            want.iter().map(|(r, s)| ((*r).to_owned(), s.iter().map(|x| (*x).to_owned()).collect())).collect();
        assert_eq!(got, want, "{src}");
    }
}

#[test]
fn errors_point_at_the_offending_sub_expression() {
    let fctx = function_context("/base");
    let scope = scope();
    let ctx = EvalContext::new(&scope, FunctionSet::All, &fctx, FileId(3));
    let src = "[1, 2 + \"a\"]";
    let expr = hcl_edit::parser::parse_expr(src).unwrap();
    let diags = evaluate(&expr, &ctx).unwrap_err();
    let span = diags[0].subject.expect("subject");
    assert_eq!((span.file, &src[span.start as usize..span.end as usize]), (FileId(3), "\"a\""));
}
