//! Asking on the terminal (`-on-error=ask`, `-debug` pauses), Packer's `BasicUi.Ask`: print the
//! query and a space, read one line from stdin. Without a terminal every question fails
//! (`no available tty`); after Ctrl-C the question ends with `interrupted`.

use std::io::{BufRead, IsTerminal};
use std::sync::{Arc, Mutex};

use rpacker_sdk::lifecycle::{AskError, Asker, BoxFuture, Cancellation};

use crate::ui::Ui;

/// Asks on stdin/stdout.
pub struct TerminalAsker {
    ui: Arc<Mutex<Ui>>,
    cancel: Cancellation,
    has_tty: bool,
}

impl TerminalAsker {
    /// An asker that gives up when `cancel` fires.
    pub fn new(ui: Arc<Mutex<Ui>>, cancel: Cancellation) -> Self {
        let has_tty = std::io::stdin().is_terminal();
        Self { ui, cancel, has_tty }
    }
}

impl Asker for TerminalAsker {
    fn ask<'a>(&'a self, target: &'a str, query: &'a str) -> BoxFuture<'a, Result<String, AskError>> {
        Box::pin(async move {
            if self.ui.lock().unwrap_or_else(std::sync::PoisonError::into_inner).is_machine_readable() {
                return Err(AskError::MachineReadable);
            }
            if !self.has_tty {
                return Err(AskError::NoTty);
            }
            if self.cancel.is_cancelled() {
                return Err(AskError::Interrupted);
            }
            self.ui
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .prompt(&format!("==> {target}: {query} "));
            let read = tokio::task::spawn_blocking(|| {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line).map(|_| line)
            });
            tokio::select! {
                line = read => match line {
                    Ok(Ok(line)) => Ok(line.trim().to_owned()),
                    _ => Err(AskError::Interrupted),
                },
                () = self.cancel.cancelled() => Err(AskError::Interrupted),
            }
        })
    }
}
