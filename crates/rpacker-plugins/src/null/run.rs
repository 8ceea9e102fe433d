//! Running the `null` builder: connect, provision, return a [`NullArtifact`]. Upstream's steps
//! exactly: `StepConnect`, then `StepProvision`.

use std::sync::Arc;

use rpacker_sdk::lifecycle::{
    provision_hook_data, BoxError, BoxFuture, Build, BuildContext, BuildResult, Communicator, GeneratedData,
    HookDataSource, ProvisionState, Step, StepContext, StepProvision,
};
use rpacker_ssh::{ConnectState, StepConnect};

use super::{NullArtifact, PreparedNull};

/// The state the null builder's steps share.
struct NullState<'a> {
    builder: &'a PreparedNull,
    run_uuid: &'a str,
    communicator: Option<Arc<dyn Communicator>>,
}

/// Packer's null builder puts `instance_id = "Null"` in its state.
const INSTANCE_ID: &str = "Null";

impl ConnectState for NullState<'_> {
    fn connect_host(&self) -> Result<String, BoxError> {
        Ok(self.builder.config.comm.host().to_owned())
    }

    fn temporary_private_key(&self) -> Option<String> {
        None
    }

    fn set_communicator(&mut self, communicator: Option<Arc<dyn Communicator>>) {
        self.communicator = communicator;
    }
}

impl ProvisionState for NullState<'_> {
    fn communicator(&self) -> Option<Arc<dyn Communicator>> {
        self.communicator.clone()
    }

    fn generated_data(&self) -> GeneratedData {
        provision_hook_data(&HookDataSource {
            builder_data: &GeneratedData::new(),
            instance_id: Some(INSTANCE_ID),
            run_uuid: self.run_uuid,
            comm: Some(&self.builder.config.comm),
            ssh_public_key: "",
            ssh_private_key: "",
        })
    }
}

impl Build for PreparedNull {
    fn run<'a>(&'a self, ctx: &'a BuildContext) -> BoxFuture<'a, BuildResult> {
        Box::pin(async move {
            let steps: Vec<Box<dyn for<'s> Step<NullState<'s>>>> = vec![
                Box::new(StepConnect::new(self.config.comm.clone(), ctx.ssh_agent_socket.clone())),
                Box::new(StepProvision::new(Arc::clone(&ctx.hooks))),
            ];
            let mut state = NullState { builder: self, run_uuid: &ctx.run_uuid, communicator: None };
            let step_ctx = StepContext { cancel: ctx.cancel.clone(), ui: ctx.ui.clone() };
            let outcome = ctx.runner.run(&steps, &mut state, &step_ctx).await;
            if let Some(error) = outcome.error {
                return Err(error);
            }
            let generated_data = state.generated_data();
            Ok(Some(Arc::new(NullArtifact { generated_data }) as Arc<dyn rpacker_sdk::lifecycle::Artifact>))
        })
    }
}
