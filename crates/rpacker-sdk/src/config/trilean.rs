//! Options that distinguish "not set" from `false` — the SDK's `config.Trilean` (amazon's
//! `ena_support`, `encrypt_boot`, a block device's `encrypted`; ansible's `use_proxy`). Unset
//! means "leave it to the default", e.g. an AWS call omits the field instead of sending `false`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// A bool that may also be unset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Trilean {
    /// Not written (or written as `""`).
    #[default]
    Unset,
    /// Set to true.
    True,
    /// Set to false.
    False,
}

impl Trilean {
    /// Whether it is set to true.
    #[must_use]
    pub fn is_true(self) -> bool {
        self == Self::True
    }

    /// Whether it is set to false (unset is not false).
    #[must_use]
    pub fn is_false(self) -> bool {
        self == Self::False
    }

    /// The value to send to AWS: `None` when unset.
    #[must_use]
    pub fn as_bool(self) -> Option<bool> {
        match self {
            Self::Unset => None,
            Self::True => Some(true),
            Self::False => Some(false),
        }
    }
}

impl<'de> Deserialize<'de> for Trilean {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TrileanVisitor)
    }
}

struct TrileanVisitor;

impl Visitor<'_> for TrileanVisitor {
    type Value = Trilean;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a bool")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Trilean, E> {
        Ok(if b { Trilean::True } else { Trilean::False })
    }

    /// The SDK's `stringToTrilean` hook: `strconv.ParseBool`, `""` meaning unset.
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

    /// Numbers decode into the underlying `uint8`: 1 is true, 2 is false, anything else is
    /// neither (verified with packer 1.6.6: `"ena_support": 3` validates).
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Trilean, E> {
        Ok(match n {
            1 => Trilean::True,
            2 => Trilean::False,
            _ => Trilean::Unset,
        })
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Trilean, E> {
        self.visit_u64(u64::try_from(n).unwrap_or(0))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Trilean, E> {
        // Go's weak decode truncates floats into integer fields.
        self.visit_u64(if n >= 0.0 { n as u64 } else { 0 })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Trilean, E> {
        Ok(Trilean::Unset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_like_the_sdk_hook() {
        let cases = [
            (json!(true), Trilean::True),
            (json!(false), Trilean::False),
            (json!(""), Trilean::Unset),
            (json!("0"), Trilean::False),
            (json!("True"), Trilean::True),
            (json!(1), Trilean::True),
            (json!(2), Trilean::False),
            (json!(3), Trilean::Unset),
            (json!(null), Trilean::Unset),
        ];
        for (value, want) in cases {
            assert_eq!(serde_json::from_value::<Trilean>(value.clone()).unwrap(), want, "{value}");
        }
    }

    #[test]
    fn bad_strings_use_the_hook_text() {
        let err = serde_json::from_value::<Trilean>(json!("yes")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Error parsing bool from given var: strconv.ParseBool: parsing \"yes\": invalid syntax"
        );
    }

    #[test]
    fn accessors() {
        assert!(Trilean::True.is_true() && !Trilean::Unset.is_true());
        assert!(Trilean::False.is_false() && !Trilean::Unset.is_false());
        assert_eq!(
            [Trilean::Unset, Trilean::True, Trilean::False].map(Trilean::as_bool),
            [None, Some(true), Some(false)]
        );
    }
}
