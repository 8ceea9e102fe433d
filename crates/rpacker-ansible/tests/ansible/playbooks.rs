//! A playbook that copies a file, templates one, runs a command, gathers facts and fetches a
//! file back, with `extra_arguments` and `ansible_env_vars` — through the proxy (SFTP, and scp
//! with pipelining) and directly; every result is checked on the target.

use std::path::Path;

use crate::fixture::{key_file_of, on_target, World};

const PLAYBOOK: &str = r#"- hosts: all
  tasks:
    - name: copy a file
      ansible.builtin.copy:
        src: files/hello.txt
        dest: "{{ out_dir }}/copied.txt"
        mode: "0640"
    - name: template a file
      ansible.builtin.template:
        src: templates/greeting.j2
        dest: "{{ out_dir }}/templated.txt"
    - name: run a command
      ansible.builtin.command: "touch {{ out_dir }}/command-ran"
    - name: record facts
      ansible.builtin.copy:
        content: "{{ ansible_facts['user_id'] }} {{ ansible_facts['system'] }}\n"
        dest: "{{ out_dir }}/facts.txt"
    - name: fetch a file back
      ansible.builtin.fetch:
        src: "{{ out_dir }}/copied.txt"
        dest: "{{ fetch_dir }}/"
        flat: true
"#;

const TEMPLATE: &str = "Hello {{ who }} on {{ ansible_facts['hostname'] }}
env={{ lookup('env', 'RPACKER_ANSIBLE_TEST') }}
build={{ packer_build_name }} type={{ packer_builder_type }}
";

/// Writes the playbook and its files; returns the options shared by every run (the caller
/// adds its own).
fn setup(world: &World, extra_options: &str) -> String {
    let playbook = world.write("play/site.yml", PLAYBOOK);
    world.write("play/files/hello.txt", "hello from the controller\n");
    world.write("play/templates/greeting.j2", TEMPLATE);
    std::fs::create_dir_all(world.path("target")).unwrap();
    std::fs::create_dir_all(world.path("fetched")).unwrap();
    format!(
        r#"{{"playbook_file": "{playbook}",
            "extra_arguments": ["-e", "out_dir={target}", "--extra-vars", "who=world fetch_dir={fetched}"],
            "ansible_env_vars": ["RPACKER_ANSIBLE_TEST=from-env-{{{{ .ID }}}}", "ANSIBLE_NOCOLOR=1"]
            {extra_options}}}"#,
        target = world.path("target"),
        fetched = world.path("fetched"),
    )
}

