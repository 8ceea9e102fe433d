//! `ssh_clear_authorized_keys` against the real sshd: the temporary key's line leaves the login
//! user's `~/.ssh/authorized_keys` (the fixture's HOME), other lines stay, the `.bak` is removed.

use std::fs;
use std::sync::Arc;

use rpacker_sdk::communicator::CommConfig;
use rpacker_sdk::lifecycle::{
    Cancellation, Communicator, GeneratedData, ProvisionState, RecordingSink, Step, StepAction, StepContext,
};
use rpacker_ssh::StepCleanupTempKeys;
use rpacker_testkit::Sshd;

use crate::fixture::session;

struct State {
    communicator: Arc<dyn Communicator>,
}

impl ProvisionState for State {
    fn communicator(&self) -> Option<Arc<dyn Communicator>> {
        Some(Arc::clone(&self.communicator))
    }

    fn generated_data(&self) -> GeneratedData {
        GeneratedData::new()
    }
}

const KEYS: &str = "ssh-ed25519 AAAAC3keep keep@host
ssh-rsa AAAAB3temp packer_65f0c1
ssh-ed25519 AAAAC3other packer_65f0c1_other
";

/// Runs the step with `clear` as `ssh_clear_authorized_keys`; returns the file and the UI lines.
async fn run_step(clear: bool) -> (String, bool, Vec<String>) {
    let sshd = Sshd::start();
    let ssh_dir = sshd.dir().join("home/.ssh");
    fs::create_dir_all(&ssh_dir).unwrap();
    fs::write(ssh_dir.join("authorized_keys"), KEYS).unwrap();
    let mut state = State { communicator: Arc::new(session(&sshd).await) };
    let comm = CommConfig {
        ssh_clear_authorized_keys: clear,
        temporary_key_pair_name: "packer_65f0c1".to_owned(),
        ..CommConfig::default()
    };
    let sink = RecordingSink::new();
    let ctx = StepContext { cancel: Cancellation::new(), ui: sink.targeted("b") };
    let action = StepCleanupTempKeys::new(comm).run(&mut state, &ctx).await;
    assert!(matches!(action, StepAction::Continue));
    let keys = fs::read_to_string(ssh_dir.join("authorized_keys")).unwrap();
    (keys, ssh_dir.join("authorized_keys.bak").exists(), sink.ui_lines())
}

#[tokio::test]
async fn the_temporary_key_line_is_removed() {
    let (keys, backup_left, ui) = run_step(true).await;
    assert_eq!(keys, "ssh-ed25519 AAAAC3keep keep@host\nssh-ed25519 AAAAC3other packer_65f0c1_other\n");
    assert!(!backup_left);
    assert_eq!(ui[0], "say b: Trying to remove ephemeral keys from authorized_keys files");
    // root's file goes through sudo; whatever it says is shown, and the build goes on.
}

#[tokio::test]
async fn nothing_happens_unless_asked() {
    let (keys, backup_left, ui) = run_step(false).await;
    assert_eq!(keys, KEYS);
    assert!(!backup_left);
    assert!(ui.is_empty(), "{ui:?}");
}
