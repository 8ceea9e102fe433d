//! The terminal side of Packer's UI: the human form (everything to stdout, as Packer does) and
//! the `-machine-readable` form (`ts,target,type,data…`). Secrets are masked here, in one
//! place, before anything is written.

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

/// Where command output goes.
pub struct Ui {
    machine_readable: bool,
    secrets: Vec<String>,
    out: Box<dyn Write + Send>,
}

impl Ui {
    /// A UI writing to stdout.
    pub fn stdout(machine_readable: bool) -> Self {
        Self { machine_readable, secrets: Vec::new(), out: Box::new(std::io::stdout()) }
    }

    /// Whether this is the `-machine-readable` form.
    pub fn is_machine_readable(&self) -> bool {
        self.machine_readable
    }

    /// Registers values to be shown as `<sensitive>` from now on (empty values are ignored).
    pub fn add_secrets(&mut self, secrets: impl IntoIterator<Item = String>) {
        self.secrets.extend(secrets.into_iter().filter(|s| !s.is_empty()));
        // Longest first, so a secret containing another is masked whole.
        self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }

    /// Packer's `Say`.
    pub fn say(&mut self, message: &str) {
        self.ui_line("say", message);
    }

    /// Packer's `Error` (stdout too, as Packer's basic UI does).
    pub fn error(&mut self, message: &str) {
        self.ui_line("error", message);
    }

    /// Writes a question without a newline (the answer is typed after it).
    pub fn prompt(&mut self, query: &str) {
        let text = self.mask(query);
        self.write(&text);
    }

    /// A machine-readable line of another type (`version`, `template-builder`…); nothing in the
    /// human form.
    pub fn machine(&mut self, target: &str, kind: &str, data: &[&str]) {
        if self.machine_readable {
            let data: Vec<String> = data.iter().map(|d| escape_field(&self.mask(d))).collect();
            let line = format!("{},{target},{kind},{}\n", unix_now(), data.join(","));
            self.write(&line);
        }
    }

    fn ui_line(&mut self, kind: &str, message: &str) {
        crate::debug_log::log(&format!("{} {}", if kind == "error" { "ui error:" } else { "ui:" }, self.mask(message)));
        if self.machine_readable {
            self.machine("", "ui", &[kind, message]);
        } else {
            let text = format!("{}\n", self.mask(message));
            self.write(&text);
        }
    }

    /// `text` with every secret replaced by `<sensitive>`.
    pub fn mask(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for secret in &self.secrets {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), "<sensitive>");
            }
        }
        text
    }

    fn write(&mut self, text: &str) {
        // A closed stdout (e.g. `| head`) is not an error worth a panic.
        let _ = self.out.write_all(text.as_bytes());
        let _ = self.out.flush();
    }
}

/// Packer's machine-readable escaping: `,` → `%!(PACKER_COMMA)`, newlines as `\n` text.
fn escape_field(field: &str) -> String {
    field.replace(',', "%!(PACKER_COMMA)").replace('\r', "\\r").replace('\n', "\\n")
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_fields_are_escaped() {
        assert_eq!(escape_field("a,b\nc\r"), "a%!(PACKER_COMMA)b\\nc\\r");
    }

    #[test]
    fn secrets_are_masked_longest_first() {
        let mut ui = Ui { machine_readable: false, secrets: Vec::new(), out: Box::new(std::io::sink()) };
        ui.add_secrets(["abc".to_owned(), "abcdef".to_owned(), String::new()]);
        assert_eq!(ui.mask("x abcdef abc"), "x <sensitive> <sensitive>");
    }
}
