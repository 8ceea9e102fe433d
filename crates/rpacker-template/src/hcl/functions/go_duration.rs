//! Go's `time.ParseDuration`, for `timeadd`: a signed sequence of decimal numbers with
//! units (`1h30m`, `-1.5s`, `300ms`), and Go's error texts.

/// Nanoseconds per unit, by Go's unit names.
const UNITS: &[(&str, f64)] =
    &[("ns", 1.0), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)];

/// The duration in nanoseconds, or Go's error message.
pub(super) fn parse(text: &str) -> Result<i128, String> {
    let quoted = rpacker_gotmpl::go_quote(text);
    let invalid = || format!("time: invalid duration {quoted}");
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total = 0f64;
    while !rest.is_empty() {
        let number_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number = &rest[..number_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(invalid());
        }
        let value: f64 = number.parse().map_err(|_| invalid())?;
        rest = &rest[number_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration {quoted}"));
        }
        let Some((_, scale)) = UNITS.iter().find(|(name, _)| *name == unit) else {
            return Err(format!("time: unknown unit {} in duration {quoted}", rpacker_gotmpl::go_quote(unit)));
        };
        total += value * scale;
        rest = &rest[unit_len..];
    }
    if total > i64::MAX as f64 {
        return Err(invalid());
    }
    let nanos = total.round() as i128;
    Ok(if negative { -nanos } else { nanos })
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// Cases from Go's `time/time_test.go` parseDurationTests and error texts.
    #[test]
    #[rustfmt::skip]
    fn durations() {
        let cases: &[(&str, Result<i128, &str>)] = &[
            ("0", Ok(0)),
            ("1h", Ok(3_600_000_000_000)),
            ("-30m", Ok(-1_800_000_000_000)),
            ("1h30m", Ok(5_400_000_000_000)),
            ("1.5s", Ok(1_500_000_000)),
            ("300ms", Ok(300_000_000)),
            ("2us", Ok(2_000)),
            ("10ns", Ok(10)),
            ("", Err("time: invalid duration \"\"")),
            ("1", Err("time: missing unit in duration \"1\"")),
            ("1d", Err("time: unknown unit \"d\" in duration \"1d\"")),
            ("h", Err("time: invalid duration \"h\"")),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), want.map_err(str::to_owned), "{text}");
        }
    }
}
