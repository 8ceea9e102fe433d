//! Go's `time.ParseDuration`, with Go's error texts (Packer users see them for `pause_before`,
//! `timeout` and every duration option of every plugin).

use std::time::Duration;

use rpacker_gotmpl::go_quote;

/// Parses a Go duration string such as `"300ms"`, `"-1.5h"` or `"2h45m"`.
///
/// Negative durations are clamped to zero (Packer treats them as "not set").
///
/// # Errors
/// Go's message, e.g. `time: missing unit in duration "5"`.
pub fn parse_go_duration(text: &str) -> Result<Duration, String> {
    let quoted = go_quote(text);
    let invalid = || format!("time: invalid duration {quoted}");
    let mut s = text;
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    if s == "0" {
        return Ok(Duration::ZERO);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: u128 = 0;
    while !s.is_empty() {
        let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
        let int_part = &s[..int_len];
        s = &s[int_len..];
        let mut frac_part = "";
        if let Some(rest) = s.strip_prefix('.') {
            let frac_len = rest.bytes().take_while(u8::is_ascii_digit).count();
            frac_part = &rest[..frac_len];
            s = &rest[frac_len..];
        }
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(invalid());
        }
        let unit_len = s.bytes().take_while(|b| *b != b'.' && !b.is_ascii_digit()).count();
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {quoted}"));
        }
        let unit = &s[..unit_len];
        s = &s[unit_len..];
        let nanos_per_unit: u128 = match unit {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(format!("time: unknown unit {} in duration {quoted}", go_quote(unit))),
        };
        let whole: u128 = if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| invalid())? };
        let mut value = whole.checked_mul(nanos_per_unit).ok_or_else(invalid)?;
        let mut scale = nanos_per_unit;
        for digit in frac_part.bytes().take(30) {
            scale /= 10;
            value += u128::from(digit - b'0') * scale;
        }
        total = total.checked_add(value).ok_or_else(invalid)?;
        if total > i64::MAX as u128 {
            return Err(invalid());
        }
    }
    if negative {
        return Ok(Duration::ZERO);
    }
    Ok(Duration::from_nanos(u64::try_from(total).map_err(|_| invalid())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_go() {
        let ok = [
            ("5m", 300_000),
            ("1h30m", 5_400_000),
            ("300ms", 300),
            ("1.5s", 1_500),
            ("0", 0),
            ("2h45m0.5s", 9_900_500),
            ("-5s", 0),
        ];
        for (text, millis) in ok {
            assert_eq!(parse_go_duration(text), Ok(Duration::from_millis(millis)), "{text}");
        }
        // Messages verified with packer 1.6.6 (pause_before) and Go's time package.
        let errors = [
            ("5", "time: missing unit in duration \"5\""),
            ("", "time: invalid duration \"\""),
            ("5x", "time: unknown unit \"x\" in duration \"5x\""),
            ("m", "time: invalid duration \"m\""),
            (".s", "time: invalid duration \".s\""),
        ];
        for (text, message) in errors {
            assert_eq!(parse_go_duration(text).unwrap_err(), message, "{text}");
        }
    }
}
