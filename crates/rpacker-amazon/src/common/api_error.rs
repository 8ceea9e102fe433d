//! EC2 errors as Packer shows them: `<Code>: <message>` for a service error (aws-sdk-go's
//! `awserr` text without the request id), the whole cause chain for anything else (no
//! connection, timeout, credentials). The code is kept for retry decisions.

use std::fmt;

use aws_sdk_ec2::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

/// One line describing an SDK error.
pub fn error_text<E>(error: &E) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match error.code() {
        Some(code) => format!("{code}: {}", error.message().unwrap_or_default()),
        None => DisplayErrorContext(error).to_string(),
    }
}

/// An API call's failure: its text and, for service errors, the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// `InvalidInstanceID.NotFound`, … (`None` when the call never got an answer).
    pub code: Option<String>,
    /// [`error_text`].
    pub text: String,
}

impl ApiError {
    /// Packer's `awserrors.Matches`: the code, and the message containing `fragment`.
    #[must_use]
    pub fn matches(&self, code: &str, fragment: &str) -> bool {
        self.code.as_deref() == Some(code) && self.text.contains(fragment)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for ApiError {}

impl<E, R> From<SdkError<E, R>> for ApiError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: fmt::Debug + 'static,
{
    fn from(error: SdkError<E, R>) -> Self {
        Self { code: error.code().map(str::to_owned), text: error_text(&error) }
    }
}
