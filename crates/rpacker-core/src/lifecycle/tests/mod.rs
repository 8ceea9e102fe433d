//! Tests of the lifecycle pieces together with the test doubles; each file covers one piece.

mod post_processor_chains;
mod provisioner_wrappers;
mod step_runner;
mod summary;

/// Parallel builds run on a multi-threaded runtime: the lifecycle's futures must be `Send`.
#[test]
fn futures_are_send() {
    use rpacker_sdk::lifecycle::{Cancellation, RecordingSink, StepContext};
    use rpacker_sdk::OnError;

    use super::test_doubles::{Journal, TestArtifact, TestState};
    use super::{run_post_processor_chains, StepRunner};

    fn assert_send<T: Send>(_: T) {}
    let sink = RecordingSink::new();
    let ctx = StepContext { cancel: Cancellation::new(), ui: sink.targeted("b") };
    let runner = StepRunner::new(OnError::Cleanup);
    let mut state = TestState::default();
    assert_send(runner.run(&[], &mut state, &ctx));
    let artifact = TestArtifact::arc("out.txt", &[], &Journal::default());
    assert_send(run_post_processor_chains(&[], artifact, &ctx.ui, &ctx.cancel));
}
