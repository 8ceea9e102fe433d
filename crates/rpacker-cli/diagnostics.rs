//! Printing diagnostics as Packer's `writeDiags` does: all of them rendered into one message,
//! sent as one UI error when any is an error (exit 1), else as one `Say`.

use rpacker_diag::render::render_packer_text;
use rpacker_diag::{Diagnostic, SourceMap};

use crate::ui::Ui;

/// Prints `diags`; returns the exit code Packer would (1 when any is an error).
pub fn write_diagnostics(ui: &mut Ui, sources: &SourceMap, diags: &[Diagnostic]) -> i32 {
    if diags.is_empty() {
        return 0;
    }
    let text: String = diags.iter().map(|d| render_packer_text(d, sources)).collect();
    if diags.iter().any(Diagnostic::is_error) {
        ui.error(&text);
        1
    } else {
        ui.say(&text);
        0
    }
}
