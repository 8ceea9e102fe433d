//! `rpacker build` with the `ansible` provisioner end to end: a `null` build over SSH to a
//! private sshd, a real `ansible-playbook` (installed by the test kit when missing) through the
//! proxy and directly, a failing playbook, and Ctrl-C in the middle of a task.

use std::path::Path;
use std::time::{Duration, Instant};

use rpacker_testkit::{ensure_ansible, Sshd};

use crate::support::{interrupt_when, run_in};

const PLAYBOOK: &str = r#"- hosts: all
  tasks:
    - name: template a file
      ansible.builtin.copy:
        content: "build={{ packer_build_name }} type={{ packer_builder_type }} id={{ instance }} os={{ ansible_facts['system'] }}\n"
        dest: "{{ out_dir }}/from-ansible.txt"
"#;

const FAILING: &str = r#"- hosts: all
  gather_facts: false
  tasks:
    - name: breaks
      ansible.builtin.command: "false"
"#;

const SLOW: &str = r#"- hosts: all
  gather_facts: false
  tasks:
    - name: wait
      ansible.builtin.command: "sleep 120"
"#;

/// A folder with the playbooks, an empty `inv/` (the inventory directory) and `out/` (the
/// target's output folder), and a JSON template building `name` against `sshd`.
fn workspace(sshd: &Sshd, ansible_options: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    for (name, text) in [("site.yml", PLAYBOOK), ("fail.yml", FAILING), ("slow.yml", SLOW)] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    std::fs::create_dir(dir.path().join("inv")).unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let template = format!(
        r#"{{
  "builders": [{{"type": "null", "name": "box", "communicator": "ssh", "ssh_host": "127.0.0.1", "ssh_port": {port},
                 "ssh_username": "{user}", "ssh_private_key_file": "{key}"}}],
  "provisioners": [
    {{"type": "ansible", "command": "{ansible}", "inventory_directory": "{inv}",
      "extra_arguments": ["-e", "out_dir={out}", "-e", "instance={{{{ build `ID` }}}}"],
      "ansible_env_vars": ["ANSIBLE_NOCOLOR=1"] {ansible_options}}},
    {{"type": "shell-local", "inline": ["echo after: host={{{{ build `Host` }}}} port={{{{ build `Port` }}}}"]}}
  ]
}}"#,
        port = sshd.port(),
        user = sshd.user(),
        key = sshd.private_key_path().display(),
        ansible = ensure_ansible().display(),
        inv = path("inv"),
        out = path("out"),
    );
    std::fs::write(dir.path().join("t.json"), template).unwrap();
    dir
}

fn inventories_left(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir.join("inv")).unwrap().flatten().map(|e| e.path()).collect()
}

#[test]
fn build_runs_a_playbook_through_the_proxy() {
    let sshd = Sshd::start();
    let dir = workspace(&sshd, r#", "playbook_file": "site.yml""#);
    let out = run_in(dir.path(), &["build", "-color=false", "t.json"]);
    let text = &out.stdout;
    assert_eq!(out.code, 0, "{text}\n{}", out.stderr);
    for expected in [
        "==> box: Provisioning with Ansible...\n",
        "==> box: Setting up proxy adapter for Ansible....\n",
        "==> box: Executing Ansible: ",
        " -e packer_build_name=\"box\" -e packer_builder_type=null --ssh-extra-args '-o IdentitiesOnly=yes' ",
        "==> box: TASK [template a file] ***",
        "==> box: PLAY RECAP ***",
        "ok=2    changed=1    unreachable=0    failed=0",
        "Build 'box' finished after ",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let written = std::fs::read_to_string(dir.path().join("out/from-ansible.txt")).expect("written on the target");
    assert_eq!(written, "build=box type=null id=Null os=Linux\n");
    // Later provisioners see the machine's own address, not the proxy's.
    assert!(text.contains(&format!("==> box: after: host=127.0.0.1 port={}\n", sshd.port())), "{text}");
    assert!(inventories_left(dir.path()).is_empty());
}

#[test]
fn build_fails_with_packers_message_without_the_proxy() {
    let sshd = Sshd::start();
    let dir = workspace(&sshd, r#", "playbook_file": "fail.yml", "use_proxy": false"#);
    let out = run_in(dir.path(), &["build", "-color=false", "t.json"]);
    let text = &out.stdout;
    assert_eq!(out.code, 1, "{text}");
    // Said, as the current plugin does (1.6.6: `    box: ` message lines).
    let not_proxied =
        "==> box: Not using Proxy adapter for Ansible run:\n==> box: \tUsing ssh keys from Packer communicator...";
    assert!(text.contains(not_proxied), "{text}");
    // The builder's key file is handed to ansible as it is.
    let key = sshd.private_key_path();
    assert!(text.contains(&format!("-e ansible_ssh_private_key_file={} ", key.display())), "{text}");
    assert!(text.contains("fatal: [default]: FAILED!"), "{text}");
    let error = "Error executing Ansible: Non-zero exit status: exit status 2";
    assert!(text.contains("Build 'box' errored after ") && text.contains(error), "{text}");
    assert!(out.stderr.is_empty() || !out.stderr.contains("panicked"), "{}", out.stderr);
    assert!(!text.contains("after: host="), "the next provisioner ran after a failure:\n{text}");
    assert!(inventories_left(dir.path()).is_empty(), "{:?}", inventories_left(dir.path()));
}

#[test]
fn ctrl_c_during_a_playbook_stops_ansible_and_cleans_up() {
    let sshd = Sshd::start();
    let dir = workspace(&sshd, r#", "playbook_file": "slow.yml""#);
    let run = interrupt_when(dir.path(), &["build", "-color=false", "t.json"], "==> box: TASK [wait] ");
    let text = &run.stdout;
    assert!(run.took < Duration::from_secs(15), "cancelling took {:?}", run.took);
    assert_eq!(run.code, Some(1), "{text}");
    assert!(text.ends_with("Cleanly cancelled builds after being interrupted.\n"), "{text}");
    assert!(inventories_left(dir.path()).is_empty(), "{:?}", inventories_left(dir.path()));
    let key = text.split("ansible_ssh_private_key_file=").nth(1).and_then(|rest| rest.split(' ').next());
    let key = key.unwrap_or_else(|| panic!("no key file in:\n{text}"));
    assert!(!Path::new(key).exists(), "{key} left behind");
    // ansible-playbook and its workers (they all name the key file) are gone.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let running: Vec<String> = std::fs::read_dir("/proc")
            .unwrap()
            .flatten()
            .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
            .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
            .filter(|c| c.contains(key) && c.contains("ansible"))
            .collect();
        if running.is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "still running: {running:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}