/// What the playbook must have left on the target, and what ansible reported.
fn assert_results(world: &World) {
    let target = Path::new(&world.path("target")).to_path_buf();
    let output = world.output();
    assert_eq!(on_target(&target.join("copied.txt")), "hello from the controller\n", "{output}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(target.join("copied.txt")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    let hostname = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap().trim().to_owned();
    assert_eq!(
        on_target(&target.join("templated.txt")),
        format!("Hello world on {hostname}\nenv=from-env-Null\nbuild=test type=null\n")
    );
    assert!(target.join("command-ran").exists(), "{output}");
    assert_eq!(on_target(&target.join("facts.txt")), format!("{} Linux\n", world.sshd.user()));
    assert_eq!(on_target(&Path::new(&world.path("fetched")).join("copied.txt")), "hello from the controller\n");
    assert!(output.contains("say test: PLAY RECAP *"), "{output}");
    assert!(output.contains("ok=6    changed=5    unreachable=0    failed=0"), "{output}");
}

/// The files written for ansible are gone once the provisioner is done.
fn assert_cleaned_up(world: &World) {
    if let Some(key) = key_file_of(world) {
        assert!(!key.exists(), "{} left behind", key.display());
    }
    let inventory = world.executed_value("-i").expect("an inventory");
    assert!(!Path::new(&inventory).exists(), "{inventory} left behind");
}

#[tokio::test(flavor = "multi_thread")]
async fn playbook_through_the_proxy() {
    let world = World::new().await;
    let prepared = world.prepare(&setup(&world, ""));
    world.run(&prepared).await.unwrap_or_else(|e| panic!("{e}\n{}", world.output()));
    assert_results(&world);
    let lines = world.sink.ui_lines();
    assert_eq!(
        lines[..2],
        ["say test: Provisioning with Ansible...", "say test: Setting up proxy adapter for Ansible...."]
    );
    // The command line as the plugin builds it; the inventory points at the proxy.
    let words = world.executed();
    let key = key_file_of(&world).unwrap();
    assert!(key.file_name().unwrap().to_string_lossy().starts_with("ansible-key"));
    let target = world.path("target");
    let fetched = world.path("fetched");
    let want_start = [
        prepared.config.command.as_str(),
        "-e",
        "packer_build_name=\"test\"",
        "-e",
        "packer_builder_type=null",
        "--ssh-extra-args",
        "'-o",
        "IdentitiesOnly=yes'",
        "-e",
        &format!("out_dir={target}"),
        "--extra-vars",
        "who=world",
        &format!("fetch_dir={fetched}"),
        "-e",
    ];
    assert_eq!(words[..want_start.len()], want_start);
    assert_eq!(words[words.len() - 3..words.len() - 1], ["-i".to_owned(), world.executed_value("-i").unwrap()]);
    assert_eq!(words.last().unwrap(), &world.path("play/site.yml"));
    assert_cleaned_up(&world);
}

#[tokio::test(flavor = "multi_thread")]
async fn playbook_without_the_proxy() {
    let world = World::new().await;
    let prepared = world.prepare(&setup(&world, r#", "use_proxy": false"#));
    world.run(&prepared).await.unwrap_or_else(|e| panic!("{e}\n{}", world.output()));
    assert_results(&world);
    let output = world.output();
    assert!(
        output.contains(
            "say test: Not using Proxy adapter for Ansible run:\n\tUsing ssh keys from Packer communicator..."
        ),
        "{output}"
    );
    assert!(!output.contains("Setting up proxy adapter"), "{output}");
    // The builder's in-memory key went to a temp file for ansible, removed afterwards.
    assert!(key_file_of(&world).unwrap().file_name().unwrap().to_string_lossy().starts_with("ansible-key"));
    assert_cleaned_up(&world);
}

/// RSA proxy keys (rsa-sha2 signatures, no `+ssh-rsa` needed), module source fed on stdin
/// (pipelining) and files moved with the legacy scp protocol, which the proxy serves itself
/// (`scp -t` for copies, `scp -f` for the fetch); groups and a kept inventory.
#[tokio::test(flavor = "multi_thread")]
async fn rsa_keys_pipelining_and_scp_through_the_proxy() {
    let world = World::new().await;
    let inventories = world.path("inventories");
    std::fs::create_dir_all(&inventories).unwrap();
    let extra = format!(
        r#", "ansible_proxy_key_type": "RSA", "groups": ["web", "db"], "empty_groups": ["none"],
            "inventory_directory": "{inventories}", "keep_inventory_file": true, "host_alias": "box""#
    );
    let mut prepared = world.prepare(&setup(&world, &extra));
    prepared.config.ansible_env_vars.extend(
        ["ANSIBLE_PIPELINING=True", "ANSIBLE_SSH_TRANSFER_METHOD=scp", "ANSIBLE_SCP_EXTRA_ARGS=-O"].map(String::from),
    );
    world.run(&prepared).await.unwrap_or_else(|e| panic!("{e}\n{}", world.output()));
    assert_results(&world);
    let inventory = world.executed_value("-i").unwrap();
    assert!(inventory.starts_with(&format!("{inventories}/packer-provisioner-ansible")), "{inventory}");
    let text = on_target(Path::new(&inventory));
    let user = world.sshd.user();
    let host = format!("box ansible_host=127.0.0.1 ansible_user={user} ansible_port=");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert!(lines[0].starts_with(&host) && lines[2] == lines[0] && lines[4] == lines[0], "{text}");
    assert_eq!((lines[1], lines[3], lines[5]), ("[web]", "[db]", "[none]"));
}

/// Debian and Ubuntu have no `/usr/lib/sftp-server` (the default `sftp_command`): the `sftp`
/// subsystem fails on the machine and ansible falls back to other transfer methods — ending
/// with `dd` fed on stdin through the proxy — and the run still succeeds.
#[tokio::test(flavor = "multi_thread")]
async fn missing_sftp_server_falls_back() {
    let world = World::new().await;
    let prepared = world.prepare(&setup(&world, r#", "sftp_command": "/nonexistent/sftp-server -e""#));
    world.run(&prepared).await.unwrap_or_else(|e| panic!("{e}\n{}", world.output()));
    assert_results(&world);
    let output = world.output();
    assert!(output.contains("sftp transfer mechanism failed"), "{output}");
}
