//! Packer's default diagnostic look: HCL's `NewDiagnosticTextWriter` at 80 columns, no colour.
//!
//! Packer prints `  on <file> line <N>:` and the source line only for HCL parse errors; rpacker
//! has a span for nearly every value, so it adds the column, the source line and a caret for
//! JSON errors too. Hints (did-you-mean) follow the detail.

use crate::{Diagnostic, Severity, SourceMap};

use super::word_wrap;

/// Renders one diagnostic the way Packer's CLI does (HCL's `WriteDiagnostic`). Packer prints
/// all of a command's diagnostics as one UI message, so callers concatenate.
#[must_use]
pub fn render_packer_text(diag: &Diagnostic, sources: &SourceMap) -> String {
    let word = match diag.severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
    };
    let mut out = format!("{word}: {}\n\n", diag.summary);
    if let Some((file, lc)) = diag.subject.and_then(|s| sources.start(s)) {
        out.push_str(&format!("  on {} line {}, column {}:\n", file.name, lc.line, lc.col));
        out.push_str(&format!("{:>4}: {}\n", lc.line, file.line_text(lc.line)));
        let gutter = lc.line.to_string().len().max(4);
        out.push_str(&format!("{}^\n\n", " ".repeat(gutter + 2 + lc.col - 1)));
    }
    if !diag.detail.is_empty() {
        out.push_str(&word_wrap(&diag.detail, 80));
        out.push_str("\n\n");
    }
    for hint in &diag.hints {
        out.push_str(hint);
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    #[test]
    fn renders_summary_location_and_detail() {
        let mut map = SourceMap::new();
        let id = map.add("t.json", "{\n  \"bogus\": 1\n}\n");
        let d = Diagnostic::error("Failed to prepare build: \"null\"", "unknown configuration key: '\"bogus\"'")
            .with_subject(Some(Span::new(id, 4, 11)));
        assert_eq!(
            render_packer_text(&d, &map),
            "Error: Failed to prepare build: \"null\"\n\n  on t.json line 2, column 3:\n   2:   \"bogus\": 1\n        ^\n\nunknown configuration key: '\"bogus\"'\n\n"
        );
    }

    #[test]
    fn empty_summary_keeps_trailing_space() {
        let d = Diagnostic::error("", "x");
        assert_eq!(render_packer_text(&d, &SourceMap::new()), "Error: \n\nx\n\n");
        let d = Diagnostic::warning("w", "").with_hint("did you mean 'x'?");
        assert_eq!(render_packer_text(&d, &SourceMap::new()), "Warning: w\n\ndid you mean 'x'?\n\n");
    }
}
