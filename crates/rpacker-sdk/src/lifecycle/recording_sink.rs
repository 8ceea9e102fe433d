//! A real [`EventSink`] that keeps every event, for tests of anything that reports (a test
//! double, not a mock: it implements the trait fully).

use std::sync::{Arc, Mutex, PoisonError};

use super::event::{Event, EventSink};
use super::targeted_sink::TargetedSink;

/// Stores events in order.
#[derive(Debug, Default)]
pub struct RecordingSink {
    events: Mutex<Vec<Event>>,
}

impl RecordingSink {
    /// An empty recorder, shareable.
    #[must_use]
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// A [`TargetedSink`] for `target` that records here.
    #[must_use]
    pub fn targeted(self: &Arc<Self>, target: &str) -> TargetedSink {
        TargetedSink::new(target, Arc::clone(self) as Arc<dyn EventSink>)
    }

    /// Every event so far.
    #[must_use]
    pub fn events(&self) -> Vec<Event> {
        self.events.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The UI events (Say/Message/Error) as `"<say|message|error> <target>: <text>"`, for
    /// one-line expectations in tests.
    #[must_use]
    pub fn ui_lines(&self) -> Vec<String> {
        self.events()
            .into_iter()
            .filter_map(|e| match e {
                Event::Say { target, text } => Some(format!("say {target}: {text}")),
                Event::Message { target, text } => Some(format!("message {target}: {text}")),
                Event::Error { target, text } => Some(format!("error {target}: {text}")),
                _ => None,
            })
            .collect()
    }
}

impl EventSink for RecordingSink {
    fn emit(&self, event: Event) {
        self.events.lock().unwrap_or_else(PoisonError::into_inner).push(event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_in_order_with_targets() {
        let sink = RecordingSink::new();
        let ui = sink.targeted("b");
        ui.say("one");
        ui.retarget("b (manifest)").message("two");
        ui.error("three");
        ui.step_started("StepX");
        assert_eq!(sink.ui_lines(), ["say b: one", "message b (manifest): two", "error b: three"]);
        assert_eq!(sink.events().last(), Some(&Event::StepStarted { target: "b".into(), step: "StepX" }));
    }
}
