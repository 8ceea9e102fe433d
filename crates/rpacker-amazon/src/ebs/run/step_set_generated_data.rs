//! `StepSetGeneratedData`: publish the build info (`SourceAMI`, `BuildRegion`, …) as generated
//! data for provisioners and post-processors.

use rpacker_sdk::lifecycle::{BoxFuture, Step, StepAction, StepContext};

use super::state::EbsState;

/// Fills the generated data.
pub(crate) struct StepSetGeneratedData;

impl<'s> Step<EbsState<'s>> for StepSetGeneratedData {
    fn name(&self) -> &'static str {
        "StepSetGeneratedData"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, _ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        state.generated_data.extend(state.build_info().generated_data());
        Box::pin(std::future::ready(StepAction::Continue))
    }
}
