//! Go `text/template` semantics, case by case: (template, expected outcome).
//!
//! Every expected outcome was produced by Go 1.19.8's `text/template` (the toolchain Packer
//! 1.6.6 is built with; `strings /usr/bin/packer` shows `go1.19.8`) with the same data and
//! functions as [`data`] and [`funcs`] below; a sample was re-checked with
//! `echo '…' | packer console` (verified with packer 1.6.6). `OK:` is the output, `PERR:` a
//! parse error, `EERR:` an execution error.

use std::collections::BTreeMap;

use rpacker_gotmpl::{ArgType, FuncMap, Signature, Template, Value};

fn s(x: &str) -> Value {
    Value::String(x.to_owned())
}

fn data() -> Value {
    let mut sub = BTreeMap::new();
    sub.insert("Deep".to_owned(), s("d"));
    let mut m = BTreeMap::new();
    m.insert("k".to_owned(), s("v"));
    m.insert("a".to_owned(), s("x"));
    m.insert("Sub".to_owned(), Value::Map(sub));
    let mut d = BTreeMap::new();
    d.insert("Name".to_owned(), s("world"));
    d.insert("N".to_owned(), Value::Int(3));
    d.insert("F".to_owned(), Value::Float(1.5));
    d.insert("T".to_owned(), Value::Bool(true));
    d.insert("E".to_owned(), s(""));
    d.insert("L".to_owned(), Value::List(vec![s("a"), s("b"), s("c")]));
    d.insert("IL".to_owned(), Value::List(vec![Value::Int(1), Value::Int(2), Value::Int(3)]));
    d.insert("M".to_owned(), Value::Map(m));
    d.insert("Html".to_owned(), s("<a href=\"x\">&'</a>"));
    Value::Map(d)
}

fn str_arg(args: &[Value], i: usize) -> String {
    args[i].as_str().unwrap_or_default().to_owned()
}

/// The same functions, with the same Go signatures, as the Go program that produced the
/// expectations.
fn funcs() -> FuncMap {
    use ArgType::{Any, Int, String as Str};
    let mut f = FuncMap::new();
    f.insert_with_signature("env", Signature::fixed(&[Str]), |_| Err("env vars are not allowed here".to_owned()));
    f.insert_with_signature("user", Signature::fixed(&[Str]), |a| Ok(Value::String(format!("u-{}", str_arg(a, 0)))));
    f.insert_with_signature("upper", Signature::fixed(&[Str]), |a| Ok(Value::String(str_arg(a, 0).to_uppercase())));
    f.insert_with_signature("split", Signature::fixed(&[Str, Str, Int]), |a| {
        let (src, sep) = (str_arg(a, 0), str_arg(a, 1));
        let Value::Int(i) = a[2] else { return Err("bad index".to_owned()) };
        let parts: Vec<&str> = src.split(sep.as_str()).collect();
        match usize::try_from(i).ok().and_then(|i| parts.get(i)) {
            Some(p) => Ok(s(p)),
            None => Err(format!(
                "the substring {i} was unavailable using the separator value, {sep}, only {} values were found",
                parts.len()
            )),
        }
    });
    f.insert_with_signature("isotime", Signature::with_variadic(&[], Str), |a| {
        if a.len() > 1 {
            let list: Vec<String> = a.iter().map(ToString::to_string).collect();
            return Err(format!("too many values, 1 needed: [{}]", list.join(" ")));
        }
        Ok(s("ISO"))
    });
    f.insert_with_signature("anyf", Signature::with_variadic(&[], Any), |a| Ok(Value::String(a.len().to_string())));
    f.insert_with_signature("timestamp", Signature::fixed(&[]), |_| Ok(s("1700000000")));
    f
}

fn outcome(src: &str) -> String {
    let funcs = funcs();
    match Template::parse("root", src, &funcs) {
        Err(e) => format!("PERR:{e}"),
        Ok(t) => match t.execute(&data(), &funcs) {
            Ok(out) => format!("OK:{out}"),
            Err(e) => format!("EERR:{e}"),
        },
    }
}

