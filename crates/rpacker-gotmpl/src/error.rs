//! Template errors as facts (kind, position, Go's wording), rendered exactly as Go prints them.
//!
//! Packer shows Go's `text/template` error strings verbatim (`template: root:1: function "x"
//! not defined`), and callers match on them (e.g. `Error: variable not set:` inside a function
//! error), so `Display` reproduces Go's text while `kind` lets Rust callers branch without
//! parsing strings.

use std::fmt;

/// What went wrong, as far as callers need to tell cases apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// A syntax error found while lexing or parsing.
    Parse,
    /// The template calls a function that is neither a Go built-in nor in the [`crate::FuncMap`].
    UndefinedFunction {
        /// The unknown function's name.
        name: String,
    },
    /// An error raised by the evaluator itself (bad types, wrong argument count, …).
    Exec,
    /// A function returned an error (`error calling NAME: MESSAGE`).
    FuncCall {
        /// The function that failed.
        name: String,
        /// The message it returned.
        message: String,
    },
}

/// A parse or execution error with Go's exact text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Byte offset into the template source of the token or node at fault.
    pub offset: usize,
    /// 1-based line of the fault (as Go reports it).
    pub line: usize,
    /// The rest of Go's message, boxed to keep `Result`s small.
    pub(crate) info: Box<ErrorInfo>,
}

/// The parts of an error only its text needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorInfo {
    /// The name of the template that failed (`root` for Packer, or a `{{define}}`d name).
    pub(crate) template: String,
    /// For execution errors: Go's 0-based column and the failing node's source text.
    pub(crate) at: Option<ExecSite>,
    /// The message after the location prefix.
    pub(crate) detail: String,
}

/// Where an execution error happened: Go prints `root:LINE:COL: executing "root" at <CONTEXT>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExecSite {
    /// The top-level template's name, which Go uses in the location even inside
    /// `{{template}}` calls.
    pub(crate) location_name: String,
    pub(crate) column: usize,
    pub(crate) context: String,
}

impl Error {
    /// A parse error at `line` (Go reports only the line for parse errors).
    pub(crate) fn parse(template: &str, offset: usize, line: usize, detail: impl Into<String>) -> Self {
        let info = Box::new(ErrorInfo { template: template.to_owned(), at: None, detail: detail.into() });
        Self { kind: ErrorKind::Parse, offset, line, info }
    }

    /// The message without the `template: NAME:LINE:` prefix.
    #[must_use]
    pub fn detail(&self) -> &str {
        &self.info.detail
    }

    /// Whether this error is a parse (syntax) error rather than an execution error.
    #[must_use]
    pub fn is_parse(&self) -> bool {
        matches!(self.kind, ErrorKind::Parse | ErrorKind::UndefinedFunction { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let info = &self.info;
        match &info.at {
            _ if self.is_parse() => write!(f, "template: {}:{}: {}", info.template, self.line, info.detail),
            Some(site) => write!(
                f,
                "template: {}:{}:{}: executing {} at <{}>: {}",
                site.location_name,
                self.line,
                site.column,
                crate::go_quote::quote(&info.template),
                site.context,
                info.detail
            ),
            None => write!(f, "template: {}: {}", info.template, info.detail),
        }
    }
}

impl std::error::Error for Error {}
