//! How a build's events reach the terminal: Packer's UI stack per build — `TargetedUI` (the
//! `==> name:` prefix on every line), `TimestampedUi` (`-timestamp-ui`), `ColoredUi` (the
//! build's colour) — over the one shared [`Ui`] (secret masking, `-machine-readable`).
//! Remote output (`Message`) is shown as `Say`, as current Packer routes it.

use std::sync::{Arc, Mutex};

use rpacker_sdk::lifecycle::{Event, EventSink};

use crate::debug_log;
use crate::ui::Ui;

/// Packer's build colours, by build index: green, cyan, magenta, yellow, blue, then again.
const BUILD_COLORS: [u8; 5] = [32, 36, 35, 33, 34];
/// `ColoredUi` errors are always red.
const ERROR_COLOR: u8 = 31;

/// How build lines are decorated.
#[derive(Debug, Clone, Copy)]
pub struct Decoration {
    /// `-color` (and not `-machine-readable`, and `PACKER_NO_COLOR` unset): escape codes.
    pub color_codes: bool,
    /// `-timestamp-ui`.
    pub timestamp: bool,
}

/// The colour code of the build at `index`.
pub fn build_color(index: usize) -> u8 {
    BUILD_COLORS[index % BUILD_COLORS.len()]
}

/// Wraps `text` in an ANSI colour, bold or not (Packer's `colorize`).
pub fn colorize(text: &str, color: u8, bold: bool) -> String {
    format!("\x1b[{};{color}m{text}\x1b[0m", u8::from(bold))
}

/// One build's output.
pub struct BuildOutput {
    ui: Arc<Mutex<Ui>>,
    color: u8,
    decoration: Decoration,
}

impl BuildOutput {
    /// Output of the build with colour `color`.
    pub fn new(ui: Arc<Mutex<Ui>>, color: u8, decoration: Decoration) -> Self {
        Self { ui, color, decoration }
    }

    fn write(&self, text: String, error: bool) {
        let mut text = text;
        if self.decoration.timestamp {
            text = format!("{}: {text}", crate::local_time::rfc3339_now());
        }
        if self.decoration.color_codes {
            text = colorize(&text, if error { ERROR_COLOR } else { self.color }, true);
        }
        let mut ui = self.ui.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if error {
            ui.error(&text);
        } else {
            ui.say(&text);
        }
    }

    fn log(&self, message: String) {
        if debug_log::enabled() {
            let ui = self.ui.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            debug_log::log(&ui.mask(&message));
        }
    }
}

impl EventSink for BuildOutput {
    fn emit(&self, event: Event) {
        match event {
            Event::Say { target, text } | Event::Message { target, text } => {
                self.write(prefix_lines(&target, &text), false)
            }
            Event::Error { target, text } => self.write(prefix_lines(&target, &text), true),
            Event::BuildEnded { text, errored, .. } => self.write(text, errored),
            Event::StepStarted { target, step } => self.log(format!("[INFO] ({target}) Running step {step}")),
            Event::StepCleanup { target, step } => self.log(format!("[INFO] ({target}) Cleaning up step {step}")),
            Event::ArtifactProduced { target, builder_id, id, description } => {
                self.log(format!("[INFO] ({target}) Artifact {builder_id} {id}: {description}"));
            }
        }
    }
}

/// `TargetedUI.prefixLines` with the arrow: `==> <target>: ` on every line, trailing
/// whitespace of the whole trimmed.
fn prefix_lines(target: &str, message: &str) -> String {
    let mut out = String::new();
    for line in message.split('\n') {
        out.push_str(&format!("==> {target}: {line}\n"));
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targeted_lines() {
        assert_eq!(prefix_lines("null", "a\nb"), "==> null: a\n==> null: b");
        assert_eq!(prefix_lines("null", ""), "==> null:");
        // Only the whole message is trimmed, as Go does: inner empty lines keep their space.
        assert_eq!(prefix_lines("n", "x\n\n"), "==> n: x\n==> n: \n==> n:");
    }

    #[test]
    fn colours_cycle() {
        assert_eq!(colorize("x", build_color(0), true), "\x1b[1;32mx\x1b[0m");
        assert_eq!(build_color(5), 32);
        assert_eq!(colorize("y", 36, false), "\x1b[0;36my\x1b[0m");
    }
}
