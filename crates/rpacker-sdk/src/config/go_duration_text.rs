//! Go's `time.Duration.String` (`1m30s`, `500ms`, `1.5µs`, `0s`): Packer prints provisioner
//! pauses and timeouts with it, so the text must match Go byte for byte.

use std::time::Duration;

/// Formats `d` as Go's `Duration.String` does.
#[must_use]
pub fn format_go_duration(d: Duration) -> String {
    let nanos = d.as_nanos();
    if nanos == 0 {
        return "0s".to_owned();
    }
    if nanos < 1_000 {
        return format!("{nanos}ns");
    }
    if nanos < 1_000_000 {
        return format!("{}µs", decimal(nanos, 3));
    }
    if nanos < 1_000_000_000 {
        return format!("{}ms", decimal(nanos, 6));
    }
    let seconds = nanos / 1_000_000_000;
    let frac = nanos % 1_000_000_000;
    let secs_text = decimal((seconds % 60) * 1_000_000_000 + frac, 9);
    let minutes = seconds / 60;
    if minutes == 0 {
        return format!("{secs_text}s");
    }
    let hours = minutes / 60;
    if hours == 0 {
        return format!("{}m{secs_text}s", minutes % 60);
    }
    format!("{hours}h{}m{secs_text}s", minutes % 60)
}

/// `v / 10^prec` with the fraction's trailing zeros (and a bare point) dropped, as Go's
/// `fmtFrac` + `fmtInt` do.
fn decimal(v: u128, prec: u32) -> String {
    let scale = 10u128.pow(prec);
    let (int, frac) = (v / scale, v % scale);
    if frac == 0 {
        return int.to_string();
    }
    let digits = format!("{frac:0width$}", width = prec as usize);
    format!("{int}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_duration_strings() {
        // Expected texts are Go's `time.Duration.String` outputs; `1.5s`, `5s`, `1m30s`
        // verified with packer 1.6.6 provisioner pause/timeout messages.
        let cases: &[(Duration, &str)] = &[
            (Duration::ZERO, "0s"),
            (Duration::from_nanos(1), "1ns"),
            (Duration::from_nanos(999), "999ns"),
            (Duration::from_nanos(1_500), "1.5µs"),
            (Duration::from_micros(1), "1µs"),
            (Duration::from_millis(500), "500ms"),
            (Duration::from_micros(1_500), "1.5ms"),
            (Duration::from_nanos(1_000_001), "1.000001ms"),
            (Duration::from_secs(1), "1s"),
            (Duration::from_millis(1_500), "1.5s"),
            (Duration::from_secs(5), "5s"),
            (Duration::from_secs(59), "59s"),
            (Duration::from_secs(60), "1m0s"),
            (Duration::from_secs(90), "1m30s"),
            (Duration::from_millis(90_250), "1m30.25s"),
            (Duration::from_secs(3_600), "1h0m0s"),
            (Duration::from_secs(3_661), "1h1m1s"),
            (Duration::from_secs(100 * 3_600 + 5), "100h0m5s"),
            (Duration::from_nanos(1_000_000_001), "1.000000001s"),
        ];
        for (d, want) in cases {
            assert_eq!(format_go_duration(*d), *want, "{d:?}");
        }
    }
}
