//! Running `amazon-ebs` (Packer's `Builder.Run`): create the AWS session, run the steps in
//! Packer's order over one typed state, and return the AMIs as the artifact. Each step's file
//! says what it does and what its cleanup undoes; cleanups unwind in reverse on success,
//! failure and Ctrl-C alike.

mod artifact;
mod source_instance;
mod spot_fleet;
mod spot_launch_template;
mod state;
mod step_cleanup_volumes;
mod step_create_ami;
mod step_create_tags;
mod step_deregister_ami;
mod step_iam_instance_profile;
mod step_key_pair;
mod step_modify_ami_attributes;
mod step_modify_instance;
mod step_network_info;
mod step_pre_validate;
mod step_region_copy;
mod step_run_source_instance;
mod step_run_spot_instance;
mod step_security_group;
mod step_set_generated_data;
mod step_source_ami_info;
mod step_stop_instance;

use std::sync::Arc;

use rpacker_sdk::lifecycle::{
    Artifact, BoxFuture, Build, BuildContext, BuildResult, Step, StepAction, StepContext, StepProvision,
};
use rpacker_ssh::{StepCleanupTempKeys, StepConnect};

pub use artifact::AmiArtifact;
use state::EbsState;

use crate::common::session::AwsSession;
use crate::common::template_data::RunTimeRenderer;
use crate::ebs::builder::AmazonEbs;

type EbsStep = Box<dyn for<'s> Step<EbsState<'s>>>;

/// The last step: everything succeeded, so the cleanups keep what the artifact holds.
struct StepMarkCompleted;

impl<'s> Step<EbsState<'s>> for StepMarkCompleted {
    fn name(&self) -> &'static str {
        "StepMarkCompleted"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, _ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        state.completed = true;
        Box::pin(std::future::ready(StepAction::Continue))
    }
}

impl AmazonEbs {
    /// Packer's step list for this configuration.
    fn steps(&self, ctx: &BuildContext) -> Result<Vec<EbsStep>, String> {
        if self.run.ssh_interface == "session_manager" {
            return Err("ssh_interface = \"session_manager\" is not available in rpacker yet".into());
        }
        let instance_step: EbsStep = if self.run.is_spot_instance() {
            Box::new(step_run_spot_instance::StepRunSpotInstance::default())
        } else {
            Box::new(step_run_source_instance::StepRunSourceInstance)
        };
        let mut steps: Vec<EbsStep> = vec![
            Box::new(step_pre_validate::StepPreValidate),
            Box::new(step_source_ami_info::StepSourceAmiInfo),
            Box::new(step_network_info::StepNetworkInfo),
            Box::new(step_key_pair::StepKeyPair),
            Box::new(step_security_group::StepSecurityGroup),
            Box::new(step_iam_instance_profile::StepIamInstanceProfile::default()),
            Box::new(step_cleanup_volumes::StepCleanupVolumes),
            instance_step,
            Box::new(StepConnect::new(self.comm.clone(), ctx.ssh_agent_socket.clone())),
            Box::new(step_set_generated_data::StepSetGeneratedData),
            Box::new(StepProvision::new(Arc::clone(&ctx.hooks))),
            Box::new(StepCleanupTempKeys::new(self.comm.clone())),
        ];
        if !self.ebs.skip_create_ami {
            steps.extend::<[EbsStep; 8]>([
                Box::new(step_stop_instance::StepStopInstance),
                Box::new(step_modify_instance::StepModifyInstance),
                Box::new(step_deregister_ami::StepDeregisterAmi),
                Box::new(step_create_ami::StepCreateAmi),
                Box::new(step_region_copy::StepRegionCopy),
                Box::new(step_modify_ami_attributes::StepModifyAmiAttributes),
                Box::new(step_create_tags::StepCreateTags),
                Box::new(StepMarkCompleted),
            ]);
        } else {
            steps.push(Box::new(StepMarkCompleted));
        }
        Ok(steps)
    }
}

impl Build for AmazonEbs {
    fn run<'a>(&'a self, ctx: &'a BuildContext) -> BoxFuture<'a, BuildResult> {
        Box::pin(async move {
            let session = AwsSession::new(&self.access).await?;
            let steps = self.steps(ctx)?;
            let env = |name: &str| std::env::var(name).ok();
            let polling = self.access.aws_polling.clone().unwrap_or_default();
            let mut state = EbsState {
                config: self,
                run_uuid: &ctx.run_uuid,
                cancel: ctx.cancel.clone(),
                ec2: session.ec2(session.region()),
                session,
                renderer: RunTimeRenderer::new(&self.packer),
                wait: polling.waiter_overrides(&env),
                comm: self.comm.clone(),
                source_image: None,
                prefetched_source: None,
                vpc_id: String::new(),
                subnet_id: String::new(),
                availability_zone: String::new(),
                temporary_private_key: None,
                created_key_pair: None,
                security_group_ids: Vec::new(),
                created_security_group: None,
                iam_instance_profile: String::new(),
                instance: None,
                early_termination: None,
                instance_terminated: false,
                keep_instance_on_error: ctx.runner.may_keep_on_error(),
                communicator: None,
                generated_data: rpacker_sdk::lifecycle::GeneratedData::new(),
                ami_description: String::new(),
                amis: std::collections::BTreeMap::new(),
                intermediary_image: None,
                snapshots: std::collections::BTreeMap::new(),
                completed: false,
            };
            let step_ctx = StepContext { cancel: ctx.cancel.clone(), ui: ctx.ui.clone() };
            let outcome = ctx.runner.run(&steps, &mut state, &step_ctx).await;
            if let Some(error) = outcome.error {
                return Err(error);
            }
            if state.amis.is_empty() {
                return Ok(None);
            }
            let generated_data = rpacker_sdk::lifecycle::ProvisionState::generated_data(&state);
            let artifact = AmiArtifact { amis: state.amis, generated_data, session: state.session };
            Ok(Some(Arc::new(artifact) as Arc<dyn Artifact>))
        })
    }
}
