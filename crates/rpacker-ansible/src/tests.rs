//! Prepare tests for the `ansible` provisioner through its plugin entry point, with options
//! left unrendered (templates are the core's business) and a fake `ansible-playbook`.

use rpacker_gotmpl::FuncMap;
use rpacker_sdk::config::ConfigErrors;
use rpacker_sdk::{ConfigRenderer, PackerConfig, PluginConfig};
use serde_json::Value;

use crate::{AnsibleProvisioner, PreparedAnsible, ProxyKeyType, Trilean};

/// Leaves every string as written.
struct VerbatimRenderer;

impl ConfigRenderer for VerbatimRenderer {
    fn render(&self, layer: &Value, _exclude: &[&str], _funcs: &FuncMap) -> Result<Value, ConfigErrors> {
        Ok(layer.clone())
    }
}

fn prepare(options: &str) -> Result<PreparedAnsible, ConfigErrors> {
    let layer: Value = serde_json::from_str(options).unwrap_or_else(|e| panic!("bad test options {options}: {e}"));
    let packer = PackerConfig::default();
    let config = PluginConfig { layers: vec![layer], packer: &packer, renderer: &VerbatimRenderer };
    AnsibleProvisioner::prepare_config(&config)
}

/// A temp dir with `pb.yml`, `g.yml` and an executable `fake-ansible` printing a 2.x version.
fn fixture() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pb.yml"), "- hosts: all\n").unwrap();
    std::fs::write(dir.path().join("g.yml"), "roles: []\n").unwrap();
    let fake = dir.path().join("fake-ansible");
    std::fs::write(&fake, "#!/bin/sh\necho 'ansible-playbook [core 2.19.14]'\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let d = dir.path().to_string_lossy().into_owned();
    (dir, d)
}

