//! `hako/durafmt` with `LimitFirstN(2)`: how `packer build` words elapsed times
//! (`Build 'x' finished after 9 milliseconds 722 microseconds.`, `Wait completed after …`).

use std::time::Duration;

/// Units from largest to smallest, with their size in microseconds (a year is 365 days).
const UNITS: [(&str, u128); 8] = [
    ("years", 365 * 86_400_000_000),
    ("weeks", 7 * 86_400_000_000),
    ("days", 86_400_000_000),
    ("hours", 3_600_000_000),
    ("minutes", 60_000_000),
    ("seconds", 1_000_000),
    ("milliseconds", 1_000),
    ("microseconds", 1),
];

/// `durafmt.Parse(d).LimitFirstN(2).String()`: the two largest non-zero units, singular for 1
/// (`1 second 36 milliseconds`). Zero is `0 seconds`; below a microsecond, the empty string.
#[must_use]
pub fn format_elapsed(d: Duration) -> String {
    durafmt(d, 2)
}

/// `durafmt.Parse(d).LimitFirstN(limit)` (`limit == 0`: all units).
#[must_use]
pub fn durafmt(d: Duration, limit: usize) -> String {
    if d.is_zero() {
        // durafmt matches the input `0s` against each unit's short name: only seconds match.
        return "0 seconds".to_owned();
    }
    let mut rest = d.as_micros();
    let mut parts = Vec::new();
    for (unit, size) in UNITS {
        let value = rest / size;
        rest %= size;
        match value {
            0 => {}
            1 => parts.push(format!("1 {}", unit.trim_end_matches('s'))),
            v => parts.push(format!("{v} {unit}")),
        }
    }
    if limit > 0 {
        parts.truncate(limit);
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_first_two() {
        // The first four are verified with packer 1.6.6 (build and wait lines); the rest follow
        // durafmt's unit table.
        let cases: &[(Duration, &str)] = &[
            (Duration::from_micros(9_722), "9 milliseconds 722 microseconds"),
            (Duration::from_micros(1_036_400), "1 second 36 milliseconds"),
            (Duration::from_micros(2_828_100), "2 seconds 828 milliseconds"),
            (Duration::from_nanos(3_900), "3 microseconds"),
            (Duration::from_micros(4_522_013), "4 seconds 522 milliseconds"),
            (Duration::ZERO, "0 seconds"),
            (Duration::from_nanos(500), ""),
            (Duration::from_micros(1), "1 microsecond"),
            (Duration::from_millis(1), "1 millisecond"),
            (Duration::from_secs(60), "1 minute"),
            (Duration::from_secs(353), "5 minutes 53 seconds"),
            (Duration::from_millis(632_001), "10 minutes 32 seconds"),
            (Duration::from_secs(3_600 + 1), "1 hour 1 second"),
            (Duration::from_secs(2 * 86_400 + 3 * 3_600 + 4 * 60), "2 days 3 hours"),
            (Duration::from_secs(8 * 86_400), "1 week 1 day"),
            (Duration::from_secs(366 * 86_400), "1 year 1 day"),
        ];
        for (d, want) in cases {
            assert_eq!(format_elapsed(*d), *want, "{d:?}");
        }
    }

    #[test]
    fn without_limit() {
        assert_eq!(
            durafmt(Duration::from_micros(3_723_004_005), 0),
            "1 hour 2 minutes 3 seconds 4 milliseconds 5 microseconds"
        );
        assert_eq!(durafmt(Duration::from_micros(3_723_004_005), 1), "1 hour");
    }
}
