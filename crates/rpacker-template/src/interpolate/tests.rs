//! Rendering through the Go-template engine: whole strings, pipelines, config walks.
//! Expected texts were produced by packer 1.6.6 where marked V (`packer console`, `packer validate`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rpacker_gotmpl::Value;
use serde_json::json;

use super::*;
use crate::environment::RunInfo;

/// The run of the 1.6.6 quick-reference render (spec §9): init time 1795419190.
fn run() -> Arc<RunInfo> {
    crate::environment::reference_run()
}

fn user_vars(pairs: &[(&str, &str)]) -> Arc<BTreeMap<String, String>> {
    Arc::new(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
}

/// A provisioner's prepare-time context: build `nm` of type `null`, placeholder data.
fn prepare_ctx() -> InterpolateContext {
    let placeholders = placeholder_build_data(&[]);
    InterpolateContext::new(run())
        .with_user_variables(user_vars(&[("n", "nm"), ("x", "banana")]))
        .with_template_path(Some(PathBuf::from("/tpl/dir/t.json")))
        .with_build("nm".to_owned(), "null".to_owned())
        .with_data(string_map(&placeholders))
        .with_build_data(placeholders)
        .with_uuid_source(Arc::new(|| "6b03ec36-2d72-63a7-a4b6-491343603895".to_owned()))
}

fn string_map(map: &BTreeMap<String, String>) -> Value {
    Value::Map(map.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect())
}

#[test]
fn quick_reference_render_matches_packer() {
    // Spec §9, V: shell-local renders `inline` at prepare time (placeholders), then again at
    // provision time with the generated data of the null builder.
    let text = "{{build_name}}|{{build_type}}|{{template_dir}}|{{packer_version}}|{{timestamp}}|{{isotime \"2006\"}}|\
{{isotime}}|{{upper `a`}}|{{split `a-b` `-` 1}}|{{replace `a` `b` 1 `aaa`}}|{{replace_all `a` `b` `aaa`}}|{{uuid}}|\
{{pwd}}|{{strftime \"%Y\"}}|{{build `ID`}}|{{build `PackerRunUUID`}}|{{ .WinRMPassword }}X|{{ user `nope` }}Y|{{ .Foo }}|\
{{lower `ABC`}}";
    let prepared = render_once(text, "inline", &prepare_ctx()).unwrap();
    assert_eq!(
        prepared,
        "nm|null|/tpl/dir|1.6.6|1795419190|2026|2026-11-23T07:33:10Z|A|b|baa|bbb|6b03ec36-2d72-63a7-a4b6-491343603895|\
/cwd|2026|{{.ID}}|{{.PackerRunUUID}}|{{.WinRMPassword}}X|Y|<no value>|abc"
    );
    let generated: BTreeMap<String, String> =
        [("ID", "Null"), ("PackerRunUUID", "6640b9d6-669b-9dd8-f85f-772ee11d87f5")]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
    let provision_ctx = prepare_ctx().with_data(string_map(&generated)).with_build_data(generated);
    assert_eq!(
        render_once(&prepared, "inline", &provision_ctx).unwrap(),
        "nm|null|/tpl/dir|1.6.6|1795419190|2026|2026-11-23T07:33:10Z|A|b|baa|bbb|6b03ec36-2d72-63a7-a4b6-491343603895|\
/cwd|2026|Null|6640b9d6-669b-9dd8-f85f-772ee11d87f5|<no value>X|Y|<no value>|abc"
    );
}

#[test]
fn renders_one_string() {
    let console = InterpolateContext::new(run()).with_user_variables(user_vars(&[("x", "banana")]));
    let cases: &[(&str, &InterpolateContext, Result<&str, &str>)] = &[
        // Pipelines pass the value as the last argument. V
        ("{{ user \"x\" | replace \"a\" \"o\" 2 }}", &console, Ok("bonona")),
        ("{{ user \"x\" | upper }}", &console, Ok("BANANA")),
        ("{{ user `x` | replace_all `a` `` }}", &console, Ok("bnn")),
        ("{{ split \"a-b\" \"-\" 1 }}", &console, Ok("b")),
        ("{{ if eq (user `x`) `banana` }}yes{{ else }}no{{ end }}", &console, Ok("yes")),
        ("no actions }} here", &console, Ok("no actions }} here")),
        ("{{ user `nope` }}", &console, Ok("")),
        ("{{ build `ID` }}", &prepare_ctx(), Ok("{{.ID}}")),
        ("{{ timestamp }}", &console, Ok("1795419190")),
        // Errors, V.
        ("{{ split \"a-b\" \"-\" 2 }}", &console, Err("template: root:1:3: executing \"root\" at <split \"a-b\" \"-\" 2>: \
error calling split: the substring 2 was unavailable using the separator value, -, only 2 values were found")),
        ("{{ isotime \"a\" \"b\" }}", &console, Err("template: root:1:3: executing \"root\" at <isotime \"a\" \"b\">: \
error calling isotime: too many values, 1 needed: [a b]")),
        ("{{ env \"HOME\" }}", &console, Err("template: root:1:3: executing \"root\" at <env \"HOME\">: error calling env: \
env vars are not allowed here")),
        ("{{ build_name }}", &console, Err("template: root:1:3: executing \"root\" at <build_name>: error calling build_name: \
build_name not available")),
        ("{{ build \"ID\" }}", &console, Err("template: root:1:3: executing \"root\" at <build \"ID\">: error calling build: \
Error validating build variable: the given variable ID will not be passed into your plugin.")),
        ("{{ build \"Nope\" }}", &prepare_ctx(), Err("template: root:1:3: executing \"root\" at <build \"Nope\">: \
error calling build: loaded data, but couldnt find Nope in it.")),
        // Signature checks made by the engine, V.
        ("{{ split \"a-b\" \"-\" }}", &console, Err("template: root:1:3: executing \"root\" at <split>: \
wrong number of args for split: want 3 got 2")),
        ("{{ split \"a-b\" \"-\" \"1\" }}", &console, Err("template: root:1:19: executing \"root\" at <\"1\">: \
expected integer; found \"1\"")),
        ("{{ split \"a-b\" \"-\" 1.5 }}", &console, Err("template: root:1:19: executing \"root\" at <1.5>: \
expected integer; found 1.5")),
        ("{{ split \"a-b\" \"-\" 1.0 }}", &console, Ok("b")),
        ("{{ split \"a-b\" \"-\" -1 }}", &console, Err("template: root:1:3: executing \"root\" at <split \"a-b\" \"-\" -1>: \
error calling split: runtime error: index out of range [-1]")),
        ("{{ isotime 1 }}", &console, Err("template: root:1:11: executing \"root\" at <1>: expected string; found 1")),
        ("{{ upper 1 }}", &console, Err("template: root:1:9: executing \"root\" at <1>: expected string; found 1")),
        ("{{ upper }}", &console, Err("template: root:1:3: executing \"root\" at <upper>: wrong number of args for upper: \
want 1 got 0")),
        ("{{ sed }}", &console, Err("template: root:1:3: executing \"root\" at <sed>: wrong number of args for sed: \
want 2 got 0")),
        ("{{ sed \"a\" \"b\" }}", &console, Err("template: root:1:3: executing \"root\" at <sed \"a\" \"b\">: error calling \
sed: template function `sed` is deprecated use `replace` or `replace_all` instead.Documentation: \
https://www.packer.io/docs/templates/engine")),
        ("{{ vault \"a\" \"b\" }}", &console, Err("template: root:1:3: executing \"root\" at <vault \"a\" \"b\">: \
error calling vault: Vault vars are only allowed in the variables section")),
        ("{{ consul_key \"a\" }}", &console, Err("template: root:1:3: executing \"root\" at <consul_key \"a\">: \
error calling consul_key: consul_key is not allowed here")),
        // Current Packer (≥ 1.7.5) renders packer_version everywhere; 1.6.6 refused it here.
        ("{{ packer_version }}", &console, Ok("1.6.6")),
        ("{{ template_dir }}", &console, Err("template: root:1:3: executing \"root\" at <template_dir>: \
error calling template_dir: template path not available")),
        ("{{ nope }}", &console, Err("template: root:1: function \"nope\" not defined")),
        ("{{ clean_ami_name \"a\" }}", &console, Err("template: root:1: function \"clean_ami_name\" not defined")),
        ("{{ clean_resource_name \"a\" }}", &console, Err("template: root:1: function \"clean_resource_name\" not defined")),
        ("{{ aws_secretsmanager_raw \"a\" }}", &console, Err("template: root:1:3: executing \"root\" at \
<aws_secretsmanager_raw \"a\">: error calling aws_secretsmanager_raw: AWS Secrets Manager is only allowed in the variables section")),
    ];
    for (text, ctx, want) in cases {
        let got = render_once(text, "k", ctx).map_err(|e| e.to_string());
        assert_eq!(got, want.map(str::to_owned).map_err(str::to_owned), "{text}");
    }
}

#[test]
fn env_is_allowed_only_when_enabled() {
    let ctx = InterpolateContext::new(run()).with_env_enabled(true);
    assert_eq!(render_once("{{ env `HOME` }}:{{ env `NOPE` }}", "k", &ctx).unwrap(), "/root:");
    let variables = InterpolateContext::for_variables(run());
    assert_eq!(render_once("{{ env `HOME` }}", "k", &variables).unwrap(), "/root");
}

#[test]
fn unknown_function_gets_a_suggestion() {
    let err = render_once("{{ isotme }}", "ami_name", &prepare_ctx()).unwrap_err();
    assert_eq!(err.stage, RenderStage::Parse);
    assert_eq!(err.suggestion(), Some("isotime"));
    assert_eq!(err.key_path(), "ami_name");
    assert_eq!(render_once("{{ zzzzzzzz }}", "k", &prepare_ctx()).unwrap_err().suggestion(), None);
    assert_eq!(render_once("{{ splitt `x` }}", "k", &prepare_ctx()).unwrap_err().suggestion(), Some("split"));
}

#[test]
fn plugin_functions_are_added_and_may_replace_core_ones() {
    let ctx = prepare_ctx()
        .with_func("clean_resource_name", |a| Ok(Value::String(a[0].to_string().replace(':', "-"))))
        .with_func("upper", |_| Ok(Value::from("replaced")));
    assert_eq!(render_once("{{ clean_resource_name `a:b` }} {{ upper `x` }}", "k", &ctx).unwrap(), "a-b replaced");
}

#[test]
fn fixpoint_expands_values_that_are_templates() {
    let ctx =
        InterpolateContext::new(run()).with_user_variables(user_vars(&[("a", "{{user `b`}}"), ("b", "{{upper `x`}}")]));
    assert_eq!(render_once("{{user `a`}}", "name", &ctx).unwrap(), "{{user `b`}}");
    assert_eq!(render_to_fixpoint("{{user `a`}}", "name", &ctx).unwrap(), "X");
    let err = render_to_fixpoint("{{ nope }}", "name", &ctx).unwrap_err();
    assert_eq!(err.to_string(), "template: root:1: function \"nope\" not defined");
}

#[test]
fn config_walk_renders_every_string_once() {
    let config = json!({
        "inline": ["echo {{user `n`}}", "{{ build `ID` }}", 3, true, null],
        "environment_vars": {"{{user `n`}}_KEY": "{{ upper `v` }}"},
        "execute_command": "{{.Vars}} {{.Path}}",
        "nested": {"deeper": [{"x": "{{ build_type }}"}]},
        "count": 2
    });
    let rendered = render_config(&config, &prepare_ctx(), &["Execute_Command"]).unwrap();
    assert_eq!(
        rendered,
        json!({
            "inline": ["echo nm", "{{.ID}}", 3, true, null],
            "environment_vars": {"nm_KEY": "V"},
            "execute_command": "{{.Vars}} {{.Path}}",
            "nested": {"deeper": [{"x": "null"}]},
            "count": 2
        })
    );
    assert_eq!(render_config(&json!(null), &prepare_ctx(), &[]).unwrap(), json!(null));
}

#[test]
fn config_walk_errors_read_like_packer() {
    let cases: &[(serde_json::Value, &[&str], &str, &str)] = &[
        // V: `Error decoding config: invalid 'inline': …` from packer validate (shell-local).
        (
            json!({"inline": ["echo ok", "{{nope}}"]}),
            &[],
            "inline[1]",
            "invalid 'inline': template: root:1: function \"nope\" not defined in:\n\n{{nope}}",
        ),
        // V
        (
            json!({"inline": ["echo ok", "{{env `HOME`}}"]}),
            &[],
            "inline[1]",
            "render 'inline': template: root:1:2: executing \"root\" at <env `HOME`>: error calling env: \
env vars are not allowed here in:\n\n{{env `HOME`}}",
        ),
        // V: map keys are templates too.
        (
            json!({"env": {"{{ nope }}": "x"}}),
            &[],
            "env.{{ nope }}",
            "invalid 'env': template: root:1: function \"nope\" not defined in:\n\n{{ nope }}",
        ),
        // V: excluded keys are still parsed…
        (
            json!({"execute_command": ["{{ nope }}"]}),
            &["execute_command"],
            "execute_command[0]",
            "invalid 'execute_command': template: root:1: function \"nope\" not defined in:\n\n{{ nope }}",
        ),
        (
            json!({"a": {"b": [1, {"c": "{{ build_name | nope }}"}]}}),
            &[],
            "a.b[1].c",
            "invalid 'a': template: root:1: function \"nope\" not defined in:\n\n{{ build_name | nope }}",
        ),
    ];
    for (config, exclude, path, message) in cases {
        let err = render_config(config, &prepare_ctx(), exclude).unwrap_err();
        assert_eq!(err.to_string(), *message);
        assert_eq!(err.key_path(), *path);
    }
    // …but not executed.
    let excluded = json!({"execute_command": "{{ env `HOME` }}"});
    assert_eq!(render_config(&excluded, &prepare_ctx(), &["execute_command"]).unwrap(), excluded);
}
