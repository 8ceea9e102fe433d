//! `PACKER_LOG` / `PACKER_LOG_PATH`: a detailed log in Go's `log` format
//! (`YYYY/MM/DD HH:MM:SS message`). With `PACKER_LOG` set (not `0`), lines go to stderr — minus
//! the `ui:` mirror lines, which stdout already shows — or to `PACKER_LOG_PATH` (current Packer
//! also honours the path alone). Callers mask secrets before logging.

use std::io::Write;
use std::sync::{Mutex, OnceLock};

/// Where log lines go, when logging is on.
enum Sink {
    Stderr,
    File(std::fs::File),
}

static LOG: OnceLock<Option<Mutex<Sink>>> = OnceLock::new();

/// Sets up logging from the environment (once, at start-up); prints nothing when logging is off.
/// Returns an error text when `PACKER_LOG_PATH` cannot be created.
pub fn init(packer_log: Option<String>, packer_log_path: Option<String>) -> Result<(), String> {
    let enabled = packer_log.as_deref().is_some_and(|v| !v.is_empty() && v != "0");
    let path = packer_log_path.filter(|p| !p.is_empty());
    let sink = match (enabled, path) {
        (_, Some(path)) => match std::fs::File::create(&path) {
            Ok(file) => Some(Sink::File(file)),
            Err(e) => return Err(format!("Couldn't open '{path}' for logging: {e}")),
        },
        (true, None) => Some(Sink::Stderr),
        (false, None) => None,
    };
    let _ = LOG.set(sink.map(Mutex::new));
    Ok(())
}

/// Whether anything is logged.
pub fn enabled() -> bool {
    LOG.get().is_some_and(Option::is_some)
}

/// Logs one message (several lines are written as they are).
pub fn log(message: &str) {
    let Some(Some(sink)) = LOG.get() else {
        return;
    };
    let line = format!("{} {message}\n", crate::local_time::log_stamp());
    let mut sink = sink.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    match &mut *sink {
        // The UI already went to stdout; the stderr copy leaves it out, as Packer does.
        Sink::Stderr if message.starts_with("ui:") || message.starts_with("ui error:") => {}
        Sink::Stderr => {
            let _ = std::io::stderr().write_all(line.as_bytes());
        }
        Sink::File(file) => {
            let _ = file.write_all(line.as_bytes());
        }
    }
}
