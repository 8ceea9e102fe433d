//! [`RenderError`]: a Go-template failure, where it happened, and a did-you-mean.

use std::fmt;

use rpacker_gotmpl::Error as GoTemplateError;

/// Which step failed: Packer parses every string before executing any (`invalid '<key>'`)
/// and reports execution failures separately (`render '<key>'`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderStage {
    /// The text is not a valid template (syntax, unknown function).
    Parse,
    /// The template failed while running (a function returned an error, bad arguments).
    Execute,
}

/// One step of the path from a config's top-level key to the failing string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// How the error reads: the bare Go error, or wrapped like the SDK's config walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderOrigin {
    /// A lone string (`render_once`, `render_to_fixpoint`): the Go error as is.
    Text,
    /// A string inside a plugin config (`render_config`): `invalid '<key>': <err> in:\n\n<s>`.
    Config,
}

/// A string that could not be rendered.
#[derive(Debug)]
pub struct RenderError {
    /// Go's error (its `Display` is Go's exact text).
    pub error: Box<GoTemplateError>,
    /// Parse or execute.
    pub stage: RenderStage,
    /// From the top-level key to the failing string; for a lone string, just its key.
    pub path: Vec<PathSegment>,
    /// The string that failed, as written.
    pub text: String,
    /// How the error reads.
    pub origin: RenderOrigin,
    /// A known function close to the unknown one, if that was the problem.
    pub suggestion: Option<String>,
}

impl RenderError {
    /// The key path as `a.b[0].c`, to find the value's span in the user's file.
    #[must_use]
    pub fn key_path(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            match segment {
                PathSegment::Key(k) if out.is_empty() => out.push_str(k),
                PathSegment::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                PathSegment::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    /// The top-level key, as Packer names it in the message.
    #[must_use]
    pub fn top_key(&self) -> &str {
        match self.path.first() {
            Some(PathSegment::Key(k)) => k,
            _ => "",
        }
    }

    /// The did-you-mean for an unknown function, shown by the CLI as a hint.
    #[must_use]
    pub fn suggestion(&self) -> Option<&str> {
        self.suggestion.as_deref()
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.origin {
            RenderOrigin::Text => write!(f, "{}", self.error),
            RenderOrigin::Config => {
                let verb = match self.stage {
                    RenderStage::Parse => "invalid",
                    RenderStage::Execute => "render",
                };
                write!(f, "{verb} '{}': {} in:\n\n{}", self.top_key(), self.error, self.text)
            }
        }
    }
}

impl std::error::Error for RenderError {}
