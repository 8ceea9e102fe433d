//! Failure and cancellation: Packer's message for a failed playbook, and in both cases the
//! proxy stopped, ansible's processes gone and no file written for ansible left behind.

use std::path::Path;
use std::time::{Duration, Instant};

use rpacker_sdk::lifecycle::{Cancellation, Provision};

use crate::fixture::{key_file_of, World};

const FAILING: &str = r#"- hosts: all
  gather_facts: false
  tasks:
    - name: works
      ansible.builtin.command: "true"
    - name: breaks
      ansible.builtin.command: "sh -c 'echo broken >&2; exit 3'"
"#;

const SLOW: &str = r#"- hosts: all
  gather_facts: false
  tasks:
    - name: wait a long time
      ansible.builtin.command: "sleep 120"
"#;

/// No process whose command line mentions `needle` (ansible and its workers name the
/// inventory) is running.
fn processes_with(needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else { continue };
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        let zombie = std::fs::read_to_string(entry.path().join("status")).is_ok_and(|s| s.contains("State:\tZ"));
        if cmdline.contains(needle) && !zombie {
            found.push(format!("{}: {cmdline}", entry.file_name().to_string_lossy()));
        }
    }
    found
}

/// The proxy port from the inventory is closed, and neither the key nor the inventory exist.
fn assert_nothing_left(world: &World, inventory: &str, port: Option<u16>) {
    let key = key_file_of(world).expect("a generated key");
    assert!(!key.exists(), "{} left behind", key.display());
    assert!(!Path::new(inventory).exists(), "{inventory} left behind");
    if let Some(port) = port {
        assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "proxy port {port} still open");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_task_fails_the_run_with_packers_message() {
    let world = World::new().await;
    let playbook = world.write("fail.yml", FAILING);
    let inventories = world.path("inv");
    std::fs::create_dir_all(&inventories).unwrap();
    let mut prepared =
        world.prepare(&format!(r#"{{"playbook_file": "{playbook}", "inventory_directory": "{inventories}"}}"#));
    // Kept so the test can read the proxy's port; removed by hand below like the plugin would.
    prepared.config.keep_inventory_file = true;
    let err = world.run(&prepared).await.unwrap_err();
    assert_eq!(err, "Error executing Ansible: Non-zero exit status: exit status 2", "{}", world.output());
    let output = world.output();
    assert!(output.contains("fatal: [default]: FAILED!"), "{output}");
    assert!(output.contains("failed=1"), "{output}");
    let inventory = world.executed_value("-i").unwrap();
    let text = std::fs::read_to_string(&inventory).unwrap();
    let port = text.split("ansible_port=").nth(1).and_then(|p| p.trim().parse().ok());
    std::fs::remove_file(&inventory).unwrap();
    assert_nothing_left(&world, &inventory, port);
    assert!(processes_with(&inventory).is_empty(), "{:?}", processes_with(&inventory));

    // Without keep_inventory_file the inventory goes on failure too.
    prepared.config.keep_inventory_file = false;
    world.run(&prepared).await.unwrap_err();
    assert_eq!(std::fs::read_dir(&inventories).unwrap().count(), 0, "an inventory was left in {inventories}");
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_stops_ansible_and_cleans_up() {
    let world = World::new().await;
    let playbook = world.write("slow.yml", SLOW);
    let marker = world.path("inv");
    std::fs::create_dir_all(&marker).unwrap();
    let prepared = world.prepare(&format!(r#"{{"playbook_file": "{playbook}", "inventory_directory": "{marker}"}}"#));
    let cancel = Cancellation::new();
    let ctx = world.context(cancel.clone());
    let run = prepared.provision(&ctx);
    let watch = async {
        // Cancel once the slow task is running on the target.
        let deadline = Instant::now() + Duration::from_secs(120);
        while !world.output().contains("TASK [wait a long time]") || processes_with("sleep 120").is_empty() {
            assert!(Instant::now() < deadline, "the slow task never started:\n{}", world.output());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        cancel.cancel();
        Instant::now()
    };
    let (result, cancelled_at) = tokio::join!(run, watch);
    assert!(cancelled_at.elapsed() < Duration::from_secs(10), "the run took {:?} to stop", cancelled_at.elapsed());
    assert_eq!(result.unwrap_err().to_string(), "context canceled");
    let inventory = world.executed_value("-i").unwrap();
    assert_nothing_left(&world, &inventory, None);
    assert_eq!(std::fs::read_dir(&marker).unwrap().count(), 0);
    // ansible-playbook and its workers are gone (they all name the inventory).
    let deadline = Instant::now() + Duration::from_secs(5);
    while !processes_with(&inventory).is_empty() {
        assert!(Instant::now() < deadline, "still running: {:?}", processes_with(&inventory));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
