//! Date and time functions: `timestamp`, `timeadd`, `formatdate` (cty's
//! `stdlib/datetime.go`), `legacy_isotime`, `legacy_strftime`, `rfc3339_parse` and
//! `unix_timestamp_parse` (Packer's `function/datetime.go`, `rfc3339_parse.go`,
//! `unix_timestamp_parse.go`).
//!
//! `timestamp()` is [`FunctionContext::now`] (call time); the `legacy_*` functions format
//! [`FunctionContext::run_start`] (Packer's init time), like the JSON template's `isotime`
//! and `strftime`.

use std::collections::BTreeMap;

use time::{Duration, OffsetDateTime, UtcOffset};

use super::signature::{def, param, variadic, FunctionDef, Ty};
use super::string::text;
use super::{go_duration, rfc3339, FunctionContext, FunctionError};
use crate::hcl::value::{HclValue, Number};

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    def("formatdate", &[param("format", Ty::String), param("time", Ty::String)], Ty::String, formatdate),
    variadic("legacy_isotime", &[], param("format", Ty::String), Ty::String, legacy_isotime),
    variadic("legacy_strftime", &[], param("format", Ty::String), Ty::String, legacy_strftime),
    def("rfc3339_parse", &[param("timestamp", Ty::String)], Ty::Any, rfc3339_parse),
    def("timeadd", &[param("timestamp", Ty::String), param("duration", Ty::String)], Ty::String, timeadd),
    def("timestamp", &[], Ty::String, timestamp),
    def("unix_timestamp_parse", &[param("unix_timestamp", Ty::Number)], Ty::Any, unix_timestamp_parse),
];

fn timestamp(_: Vec<HclValue>, ctx: &FunctionContext) -> Result<HclValue, FunctionError> {
    Ok(HclValue::String(rfc3339::format(ctx.now.to_offset(UtcOffset::UTC))))
}

fn timeadd(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let start = rfc3339::parse(text(&a[0]), false).map_err(FunctionError::call)?;
    let nanos = go_duration::parse(text(&a[1])).map_err(FunctionError::call)?;
    let end = i64::try_from(nanos).ok().and_then(|n| start.checked_add(Duration::nanoseconds(n)));
    let end = end.ok_or_else(|| FunctionError::call("time out of range"))?;
    Ok(HclValue::String(rfc3339::format(end)))
}

/// Packer's legacy functions take at most one format; Go prints the extra arguments with
/// `%v` of `[]cty.Value`.
fn single_format(a: &[HclValue]) -> Result<Option<&str>, FunctionError> {
    match a {
        [] => Ok(None),
        [format] => Ok(Some(text(format))),
        many => {
            let shown: Vec<String> = many.iter().map(|v| format!("{{{{{{{{}} 83}}}} {}}}", text(v))).collect();
            Err(FunctionError::call(format!("too many values, 1 needed: [{}]", shown.join(" "))))
        }
    }
}

fn legacy_isotime(a: Vec<HclValue>, ctx: &FunctionContext) -> Result<HclValue, FunctionError> {
    let start = ctx.run_start.to_offset(UtcOffset::UTC);
    Ok(HclValue::String(match single_format(&a)? {
        None => rfc3339::format(start),
        Some(layout) => rpacker_gotmpl::format_go_time(start, layout),
    }))
}

fn legacy_strftime(a: Vec<HclValue>, ctx: &FunctionContext) -> Result<HclValue, FunctionError> {
    let start = ctx.run_start.to_offset(UtcOffset::UTC);
    Ok(HclValue::String(match single_format(&a)? {
        None => rfc3339::format(start),
        Some(format) => rpacker_gotmpl::format_strftime(start, format),
    }))
}

