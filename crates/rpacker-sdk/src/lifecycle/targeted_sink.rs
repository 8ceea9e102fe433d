//! Packer's `TargetedUI` as an event source: an [`EventSink`] bound to a target name, so steps,
//! provisioners and post-processors say things without knowing which build they are in.

use std::fmt;
use std::sync::Arc;

use super::event::{Event, EventSink};

/// An [`EventSink`] with a fixed target (a build name, or `<build> (<pp type>)`).
#[derive(Clone)]
pub struct TargetedSink {
    target: Arc<str>,
    sink: Arc<dyn EventSink>,
}

impl fmt::Debug for TargetedSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TargetedSink").field("target", &self.target).finish_non_exhaustive()
    }
}

impl TargetedSink {
    /// Events for `target`, sent to `sink`.
    pub fn new(target: impl Into<Arc<str>>, sink: Arc<dyn EventSink>) -> Self {
        Self { target: target.into(), sink }
    }

    /// The same sink with another target (e.g. a post-processor's `<build> (<type>)`).
    #[must_use]
    pub fn retarget(&self, target: impl Into<Arc<str>>) -> Self {
        Self { target: target.into(), sink: Arc::clone(&self.sink) }
    }

    /// The target name.
    #[must_use]
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Packer's `ui.Say`.
    pub fn say(&self, text: impl Into<String>) {
        self.sink.emit(Event::Say { target: self.target.to_string(), text: text.into() });
    }

    /// Packer's `ui.Message`.
    pub fn message(&self, text: impl Into<String>) {
        self.sink.emit(Event::Message { target: self.target.to_string(), text: text.into() });
    }

    /// Packer's `ui.Error`.
    pub fn error(&self, text: impl Into<String>) {
        self.sink.emit(Event::Error { target: self.target.to_string(), text: text.into() });
    }

    /// Reports that a step starts running.
    pub fn step_started(&self, step: &'static str) {
        self.sink.emit(Event::StepStarted { target: self.target.to_string(), step });
    }

    /// Reports that a step's cleanup starts.
    pub fn step_cleanup(&self, step: &'static str) {
        self.sink.emit(Event::StepCleanup { target: self.target.to_string(), step });
    }

    /// Sends any event as is.
    pub fn emit(&self, event: Event) {
        self.sink.emit(event);
    }
}
