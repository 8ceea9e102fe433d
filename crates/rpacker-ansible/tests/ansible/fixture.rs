//! Shared setup: an sshd, the build's SSH communicator to it, the generated data a `null` build
//! hands provisioners, and the provisioner prepared from JSON options.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rpacker_ansible::{AnsibleProvisioner, PreparedAnsible};
use rpacker_gotmpl::FuncMap;
use rpacker_sdk::communicator::CommConfig;
use rpacker_sdk::config::ConfigErrors;
use rpacker_sdk::lifecycle::{
    provision_hook_data, Cancellation, Communicator, HookDataSource, Provision, ProvisionContext, RecordingSink,
};
use rpacker_sdk::{ConfigRenderer, PackerConfig, PluginConfig, Sensitive};
use rpacker_ssh::{connect, CancellationToken, SshTarget};
use rpacker_testkit::{ensure_ansible, Sshd};
use serde_json::Value;

/// Options are already rendered: tests write them as the core would hand them over.
struct AsWritten;

impl ConfigRenderer for AsWritten {
    fn render(&self, layer: &Value, _exclude: &[&str], _funcs: &FuncMap) -> Result<Value, ConfigErrors> {
        Ok(layer.clone())
    }
}

/// One test's world: the target sshd, a work folder (playbooks, target paths), the
/// communicator and the UI recorder.
pub struct World {
    pub sshd: Sshd,
    pub dir: tempfile::TempDir,
    pub communicator: Arc<dyn Communicator>,
    pub sink: Arc<RecordingSink>,
    pub ansible_playbook: PathBuf,
}

impl World {
    pub async fn new() -> Self {
        let ansible_playbook = ensure_ansible();
        let sshd = Sshd::start();
        let mut target = SshTarget::new("127.0.0.1", sshd.port(), sshd.user());
        target.auth.private_keys = vec![Sensitive::new(sshd.private_key_pem())];
        target.timeout = Some(Duration::from_secs(30));
        let session = connect(&target, &CancellationToken::new()).await.expect("connect to the test sshd");
        let dir = tempfile::tempdir().unwrap();
        Self { sshd, dir, communicator: Arc::new(session), sink: RecordingSink::new(), ansible_playbook }
    }

    /// A path in the work folder, as text.
    pub fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }

    /// Writes a file in the work folder (folders created), returning its path.
    pub fn write(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }

    /// The provisioner prepared from `options` (JSON object text), with this world's ansible.
    pub fn prepare(&self, options: &str) -> PreparedAnsible {
        let mut layer: serde_json::Map<String, Value> = serde_json::from_str(options).expect("test options");
        layer.entry("command").or_insert_with(|| Value::String(self.ansible_playbook.to_string_lossy().into_owned()));
        let galaxy = self.ansible_playbook.with_file_name("ansible-galaxy");
        layer.entry("galaxy_command").or_insert_with(|| Value::String(galaxy.to_string_lossy().into_owned()));
        let packer = PackerConfig { build_name: "test".into(), builder_type: "null".into(), ..PackerConfig::default() };
        let config = PluginConfig { layers: vec![Value::Object(layer)], packer: &packer, renderer: &AsWritten };
        AnsibleProvisioner::prepare_config(&config).unwrap_or_else(|e| panic!("prepare failed: {e}"))
    }

    /// The generated data of a `null` build connected to this sshd with its key in memory.
    pub fn generated_data(&self) -> rpacker_sdk::lifecycle::GeneratedData {
        let comm = CommConfig {
            ssh_host: "127.0.0.1".into(),
            ssh_port: i64::from(self.sshd.port()),
            ssh_username: self.sshd.user().to_owned(),
            ..CommConfig::default()
        };
        provision_hook_data(&HookDataSource {
            builder_data: &Default::default(),
            instance_id: Some("Null"),
            run_uuid: "test-run",
            comm: Some(&comm),
            ssh_public_key: "",
            ssh_private_key: &self.sshd.private_key_pem(),
        })
    }

    pub fn context(&self, cancel: Cancellation) -> ProvisionContext {
        ProvisionContext {
            cancel,
            ui: self.sink.targeted("test"),
            generated_data: Arc::new(self.generated_data()),
            communicator: Arc::clone(&self.communicator),
        }
    }

    /// Runs the provisioner to its end.
    pub async fn run(&self, prepared: &PreparedAnsible) -> Result<(), String> {
        prepared.provision(&self.context(Cancellation::new())).await.map_err(|e| e.to_string())
    }

    /// Every UI line so far, one string (for failure messages).
    pub fn output(&self) -> String {
        self.sink.ui_lines().join("\n")
    }

    /// The `Executing Ansible: …` line's words.
    pub fn executed(&self) -> Vec<String> {
        let line = self
            .sink
            .ui_lines()
            .into_iter()
            .find_map(|l| l.strip_prefix("say test: Executing Ansible: ").map(str::to_owned))
            .unwrap_or_else(|| panic!("no Executing Ansible line in:\n{}", self.output()));
        line.split(' ').map(str::to_owned).collect()
    }

    /// The value after `flag` (`-i` → the inventory) in the executed command.
    pub fn executed_value(&self, prefix: &str) -> Option<String> {
        let words = self.executed();
        words.iter().position(|w| w == prefix).and_then(|i| words.get(i + 1).cloned())
    }
}

/// The key file ansible was given, from `-e ansible_ssh_private_key_file=…`.
pub fn key_file_of(world: &World) -> Option<PathBuf> {
    world.executed().iter().find_map(|w| w.strip_prefix("ansible_ssh_private_key_file=").map(PathBuf::from))
}

/// Reads a file on the target (the sshd's machine is this one).
pub fn on_target(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{} on the target: {e}", path.display()))
}