/// The calendar fields both parse functions return, in the time's own offset.
fn calendar_fields(t: OffsetDateTime) -> BTreeMap<String, HclValue> {
    let (iso_year, iso_week, _) = t.to_iso_week_date();
    let month = t.month();
    let weekday = t.weekday();
    let int = |i: i64| HclValue::Number(Number::Int(i));
    [
        ("year", int(i64::from(t.year()))),
        ("year_day", int(i64::from(t.ordinal()))),
        ("day", int(i64::from(t.day()))),
        ("month", int(i64::from(u8::from(month)))),
        ("month_name", HclValue::String(month.to_string())),
        ("weekday", int(i64::from(weekday.number_days_from_sunday()))),
        ("weekday_name", HclValue::String(weekday.to_string())),
        ("hour", int(i64::from(t.hour()))),
        ("minute", int(i64::from(t.minute()))),
        ("second", int(i64::from(t.second()))),
        ("iso_year", int(i64::from(iso_year))),
        ("iso_week", int(i64::from(iso_week))),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn rfc3339_parse(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let ts = text(&a[0]);
    let parsed = rfc3339::parse(ts, true)
        .map_err(|_| FunctionError::arg(0, format!("{ts:?} is not a valid RFC3339 timestamp")))?;
    let mut fields = calendar_fields(parsed);
    fields.insert("unix".to_owned(), HclValue::int(parsed.unix_timestamp()));
    Ok(HclValue::Object(fields))
}

fn unix_timestamp_parse(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let not_whole = || {
        FunctionError::arg(0, "unix_timestamp must be a whole number of seconds representable as a 64-bit integer: value must be a whole number, between -9223372036854775808 and 9223372036854775807")
    };
    let seconds = a[0].as_number().and_then(Number::as_i64).ok_or_else(not_whole)?;
    let parsed = OffsetDateTime::from_unix_timestamp(seconds)
        .map_err(|_| FunctionError::arg(0, "unix_timestamp is out of the supported range"))?;
    let mut fields = calendar_fields(parsed);
    fields.insert("rfc3339".to_owned(), HclValue::String(rfc3339::format(parsed)));
    Ok(HclValue::Object(fields))
}

fn formatdate(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let t = rfc3339::parse(text(&a[1]), false).map_err(|e| FunctionError::arg(1, e))?;
    let format: Vec<char> = text(&a[0]).chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < format.len() {
        let c = format[i];
        if c == '\'' {
            // A quoted literal; `''` is a quote, inside or outside literals.
            if format.get(i + 1) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            let mut j = i + 1;
            let mut literal = String::new();
            loop {
                match format.get(j) {
                    None => return Err(FunctionError::arg(0, "unterminated literal '")),
                    Some('\'') if format.get(j + 1) == Some(&'\'') => {
                        literal.push('\'');
                        j += 2;
                    }
                    Some('\'') => break,
                    Some(&other) => {
                        literal.push(other);
                        j += 1;
                    }
                }
            }
            out.push_str(&literal);
            i = j + 1;
        } else if c.is_ascii_alphabetic() {
            let run = format[i..].iter().take_while(|x| **x == c).count();
            let token: String = format[i..i + run].iter().collect();
            out.push_str(&date_verb(&token, t)?);
            i += run;
        } else {
            out.push(c);
            i += 1;
        }
    }
    Ok(HclValue::String(out))
}

/// One `formatdate` verb (a run of one letter) for `t`.
fn date_verb(token: &str, t: OffsetDateTime) -> Result<String, FunctionError> {
    let bad = |why: &str| FunctionError::arg(0, format!("invalid date format verb {token:?}: {why}"));
    let month = t.month().to_string();
    let weekday = t.weekday().to_string();
    let hour12 = match t.hour() % 12 {
        0 => 12,
        h => h,
    };
    let first = token.chars().next().unwrap_or(' ');
    Ok(match (first, token.len()) {
        ('Y', 2) => format!("{:02}", t.year().rem_euclid(100)),
        ('Y', 4) => format!("{:04}", t.year()),
        ('Y', _) => return Err(bad("year must either be \"YY\" or \"YYYY\"")),
        ('M', 1) => u8::from(t.month()).to_string(),
        ('M', 2) => format!("{:02}", u8::from(t.month())),
        ('M', 3) => month[..3].to_owned(),
        ('M', 4) => month,
        ('M', _) => return Err(bad("month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"")),
        ('D', 1) => t.day().to_string(),
        ('D', 2) => format!("{:02}", t.day()),
        ('D', _) => return Err(bad("day of month must either be \"D\" or \"DD\"")),
        ('E', 3) => weekday[..3].to_owned(),
        ('E', 4) => weekday,
        ('E', _) => return Err(bad("day of week must either be \"EEE\" or \"EEEE\"")),
        ('h', 1) => t.hour().to_string(),
        ('h', 2) => format!("{:02}", t.hour()),
        ('h', _) => return Err(bad("24-hour must either be \"h\" or \"hh\"")),
        ('H', 1) => hour12.to_string(),
        ('H', 2) => format!("{hour12:02}"),
        ('H', _) => return Err(bad("12-hour must either be \"H\" or \"HH\"")),
        ('A', 2) => (if t.hour() < 12 { "AM" } else { "PM" }).to_owned(),
        ('a', 2) => (if t.hour() < 12 { "am" } else { "pm" }).to_owned(),
        ('A' | 'a', _) => return Err(bad(&format!("must be \"{first}{first}\""))),
        ('m', 1) => t.minute().to_string(),
        ('m', 2) => format!("{:02}", t.minute()),
        ('m', _) => return Err(bad("minute must either be \"m\" or \"mm\"")),
        ('s', 1) => t.second().to_string(),
        ('s', 2) => format!("{:02}", t.second()),
        ('s', _) => return Err(bad("second must either be \"s\" or \"ss\"")),
        ('Z', 1) => rpacker_gotmpl::format_go_time(t, "Z07:00"),
        ('Z', 3) => match rpacker_gotmpl::format_go_time(t, "-0700").as_str() {
            "+0000" => "UTC".to_owned(),
            other => other.to_owned(),
        },
        ('Z', 4) => rpacker_gotmpl::format_go_time(t, "-0700"),
        ('Z', 5) => rpacker_gotmpl::format_go_time(t, "-07:00"),
        ('Z', _) => return Err(bad("timezone must be Z, ZZZZ, or ZZZZZ")),
        _ => return Err(FunctionError::arg(0, format!("invalid date format verb {token:?}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, f, n, o, ok, run, s};

    /// Expectations from go-cty `stdlib/datetime_test.go` (TestFormatDate, TestTimeAdd) and
    /// Packer's `function/datetime_test.go`, `rfc3339_parse_test.go`,
    /// `unix_timestamp_parse_test.go`; the test context's `now` is 2020-01-02T03:04:05Z and
    /// its run started 2020-01-02T02:04:05Z.
    #[test]
    #[rustfmt::skip]
    fn datetime_functions() {
        const REFERENCE: &str = "2006-01-02T15:04:05Z";
        run(vec![
            ("timestamp", vec![], ok(s("2020-01-02T03:04:05Z"))),
            ("legacy_isotime", vec![], ok(s("2020-01-02T02:04:05Z"))),
            ("legacy_isotime", vec![s("2006-01-02")], ok(s("2020-01-02"))),
            ("legacy_isotime", vec![s("Mon Jan 2 15:04:05 MST 2006")], ok(s("Thu Jan 2 02:04:05 UTC 2020"))),
            ("legacy_isotime", vec![s("a"), s("b")], err("too many values, 1 needed: [{{{{} 83}} a} {{{{} 83}} b}]")),
            ("legacy_strftime", vec![], ok(s("2020-01-02T02:04:05Z"))),
            ("legacy_strftime", vec![s("%Y-%m-%d %H:%M:%S")], ok(s("2020-01-02 02:04:05"))),
            ("formatdate", vec![s(""), s(REFERENCE)], ok(s(""))),
            ("formatdate", vec![s("YYYY-MM-DD"), s(REFERENCE)], ok(s("2006-01-02"))),
            ("formatdate", vec![s("EEE, MMM D ''YY"), s(REFERENCE)], ok(s("Mon, Jan 2 '06"))),
            ("formatdate", vec![s("hh:mm:ss"), s(REFERENCE)], ok(s("15:04:05"))),
            ("formatdate", vec![s("H 'o''clock' AA"), s(REFERENCE)], ok(s("3 o'clock PM"))),
            ("formatdate", vec![s("hh:mm:ssZZZZ"), s(REFERENCE)], ok(s("15:04:05+0000"))),
            ("formatdate", vec![s("hh:mm:ssZZZZZ"), s(REFERENCE)], ok(s("15:04:05+00:00"))),
            ("formatdate", vec![s("MMMM"), s(REFERENCE)], ok(s("January"))),
            ("formatdate", vec![s("EEEE"), s(REFERENCE)], ok(s("Monday"))),
            ("formatdate", vec![s("aa"), s(REFERENCE)], ok(s("pm"))),
            ("formatdate", vec![s("YYYY-MM-DD'T'hh:mm:ssZ"), s(REFERENCE)], ok(s(REFERENCE))),
            ("formatdate", vec![s("DD MMM YYYY hh:mm ZZZ"), s(REFERENCE)], ok(s("02 Jan 2006 15:04 UTC"))),
            ("formatdate", vec![s("EEEE, DD-MMM-YY hh:mm:ss ZZZ"), s(REFERENCE)], ok(s("Monday, 02-Jan-06 15:04:05 UTC"))),
            ("formatdate", vec![s("hh:mm ZZZ Z"), s("2006-01-02T15:04:05-07:00")], ok(s("15:04 -0700 -07:00"))),
            ("formatdate", vec![s("YYYY-MM-DD hh:mm"), s("2020-01-02T03:04:05Z")], ok(s("2020-01-02 03:04"))), // verified with packer 1.6.6
            ("formatdate", vec![s("Y"), s(REFERENCE)], err("invalid date format verb \"Y\": year must either be \"YY\" or \"YYYY\"")),
            ("formatdate", vec![s("YYYYY"), s(REFERENCE)], err("invalid date format verb \"YYYYY\": year must either be \"YY\" or \"YYYY\"")),
            ("formatdate", vec![s("A"), s(REFERENCE)], err("invalid date format verb \"A\": must be \"AA\"")),
            ("formatdate", vec![s("a"), s(REFERENCE)], err("invalid date format verb \"a\": must be \"aa\"")),
            ("formatdate", vec![s("x"), s(REFERENCE)], err("invalid date format verb \"x\"")),
            ("formatdate", vec![s("'blah blah"), s(REFERENCE)], err("unterminated literal '")),
            ("formatdate", vec![s("'"), s(REFERENCE)], err("unterminated literal '")),
            ("formatdate", vec![s("YYYY"), s("2017-01-02")], err("not a valid RFC3339 timestamp: missing required time introducer 'T'")),
            ("timeadd", vec![s("2017-11-22T00:00:00Z"), s("1s")], ok(s("2017-11-22T00:00:01Z"))),
            ("timeadd", vec![s("2017-11-22T00:00:00Z"), s("10m1s")], ok(s("2017-11-22T00:10:01Z"))),
            ("timeadd", vec![s("2017-11-22T00:00:00Z"), s("-1h")], ok(s("2017-11-21T23:00:00Z"))),
            ("timeadd", vec![s("2017-11-22T00:00:00+01:00"), s("1h")], ok(s("2017-11-22T01:00:00+01:00"))),
            ("timeadd", vec![s("2017-11-22T00:00:00Z"), s("1d")], err("time: unknown unit \"d\" in duration \"1d\"")),
            ("timeadd", vec![s("2017-11-22 00:00:00Z"), s("1h")], err("not a valid RFC3339 timestamp: missing required time introducer 'T'")),
            ("rfc3339_parse", vec![s("2023-07-25T23:43:16Z")], ok(o(&[
                ("year", n(2023)), ("year_day", n(206)), ("day", n(25)), ("month", n(7)), ("month_name", s("July")),
                ("weekday", n(2)), ("weekday_name", s("Tuesday")), ("hour", n(23)), ("minute", n(43)), ("second", n(16)),
                ("unix", n(1690328596)), ("iso_year", n(2023)), ("iso_week", n(30)),
            ]))),
            ("rfc3339_parse", vec![s("2021-01-03 10:00:00.5+02:00")], ok(o(&[
                ("year", n(2021)), ("year_day", n(3)), ("day", n(3)), ("month", n(1)), ("month_name", s("January")),
                ("weekday", n(0)), ("weekday_name", s("Sunday")), ("hour", n(10)), ("minute", n(0)), ("second", n(0)),
                ("unix", n(1609660800)), ("iso_year", n(2020)), ("iso_week", n(53)),
            ]))),
            ("rfc3339_parse", vec![s("2023-07-25")], err("\"2023-07-25\" is not a valid RFC3339 timestamp")),
            ("unix_timestamp_parse", vec![n(1690328596)], ok(o(&[
                ("year", n(2023)), ("year_day", n(206)), ("day", n(25)), ("month", n(7)), ("month_name", s("July")),
                ("weekday", n(2)), ("weekday_name", s("Tuesday")), ("hour", n(23)), ("minute", n(43)), ("second", n(16)),
                ("rfc3339", s("2023-07-25T23:43:16Z")), ("iso_year", n(2023)), ("iso_week", n(30)),
            ]))),
            ("unix_timestamp_parse", vec![f(1.5)], err("unix_timestamp must be a whole number of seconds representable as a 64-bit integer: value must be a whole number, between -9223372036854775808 and 9223372036854775807")),
        ]);
    }
}