#[test]
fn matches_go_text_template() {
    let mut failures = Vec::new();
    for (src, want) in CASES {
        let got = outcome(src);
        if got != *want {
            failures.push(format!("template: {src:?}\n   want: {want:?}\n    got: {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from Go:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// (template, Go's outcome).
const CASES: &[(&str, &str)] = &[
    ("plain text", "OK:plain text"),
    ("a {{- \"b\" -}} c", "OK:abc"),
    ("a  {{- \"b\"}}  c", "OK:ab  c"),
    ("a {{\"b\" -}}\n\n c", "OK:a bc"),
    ("{{-3}}", "OK:-3"),
    ("{{- 3 -}}", "OK:3"),
    ("x {{/* comment */}} y", "OK:x  y"),
    ("x {{- /* c */ -}} y", "OK:xy"),
    ("{{/* a */ -}}  z", "OK:z"),
    ("{{ /* c */ }}", "PERR:template: root:1: unexpected \"/\" in command"),
    ("{{\"a\\tb\\n\\\\\\\"\"}}", "OK:a\tb\n\\\""),
    ("{{`raw\\n`}}", "OK:raw\\n"),
    ("{{\"\\x41\\u00e9\\U0001F600\"}}", "OK:Aé😀"),
    ("{{'a'}}", "OK:97"),
    ("{{'\\n'}}", "OK:10"),
    ("{{0x1F}} {{0o17}} {{017}} {{0b101}} {{1_000}}", "OK:31 15 15 5 1000"),
    ("{{1.5}} {{1e3}} {{2.0}} {{.5}} {{-0.25}}", "OK:1.5 1000 2 0.5 -0.25"),
    ("{{true}} {{false}}", "OK:true false"),
    ("{{1e6}} {{123456.0}} {{0.00001}}", "OK:1e+06 123456 1e-05"),
    ("{{0x1p-2}}", "OK:0.25"),
    ("{{ 18446744073709551615 }}", "EERR:template: root:1:3: executing \"root\" at <18446744073709551615>: 18446744073709551615 overflows int"),
    ("{{ 99999999999999999999 }}", "PERR:template: root:1: integer overflow: \"99999999999999999999\""),
    ("{{ 089 }}", "PERR:template: root:1: integer overflow: \"089\""),
    ("{{ 0x }}", "PERR:template: root:1: illegal number syntax: \"0x\""),
    ("{{nil}}", "EERR:template: root:1:2: executing \"root\" at <nil>: nil is not a command"),
    ("{{ \"\\q\" }}", "PERR:template: root:1: invalid syntax"),
    ("{{ 'ab' }}", "PERR:template: root:1: malformed character constant: 'ab'"),
    ("{{.Name}}", "OK:world"),
    ("{{.Nope}}", "OK:<no value>"),
    ("{{.M.k}}", "OK:v"),
    ("{{.M.Sub.Deep}}", "OK:d"),
    ("{{.M.nope.deeper}}", "OK:<no value>"),
    ("{{ .Name.X }}", "EERR:template: root:1:8: executing \"root\" at <.Name.X>: can't evaluate field X in type interface {}"),
    ("{{ .N.X }}", "EERR:template: root:1:5: executing \"root\" at <.N.X>: can't evaluate field X in type interface {}"),
    ("{{.}}", "OK:map[E: F:1.5 Html:<a href=\"x\">&'</a> IL:[1 2 3] L:[a b c] M:map[Sub:map[Deep:d] a:x k:v] N:3 Name:world T:true]"),
    ("{{.L}}", "OK:[a b c]"),
    ("{{.M}}", "OK:map[Sub:map[Deep:d] a:x k:v]"),
    ("{{.IL}}", "OK:[1 2 3]"),
    ("{{.F}} {{.T}} {{.N}}", "OK:1.5 true 3"),
    ("{{ .Name \"x\" }}", "EERR:template: root:1:3: executing \"root\" at <.Name>: Name is not a method but has arguments"),
    ("{{ \"x\" | .Name }}", "EERR:template: root:1:9: executing \"root\" at <.Name>: Name is not a method but has arguments"),
    ("{{$x := .Name}}{{$x}}", "OK:world"),
    ("{{$x := 1}}{{$x = 2}}{{$x}}", "OK:2"),
    ("{{$}}", "OK:map[E: F:1.5 Html:<a href=\"x\">&'</a> IL:[1 2 3] L:[a b c] M:map[Sub:map[Deep:d] a:x k:v] N:3 Name:world T:true]"),
    ("{{$.Name}}", "OK:world"),
    ("{{$x := .M}}{{$x.k}}", "OK:v"),
    ("{{$y}}", "PERR:template: root:1: undefined variable \"$y\""),
    ("{{$x := 1}}{{$x 2}}", "EERR:template: root:1:13: executing \"root\" at <$x>: can't give argument to non-function $x"),
    ("{{if true}}{{$x := 1}}{{end}}{{$x}}", "PERR:template: root:1: undefined variable \"$x\""),
    ("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "OK:2"),
    ("{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}", "OK:21"),
    ("{{$a, $b := 1}}", "PERR:template: root:1: too many declarations in command"),
    ("{{range $a, $b, $c := .L}}{{end}}", "PERR:template: root:1: too many declarations in range"),
    ("{{upper \"abc\"}}", "OK:ABC"),
    ("{{\"abc\" | upper}}", "OK:ABC"),
    ("{{ .Name | upper | printf \"%s!\" }}", "OK:WORLD!"),
    ("{{ upper (print \"a\" \"b\") }}", "OK:AB"),
    ("{{ (print \"a\") | upper }}", "OK:A"),
    ("{{ split \"a-b-c\" \"-\" 1 }}", "OK:b"),
    ("{{ split \"a-b\" \"-\" 5 }}", "EERR:template: root:1:3: executing \"root\" at <split \"a-b\" \"-\" 5>: error calling split: the substring 5 was unavailable using the separator value, -, only 2 values were found"),
    ("{{ 2 | split \"a-b-c\" \"-\" }}", "OK:c"),
    ("{{ split \"a\" \"-\" \"1\" }}", "EERR:template: root:1:17: executing \"root\" at <\"1\">: expected integer; found \"1\""),
    ("{{ split \"a\" \"-\" }}", "EERR:template: root:1:3: executing \"root\" at <split>: wrong number of args for split: want 3 got 2"),
    ("{{ upper 1 }}", "EERR:template: root:1:9: executing \"root\" at <1>: expected string; found 1"),
    ("{{ upper .N }}", "EERR:template: root:1:9: executing \"root\" at <.N>: wrong type for value; expected string; got int"),
    ("{{ upper .Nope }}", "EERR:template: root:1:9: executing \"root\" at <.Nope>: invalid value; expected string"),
    ("{{ upper nil }}", "EERR:template: root:1:9: executing \"root\" at <nil>: cannot assign nil to string"),
    ("{{ upper }}", "EERR:template: root:1:3: executing \"root\" at <upper>: wrong number of args for upper: want 1 got 0"),
    ("{{ upper \"a\" \"b\" }}", "EERR:template: root:1:3: executing \"root\" at <upper>: wrong number of args for upper: want 1 got 2"),
    ("{{ isotime }}", "OK:ISO"),
    ("{{ isotime \"a\" \"b\" }}", "EERR:template: root:1:3: executing \"root\" at <isotime \"a\" \"b\">: error calling isotime: too many values, 1 needed: [a b]"),
    ("{{ isotime 1 }}", "EERR:template: root:1:11: executing \"root\" at <1>: expected string; found 1"),
    ("{{ timestamp }}", "OK:1700000000"),
    ("{{ timestamp 1 }}", "EERR:template: root:1:3: executing \"root\" at <timestamp>: wrong number of args for timestamp: want 0 got 1"),
    ("{{ anyf 1 \"a\" nil .Nope }}", "OK:4"),
    ("{{ env `HOME` }}", "EERR:template: root:1:3: executing \"root\" at <env `HOME`>: error calling env: env vars are not allowed here"),
    ("x\ny {{ env `HOME` }}", "EERR:template: root:2:5: executing \"root\" at <env `HOME`>: error calling env: env vars are not allowed here"),
    ("{{ print (env `HOME`) }}", "EERR:template: root:1:10: executing \"root\" at <env `HOME`>: error calling env: env vars are not allowed here"),
    ("{{ user `a` }}", "OK:u-a"),
    ("{{ \"x\" | user }}", "OK:u-x"),
    ("{{ x }}", "PERR:template: root:1: function \"x\" not defined"),
    ("{{ 1 | 2 }}", "PERR:template: root:1: non executable command in pipeline stage 2"),
    ("{{ 1 | \"a\" }}", "PERR:template: root:1: non executable command in pipeline stage 2"),
    ("{{ upper | }}", "EERR:template: root:1:3: executing \"root\" at <upper>: wrong number of args for upper: want 1 got 0"),
    ("{{ | upper }}", "PERR:template: root:1: unexpected \"|\" in command"),
    ("{{ (1) }}", "OK:1"),
    ("{{ (upper \"a\").X }}", "EERR:template: root:1:10: executing \"root\" at <\"a\">: can't evaluate field X in type string"),
    ("{{ (.M).k }}", "OK:v"),
    ("{{ (.M).Sub.Deep }}", "OK:d"),
    ("{{ \"a\".X }}", "PERR:template: root:1: unexpected . after term \"\\\"a\\\"\""),
    ("{{ nil.X }}", "PERR:template: root:1: unexpected . after term \"nil\""),
    ("{{ (nil).X }}", "EERR:template: root:1:4: executing \"root\" at <nil>: nil is not a command"),
    ("{{ 1 2 }}", "EERR:template: root:1:3: executing \"root\" at <1>: can't give argument to non-function 1"),
    ("{{ . 1 }}", "EERR:template: root:1:3: executing \"root\" at <.>: can't give argument to non-function ."),
    ("{{ \"a\" | 1 }}", "PERR:template: root:1: non executable command in pipeline stage 2"),
    ("{{if .T}}yes{{end}}", "OK:yes"),
    ("{{if .E}}yes{{else}}no{{end}}", "OK:no"),
    ("{{if .E}}a{{else if .N}}b{{else}}c{{end}}", "OK:b"),
    ("{{if .E}}a{{else if .Nope}}b{{else if .F}}f{{end}}", "OK:f"),
    ("{{if}}{{end}}", "PERR:template: root:1: missing value for if"),
    ("{{if .T}}", "PERR:template: root:1: unexpected EOF"),
    ("{{else}}", "PERR:template: root:1: unexpected {{else}}"),
    ("{{end}}", "PERR:template: root:1: unexpected {{end}}"),
    ("{{if .T}}{{else}}{{else}}{{end}}", "PERR:template: root:1: expected end; found {{else}}"),
    ("{{if .T}}a{{end}}{{end}}", "PERR:template: root:1: unexpected {{end}}"),
    ("{{with .Name}}{{.}}{{end}}", "OK:world"),
    ("{{with .Nope}}x{{else}}none{{end}}", "OK:none"),
    ("{{with $x := .M}}{{$x.k}}{{.a}}{{end}}", "OK:vx"),
    ("{{with .M}}{{.Sub.Deep}}{{end}}", "OK:d"),
    ("{{range .L}}{{.}},{{end}}", "OK:a,b,c,"),
    ("{{range $i, $v := .L}}{{$i}}={{$v}} {{end}}", "OK:0=a 1=b 2=c "),
    ("{{range $k, $v := .M}}{{$k}}:{{$v}};{{end}}", "OK:Sub:map[Deep:d];a:x;k:v;"),
    ("{{range .Nope}}x{{else}}empty{{end}}", "OK:empty"),
    ("{{range .E}}x{{end}}", "EERR:template: root:1:8: executing \"root\" at <.E>: range can't iterate over "),
    ("{{range \"ab\"}}{{end}}", "EERR:template: root:1:8: executing \"root\" at <\"ab\">: range can't iterate over ab"),
    ("{{range .N}}{{end}}", "EERR:template: root:1:8: executing \"root\" at <.N>: range can't iterate over 3"),
    ("{{range .L}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}", "OK:a"),
    ("{{range .L}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}", "OK:ac"),
    ("{{break}}", "PERR:template: root:1: {{break}} outside {{range}}"),
    ("{{continue}}", "PERR:template: root:1: {{continue}} outside {{range}}"),
    ("{{range .L}}{{break 1}}{{end}}", "PERR:template: root:1: unexpected \"1\" in {{break}}"),
    ("{{range $v := .L}}{{$v}}{{end}}{{$v}}", "PERR:template: root:1: undefined variable \"$v\""),
    ("{{range .L}}{{.X}}{{end}}", "EERR:template: root:1:14: executing \"root\" at <.X>: can't evaluate field X in type interface {}"),
    ("{{range $v := .L}}{{$v.X}}{{end}}", "EERR:template: root:1:22: executing \"root\" at <$v.X>: can't evaluate field X in type interface {}"),
    ("{{range .IL}}{{.}}{{else}}none{{end}}", "OK:123"),
    ("{{range $i, $e := .IL}}{{if gt $e 1}}{{$i}}{{end}}{{end}}", "OK:12"),
    ("{{define \"t\"}}T{{.}}{{end}}{{template \"t\" .Name}}", "OK:Tworld"),
    ("{{template \"nope\"}}", "EERR:template: root:1:11: executing \"root\" at <{{template \"nope\"}}>: template \"nope\" not defined"),
    ("{{define \"a\"}}{{template \"a\"}}{{end}}{{template \"a\"}}", "EERR:template: root:1:25: executing \"a\" at <{{template \"a\"}}>: exceeded maximum template depth (100000)"),
    ("{{block \"b\" .N}}B{{.}}{{end}}", "OK:B3"),
    ("{{define \"t\"}}a{{end}}{{define \"t\"}}b{{end}}", "PERR:template: root:1: template: multiple definition of template \"t\""),
    ("{{define \"root\"}}R{{end}}", "OK:R"),
    ("{{define 1}}{{end}}", "PERR:template: root:1: unexpected \"1\" in define clause"),
    ("{{template}}", "PERR:template: root:1: unexpected \"}}\" in template clause"),
    ("{{and 1 0 2}} {{and 1 2}} {{or 0 \"\" 3}} {{or 0 \"\"}} {{and}}", "EERR:template: root:1:54: executing \"root\" at <and>: wrong number of args for and: want at least 1 got 0"),
    ("{{and 1 (env `x`)}}", "EERR:template: root:1:9: executing \"root\" at <env `x`>: error calling env: env vars are not allowed here"),
    ("{{or 1 (env `x`)}}", "OK:1"),
    ("{{not 0}} {{not .Name}} {{not}}", "EERR:template: root:1:26: executing \"root\" at <not>: wrong number of args for not: want 1 got 0"),
    ("{{len .L}} {{len .M}} {{len .Name}} {{len \"\"}}", "OK:3 3 5 0"),
    ("{{len 3}}", "EERR:template: root:1:2: executing \"root\" at <len 3>: error calling len: len of type int"),
    ("{{len .Nope}}", "EERR:template: root:1:2: executing \"root\" at <len .Nope>: error calling len: reflect: call of reflect.Value.Type on zero Value"),
    ("{{len nil}}", "EERR:template: root:1:2: executing \"root\" at <len nil>: error calling len: reflect: call of reflect.Value.Type on zero Value"),
    ("{{index .L 1}} {{index .M \"k\"}} {{index .M \"zz\"}} {{index \"abc\" 0}} {{index .M \"Sub\" \"Deep\"}}", "OK:b v <no value> 97 d"),
    ("{{index .L 3}}", "EERR:template: root:1:2: executing \"root\" at <index .L 3>: error calling index: reflect: slice index out of range"),
    ("{{index .L 5}}", "EERR:template: root:1:2: executing \"root\" at <index .L 5>: error calling index: index out of range: 5"),
    ("{{index .L -1}}", "EERR:template: root:1:2: executing \"root\" at <index .L -1>: error calling index: index out of range: -1"),
    ("{{index .L \"a\"}}", "EERR:template: root:1:2: executing \"root\" at <index .L \"a\">: error calling index: cannot index slice/array with type string"),
    ("{{index .M 1}}", "EERR:template: root:1:2: executing \"root\" at <index .M 1>: error calling index: value has type int; should be string"),
    ("{{index nil 1}}", "EERR:template: root:1:2: executing \"root\" at <index nil 1>: error calling index: index of untyped nil"),
    ("{{index 3 1}}", "EERR:template: root:1:2: executing \"root\" at <index 3 1>: error calling index: can't index item of type int"),
    ("{{index .L}}", "OK:[a b c]"),
    ("{{index .M \"zz\" \"x\"}}", "EERR:template: root:1:2: executing \"root\" at <index .M \"zz\" \"x\">: error calling index: index of nil pointer"),
    ("{{slice .L 1}} {{slice .L 1 2}} {{slice \"abcd\" 1 3}} {{slice .L}}", "OK:[b c] [b] bc [a b c]"),
    ("{{slice .L 2 1}}", "EERR:template: root:1:2: executing \"root\" at <slice .L 2 1>: error calling slice: invalid slice index: 2 > 1"),
    ("{{slice \"abc\" 1 2 3}}", "EERR:template: root:1:2: executing \"root\" at <slice \"abc\" 1 2 3>: error calling slice: cannot 3-index slice a string"),
    ("{{slice 3 1}}", "EERR:template: root:1:2: executing \"root\" at <slice 3 1>: error calling slice: can't slice item of type int"),
    ("{{slice .L 0 1 2 3}}", "EERR:template: root:1:2: executing \"root\" at <slice .L 0 1 2 3>: error calling slice: too many slice indexes: 4"),
    ("{{slice .L 9}}", "EERR:template: root:1:2: executing \"root\" at <slice .L 9>: error calling slice: index out of range: 9"),
    ("{{print 1 2 \"a\" \"b\" 3 nil true}}", "OK:1 2ab3 <nil> true"),
    ("{{println 1 \"a\"}}", "OK:1 a\n"),
    ("{{print}}", "OK:"),
    ("{{print .L .M}}", "OK:[a b c] map[Sub:map[Deep:d] a:x k:v]"),
    ("{{printf \"%d-%s\" 1 \"x\"}}", "OK:1-x"),
    ("{{printf 1}}", "EERR:template: root:1:9: executing \"root\" at <1>: expected string; found 1"),
    ("{{printf}}", "EERR:template: root:1:2: executing \"root\" at <printf>: wrong number of args for printf: want at least 1 got 0"),
    ("{{printf \"%d %s\" \"a\"}}", "OK:%!d(string=a) %!s(MISSING)"),
    ("{{ 1 | printf \"%d %s\" \"a\" }}", "OK:%!d(string=a) %!s(int=1)"),
    ("{{printf \"%5.2f|%-4d|%03d|%q|%x|%v|%t|%%\" 3.14159 7 5 \"hi\" 255 .L true}}", "OK: 3.14|7   |005|\"hi\"|ff|[a b c]|true|%"),
    ("{{printf \"%s\" .Nope}}", "OK:%!s(<nil>)"),
    ("{{printf \"%v\" .M}}", "OK:map[Sub:map[Deep:d] a:x k:v]"),
    ("{{printf \"%.2f\" 1}}", "OK:%!f(int=01)"),
    ("{{printf \"%d\" 1.5}}", "OK:%!d(float64=1.5)"),
    ("{{html .Html}}", "OK:&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt;"),
    ("{{html .Nope}}", "OK:&lt;no value&gt;"),
    ("{{html 1 \"a\" 2}}", "OK:1a2"),
    ("{{js .Html}}", "OK:\\u003Ca href\\u003D\\\"x\\\"\\u003E\\u0026\\'\\u003C/a\\u003E"),
    ("{{js \"a\\nb\\u2028\"}}", "OK:a\\u000Ab\\u2028"),
    ("{{urlquery \"a b&c=d/é~\"}}", "OK:a+b%26c%3Dd%2F%C3%A9~"),
    ("{{urlquery .L}}", "OK:%5Ba+b+c%5D"),
    ("{{call .Name}}", "EERR:template: root:1:2: executing \"root\" at <call .Name>: error calling call: non-function of type string"),
    ("{{call .Nope}}", "EERR:template: root:1:2: executing \"root\" at <call .Nope>: error calling call: call of nil"),
    ("{{call}}", "EERR:template: root:1:2: executing \"root\" at <call>: wrong number of args for call: want at least 1 got 0"),
    ("{{eq 1 1}} {{eq 1 2}} {{eq \"a\" \"a\"}} {{eq 1 2 3 1}} {{eq .Nope .Nope}} {{eq .Nope 1}} {{eq 1 .Nope}}", "OK:true false true true true false false"),
    ("{{eq 1 1.0}}", "EERR:template: root:1:2: executing \"root\" at <eq 1 1.0>: error calling eq: incompatible types for comparison"),
    ("{{eq 1 \"1\"}}", "EERR:template: root:1:2: executing \"root\" at <eq 1 \"1\">: error calling eq: incompatible types for comparison"),
    ("{{eq 1}}", "EERR:template: root:1:2: executing \"root\" at <eq 1>: error calling eq: missing argument for comparison"),
    ("{{eq .L .L}}", "EERR:template: root:1:2: executing \"root\" at <eq .L .L>: error calling eq: non-comparable type [a b c]: []interface {}"),
    ("{{eq .L .M}}", "EERR:template: root:1:2: executing \"root\" at <eq .L .M>: error calling eq: non-comparable types [a b c]: []interface {}, map[string]interface {}: map[Sub:map[Deep:d] a:x k:v]"),
    ("{{eq true true}}", "OK:true"),
    ("{{ne 1 2}} {{ne \"a\" \"a\"}}", "OK:true false"),
    ("{{ne 1 \"a\"}}", "EERR:template: root:1:2: executing \"root\" at <ne 1 \"a\">: error calling ne: incompatible types for comparison"),
    ("{{lt 1 2}} {{le 2 2}} {{gt 3 2}} {{ge 1 2}} {{lt \"a\" \"b\"}} {{lt 1.5 2.5}}", "OK:true true true false true true"),
    ("{{lt 1 2.5}}", "EERR:template: root:1:2: executing \"root\" at <lt 1 2.5>: error calling lt: incompatible types for comparison"),
    ("{{lt true false}}", "EERR:template: root:1:2: executing \"root\" at <lt true false>: error calling lt: invalid type for comparison"),
    ("{{lt .Nope 1}}", "EERR:template: root:1:2: executing \"root\" at <lt .Nope 1>: error calling lt: invalid type for comparison"),
    ("{{lt .L .L}}", "EERR:template: root:1:2: executing \"root\" at <lt .L .L>: error calling lt: invalid type for comparison"),
    ("{{gt 1 \"a\"}}", "EERR:template: root:1:2: executing \"root\" at <gt 1 \"a\">: error calling gt: incompatible types for comparison"),
    ("{{lt 1}}", "EERR:template: root:1:2: executing \"root\" at <lt>: wrong number of args for lt: want 2 got 1"),
    ("{{lt 1 2 3}}", "EERR:template: root:1:2: executing \"root\" at <lt>: wrong number of args for lt: want 2 got 3"),
    ("{{", "PERR:template: root:1: unclosed action"),
    ("{{ .Name", "PERR:template: root:1: unclosed action"),
    ("{{ \"abc }}", "PERR:template: root:1: unterminated quoted string"),
    ("{{ `abc }}", "PERR:template: root:1: unterminated raw quoted string"),
    ("{{ 'a }}", "PERR:template: root:1: unterminated character constant"),
    ("{{ a!b }}", "PERR:template: root:1: bad character U+0021 '!'"),
    ("{{ .X! }}", "PERR:template: root:1: bad character U+0021 '!'"),
    ("{{ ( }}", "PERR:template: root:1: unclosed left paren"),
    ("{{ ) }}", "PERR:template: root:1: unexpected \")\" in command"),
    ("{{ (upper \"a\" }}", "PERR:template: root:1: unclosed left paren"),
    ("{{/* x", "PERR:template: root:1: unclosed comment"),
    ("{{/* x */ y}}", "PERR:template: root:1: comment ends before closing delimiter"),
    ("{{ $x := }}", "PERR:template: root:1: missing value for command"),
    ("{{ := 1 }}", "PERR:template: root:1: unexpected \":=\" in command"),
    ("{{ : }}", "PERR:template: root:1: expected :="),
    ("{{ @ }}", "PERR:template: root:1: unexpected \"@\" in command"),
    ("{{ 3x }}", "PERR:template: root:1: bad number syntax: \"3x\""),
    ("{{ é }}", "PERR:template: root:1: function \"é\" not defined"),
    ("{{ \"a\" \"b\" }}", "EERR:template: root:1:3: executing \"root\" at <\"a\">: can't give argument to non-function \"a\""),
    ("{{ , }}", "PERR:template: root:1: unexpected \",\" in command"),
    ("{{if 1}}\n{{end", "PERR:template: root:2: unclosed action"),
    ("{{if 1}}\n\n{{", "PERR:template: root:3: unclosed action"),
    ("a\n{{ x }}", "PERR:template: root:2: function \"x\" not defined"),
    ("a\nb\n{{ .Name.X }}", "EERR:template: root:3:8: executing \"root\" at <.Name.X>: can't evaluate field X in type interface {}"),
    ("{{ \"a\nb\" }}", "PERR:template: root:1: unterminated quoted string"),
    ("{{range $i, 1 := .L}}{{end}}", "PERR:template: root:1: range can only initialize variables"),
    ("{{with $a, $b := 1}}{{end}}", "PERR:template: root:1: too many declarations in with"),
    ("{{ .Name.X.Y }}", "EERR:template: root:1:8: executing \"root\" at <.Name.X.Y>: can't evaluate field X in type interface {}"),
    ("{{ $ := 1 }}", "OK:"),
    ("{{ $x := 1 }}{{ $x := 2 }}{{ $x }}", "OK:2"),
    ("{{ $x.Y }}", "PERR:template: root:1: undefined variable \"$x\""),
    ("{{ print $ }}", "OK:map[E: F:1.5 Html:<a href=\"x\">&'</a> IL:[1 2 3] L:[a b c] M:map[Sub:map[Deep:d] a:x k:v] N:3 Name:world T:true]"),
    ("{{ . | print }}", "OK:map[E: F:1.5 Html:<a href=\"x\">&'</a> IL:[1 2 3] L:[a b c] M:map[Sub:map[Deep:d] a:x k:v] N:3 Name:world T:true]"),
];
