//! `StepKeyPair`: decide how SSH logs in — an existing key file, the agent, no key, or a
//! temporary EC2 key pair created here (tagged with the run id) and deleted in cleanup.

use aws_sdk_ec2::types::{KeyType, ResourceType};
use rpacker_sdk::lifecycle::{BoxFuture, CleanupContext, Step, StepAction, StepContext};

use super::state::{halt, EbsState};
use crate::common::api_error::{error_text, ApiError};
use crate::common::ec2_tags::{run_id_tags, tag_specification};
use crate::common::retry::{retry, Backoff};

/// Creates the temporary key pair when needed.
pub(crate) struct StepKeyPair;

impl<'s> Step<EbsState<'s>> for StepKeyPair {
    fn name(&self) -> &'static str {
        "StepKeyPair"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            let comm = &mut state.comm;
            if !comm.ssh_private_key_file.is_empty() {
                ctx.ui.say("Using existing SSH private key");
                return StepAction::Continue;
            }
            if comm.ssh_agent_auth {
                if comm.ssh_keypair_name.is_empty() {
                    ctx.ui.say("Using SSH Agent with key pair in Source AMI");
                } else {
                    ctx.ui.say(format!("Using SSH Agent for existing key pair {}", comm.ssh_keypair_name));
                }
                return StepAction::Continue;
            }
            if comm.temporary_key_pair_name.is_empty() {
                ctx.ui.say("Not using temporary keypair");
                comm.ssh_keypair_name.clear();
                return StepAction::Continue;
            }
            let name = comm.temporary_key_pair_name.clone();
            ctx.ui.say(format!("Creating temporary keypair: {name}"));
            let key_type = match comm.temporary_key_pair_type.as_str() {
                "ed25519" => KeyType::Ed25519,
                _ => KeyType::Rsa,
            };
            let tags = tag_specification(ResourceType::KeyPair, &run_id_tags(state.run_uuid));
            let ec2 = &state.ec2;
            let created = retry(
                Backoff::packer(),
                11,
                &ctx.cancel,
                |_| true,
                || async {
                    ec2.create_key_pair()
                        .key_name(&name)
                        .key_type(key_type.clone())
                        .tag_specifications(tags.clone())
                        .send()
                        .await
                        .map_err(ApiError::from)
                },
            )
            .await;
            let out = match created {
                Ok(out) => out,
                Err(e) => return halt(&ctx.ui, format!("Error creating temporary keypair: {e}")),
            };
            state.created_key_pair = Some(name.clone());
            state.comm.ssh_keypair_name = name;
            state.temporary_private_key = out.key_material;
            StepAction::Continue
        })
    }

    fn cleanup<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a mut CleanupContext) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let Some(name) = state.created_key_pair.take() else {
                return;
            };
            ctx.ui.say("Deleting temporary keypair...");
            if let Err(e) = state.ec2.delete_key_pair().key_name(&name).send().await {
                ctx.ui.error(format!(
                    "Error cleaning up keypair. Please delete the key manually: {name} ({})",
                    error_text(&e)
                ));
            }
        })
    }
}
