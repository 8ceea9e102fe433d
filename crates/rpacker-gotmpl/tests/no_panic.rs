//! Parsing and executing arbitrary (mutated) sources never panics: it renders or errors.

use std::collections::BTreeMap;

use rpacker_gotmpl::{ArgType, FuncMap, Signature, Template, Value};

/// A 64-bit LCG (Knuth's MMIX constants): deterministic, no dependencies.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next()).unwrap_or(0) % n
    }
}

const SEEDS: &[&str] = &[
    "{{ .Name | printf \"%s-%d\" 3 }}",
    "{{ range $i, $v := .L }}{{ if eq $i 1 }}{{ break }}{{ end }}{{ $v }}{{ else }}none{{ end }}",
    "{{- with .M -}} {{ .k }} {{- end }}",
    "{{ define \"t\" }}{{ . }}{{ end }}{{ template \"t\" (index .L 0) }}",
    "{{ and (lt 1 2) (or 0 \"x\") | not }}",
    "{{ slice \"abc\" 1 2 }} {{ len .L }} {{ html \"<\" }} {{ js \"'\" }} {{ urlquery \"a b\" }}",
    "{{/* c */}}{{ $x := 1 }}{{ $x = 2 }}{{ $x }}",
    "{{ f `a` 0x1F 1.5e3 'c' true nil }}",
    "{{ (f \"a\").X }}{{ .M.Sub.Deep }}",
];

const TOKENS: &[&str] = &[
    "{{", "}}", "{{-", "-}}", " ", "(", ")", "|", "$", "$x", ":=", "=", ".", ".X", "\"", "`", "'", "0x", "1", "-",
    "if", "else", "end", "range", "with", "break", "continue", "define", "template", "block", "nil", "index", "slice",
    "printf", "%", "/*", "*/", "\n", "é", "\\", ",",
];

#[test]
fn mutated_templates_never_panic() {
    let mut funcs = FuncMap::new();
    funcs.insert_with_signature("f", Signature::with_variadic(&[ArgType::String], ArgType::Any), |a| {
        Ok(Value::List(a.to_vec()))
    });
    let mut data = BTreeMap::new();
    data.insert("Name".to_owned(), Value::from("n"));
    data.insert("L".to_owned(), Value::List(vec![Value::from("a"), Value::Int(2)]));
    let data = Value::Map(data);
    let mut rng = Lcg(0x5eed);
    let mut outcomes = [0usize; 3];
    for _ in 0..4000 {
        let mut src: Vec<char> = SEEDS[rng.below(SEEDS.len())].chars().collect();
        for _ in 0..=rng.below(4) {
            let at = rng.below(src.len() + 1);
            match rng.below(3) {
                0 if !src.is_empty() => {
                    src.remove(at.min(src.len() - 1));
                }
                1 => src.splice(at..at, TOKENS[rng.below(TOKENS.len())].chars()).for_each(drop),
                _ => {
                    let c = char::from(u8::try_from(32 + rng.below(95)).unwrap_or(b'x'));
                    src.insert(at, c);
                }
            }
        }
        let src: String = src.into_iter().collect();
        match Template::parse("root", &src, &funcs) {
            Err(e) => {
                assert!(e.to_string().starts_with("template: root:"), "{src:?}: {e}");
                outcomes[0] += 1;
            }
            Ok(t) => match t.execute(&data, &funcs) {
                Ok(_) => outcomes[1] += 1,
                Err(e) => {
                    assert!(e.to_string().starts_with("template: "), "{src:?}: {e}");
                    outcomes[2] += 1;
                }
            },
        }
    }
    // The mutations exercise all three outcomes.
    assert!(outcomes.iter().all(|&n| n > 100), "{outcomes:?}");
}

#[test]
fn deep_nesting_is_handled() {
    // Nesting up to the parser's limit parses and runs on a test thread's stack; beyond it
    // is a parse error, not a stack overflow.
    let depth = 100;
    let src = format!("{}1{}", "{{ print ".to_owned() + &"(print ".repeat(depth), ")".repeat(depth) + " }}");
    let t = Template::parse("root", &src, &FuncMap::new()).unwrap();
    assert_eq!(t.execute(&Value::Nil, &FuncMap::new()).unwrap(), "1");
    let src = format!("{}x{}", "{{if 1}}".repeat(depth), "{{end}}".repeat(depth));
    let t = Template::parse("root", &src, &FuncMap::new()).unwrap();
    assert_eq!(t.execute(&Value::Nil, &FuncMap::new()).unwrap(), "x");
    let src = format!("{}x{}", "{{with 1}}".repeat(depth + 1), "{{end}}".repeat(depth + 1));
    let e = Template::parse("root", &src, &FuncMap::new()).unwrap_err();
    assert_eq!(e.to_string(), "template: root:1: max expression depth exceeded");
    let src = format!("{{{{ {}1{} }}}}", "(".repeat(10_000), ")".repeat(10_000));
    let e = Template::parse("root", &src, &FuncMap::new()).unwrap_err();
    assert_eq!(e.to_string(), "template: root:1: max expression depth exceeded");
}
