//! The public API callers rely on: fast paths, called-function lists, error kinds.

use rpacker_gotmpl::{has_actions, ArgType, ErrorKind, FuncMap, Signature, Template, Value};

fn funcs() -> FuncMap {
    let mut f = FuncMap::new();
    f.insert_with_signature("env", Signature::fixed(&[ArgType::String]), |_| {
        Err("env vars are not allowed here".to_owned())
    });
    f.insert("user", |a| Ok(Value::String(format!("{}!", a.first().map(ToString::to_string).unwrap_or_default()))));
    f
}

#[test]
fn plain_text_fast_path() {
    let cases = [("abc", true), ("", true), ("a { b } }}", true), ("{{.X}}", false), ("a {{/* c */}} b", false)];
    for (src, plain) in cases {
        let t = Template::parse("root", src, &funcs()).unwrap();
        assert_eq!((t.is_plain_text(), has_actions(src)), (plain, !plain), "{src}");
        if plain {
            assert_eq!(t.execute(&Value::Nil, &funcs()).unwrap(), src);
        }
    }
}

#[test]
fn lists_called_functions() {
    let cases: [(&str, &[&str]); 4] = [
        ("{{ user `a` }}", &["user"]),
        ("{{ if eq (user `a`) `b` }}{{ env `X` | user }}{{ end }}", &["eq", "user", "env"]),
        ("{{ .Name }} {{ $x := 1 }}", &[]),
        ("{{define \"t\"}}{{printf `%s` .}}{{end}}{{template \"t\" (user `a`)}}", &["printf", "user"]),
    ];
    for (src, want) in cases {
        let t = Template::parse("root", src, &funcs()).unwrap();
        assert_eq!(t.called_functions(), want.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(), "{src}");
    }
}

#[test]
fn error_kinds_and_positions() {
    // verified with packer 1.6.6: `function "x" not defined`, `unclosed action`.
    let e = Template::parse("root", "ab\n{{ x }}", &funcs()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UndefinedFunction { name: "x".to_owned() });
    assert_eq!((e.line, e.offset, e.to_string().as_str()), (2, 6, "template: root:2: function \"x\" not defined"));
    assert!(e.is_parse());

    let e = Template::parse("root", "{{", &funcs()).unwrap_err();
    assert_eq!((&e.kind, e.to_string().as_str()), (&ErrorKind::Parse, "template: root:1: unclosed action"));

    // verified with packer 1.6.6: the exec error names the call and its column.
    let t = Template::parse("root", "{{ env `HOME` }}", &funcs()).unwrap();
    let e = t.execute(&Value::Nil, &funcs()).unwrap_err();
    assert_eq!(
        e.kind,
        ErrorKind::FuncCall { name: "env".to_owned(), message: "env vars are not allowed here".to_owned() }
    );
    assert_eq!(e.offset, 3);
    assert_eq!(
        e.to_string(),
        "template: root:1:3: executing \"root\" at <env `HOME`>: error calling env: env vars are not allowed here"
    );
    assert_eq!(e.detail(), "error calling env: env vars are not allowed here");
    assert!(!e.is_parse());
}

#[test]
fn insert_is_variadic_any() {
    // `insert` functions accept any arguments, including none and the piped value last.
    let cases = [("{{ user }}", "!"), ("{{ user 1 2 }}", "1!"), ("{{ 3 | user `a` }}", "a!")];
    for (src, want) in cases {
        let t = Template::parse("root", src, &funcs()).unwrap();
        assert_eq!(t.execute(&Value::Nil, &funcs()).unwrap(), want, "{src}");
    }
}

#[test]
fn template_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync + Clone + std::fmt::Debug>() {}
    assert_send_sync::<Template>();
    assert_send_sync::<rpacker_gotmpl::Error>();
}
