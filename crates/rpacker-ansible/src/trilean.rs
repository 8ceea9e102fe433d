//! Packer's `config.Trilean` (`use_proxy`): unset, true or false, decoded from a bool or a Go
//! bool string with Packer's own error text.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// A bool that remembers whether it was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Trilean {
    /// Not written (or written as "").
    #[default]
    Unset,
    /// `true`.
    True,
    /// `false`.
    False,
}

impl Trilean {
    /// Whether it was set to false (Packer's `Trilean.False()`).
    #[must_use]
    pub fn is_false(self) -> bool {
        self == Self::False
    }
}

impl<'de> Deserialize<'de> for Trilean {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TrileanVisitor;
        impl Visitor<'_> for TrileanVisitor {
            type Value = Trilean;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a bool")
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Trilean, E> {
                Ok(if b { Trilean::True } else { Trilean::False })
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Trilean, E> {
                match s {
                    "" => Ok(Trilean::Unset),
                    "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(Trilean::True),
                    "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(Trilean::False),
                    _ => Err(E::custom(format!(
                        "Error parsing bool from given var: strconv.ParseBool: parsing {s:?}: invalid syntax"
                    ))),
                }
            }
            // The Go type is a uint8 enum: 0 unset, 1 true, 2 false.
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Trilean, E> {
                Ok(match n {
                    1 => Trilean::True,
                    2 => Trilean::False,
                    _ => Trilean::Unset,
                })
            }
        }
        deserializer.deserialize_any(TrileanVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_like_packer() {
        let cases = [
            (json!(true), Trilean::True),
            (json!("false"), Trilean::False),
            (json!(""), Trilean::Unset),
            (json!(2), Trilean::False),
        ];
        for (value, want) in cases {
            assert_eq!(serde_json::from_value::<Trilean>(value.clone()).unwrap(), want, "{value}");
        }
        let err = serde_json::from_value::<Trilean>(json!("maybe")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Error parsing bool from given var: strconv.ParseBool: parsing \"maybe\": invalid syntax"
        );
    }
}
