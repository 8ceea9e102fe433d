//! Why a JSON template could not be loaded, in the shapes Packer prints after
//! `Failed to parse template: ` — each shape has its own text format (Go's syntax excerpt, a
//! bare error, mapstructure's `N error(s) decoding:` list, go-multierror's list).

use std::fmt;

use rpacker_diag::go_errors::multierror;
use rpacker_diag::Span;

use super::mapstructure::{error_list_text, FieldError};
use super::syntax_error::JsonSyntaxError;
use crate::{Key, TemplateError};

/// A JSON template load failure. `Display` is Packer's text after `Failed to parse template: `.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateParseError {
    /// Not JSON: `Error parsing JSON: …` with Packer's line/column excerpt.
    Syntax(JsonSyntaxError),
    /// `template has duplicate field: <key>` (the second occurrence).
    DuplicateField(Key),
    /// The root object does not fit Packer's root struct: mapstructure's sorted
    /// `N error(s) decoding:` list.
    RootDecode(Vec<TemplateError>),
    /// One error printed as-is (a non-object root, a bad root comment, a number too large).
    Single(TemplateError),
    /// Structural errors collected into a go-multierror list.
    Multiple(Vec<TemplateError>),
}

impl TemplateParseError {
    /// Every error with its span, in printed order.
    #[must_use]
    pub fn errors(&self) -> Vec<TemplateError> {
        match self {
            Self::Syntax(e) => vec![TemplateError::at(e.message.clone(), e.span)],
            Self::DuplicateField(key) => {
                vec![TemplateError::at(format!("template has duplicate field: {}", key.value), key.span)]
            }
            Self::RootDecode(list) | Self::Multiple(list) => list.clone(),
            Self::Single(e) => vec![e.clone()],
        }
    }

    /// The span of the first error.
    #[must_use]
    pub fn primary_span(&self) -> Option<Span> {
        self.errors().first().and_then(|e| e.span)
    }

    pub(crate) fn root_decode(errors: Vec<FieldError>) -> Self {
        Self::RootDecode(errors.into_iter().map(|e| TemplateError::at(e.message, e.span)).collect())
    }
}

impl fmt::Display for TemplateParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax(e) => e.fmt(f),
            Self::DuplicateField(key) => write!(f, "template has duplicate field: {}", key.value),
            Self::RootDecode(list) => {
                let fields: Vec<FieldError> = list
                    .iter()
                    .map(|e| FieldError { message: e.message.clone(), span: e.span.unwrap_or_default() })
                    .collect();
                f.write_str(&error_list_text(&fields))
            }
            Self::Single(e) => f.write_str(&e.message),
            Self::Multiple(list) => {
                let messages: Vec<&str> = list.iter().map(|e| e.message.as_str()).collect();
                f.write_str(&multierror(&messages))
            }
        }
    }
}

impl std::error::Error for TemplateParseError {}
