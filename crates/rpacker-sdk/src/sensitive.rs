//! Secrets in plugin configuration (`ssh_password`, `winrm_password`, key material): a wrapper
//! that decodes like the value it holds but never shows it in `Debug` output, so logging a whole
//! config cannot leak it. Reading the value is an explicit [`Sensitive::expose`].

use std::fmt;

use serde::{Deserialize, Deserializer};

/// A secret option value; `Debug` prints `<sensitive>`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    /// Wraps a secret.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The secret itself, for the code that must use it (authentication, masking filters).
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl Sensitive<String> {
    /// Whether the secret is empty (an unset option).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<sensitive>")
    }
}

impl<T> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

/// Transparent: decodes exactly as `T` does (weak typing included).
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sensitive<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value_and_decode_is_transparent() {
        let secret: Sensitive<String> = serde_json::from_str("\"hunter2\"").unwrap();
        assert_eq!(format!("{secret:?}"), "<sensitive>");
        assert_eq!(secret.expose(), "hunter2");
        assert!(!secret.is_empty());
        assert!(Sensitive::<String>::default().is_empty());
    }
}
