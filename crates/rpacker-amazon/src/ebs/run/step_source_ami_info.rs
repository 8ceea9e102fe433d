//! `StepSourceAMIInfo`: find the source image by id and/or `source_ami_filter` (owners,
//! filters, `most_recent`), and check it suits enhanced networking when that is asked for.

use rpacker_sdk::lifecycle::{BoxFuture, Step, StepAction, StepContext};

use super::state::{halt, EbsState};
use crate::common::ami_lookup::find_image;

/// Looks the source image up.
pub(crate) struct StepSourceAmiInfo;

impl<'s> Step<EbsState<'s>> for StepSourceAmiInfo {
    fn name(&self) -> &'static str {
        "StepSourceAMIInfo"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            let run = &state.config.run;
            let found = match state.prefetched_source.take() {
                Some(found) => found,
                None => {
                    find_image(&state.ec2, &run.source_ami, &run.source_ami_filter).await.map_err(|e| e.to_string())
                }
            };
            let image = match found {
                Ok(image) => image,
                Err(e) => return halt(&ctx.ui, e),
            };
            ctx.ui.message(format!("Found Image ID: {}", image.image_id().unwrap_or_default()));
            let ami = &state.config.ami;
            if ami.ena_support.is_true() || ami.sriov_support {
                let virt = image.virtualization_type().map(|v| v.as_str().to_owned()).unwrap_or_default();
                if virt != "hvm" {
                    return halt(
                        &ctx.ui,
                        format!("Cannot enable enhanced networking, source AMI '{}' is not HVM", run.source_ami),
                    );
                }
            }
            state.source_image = Some(image);
            StepAction::Continue
        })
    }
}
