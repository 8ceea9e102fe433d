//! Real implementations of the run-side traits for the lifecycle tests: steps that continue,
//! fail or get interrupted, an asker with scripted answers, provisioners that fail N times or
//! take a while, artifacts that record being destroyed, and post-processors with fixed
//! keep/override answers. Everything they do is written to a shared [`Journal`].

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rpacker_sdk::lifecycle::{
    Artifact, AskError, Asker, BoxError, BoxFuture, CleanupContext, ContextError, PostProcess, PostProcessContext,
    PostProcessOutput, Provision, ProvisionContext, Step, StepAction, StepContext,
};

/// What happened, in order, across steps, askers, provisioners and artifacts.
#[derive(Debug, Default, Clone)]
pub(crate) struct Journal(Arc<Mutex<Vec<String>>>);

impl Journal {
    pub(crate) fn push(&self, entry: impl Into<String>) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).push(entry.into());
    }

    pub(crate) fn entries(&self) -> Vec<String> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

/// A builder's typed state: what the steps created and have not cleaned up.
#[derive(Debug, Default)]
pub(crate) struct TestState {
    pub(crate) created: Vec<&'static str>,
}

/// How a [`TestStep`] runs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Behaviour {
    Continue,
    Fail(&'static str),
    /// Fails with the message on the first N runs, then continues.
    FailTimes(usize, &'static str),
    /// Fires the run's cancellation (Ctrl-C during the step), then halts without an error.
    Interrupt,
}

/// How a [`TestStep`] cleans up.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CleanupBehaviour {
    /// Removes what it created.
    Remove,
    /// Like Packer's `StepProvision`: when the build has an error, announce and run the
    /// error-cleanup provisioner, which may fail.
    CleanupProvisioner { fails: Option<&'static str> },
}

pub(crate) struct TestStep {
    name: &'static str,
    behaviour: Behaviour,
    cleanup: CleanupBehaviour,
    runs: AtomicUsize,
    journal: Journal,
}

impl TestStep {
    pub(crate) fn boxed(name: &'static str, behaviour: Behaviour, journal: &Journal) -> Box<dyn Step<TestState>> {
        Self::with_cleanup(name, behaviour, CleanupBehaviour::Remove, journal)
    }

    pub(crate) fn with_cleanup(
        name: &'static str,
        behaviour: Behaviour,
        cleanup: CleanupBehaviour,
        journal: &Journal,
    ) -> Box<dyn Step<TestState>> {
        Box::new(Self { name, behaviour, cleanup, runs: AtomicUsize::new(0), journal: journal.clone() })
    }
}

impl Step<TestState> for TestStep {
    fn name(&self) -> &'static str {
        self.name
    }

    fn run<'a>(&'a self, state: &'a mut TestState, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            self.journal.push(format!("run {}", self.name));
            let run = self.runs.fetch_add(1, Ordering::SeqCst);
            if !state.created.contains(&self.name) {
                state.created.push(self.name);
            }
            match self.behaviour {
                Behaviour::Continue => StepAction::Continue,
                Behaviour::Fail(message) => StepAction::fail(message),
                Behaviour::FailTimes(times, message) if run < times => StepAction::fail(message),
                Behaviour::FailTimes(..) => StepAction::Continue,
                Behaviour::Interrupt => {
                    ctx.cancel.cancel();
                    StepAction::Halt(None)
                }
            }
        })
    }

    fn cleanup<'a>(&'a self, state: &'a mut TestState, ctx: &'a mut CleanupContext) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            self.journal.push(format!("cleanup {}", self.name));
            state.created.retain(|c| *c != self.name);
            if let CleanupBehaviour::CleanupProvisioner { fails } = self.cleanup {
                let Some(original) = ctx.error().map(ToString::to_string) else {
                    return;
                };
                ctx.ui.say("Provisioning step had errors: Running the cleanup provisioner, if present...");
                if let Some(failure) = fails {
                    ctx.replace_error(
                        format!("Cleanup failed: {failure}. Original Provisioning error: {original}").into(),
                    );
                }
            }
        })
    }
}

/// Answers questions from a script; once the script is used up it waits forever (a user who
/// never answers). Every question is journaled.
pub(crate) struct ScriptedAsker {
    answers: Mutex<VecDeque<Result<String, AskError>>>,
    journal: Journal,
}

impl ScriptedAsker {
    pub(crate) fn new(answers: &[Result<&str, AskError>], journal: &Journal) -> Arc<Self> {
        let answers = answers.iter().map(|a| a.map(str::to_owned)).collect();
        Arc::new(Self { answers: Mutex::new(answers), journal: journal.clone() })
    }
}

impl Asker for ScriptedAsker {
    fn ask<'a>(&'a self, target: &'a str, query: &'a str) -> BoxFuture<'a, Result<String, AskError>> {
        self.journal.push(format!("ask {target}: {query}"));
        let next = self.answers.lock().unwrap_or_else(PoisonError::into_inner).pop_front();
        match next {
            Some(answer) => Box::pin(std::future::ready(answer)),
            None => Box::pin(std::future::pending()),
        }
    }
}

