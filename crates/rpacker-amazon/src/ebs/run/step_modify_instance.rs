//! `StepModifyEBSBackedInstance`: turn on SR-IOV and set ENA on the stopped instance when
//! asked, so the image inherits them.

use aws_sdk_ec2::types::{AttributeBooleanValue, AttributeValue};
use rpacker_sdk::lifecycle::{BoxFuture, Step, StepAction, StepContext};

use super::state::{halt, EbsState};
use crate::common::api_error::ApiError;

/// Sets enhanced networking.
pub(crate) struct StepModifyInstance;

impl<'s> Step<EbsState<'s>> for StepModifyInstance {
    fn name(&self) -> &'static str {
        "StepModifyEBSBackedInstance"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            let ami = &state.config.ami;
            let id = state.instance_id().unwrap_or_default().to_owned();
            if ami.sriov_support {
                ctx.ui.say("Enabling Enhanced Networking (SR-IOV)...");
                let value = AttributeValue::builder().value("simple").build();
                let result =
                    state.ec2.modify_instance_attribute().instance_id(&id).sriov_net_support(value).send().await;
                if let Err(e) = result {
                    return halt(
                        &ctx.ui,
                        format!("Error enabling Enhanced Networking (SR-IOV) on {id}: {}", ApiError::from(e)),
                    );
                }
            }
            if let Some(ena) = ami.ena_support.as_bool() {
                let verb = if ena { "Enabling" } else { "Disabling" };
                ctx.ui.say(format!("{verb} Enhanced Networking (ENA)..."));
                let value = AttributeBooleanValue::builder().value(ena).build();
                let result = state.ec2.modify_instance_attribute().instance_id(&id).ena_support(value).send().await;
                if let Err(e) = result {
                    let lower = verb.to_lowercase();
                    return halt(
                        &ctx.ui,
                        format!("Error {lower} Enhanced Networking (ENA) on {id}: {}", ApiError::from(e)),
                    );
                }
            }
            StepAction::Continue
        })
    }
}
