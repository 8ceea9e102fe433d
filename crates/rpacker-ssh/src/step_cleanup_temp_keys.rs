//! `ssh_clear_authorized_keys` (the SDK's `commonsteps.StepCleanupTempKeys`): after provisioning,
//! remove the builder's temporary key from the user's and root's `authorized_keys`, so an image
//! made from the machine does not keep it. The key's line ends with ` <temporary key pair name>`
//! (its comment). Cosmetic, as upstream says: failures are ignored and the build goes on.

use rpacker_sdk::communicator::{CommConfig, CommType};
use rpacker_sdk::lifecycle::{BoxFuture, OutputStream, ProvisionState, Step, StepAction, StepContext};

/// Removes the temporary key from `authorized_keys` when `ssh_clear_authorized_keys` is set.
#[derive(Debug, Clone)]
pub struct StepCleanupTempKeys {
    comm: CommConfig,
}

impl StepCleanupTempKeys {
    /// The step for the builder's communicator options (the temporary key pair name included).
    #[must_use]
    pub fn new(comm: CommConfig) -> Self {
        Self { comm }
    }

    /// The two commands Packer runs, in order: the login user's file, then root's with `sudo`.
    fn commands(&self) -> [String; 2] {
        let name = &self.comm.temporary_key_pair_name;
        [
            format!("sed -i.bak '/ {name}$/d' ~/.ssh/authorized_keys; rm ~/.ssh/authorized_keys.bak"),
            format!("sudo sed -i.bak '/ {name}$/d' /root/.ssh/authorized_keys; sudo rm /root/.ssh/authorized_keys.bak"),
        ]
    }
}

impl<S: ProvisionState + Sync> Step<S> for StepCleanupTempKeys {
    fn name(&self) -> &'static str {
        "StepCleanupTempKeys"
    }

    fn run<'a>(&'a self, state: &'a mut S, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            let wanted = self.comm.ssh_clear_authorized_keys
                && matches!(self.comm.comm_type(), Some(CommType::Ssh))
                && !self.comm.temporary_key_pair_name.is_empty();
            let Some(communicator) = state.communicator().filter(|_| wanted) else {
                return StepAction::Continue;
            };
            ctx.ui.say("Trying to remove ephemeral keys from authorized_keys files");
            for command in self.commands() {
                // Packer's `RunWithUi`: output shown, exit status not checked, a failure to run
                // only logged.
                let mut on_line = |stream: OutputStream, line: &str| match stream {
                    OutputStream::Stdout => ctx.ui.message(line),
                    OutputStream::Stderr => ctx.ui.error(line),
                };
                let _ = communicator.exec(&command, &mut on_line).await;
            }
            StepAction::Continue
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_packers() {
        let comm = CommConfig { temporary_key_pair_name: "packer_5f1b".to_owned(), ..CommConfig::default() };
        assert_eq!(
            StepCleanupTempKeys::new(comm).commands(),
            [
                "sed -i.bak '/ packer_5f1b$/d' ~/.ssh/authorized_keys; rm ~/.ssh/authorized_keys.bak",
                "sudo sed -i.bak '/ packer_5f1b$/d' /root/.ssh/authorized_keys; sudo rm /root/.ssh/authorized_keys.bak",
            ]
        );
    }
}
