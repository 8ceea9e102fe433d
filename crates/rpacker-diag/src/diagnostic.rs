//! The data-only diagnostic: what went wrong and where. Renderers decide how it looks.

use crate::Span;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Stops the command (non-zero exit).
    Error,
    /// Printed, but the command still succeeds.
    Warning,
}

/// One problem to show the user, in the shape of HCL's `hcl.Diagnostic`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// One line; Packer's JSON front-end leaves it empty.
    pub summary: String,
    /// The explanation, word-wrapped at render time.
    pub detail: String,
    /// Where in the user's files the problem is, if it comes from one.
    pub subject: Option<Span>,
    /// Suggestions (did-you-mean), shown after the detail; not part of Packer's text.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error with a summary and a detail.
    #[must_use]
    pub fn error(summary: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            summary: summary.into(),
            detail: detail.into(),
            subject: None,
            hints: Vec::new(),
        }
    }

    /// A warning with a summary and a detail.
    #[must_use]
    pub fn warning(summary: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            summary: summary.into(),
            detail: detail.into(),
            subject: None,
            hints: Vec::new(),
        }
    }

    /// The same diagnostic pointing at `span`.
    #[must_use]
    pub fn with_subject(mut self, span: Option<Span>) -> Self {
        self.subject = span;
        self
    }

    /// The same diagnostic with one more hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Whether this diagnostic fails the command.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
