//! `render_user_variables` end to end. Cases marked V were run through packer 1.6.6
//! (`packer validate` for errors, `packer console` + `variables` for the values).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::*;

fn run() -> Arc<RunInfo> {
    crate::environment::reference_run()
}

fn render(defaults: &[(&str, Option<&str>)], provided: &[(&str, &str)]) -> Result<BTreeMap<String, String>, String> {
    let defaults: Vec<(String, Option<String>)> =
        defaults.iter().map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned))).collect();
    let provided: Vec<(String, String)> = provided.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    render_user_variables(&defaults, &provided, &run(), Some(Path::new("/tpl/dir/t.json"))).map_err(|e| e.to_string())
}

/// The values as Packer's console `variables` lists them (including its `""` entry).
fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

/// Declared variables: name and default (`None` = required).
type Defaults = &'static [(&'static str, Option<&'static str>)];
/// Name/value pairs.
type Pairs = &'static [(&'static str, &'static str)];

const PLEASE: &str = ": Please make sure that the variable you're referencing has been defined; Packer treats all \
variables used to interpolate other user variables as required.";

#[test]
fn renders_values_like_packer() {
    let cases: &[(&str, Defaults, Pairs, Pairs)] = &[
        (
            "V chain",
            &[("a", Some("x")), ("b", Some("{{user `a`}}y")), ("c", Some("{{user `b`}}z"))],
            &[],
            &[("", ""), ("a", "x"), ("b", "xy"), ("c", "xyz")],
        ),
        (
            "reverse chain",
            &[("a", Some("{{user `b`}}1")), ("b", Some("{{user `c`}}2")), ("c", Some("3"))],
            &[],
            &[("", ""), ("a", "321"), ("b", "32"), ("c", "3")],
        ),
        (
            "double quotes retry",
            &[("a", Some("{{user \"b\"}}")), ("b", Some("q"))],
            &[],
            &[("", ""), ("a", "q"), ("b", "q")],
        ),
        ("V env in default", &[("a", Some("{{env `HOME`}}"))], &[], &[("", ""), ("a", "/root")]),
        ("V template_dir", &[("a", Some("{{template_dir}}"))], &[], &[("", ""), ("a", "/tpl/dir")]),
        (
            "V dot field kept",
            &[("a", Some("{{ .X }}{{user `b`}}")), ("b", Some("q"))],
            &[],
            &[("", ""), ("a", "{{ .X }}q"), ("b", "q")],
        ),
        (
            "V dot field and override",
            &[("a", Some("x")), ("b", Some("{{user `a`}}-{{ .HTTPIP }}"))],
            &[("a", "over"), ("z", "{{user `a`}}")],
            &[("", ""), ("a", "over"), ("b", "over-{{ .HTTPIP }}"), ("z", "over")],
        ),
        (
            "V provided is raw until rendered",
            &[("a", Some("{{user \"b\"}}"))],
            &[("b", "{{user \"c\"}}"), ("c", "z")],
            &[("", ""), ("a", "{{user \"c\"}}"), ("b", "z"), ("c", "z")],
        ),
        (
            "V provided template",
            &[("a", Some("{{user `b`}}"))],
            &[("b", "{{upper `c`}}")],
            &[("", ""), ("a", "C"), ("b", "C")],
        ),
        ("V required given empty", &[("a", None)], &[("a", "")], &[("", ""), ("a", "")]),
        ("V empty name is a variable (1.6.6)", &[("a", Some("{{user ``}}"))], &[], &[("", ""), ("a", "")]),
        ("later provided wins", &[], &[("a", "1"), ("a", "2")], &[("", ""), ("a", "2")]),
        ("packer_version (current Packer)", &[("a", Some("{{ packer_version }}"))], &[], &[("", ""), ("a", "1.6.6")]),
        ("no variables", &[], &[], &[]),
    ];
    for (name, defaults, provided, want) in cases {
        assert_eq!(render(defaults, provided), Ok(values(want)), "{name}");
    }
}

#[test]
fn fails_like_packer() {
    let cases: &[(&str, Defaults, String)] = &[
        ("V cycle", &[("a", Some("{{user `b`}}")), ("b", Some("{{user `a`}}"))], format!(
            "Failed to interpolate \"b\": \"{{{{user `a`}}}}\"; error: template: root:1:2: executing \"root\" at <user `a`>: \
error calling user: Error: variable not set: a{PLEASE}")),
        ("V undefined", &[("a", Some("{{user `nope`}}"))], format!(
            "Failed to interpolate \"a\": \"{{{{user `nope`}}}}\"; error: template: root:1:2: executing \"root\" at \
<user `nope`>: error calling user: Error: variable not set: nope{PLEASE}")),
        ("V undefined double quotes", &[("a", Some("{{user \"nope\"}}"))], format!(
            "Failed to interpolate \"a\": \"{{{{user \"nope\"}}}}\"; error: template: root:1:2: executing \"root\" at \
<user \"nope\">: error calling user: Error: variable not set: nope{PLEASE}")),
        // V: the column counts the 36-character stand-in for `{{.X}}`.
        ("V column after dot field", &[("a", Some("{{.X}}{{user \"nope\"}}"))], format!(
            "Failed to interpolate \"a\": \"{{{{.X}}}}{{{{user \"nope\"}}}}\"; error: template: root:1:38: executing \"root\" \
at <user \"nope\">: error calling user: Error: variable not set: nope{PLEASE}")),
        ("V parse error", &[("a", Some("{{nope}}"))],
            "error interpolating default value for 'a': template: root:1: function \"nope\" not defined".to_owned()),
        ("V exec error is bare", &[("a", Some("{{build_name}}"))],
            "template: root:1:2: executing \"root\" at <build_name>: error calling build_name: build_name not available".to_owned()),
        ("V vault needs a token", &[("a", Some("{{vault `a` `b`}}"))],
            "template: root:1:2: executing \"root\" at <vault `a` `b`>: error calling vault: Must set VAULT_TOKEN env var \
in order to use vault template function".to_owned()),
        ("V first failure in sorted order aborts", &[("b", Some("{{nope}}")), ("a", Some("{{split `a` `b` 3}}"))],
            "template: root:1:2: executing \"root\" at <split `a` `b` 3>: error calling split: the substring 3 was \
unavailable using the separator value, b, only 1 values were found".to_owned()),
        ("consul cannot be reached", &[("a", Some("{{consul_key `k`}}"))],
            "template: root:1:2: executing \"root\" at <consul_key `k`>: error calling consul_key: rpacker cannot reach \
Consul yet (reading key \"k\"); pass the value with -var or -var-file instead".to_owned()),
    ];
    for (name, defaults, want) in cases {
        assert_eq!(render(defaults, &[]), Err(want.clone()), "{name}");
    }
}

#[test]
fn errors_name_their_variable() {
    let defaults = vec![("a".to_owned(), Some("{{user `nope`}}".to_owned()))];
    let err = render_user_variables(&defaults, &[], &run(), None).unwrap_err();
    assert_eq!(err.name(), "a");
    assert!(matches!(err, VariableError::Unresolved { .. }));
}
