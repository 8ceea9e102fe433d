//! Go's `time.Time.Format` with reference layouts (`2006-01-02T15:04:05Z07:00`).
//!
//! Packer's `isotime "LAYOUT"` passes the layout straight to Go, so every quirk of Go's
//! layout scanner matters (`Jan` only when not followed by a lower-case letter, a lone `1` is
//! the month, `_2006` is `_` plus the year, `.000`/`.999` fractions). This ports
//! `nextStdChunk` and `AppendFormat` from Go 1.19's `src/time/format.go`.

use time::OffsetDateTime;

/// A layout element (Go's `std*` constants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Std {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    TZ,
    Iso8601Tz,
    Iso8601SecondsTz,
    Iso8601ShortTz,
    Iso8601ColonTz,
    Iso8601ColonSecondsTz,
    NumTz,
    NumSecondsTz,
    NumShortTz,
    NumColonTz,
    NumColonSecondsTz,
    /// `.000` (keep zeros) with the digit count and separator.
    FracSecond0(usize, u8),
    /// `.999` (trim zeros) with the digit count and separator.
    FracSecond9(usize, u8),
}

fn starts_with_lower(s: &[u8]) -> bool {
    s.first().is_some_and(u8::is_ascii_lowercase)
}

/// Go's `nextStdChunk`: the literal prefix, the next element, and the rest.
fn next_std_chunk(layout: &str) -> (&str, Option<Std>, &str) {
    let l = layout.as_bytes();
    let has = |i: usize, s: &str| l.len() >= i + s.len() && &l[i..i + s.len()] == s.as_bytes();
    for i in 0..l.len() {
        let found = |std: Std, len: usize| (&layout[..i], Some(std), &layout[i + len..]);
        match l[i] {
            b'J' if has(i, "Jan") => {
                if has(i, "January") {
                    return found(Std::LongMonth, 7);
                }
                if !starts_with_lower(&l[i + 3..]) {
                    return found(Std::Month, 3);
                }
            }
            b'M' if l.len() >= i + 3 => {
                if has(i, "Mon") {
                    if has(i, "Monday") {
                        return found(Std::LongWeekDay, 6);
                    }
                    if !starts_with_lower(&l[i + 3..]) {
                        return found(Std::WeekDay, 3);
                    }
                }
                if has(i, "MST") {
                    return found(Std::TZ, 3);
                }
            }
            b'0' => {
                if l.len() >= i + 2 && (b'1'..=b'6').contains(&l[i + 1]) {
                    let std =
                        [Std::ZeroMonth, Std::ZeroDay, Std::ZeroHour12, Std::ZeroMinute, Std::ZeroSecond, Std::Year];
                    return found(std[usize::from(l[i + 1] - b'1')], 2);
                }
                if has(i, "002") {
                    return found(Std::ZeroYearDay, 3);
                }
            }
            b'1' => {
                if l.len() >= i + 2 && l[i + 1] == b'5' {
                    return found(Std::Hour, 2);
                }
                return found(Std::NumMonth, 1);
            }
            b'2' => {
                if has(i, "2006") {
                    return found(Std::LongYear, 4);
                }
                return found(Std::Day, 1);
            }
            b'_' => {
                if l.len() >= i + 2 && l[i + 1] == b'2' {
                    // "_2006" is a literal underscore then the long year.
                    if has(i + 1, "2006") {
                        return (&layout[..=i], Some(Std::LongYear), &layout[i + 5..]);
                    }
                    return found(Std::UnderDay, 2);
                }
                if has(i, "__2") {
                    return found(Std::UnderYearDay, 3);
                }
            }
            b'3' => return found(Std::Hour12, 1),
            b'4' => return found(Std::Minute, 1),
            b'5' => return found(Std::Second, 1),
            b'P' if l.len() >= i + 2 && l[i + 1] == b'M' => return found(Std::PM, 2),
            b'p' if l.len() >= i + 2 && l[i + 1] == b'm' => return found(Std::Pm, 2),
            b'-' => {
                for (pat, std) in [
                    ("-070000", Std::NumSecondsTz),
                    ("-07:00:00", Std::NumColonSecondsTz),
                    ("-0700", Std::NumTz),
                    ("-07:00", Std::NumColonTz),
                    ("-07", Std::NumShortTz),
                ] {
                    if has(i, pat) {
                        return found(std, pat.len());
                    }
                }
            }
            b'Z' => {
                for (pat, std) in [
                    ("Z070000", Std::Iso8601SecondsTz),
                    ("Z07:00:00", Std::Iso8601ColonSecondsTz),
                    ("Z0700", Std::Iso8601Tz),
                    ("Z07:00", Std::Iso8601ColonTz),
                    ("Z07", Std::Iso8601ShortTz),
                ] {
                    if has(i, pat) {
                        return found(std, pat.len());
                    }
                }
            }
            c @ (b'.' | b',') if i + 1 < l.len() && (l[i + 1] == b'0' || l[i + 1] == b'9') => {
                let ch = l[i + 1];
                let mut j = i + 1;
                while j < l.len() && l[j] == ch {
                    j += 1;
                }
                // Only a fraction if not followed by another digit.
                if !(j < l.len() && l[j].is_ascii_digit()) {
                    let n = j - (i + 1);
                    let std = if ch == b'0' { Std::FracSecond0(n, c) } else { Std::FracSecond9(n, c) };
                    return (&layout[..i], Some(std), &layout[j..]);
                }
            }
            _ => {}
        }
    }
    (layout, None, "")
}

