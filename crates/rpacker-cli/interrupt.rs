//! Ctrl-C and SIGTERM during `build` (Packer's handler in `command/build.go`): the first signal
//! prints `Cancelling build after receiving interrupt` (or `terminated`) and cancels the run,
//! so every build stops and runs its cleanups. Later signals are ignored, as Packer ignores
//! them, so cleanups always finish and nothing is left behind; they do end a question being
//! asked (`-on-error=ask`, `-debug`).

use std::sync::{Arc, Mutex};

use rpacker_sdk::lifecycle::Cancellation;
use tokio::signal::unix::{signal, SignalKind};

use crate::ui::Ui;

/// Starts watching for signals; returns at once. Must run inside the tokio runtime.
///
/// # Errors
/// When the signal handlers cannot be installed.
pub fn watch(ui: Arc<Mutex<Ui>>, cancel: Cancellation) -> std::io::Result<()> {
    let mut interrupts = signal(SignalKind::interrupt())?;
    let mut terminations = signal(SignalKind::terminate())?;
    tokio::spawn(async move {
        loop {
            let reason = tokio::select! {
                Some(()) = interrupts.recv() => "interrupt",
                Some(()) = terminations.recv() => "terminated",
                else => return,
            };
            crate::debug_log::log(&format!("Received signal: {reason}"));
            if !cancel.is_cancelled() {
                let mut ui = ui.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                ui.error(&format!("Cancelling build after receiving {reason}"));
                drop(ui);
                cancel.cancel();
            }
        }
    });
    Ok(())
}