/// Error texts verified with packer 1.6.6 (`packer validate`, null builder).
#[test]
fn prepare_like_packer() {
    let (_dir, d) = fixture();
    let cases: &[(&str, Result<(), &str>)] = &[
        (r#"{"playbook_file": "{d}/pb.yml", "command": "{d}/fake-ansible"}"#, Ok(())),
        (r#"{"playbook_file": "{d}/pb.yml", "skip_version_check": true, "galaxy_file": "{d}/g.yml", "inventory_directory": "{d}"}"#, Ok(())),
        (
            r#"{"command": "rpacker-no-such-command"}"#,
            Err("2 error(s) occurred:\n\n* playbook_file must be specified.\n\
                 * Error running \"rpacker-no-such-command --version\": exec: \"rpacker-no-such-command\": executable file not found in $PATH"),
        ),
        (
            r#"{"playbook_file": "{d}/nope.yml", "command": "false", "galaxy_file": "{d}/g2.yml", "ssh_authorized_key_file": "{d}",
                "ssh_host_key_file": "{d}/k", "local_port": 70000, "inventory_directory": "{d}/pb.yml"}"#,
            Err("7 error(s) occurred:\n\n\
                 * playbook_file: {d}/nope.yml is invalid: stat {d}/nope.yml: no such file or directory\n\
                 * galaxy_file: {d}/g2.yml is invalid: stat {d}/g2.yml: no such file or directory\n\
                 * ssh_authorized_key_file: {d} must point to a file\n\
                 * ssh_host_key_file: {d}/k is invalid: stat {d}/k: no such file or directory\n\
                 * local_port: 70000 must be a valid port\n\
                 * inventory_directory: {d}/pb.yml must point to a directory\n\
                 * Error running \"false --version\": exit status 1"),
        ),
        (r#"{"playbook_file": "{d}", "skip_version_check": true}"#, Err("1 error(s) occurred:\n\n* playbook_file: {d} must point to a file")),
        (
            r#"{"playbook_file": "{d}/pb.yml", "skip_version_check": true, "bogus": 1}"#,
            Err("1 error occurred:\n\t* unknown configuration key: '\"bogus\"'\n\n"),
        ),
        (
            r#"{"playbook_file": "{d}/pb.yml", "galaxycommand": "x"}"#,
            Err("1 error occurred:\n\t* Deprecated configuration key: 'galaxycommand'. Please call `packer fix` against your template to update your template to be compatible with the current version of Packer. Visit https://www.packer.io/docs/commands/fix/ for more detail.\n\n"),
        ),
    ];
    for (options, want) in cases {
        let got = prepare(&options.replace("{d}", &d)).map(|_| ()).map_err(|e| e.to_string());
        assert_eq!(got, want.map_err(|w| w.replace("{d}", &d)), "{options}");
    }
}

#[test]
fn defaults_and_environment_additions() {
    let (_dir, d) = fixture();
    let plain = prepare(
        &r#"{"playbook_file": "{d}/pb.yml", "command": "{d}/fake-ansible", "ansible_env_vars": ["A=1"]}"#
            .replace("{d}", &d),
    )
    .unwrap();
    let c = &plain.config;
    assert_eq!(
        (c.galaxy_command.as_str(), c.host_alias.as_str(), c.sftp_command.as_str()),
        ("ansible-galaxy", "default", "/usr/lib/sftp-server -e")
    );
    assert_eq!(c.ansible_env_vars, ["A=1", "ANSIBLE_HOST_KEY_CHECKING=False", "ANSIBLE_SCP_IF_SSH=True"]);
    assert_eq!(plain.facts.version.as_ref().map(|v| v.major), Some(2));
    assert!(plain.facts.user_was_empty && !c.user.is_empty());
    assert_eq!(c.use_proxy, Trilean::Unset);

    let (_keys, k) = fixture();
    let options = r#"{"playbook_file": "{d}/pb.yml", "skip_version_check": true, "use_sftp": true, "ssh_host_key_file": "{k}/pb.yml",
                      "user": "me", "use_proxy": "false", "command": "ap"}"#;
    let set = prepare(&options.replace("{d}", &d).replace("{k}", &k)).unwrap();
    assert!(set.config.ansible_env_vars.is_empty());
    assert_eq!((set.config.user.as_str(), set.config.command.as_str(), set.facts.version.clone()), ("me", "ap", None));
    assert!(!set.facts.user_was_empty && set.config.use_proxy.is_false());
}

/// Packer 1.6.6 says `error decoding 'use_proxy': Error parsing bool from given var: …`.
#[test]
fn use_proxy_must_be_a_bool() {
    let (_dir, d) = fixture();
    let err = prepare(&r#"{"playbook_file": "{d}/pb.yml", "use_proxy": "maybe"}"#.replace("{d}", &d)).unwrap_err();
    assert_eq!(err.errors[0].key.as_deref(), Some("use_proxy"));
    assert!(
        err.errors[0]
            .message
            .ends_with("Error parsing bool from given var: strconv.ParseBool: parsing \"maybe\": invalid syntax"),
        "{}",
        err.errors[0].message
    );
}

/// Options of current packer-plugin-ansible that 1.6.6 rejects as unknown keys (code reading of
/// `provisioner/ansible/provisioner.go`): accepted, with the plugin's checks; the key-type
/// error comes after every 1.6.6 check.
#[test]
fn newer_options_like_current_plugin() {
    let (_dir, d) = fixture();
    let key_type =
        |v: &str| format!("Invalid value for ansible_proxy_key_type: \"{v}\". Supported values are ECDSA or RSA.");
    let cases: Vec<(&str, Result<(), String>)> = vec![
        (r#"{"galaxy_force_with_deps": true}"#, Ok(())),
        (r#"{"galaxy_force_with_deps": "false", "galaxy_force_install": true, "galaxy_file": "{d}/g.yml"}"#, Ok(())),
        (r#"{"ansible_proxy_key_type": "ECDSA"}"#, Ok(())),
        (r#"{"ansible_proxy_key_type": "rsa"}"#, Ok(())),
        (r#"{"ansible_proxy_key_type": ""}"#, Ok(())),
        (r#"{"ansible_winrm_use_http": true}"#, Ok(())),
        (r#"{"ansible_winrm_use_http": "1", "extra_arguments": ["-e", "ansible_winrm_scheme=https"]}"#, Ok(())),
        (r#"{"ansible_proxy_key_type": "dsa"}"#, Err(format!("1 error(s) occurred:\n\n* {}", key_type("DSA")))),
        (r#"{"ansible_proxy_key_type": "Ed25519"}"#, Err(format!("1 error(s) occurred:\n\n* {}", key_type("ED25519")))),
        (
            r#"{"playbook_file": "{d}/nope.yml", "ansible_proxy_key_type": "x", "local_port": 70000}"#,
            Err(format!(
                "3 error(s) occurred:\n\n* playbook_file: {d}/nope.yml is invalid: stat {d}/nope.yml: no such file or directory\n\
                 * local_port: 70000 must be a valid port\n* {}",
                key_type("X")
            )),
        ),
        // Decode texts as packer 1.6.6 gives them for its bool options (verified with
        // `galaxy_force_install: "maybe"` and `keep_inventory_file: []`).
        (r#"{"galaxy_force_with_deps": "maybe"}"#, Err("1 error(s) decoding:\n\n* cannot parse 'galaxy_force_with_deps' as bool: strconv.ParseBool: parsing \"maybe\": invalid syntax".into())),
        (r#"{"ansible_winrm_use_http": []}"#, Err("1 error(s) decoding:\n\n* 'ansible_winrm_use_http' expected type 'bool', got unconvertible type '[]interface {}', value: '[]'".into())),
    ];
    for (options, want) in cases {
        // Every case is completed to a valid base: a playbook (unless given) and no version run.
        let mut layer: serde_json::Map<String, Value> = serde_json::from_str(&options.replace("{d}", &d)).unwrap();
        layer.entry("playbook_file").or_insert_with(|| Value::String(format!("{d}/pb.yml")));
        layer.insert("skip_version_check".into(), Value::Bool(true));
        let got = prepare(&Value::Object(layer).to_string()).map(|_| ()).map_err(|e| e.to_string());
        assert_eq!(got, want.map_err(|w| w.replace("{d}", &d)), "{options}");
    }
}

#[test]
fn newer_options_defaults_and_additions() {
    let (_dir, d) = fixture();
    let base = r#""playbook_file": "{d}/pb.yml", "skip_version_check": true"#.replace("{d}", &d);
    let with = |rest: &str| prepare(&format!("{{{base}{rest}}}")).unwrap();

    let plain = with("");
    assert_eq!(
        (plain.config.ansible_proxy_key_type.as_str(), plain.facts.proxy_key_type),
        ("ECDSA", ProxyKeyType::Ecdsa)
    );
    assert!(!plain.config.galaxy_force_with_deps && !plain.config.ansible_winrm_use_http);
    assert!(plain.config.extra_arguments.is_empty());

    let rsa = with(r#", "ansible_proxy_key_type": "rsa", "galaxy_force_with_deps": true"#);
    assert_eq!((rsa.config.ansible_proxy_key_type.as_str(), rsa.facts.proxy_key_type), ("RSA", ProxyKeyType::Rsa));
    assert!(rsa.config.galaxy_force_with_deps);

    // The scheme is appended after the user's arguments, unless one already starts with
    // `ansible_winrm_scheme` (a `-e ansible_winrm_scheme=…` pair, or `--extra-vars=…` is not it).
    let cases: [(&str, &[&str]); 4] = [
        (r#"[]"#, &["-e", "ansible_winrm_scheme=http"]),
        (r#"["-v"]"#, &["-v", "-e", "ansible_winrm_scheme=http"]),
        (r#"["-e", "ansible_winrm_scheme=https"]"#, &["-e", "ansible_winrm_scheme=https"]),
        (
            r#"["--extra-vars=ansible_winrm_scheme=https"]"#,
            &["--extra-vars=ansible_winrm_scheme=https", "-e", "ansible_winrm_scheme=http"],
        ),
    ];
    for (args, want) in cases {
        let winrm = with(&format!(r#", "ansible_winrm_use_http": true, "extra_arguments": {args}"#));
        assert_eq!(winrm.config.extra_arguments, want, "{args}");
        let off = with(&format!(r#", "extra_arguments": {args}"#));
        assert_eq!(off.config.extra_arguments, serde_json::from_str::<Vec<String>>(args).unwrap(), "{args}");
    }
}
