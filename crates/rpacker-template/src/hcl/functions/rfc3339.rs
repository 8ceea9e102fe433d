//! Parsing RFC 3339 timestamps the way cty's `formatdate`/`timeadd` do, with their error
//! texts (`stdlib/datetime.go` `parseTimestamp`, `datetime_rfc3339.go`).
//!
//! A valid timestamp is `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)` with every field in range;
//! the result keeps its UTC offset. Errors walk the layout as Go's `time.Parse` does, so the
//! message names the element that failed (`cannot use "-02T00:00:00Z" as month`).

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Parses `s`, with `T` (or, when `space_ok`, also a space) between date and time.
pub(super) fn parse(s: &str, space_ok: bool) -> Result<OffsetDateTime, String> {
    let mut p = Cursor { rest: s };
    let year = p.number(4, "year")?;
    p.separator('-')?;
    let month = p.number(2, "month")?;
    if !(1..=12).contains(&month) {
        return Err(p.cannot_use("month"));
    }
    p.separator('-')?;
    let day = p.number(2, "day of month")?;
    if !(1..=31).contains(&day) {
        return Err(p.cannot_use("day of month"));
    }
    match p.rest.chars().next() {
        Some('T') => p.rest = &p.rest[1..],
        Some(' ') if space_ok => p.rest = &p.rest[1..],
        _ => return Err(invalid(": missing required time introducer 'T'")),
    }
    let hour = p.number(2, "hour")?;
    if hour > 23 {
        return Err(invalid(": hour must be between 0 and 23 inclusive"));
    }
    p.separator(':')?;
    let minute = p.number(2, "minute")?;
    if minute > 59 {
        return Err(invalid(": minute must have exactly two digits"));
    }
    p.separator(':')?;
    let second = p.number(2, "second")?;
    if second > 59 {
        return Err(p.cannot_use("second"));
    }
    let mut nanos = 0u32;
    if let Some(fraction) = p.rest.strip_prefix('.') {
        let digits: String = fraction.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return Err(invalid(&format!(": cannot use {:?} as timestamp segment", ".")));
        }
        let scaled: String = digits.chars().chain(std::iter::repeat('0')).take(9).collect();
        nanos = scaled.parse().unwrap_or(0);
        p.rest = &fraction[digits.len()..];
    } else if p.rest.starts_with(',') {
        return Err(invalid(": cannot use \",\" as timestamp segment"));
    }
    let offset = p.offset()?;
    let date = Month::try_from(month as u8)
        .ok()
        .and_then(|m| Date::from_calendar_date(year as i32, m, day as u8).ok())
        .ok_or_else(|| invalid(": day out of range"))?;
    let time = Time::from_hms_nano(hour as u8, minute as u8, second as u8, nanos)
        .map_err(|_| invalid(": timestamp segment out of range"))?;
    Ok(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

fn invalid(detail: &str) -> String {
    format!("not a valid RFC3339 timestamp{detail}")
}

/// What is left of the timestamp while its layout is walked.
struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    fn cannot_use(&self, what: &str) -> String {
        if self.rest.is_empty() {
            invalid(&format!(": end of string before {what}"))
        } else {
            invalid(&format!(": cannot use {:?} as {what}", self.rest))
        }
    }

    /// Exactly `width` digits.
    fn number(&mut self, width: usize, what: &str) -> Result<u32, String> {
        let digits = self.rest.get(..width).filter(|d| d.bytes().all(|b| b.is_ascii_digit()));
        match digits {
            Some(d) => {
                self.rest = &self.rest[width..];
                Ok(d.parse().unwrap_or(0))
            }
            None if what == "hour" && self.rest.as_bytes().get(1) == Some(&b':') => {
                Err(invalid(": hour must have exactly two digits"))
            }
            None if what == "minute" && !self.rest.is_empty() => Err(invalid(": minute must have exactly two digits")),
            None => Err(self.cannot_use(what)),
        }
    }

    fn separator(&mut self, sep: char) -> Result<(), String> {
        match self.rest.strip_prefix(sep) {
            Some(rest) => {
                self.rest = rest;
                Ok(())
            }
            None if self.rest.is_empty() => Err(invalid(&format!(": end of string where \"{sep}\" is expected"))),
            None => Err(invalid(&format!(": found {:?} where \"{sep}\" is expected", self.rest))),
        }
    }

    /// `Z` or `±hh:mm`, and nothing after it.
    fn offset(&mut self) -> Result<UtcOffset, String> {
        let rest = self.rest;
        if rest == "Z" {
            return Ok(UtcOffset::UTC);
        }
        if rest.is_empty() {
            return Err(invalid(": end of string before UTC offset"));
        }
        let bytes = rest.as_bytes();
        let shaped = bytes.len() == 6
            && matches!(bytes[0], b'+' | b'-')
            && bytes[3] == b':'
            && [1, 2, 4, 5].iter().all(|i| bytes[*i].is_ascii_digit());
        if !shaped {
            return match rest.strip_prefix('Z') {
                Some(extra) => Err(invalid(&format!(": extra text: {extra:?}"))),
                None => Err(invalid(&format!(": cannot use {rest:?} as UTC offset"))),
            };
        }
        let hours: i8 = rest[1..3].parse().unwrap_or(99);
        let minutes: i8 = rest[4..6].parse().unwrap_or(99);
        if hours >= 24 || minutes >= 60 {
            return Err(invalid(&format!(": cannot use {rest:?} as UTC offset")));
        }
        let sign = if bytes[0] == b'-' { -1 } else { 1 };
        UtcOffset::from_hms(sign * hours, sign * minutes, 0)
            .map_err(|_| invalid(&format!(": cannot use {rest:?} as UTC offset")))
    }
}