/// Fails its first `failures` runs with `attempt <n> failed`, then succeeds.
pub(crate) struct FlakyProvisioner {
    failures: usize,
    runs: AtomicUsize,
    journal: Journal,
}

impl FlakyProvisioner {
    pub(crate) fn boxed(failures: usize, journal: &Journal) -> Box<dyn Provision> {
        Box::new(Self { failures, runs: AtomicUsize::new(0), journal: journal.clone() })
    }
}

impl Provision for FlakyProvisioner {
    fn provision<'a>(&'a self, _ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        let run = self.runs.fetch_add(1, Ordering::SeqCst) + 1;
        self.journal.push(format!("provision #{run}"));
        let result = if run <= self.failures { Err(format!("attempt {run} failed").into()) } else { Ok(()) };
        Box::pin(std::future::ready(result))
    }
}

/// Works for `duration`, or stops early with the context's error when cancelled.
pub(crate) struct SlowProvisioner {
    duration: Duration,
    journal: Journal,
}

impl SlowProvisioner {
    pub(crate) fn boxed(duration: Duration, journal: &Journal) -> Box<dyn Provision> {
        Box::new(Self { duration, journal: journal.clone() })
    }
}

impl Provision for SlowProvisioner {
    fn provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            self.journal.push("provision started");
            tokio::select! {
                () = ctx.cancel.cancelled() => {
                    let err = ctx.cancel.err().unwrap_or(ContextError::Canceled);
                    self.journal.push(format!("provision stopped: {err}"));
                    Err(err.into())
                }
                () = tokio::time::sleep(self.duration) => {
                    self.journal.push("provision done");
                    Ok(())
                }
            }
        })
    }
}

/// An artifact that journals `destroy`, which may be set to fail.
pub(crate) struct TestArtifact {
    name: String,
    files: Vec<String>,
    destroy_error: Option<&'static str>,
    journal: Journal,
}

impl TestArtifact {
    pub(crate) fn arc(name: &str, files: &[&str], journal: &Journal) -> Arc<dyn Artifact> {
        Self::failing_destroy(name, files, None, journal)
    }

    pub(crate) fn failing_destroy(
        name: &str,
        files: &[&str],
        destroy_error: Option<&'static str>,
        journal: &Journal,
    ) -> Arc<dyn Artifact> {
        Arc::new(Self {
            name: name.to_owned(),
            files: files.iter().map(|f| (*f).to_owned()).collect(),
            destroy_error,
            journal: journal.clone(),
        })
    }
}

impl fmt::Debug for TestArtifact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl fmt::Display for TestArtifact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl Artifact for TestArtifact {
    fn builder_id(&self) -> String {
        "test.builder".to_owned()
    }

    fn id(&self) -> String {
        self.name.clone()
    }

    fn files(&self) -> Vec<String> {
        self.files.clone()
    }

    fn destroy(&self) -> BoxFuture<'_, Result<(), BoxError>> {
        self.journal.push(format!("destroy {}", self.name));
        Box::pin(std::future::ready(match self.destroy_error {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }))
    }
}

/// What a [`TestPostProcessor`] returns.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PpResult {
    /// A new artifact with this description.
    New(&'static str),
    /// A new artifact whose `destroy` fails with `locked`.
    NewUndeletable(&'static str),
    /// Its input unchanged (as the manifest post-processor).
    Input,
    /// No artifact.
    Nothing,
    /// An error.
    Fail(&'static str),
}

/// A post-processor with fixed answers.
pub(crate) struct TestPostProcessor {
    result: PpResult,
    keep_input: bool,
    force_override: bool,
    journal: Journal,
}

impl TestPostProcessor {
    pub(crate) fn boxed(
        result: PpResult,
        keep_input: bool,
        force_override: bool,
        journal: &Journal,
    ) -> Box<dyn PostProcess> {
        Box::new(Self { result, keep_input, force_override, journal: journal.clone() })
    }
}

impl PostProcess for TestPostProcessor {
    fn post_process<'a>(
        &'a self,
        ctx: &'a PostProcessContext,
        input: Arc<dyn Artifact>,
    ) -> BoxFuture<'a, Result<PostProcessOutput, BoxError>> {
        self.journal.push(format!("{} got {input}", ctx.ui.target()));
        let output =
            |artifact| PostProcessOutput { artifact, keep_input: self.keep_input, force_override: self.force_override };
        let result = match self.result {
            PpResult::New(name) => Ok(output(Some(TestArtifact::arc(name, &[], &self.journal)))),
            PpResult::NewUndeletable(name) => {
                Ok(output(Some(TestArtifact::failing_destroy(name, &[], Some("locked"), &self.journal))))
            }
            PpResult::Input => Ok(output(Some(input))),
            PpResult::Nothing => Ok(output(None)),
            PpResult::Fail(e) => Err(e.into()),
        };
        Box::pin(std::future::ready(result))
    }
}
