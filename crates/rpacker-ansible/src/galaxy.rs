//! `galaxy_file`: roles and collections installed with `ansible-galaxy` before the playbook
//! runs (the plugin's `executeGalaxy`). A file with a `roles:` line, or without a
//! `collections:` line (the old format), installs roles; a `collections:` line installs
//! collections too.

use rpacker_sdk::lifecycle::{run_local, Cancellation, LocalCommand, LocalRunError, TargetedSink};

use crate::config::AnsibleConfig;
use crate::error::AnsibleError;
use crate::go_exec::{exit_code_text, resolve_program, spawn_error_text};

/// The `ansible-galaxy` argument lists for a requirements file with this text.
pub(crate) fn galaxy_runs(config: &AnsibleConfig, requirements: &str) -> Vec<Vec<String>> {
    let file = config.galaxy_file.clone();
    let mut roles = vec!["install".to_owned(), "-r".to_owned(), file.clone()];
    let mut collections = vec!["collection".to_owned(), "install".to_owned(), "-r".to_owned(), file];
    for args in [&mut roles, &mut collections] {
        if config.galaxy_force_install {
            args.push("-f".to_owned());
        }
        if config.galaxy_force_with_deps {
            args.push("--force-with-deps".to_owned());
        }
    }
    if !config.roles_path.is_empty() {
        roles.extend(["-p".to_owned(), config.roles_path.clone()]);
    }
    if !config.collections_path.is_empty() {
        collections.extend(["-p".to_owned(), config.collections_path.clone()]);
    }
    let has_line = |key: &str| requirements.lines().any(|l| l.starts_with(key));
    let (has_roles, has_collections) = (has_line("roles:"), has_line("collections:"));
    let mut runs = Vec::new();
    if has_roles || !has_collections {
        runs.push(roles);
    }
    if has_collections {
        runs.push(collections);
    }
    runs
}

/// Runs the installs `galaxy_file` asks for, each after `Executing Ansible Galaxy`, output
/// lines said, with `ansible_env_vars` in the environment.
///
/// # Errors
/// [`AnsibleError::Execute`] with `Error executing Ansible Galaxy: …`, or
/// [`AnsibleError::Cancelled`].
pub(crate) async fn run_galaxy(
    config: &AnsibleConfig,
    env: &[String],
    ui: &TargetedSink,
    cancel: &Cancellation,
) -> Result<(), AnsibleError> {
    let failed = |e: String| AnsibleError::Execute(format!("Error executing Ansible Galaxy: {e}"));
    let requirements = std::fs::read_to_string(&config.galaxy_file).map_err(|e| {
        failed(format!("open {}: {}", config.galaxy_file, rpacker_sdk::communicator::go_errno_text(&e)))
    })?;
    for args in galaxy_runs(config, &requirements) {
        ui.say("Executing Ansible Galaxy");
        let program = resolve_program(&config.galaxy_command).map_err(failed)?;
        let argv: Vec<String> = std::iter::once(program.clone()).chain(args).collect();
        let command = LocalCommand { argv: &argv, env, own_process_group: true };
        match run_local(command, cancel, |_, line| ui.say(line)).await {
            Ok(0) => {}
            Ok(code) => return Err(failed(format!("Non-zero exit status: {}", exit_code_text(code)))),
            Err(LocalRunError::Spawn(e)) => return Err(failed(spawn_error_text(&program, &e))),
            Err(LocalRunError::Cancelled(reason)) => return Err(AnsibleError::Cancelled(reason)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_collections_like_the_plugin() {
        let mut config = AnsibleConfig { galaxy_file: "req.yml".into(), ..AnsibleConfig::default() };
        let roles = ["install", "-r", "req.yml"].map(String::from).to_vec();
        let collections = ["collection", "install", "-r", "req.yml"].map(String::from).to_vec();
        let cases: [(&str, Vec<Vec<String>>); 5] = [
            ("- src: geerlingguy.java\n", vec![roles.clone()]),
            ("roles:\n  - name: x\n", vec![roles.clone()]),
            ("collections:\n  - name: community.general\n", vec![collections.clone()]),
            ("roles: []\ncollections: []\n", vec![roles.clone(), collections.clone()]),
            // Indented keys do not count (the plugin's `(?m)^roles:`).
            ("  collections: []\n", vec![roles.clone()]),
        ];
        for (text, want) in cases {
            assert_eq!(galaxy_runs(&config, text), want, "{text}");
        }
        config.galaxy_force_install = true;
        config.galaxy_force_with_deps = true;
        config.roles_path = "r".into();
        config.collections_path = "c".into();
        let runs = galaxy_runs(&config, "roles:\ncollections:\n");
        assert_eq!(runs[0][3..], ["-f", "--force-with-deps", "-p", "r"]);
        assert_eq!(runs[1][4..], ["-f", "--force-with-deps", "-p", "c"]);
    }

    #[tokio::test]
    async fn failures_with_the_plugins_texts() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("req.yml");
        std::fs::write(&file, "roles: []\n").unwrap();
        let sink = rpacker_sdk::lifecycle::RecordingSink::new();
        let ui = sink.targeted("b");
        let mut config = AnsibleConfig {
            galaxy_file: file.to_string_lossy().into_owned(),
            galaxy_command: "false".into(),
            ..AnsibleConfig::default()
        };
        let err = run_galaxy(&config, &[], &ui, &Cancellation::new()).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "Error executing Ansible: Error executing Ansible Galaxy: Non-zero exit status: exit status 1"
        );
        assert_eq!(sink.ui_lines(), ["say b: Executing Ansible Galaxy"]);

        config.galaxy_command = "rpacker-no-such-galaxy".into();
        let err = run_galaxy(&config, &[], &ui, &Cancellation::new()).await.unwrap_err();
        assert!(err.to_string().ends_with("exec: \"rpacker-no-such-galaxy\": executable file not found in $PATH"));

        // The environment additions reach the command; its output lines are said.
        let script = dir.path().join("galaxy");
        std::fs::write(&script, "#!/bin/sh\necho \"$1 $2 $3 X=$X\"\necho warn >&2\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        config.galaxy_command = script.to_string_lossy().into_owned();
        let sink = rpacker_sdk::lifecycle::RecordingSink::new();
        run_galaxy(&config, &["X=1".to_owned()], &sink.targeted("b"), &Cancellation::new()).await.unwrap();
        let lines = sink.ui_lines();
        assert_eq!(lines[0], "say b: Executing Ansible Galaxy");
        assert!(lines.contains(&format!("say b: install -r {} X=1", file.display())), "{lines:?}");
        assert!(lines.contains(&"say b: warn".to_owned()), "{lines:?}");
    }
}