/// Go's `appendInt`: `x` zero-padded to `width` digits (sign not counted).
fn push_int(out: &mut String, x: i64, width: usize) {
    if x < 0 {
        out.push('-');
    }
    let digits = x.unsigned_abs().to_string();
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

const LONG_DAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const LONG_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Formats `t` with a Go reference layout, exactly as Go's `time.Time.Format`.
///
/// Go prints the zone abbreviation for `MST`; an `OffsetDateTime` has none, so UTC prints
/// `UTC` (Packer's times are UTC) and other offsets print as Go does for an unnamed zone
/// (`+0100`).
#[must_use]
pub fn format_go_time(t: OffsetDateTime, layout: &str) -> String {
    let mut out = String::with_capacity(layout.len() + 10);
    let offset = t.offset().whole_seconds();
    let mut rest = layout;
    while !rest.is_empty() {
        let (prefix, std, suffix) = next_std_chunk(rest);
        out.push_str(prefix);
        let Some(std) = std else { break };
        rest = suffix;
        let year = i64::from(t.year());
        let month = i64::from(u8::from(t.month()));
        let day = i64::from(t.day());
        let hour = i64::from(t.hour());
        match std {
            Std::Year => push_int(&mut out, year.abs() % 100, 2),
            Std::LongYear => push_int(&mut out, year, 4),
            Std::Month => out.push_str(&LONG_MONTHS[(month - 1) as usize][..3]),
            Std::LongMonth => out.push_str(LONG_MONTHS[(month - 1) as usize]),
            Std::NumMonth => push_int(&mut out, month, 0),
            Std::ZeroMonth => push_int(&mut out, month, 2),
            Std::WeekDay => out.push_str(&LONG_DAYS[usize::from(t.weekday().number_days_from_sunday())][..3]),
            Std::LongWeekDay => out.push_str(LONG_DAYS[usize::from(t.weekday().number_days_from_sunday())]),
            Std::Day => push_int(&mut out, day, 0),
            Std::UnderDay => {
                if day < 10 {
                    out.push(' ');
                }
                push_int(&mut out, day, 0);
            }
            Std::ZeroDay => push_int(&mut out, day, 2),
            Std::UnderYearDay => {
                let yday = i64::from(t.ordinal());
                if yday < 100 {
                    out.push(' ');
                    if yday < 10 {
                        out.push(' ');
                    }
                }
                push_int(&mut out, yday, 0);
            }
            Std::ZeroYearDay => push_int(&mut out, i64::from(t.ordinal()), 3),
            Std::Hour => push_int(&mut out, hour, 2),
            Std::Hour12 | Std::ZeroHour12 => {
                let hr = if hour % 12 == 0 { 12 } else { hour % 12 };
                push_int(&mut out, hr, if std == Std::Hour12 { 0 } else { 2 });
            }
            Std::Minute => push_int(&mut out, i64::from(t.minute()), 0),
            Std::ZeroMinute => push_int(&mut out, i64::from(t.minute()), 2),
            Std::Second => push_int(&mut out, i64::from(t.second()), 0),
            Std::ZeroSecond => push_int(&mut out, i64::from(t.second()), 2),
            Std::PM => out.push_str(if hour >= 12 { "PM" } else { "AM" }),
            Std::Pm => out.push_str(if hour >= 12 { "pm" } else { "am" }),
            Std::TZ => {
                if offset == 0 {
                    out.push_str("UTC");
                } else {
                    let zone = offset / 60;
                    out.push(if zone < 0 { '-' } else { '+' });
                    push_int(&mut out, i64::from(zone.abs() / 60), 2);
                    push_int(&mut out, i64::from(zone.abs() % 60), 2);
                }
            }
            Std::FracSecond0(n, sep) | Std::FracSecond9(n, sep) => {
                let digits = format!("{:09}", t.nanosecond());
                let mut n = n.min(9);
                if matches!(std, Std::FracSecond9(..)) {
                    while n > 0 && digits.as_bytes()[n - 1] == b'0' {
                        n -= 1;
                    }
                    if n == 0 {
                        continue;
                    }
                }
                out.push(char::from(sep));
                out.push_str(&digits[..n]);
            }
            tz => push_zone(&mut out, tz, offset),
        }
    }
    out
}

/// The numeric and ISO 8601 zone elements.
fn push_zone(out: &mut String, std: Std, offset: i32) {
    let iso = matches!(
        std,
        Std::Iso8601Tz | Std::Iso8601ColonTz | Std::Iso8601SecondsTz | Std::Iso8601ShortTz | Std::Iso8601ColonSecondsTz
    );
    if offset == 0 && iso {
        out.push('Z');
        return;
    }
    let mut zone = offset / 60;
    let mut abs_offset = offset;
    if zone < 0 {
        out.push('-');
        zone = -zone;
        abs_offset = -abs_offset;
    } else {
        out.push('+');
    }
    push_int(out, i64::from(zone / 60), 2);
    if matches!(std, Std::Iso8601ColonTz | Std::NumColonTz | Std::Iso8601ColonSecondsTz | Std::NumColonSecondsTz) {
        out.push(':');
    }
    if !matches!(std, Std::NumShortTz | Std::Iso8601ShortTz) {
        push_int(out, i64::from(zone % 60), 2);
    }
    if matches!(std, Std::Iso8601SecondsTz | Std::NumSecondsTz | Std::NumColonSecondsTz | Std::Iso8601ColonSecondsTz) {
        if matches!(std, Std::NumColonSecondsTz | Std::Iso8601ColonSecondsTz) {
            out.push(':');
        }
        push_int(out, i64::from(abs_offset % 60), 2);
    }
}
