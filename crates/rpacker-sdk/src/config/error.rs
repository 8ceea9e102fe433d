//! Errors from checking a plugin's configuration.

use std::fmt;

use rpacker_diag::go_errors::{multierror, sdk_multierror};

/// One problem with a plugin's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The option it is about, as a path (`ami_name`, `tags.Name`, `launch_block_device_mappings[0].foo`),
    /// so the CLI can point at the user's file.
    pub key: Option<String>,
    /// Packer's text for the problem.
    pub message: String,
    /// A suggestion shown on its own line (did-you-mean), not part of Packer's text.
    pub hint: Option<String>,
}

impl ConfigError {
    /// An error about option `key`.
    pub fn at(key: impl Into<String>, message: impl Into<String>) -> Self {
        Self { key: Some(key.into()), message: message.into(), hint: None }
    }

    /// An error about the configuration as a whole.
    pub fn general(message: impl Into<String>) -> Self {
        Self { key: None, message: message.into(), hint: None }
    }

    /// The same error with a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Which of Packer's two prepare stages found the problems; they print their lists differently.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ErrorStage {
    /// Decoding the options (unknown keys, wrong types, bad templates): go-multierror's list,
    /// `1 error occurred:\n\t* …`.
    Decode,
    /// The plugin's own checks: the SDK's list, `N error(s) occurred:\n\n* …`.
    #[default]
    Validate,
    /// Converting values to their fields' types: mapstructure's list, `N error(s) decoding:\n\n* …`
    /// (sorted).
    TypeDecode,
    /// Rendering a Go template in the options: Packer prints that one error alone, e.g.
    /// `Error decoding config: invalid 'inline': template: root:1: function "nope" not defined
    /// in:\n\n{{nope}}` (the prefix depends on the plugin; see [`ConfigErrors::prefixed`]).
    Render,
}

/// All the problems found while preparing one plugin (Packer collects them into one list).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigErrors {
    /// The problems, in the order Packer reports them.
    pub errors: Vec<ConfigError>,
    /// The stage that found them.
    pub stage: ErrorStage,
}

impl ConfigErrors {
    /// No errors yet (validation stage).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Errors found while decoding the options.
    #[must_use]
    pub fn decode(errors: Vec<ConfigError>) -> Self {
        Self { errors, stage: ErrorStage::Decode }
    }

    /// Values that could not be converted to their fields' types.
    #[must_use]
    pub fn type_decode(errors: Vec<ConfigError>) -> Self {
        Self { errors, stage: ErrorStage::TypeDecode }
    }

    /// Errors found while rendering the options' templates.
    #[must_use]
    pub fn render(error: ConfigError) -> Self {
        Self { errors: vec![error], stage: ErrorStage::Render }
    }

    /// The same errors with `prefix` before each message (plugins differ: shell-local says
    /// `Error decoding config: `, amazon-ebs nothing).
    #[must_use]
    pub fn prefixed(mut self, prefix: &str) -> Self {
        for e in &mut self.errors {
            e.message.insert_str(0, prefix);
        }
        self
    }

    /// Adds one error.
    pub fn push(&mut self, error: ConfigError) {
        self.errors.push(error);
    }

    /// Whether nothing was found.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(value)` when empty, else the errors.
    ///
    /// # Errors
    /// The collected errors, when there are any.
    pub fn into_result<T>(self, value: T) -> Result<T, ConfigErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<ConfigError> for ConfigErrors {
    fn from(e: ConfigError) -> Self {
        Self { errors: vec![e], stage: ErrorStage::Validate }
    }
}

impl std::ops::AddAssign for ConfigErrors {
    fn add_assign(&mut self, other: ConfigErrors) {
        self.errors.extend(other.errors);
    }
}

/// Packer's text for the list, in the format of the stage that found it.
impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let messages: Vec<&str> = self.errors.iter().map(|e| e.message.as_str()).collect();
        match self.stage {
            ErrorStage::Decode => f.write_str(&multierror(&messages)),
            ErrorStage::Validate => f.write_str(&sdk_multierror(&messages)),
            ErrorStage::Render => f.write_str(&messages.join("\n")),
            ErrorStage::TypeDecode => {
                writeln!(f, "{} error(s) decoding:", messages.len())?;
                messages.iter().try_for_each(|m| write!(f, "\n* {m}"))
            }
        }
    }
}

impl std::error::Error for ConfigErrors {}
