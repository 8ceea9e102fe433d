//! Go durations in plugin options (`"5m"`, `"1h30m"`), decoded with Go's `time.ParseDuration`.

use std::time::Duration;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// A duration written as Go writes it; numbers are taken as nanoseconds, as Go's decoder does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct GoDuration(pub Duration);

impl<'de> Deserialize<'de> for GoDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct GoDurationVisitor;
        impl Visitor<'_> for GoDurationVisitor {
            type Value = GoDuration;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a duration such as \"5m\"")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<GoDuration, E> {
                if s.is_empty() {
                    return Ok(GoDuration::default());
                }
                rpacker_template::json::parse_go_duration(s).map(GoDuration).map_err(E::custom)
            }
            fn visit_unit<E: de::Error>(self) -> Result<GoDuration, E> {
                Ok(GoDuration::default())
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<GoDuration, E> {
                Ok(GoDuration(Duration::from_nanos(n)))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<GoDuration, E> {
                Ok(GoDuration(Duration::from_nanos(n.max(0).unsigned_abs())))
            }
        }
        deserializer.deserialize_any(GoDurationVisitor)
    }
}
