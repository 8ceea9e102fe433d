//! One template error: Packer's exact message plus, beside it, where in the user's file it
//! comes from (Packer's JSON front-end never says where; rpacker keeps the span so the CLI can).

use std::fmt;

use rpacker_diag::Span;

/// A template error with Packer's exact text and the span of the offending key or value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// The message exactly as Packer prints it.
    pub message: String,
    /// Where the problem is, when it is in a file.
    pub span: Option<Span>,
}

impl TemplateError {
    /// An error pointing at `span`.
    #[must_use]
    pub fn at(message: impl Into<String>, span: Span) -> Self {
        Self { message: message.into(), span: Some(span) }
    }

    /// An error with no place in a file.
    #[must_use]
    pub fn bare(message: impl Into<String>) -> Self {
        Self { message: message.into(), span: None }
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TemplateError {}