/// Go's `time.RFC3339` formatting: no fraction, `Z` for a zero offset.
pub(super) fn format(t: OffsetDateTime) -> String {
    rpacker_gotmpl::format_go_time(t, "2006-01-02T15:04:05Z07:00")
}

#[cfg(test)]
mod tests {
    use super::{format, parse};

    /// Error texts from go-cty `stdlib/datetime_test.go` (TestFormatDate's invalid timestamps).
    #[test]
    #[rustfmt::skip]
    fn parse_errors_and_values() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("2006-01-02T15:04:05Z", Ok("2006-01-02T15:04:05Z")),
            ("2006-01-02T15:04:05.123+02:00", Ok("2006-01-02T15:04:05+02:00")),
            ("2016-02-29T00:00:00-07:30", Ok("2016-02-29T00:00:00-07:30")),
            ("", Err("not a valid RFC3339 timestamp: end of string before year")),
            ("2017-01-02", Err("not a valid RFC3339 timestamp: missing required time introducer 'T'")),
            ("2017-12-02t00:00:00Z", Err("not a valid RFC3339 timestamp: missing required time introducer 'T'")),
            ("2017:01:02", Err("not a valid RFC3339 timestamp: found \":01:02\" where \"-\" is expected")),
            ("2017", Err("not a valid RFC3339 timestamp: end of string where \"-\" is expected")),
            ("2017-01-02T", Err("not a valid RFC3339 timestamp: end of string before hour")),
            ("2017-01-02T00", Err("not a valid RFC3339 timestamp: end of string where \":\" is expected")),
            ("2017-01-02T00:00:00", Err("not a valid RFC3339 timestamp: end of string before UTC offset")),
            ("2017-01-02T26:00:00Z", Err("not a valid RFC3339 timestamp: hour must be between 0 and 23 inclusive")),
            ("2017-13-02T00:00:00Z", Err("not a valid RFC3339 timestamp: cannot use \"-02T00:00:00Z\" as month")),
            ("2017-02-31T00:00:00Z", Err("not a valid RFC3339 timestamp: day out of range")),
            ("\"2017-12-02T00:00:00Z\"", Err("not a valid RFC3339 timestamp: cannot use \"\\\"2017-12-02T00:00:00Z\\\"\" as year")),
            ("2-12-02T00:00:00Z", Err("not a valid RFC3339 timestamp: cannot use \"2-12-02T00:00:00Z\" as year")),
            ("2000-01-01T1:12:34Z", Err("not a valid RFC3339 timestamp: hour must have exactly two digits")),
            ("2000-01-01T01:1:34Z", Err("not a valid RFC3339 timestamp: minute must have exactly two digits")),
            ("2000-01-01T01:01:1Z", Err("not a valid RFC3339 timestamp: cannot use \"1Z\" as second")),
            ("2000-01-01T00:00:00,000Z", Err("not a valid RFC3339 timestamp: cannot use \",\" as timestamp segment")),
            ("2000-01-01T00:00:00+24:00", Err("not a valid RFC3339 timestamp: cannot use \"+24:00\" as UTC offset")),
            ("2000-01-01T00:00:00+00:60", Err("not a valid RFC3339 timestamp: cannot use \"+00:60\" as UTC offset")),
        ];
        for (text, want) in cases {
            let got = parse(text, false).map(format);
            assert_eq!(got.as_deref(), want.map_err(str::to_owned).as_deref(), "{text}");
        }
        assert!(parse("2006-01-02 15:04:05Z", true).is_ok());
    }
}
