//! `aws_polling { delay_seconds, max_attempts }`: how EC2 waiters poll, with the environment
//! overrides Packer honours (`AWS_POLL_DELAY_SECONDS`, `AWS_MAX_ATTEMPTS`, and the deprecated
//! `AWS_TIMEOUT_SECONDS`). Options win over the environment; what neither sets is left to each
//! waiter's own default, so the result is a set of overrides, not a full waiter setting.

use std::time::Duration;

use serde::Deserialize;

/// The `aws_polling` block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct PollingConfig {
    /// Maximum number of polls; 0 means "not set".
    pub max_attempts: i64,
    /// Seconds between polls; 0 means "not set".
    pub delay_seconds: i64,
}

/// What replaces a waiter's defaults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WaiterOverrides {
    /// A constant delay between polls.
    pub delay: Option<Duration>,
    /// The maximum number of polls.
    pub max_attempts: Option<i64>,
}

/// The delay `AWS_TIMEOUT_SECONDS` divides by when no delay is set.
const TIMEOUT_DEFAULT_DELAY_SECONDS: i64 = 2;

impl PollingConfig {
    /// The overrides for a waiter, reading the environment through `env`. Values that are not
    /// integers are ignored, as Packer logs `Invalid <VAR> '<v>', using default` and goes on.
    #[must_use]
    pub fn waiter_overrides(&self, env: &dyn Fn(&str) -> Option<String>) -> WaiterOverrides {
        let read = |name: &str| env(name).filter(|v| !v.is_empty()).and_then(|v| go_atoi(&v));
        let delay = Some(self.delay_seconds).filter(|d| *d != 0).or_else(|| read("AWS_POLL_DELAY_SECONDS"));
        let attempts = Some(self.max_attempts).filter(|a| *a != 0).or_else(|| read("AWS_MAX_ATTEMPTS"));
        let mut overrides = WaiterOverrides { delay: delay.map(seconds), max_attempts: attempts };
        if attempts.is_none() {
            if let Some(timeout) = read("AWS_TIMEOUT_SECONDS") {
                let delay = delay.unwrap_or(TIMEOUT_DEFAULT_DELAY_SECONDS);
                // Go would panic dividing by a zero delay; no attempts override is the safe reading.
                if delay != 0 {
                    overrides.max_attempts = Some(timeout / delay);
                    overrides.delay = Some(seconds(delay));
                }
            }
        }
        overrides
    }
}

fn seconds(n: i64) -> Duration {
    Duration::from_secs(u64::try_from(n).unwrap_or(0))
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits.
fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: Vars) -> impl Fn(&str) -> Option<String> {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
    }

    fn o(delay: Option<u64>, attempts: Option<i64>) -> WaiterOverrides {
        WaiterOverrides { delay: delay.map(Duration::from_secs), max_attempts: attempts }
    }

    type Vars = &'static [(&'static str, &'static str)];

    #[test]
    fn options_then_environment() {
        let none = PollingConfig::default();
        let set = PollingConfig { max_attempts: 7, delay_seconds: 3 };
        let cases: [(&PollingConfig, Vars, WaiterOverrides); 8] = [
            (&none, &[], o(None, None)),
            (&set, &[("AWS_MAX_ATTEMPTS", "9"), ("AWS_POLL_DELAY_SECONDS", "9")], o(Some(3), Some(7))),
            (&none, &[("AWS_MAX_ATTEMPTS", "9")], o(None, Some(9))),
            (&none, &[("AWS_POLL_DELAY_SECONDS", "5")], o(Some(5), None)),
            (&none, &[("AWS_TIMEOUT_SECONDS", "60")], o(Some(2), Some(30))),
            (&none, &[("AWS_TIMEOUT_SECONDS", "60"), ("AWS_POLL_DELAY_SECONDS", "10")], o(Some(10), Some(6))),
            (&none, &[("AWS_TIMEOUT_SECONDS", "60"), ("AWS_MAX_ATTEMPTS", "4")], o(None, Some(4))),
            (&none, &[("AWS_MAX_ATTEMPTS", "many"), ("AWS_POLL_DELAY_SECONDS", "")], o(None, None)),
        ];
        for (config, vars, want) in cases {
            assert_eq!(config.waiter_overrides(&env(vars)), want, "{vars:?}");
        }
    }
}
