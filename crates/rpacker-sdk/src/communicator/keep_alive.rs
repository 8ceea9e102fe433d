//! `ssh_keep_alive_interval`, the one communicator duration where the sign matters: Packer
//! treats `0` as "use the default 5s" and a negative value (`-1s`) as "no keep-alives", so the
//! plain non-negative [`GoDuration`](crate::config::GoDuration) cannot carry it.

use std::time::Duration;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// The keep-alive setting as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeepAliveInterval {
    /// Not set, or zero: the default applies.
    #[default]
    Unset,
    /// Send a keep-alive this often.
    Every(Duration),
    /// A negative value: never send keep-alives.
    Disabled,
}

impl KeepAliveInterval {
    fn from_signed(negative: bool, magnitude: Duration) -> Self {
        match (negative, magnitude.is_zero()) {
            (_, true) => Self::Unset,
            (true, false) => Self::Disabled,
            (false, false) => Self::Every(magnitude),
        }
    }
}

impl<'de> Deserialize<'de> for KeepAliveInterval {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeepAliveVisitor;
        impl Visitor<'_> for KeepAliveVisitor {
            type Value = KeepAliveInterval;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a duration such as \"5s\"")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<KeepAliveInterval, E> {
                if s.is_empty() {
                    return Ok(KeepAliveInterval::Unset);
                }
                // Parse the magnitude ourselves so the sign survives; Go's error text still
                // quotes the whole value.
                let (negative, magnitude) = match s.strip_prefix('-') {
                    Some(rest) => (true, rest),
                    None => (false, s.strip_prefix('+').unwrap_or(s)),
                };
                let parsed = if magnitude.is_empty() {
                    Err(String::new())
                } else {
                    rpacker_template::json::parse_go_duration(magnitude)
                };
                match parsed {
                    Ok(d) => Ok(KeepAliveInterval::from_signed(negative, d)),
                    // Re-parse the full text for Go's exact message.
                    Err(_) => rpacker_template::json::parse_go_duration(s)
                        .map(|d| KeepAliveInterval::from_signed(negative, d))
                        .map_err(E::custom),
                }
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<KeepAliveInterval, E> {
                Ok(KeepAliveInterval::from_signed(false, Duration::from_nanos(n)))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<KeepAliveInterval, E> {
                Ok(KeepAliveInterval::from_signed(n < 0, Duration::from_nanos(n.unsigned_abs())))
            }
        }
        deserializer.deserialize_any(KeepAliveVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sign_is_kept() {
        let cases = [
            (json!("10s"), KeepAliveInterval::Every(Duration::from_secs(10))),
            (json!("-1s"), KeepAliveInterval::Disabled),
            (json!("0s"), KeepAliveInterval::Unset),
            (json!(""), KeepAliveInterval::Unset),
            (json!(-5), KeepAliveInterval::Disabled),
            (json!(1_000_000_000), KeepAliveInterval::Every(Duration::from_secs(1))),
        ];
        for (value, want) in cases {
            assert_eq!(serde_json::from_value::<KeepAliveInterval>(value.clone()).unwrap(), want, "{value}");
        }
        let err = serde_json::from_value::<KeepAliveInterval>(json!("-5")).unwrap_err();
        assert_eq!(err.to_string(), "time: missing unit in duration \"-5\"");
    }
}
