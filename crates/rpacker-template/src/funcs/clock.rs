//! Time and identity: `timestamp`, `isotime`, `strftime`, `uuid`.
//!
//! The first three all render the run's single init time (UTC), so every string of a run
//! agrees on "now" (an AMI name and its tag carry the same timestamp). `uuid` is new on every
//! call and time-ordered: the current Unix seconds, then 96 random bits.

use rand::RngCore;
use rpacker_gotmpl::{format_go_time, format_strftime, Value};
use time::OffsetDateTime;

use super::args;

/// Go's `time.RFC3339`, what `isotime` without a layout prints.
const RFC3339: &str = "2006-01-02T15:04:05Z07:00";

/// `timestamp`: Unix seconds of the init time.
pub(crate) fn timestamp(init: OffsetDateTime, a: &[Value]) -> Result<Value, String> {
    args::exactly("timestamp", a, 0)?;
    Ok(Value::String(init.unix_timestamp().to_string()))
}

/// `isotime` / `isotime "LAYOUT"`: the init time in RFC 3339 or a Go reference-time layout.
pub(crate) fn isotime(init: OffsetDateTime, a: &[Value]) -> Result<Value, String> {
    let layouts = args::variadic_strings(a)?;
    match layouts.as_slice() {
        [] => Ok(Value::String(format_go_time(init, RFC3339))),
        [layout] => Ok(Value::String(format_go_time(init, layout))),
        // Go prints the []string with %v: `[a b]`.
        many => Err(format!("too many values, 1 needed: [{}]", many.join(" "))),
    }
}

/// `strftime "FORMAT"`: the init time with C strftime tokens (jehiah/go-strftime).
pub(crate) fn strftime(init: OffsetDateTime, a: &[Value]) -> Result<Value, String> {
    let [format] = args::strings::<1>("strftime", a)?;
    Ok(Value::String(format_strftime(init, &format)))
}

/// `uuid`: a fresh time-ordered UUID from `source`.
pub(crate) fn uuid(source: &(dyn Fn() -> String + Send + Sync), a: &[Value]) -> Result<Value, String> {
    args::exactly("uuid", a, 0)?;
    Ok(Value::String(source()))
}

/// Packer's `uuid.TimeOrderedUUID`: `%08x` of the current Unix seconds (as uint32), then 12
/// random bytes as `-%04x-%04x-%04x-%04x%08x`.
#[must_use]
pub fn time_ordered_uuid() -> String {
    let mut b = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut b);
    format_time_ordered_uuid(OffsetDateTime::now_utc().unix_timestamp(), b)
}

fn format_time_ordered_uuid(unix: i64, b: [u8; 12]) -> String {
    let hex = |bytes: &[u8]| bytes.iter().map(|x| format!("{x:02x}")).collect::<String>();
    // Go converts with uint32(...), which keeps the low 32 bits.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let seconds = unix as u32;
    format!("{seconds:08x}-{}-{}-{}-{}{}", hex(&b[0..2]), hex(&b[2..4]), hex(&b[4..6]), hex(&b[6..8]), hex(&b[8..12]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case's expected value or error text.
    type Expected = Result<&'static str, &'static str>;
    /// What a function returned.
    type Outcome = Result<Value, String>;
    use time::macros::datetime;

    /// The init time of the 1.6.6 quick-reference render (spec §9): 1795419190.
    const INIT: OffsetDateTime = datetime!(2026-11-23 07:33:10 UTC);

    #[test]
    fn clock_functions_at_a_fixed_time() {
        let s = |v: &str| Value::from(v);
        let cases: &[(&str, Outcome, Expected)] = &[
            // Values from packer 1.6.6's quick-reference render at this init time (spec §9).
            ("timestamp", timestamp(INIT, &[]), Ok("1795419190")),
            ("isotime", isotime(INIT, &[]), Ok("2026-11-23T07:33:10Z")),
            ("isotime 2006", isotime(INIT, &[s("2006")]), Ok("2026")),
            ("strftime %Y", strftime(INIT, &[s("%Y")]), Ok("2026")),
            // Go's layout engine: each layout verified with packer 1.6.6 (`isotime` in `packer
            // console`, compared with `date -u` at the same second).
            ("isotime date", isotime(INIT, &[s("2006-01-02")]), Ok("2026-11-23")),
            ("isotime compact", isotime(INIT, &[s("20060102150405")]), Ok("20261123073310")),
            ("isotime month name", isotime(INIT, &[s("Jan 2 15:04")]), Ok("Nov 23 07:33")),
            ("isotime 12h", isotime(INIT, &[s("3:04PM")]), Ok("7:33AM")),
            ("isotime weekday", isotime(INIT, &[s("Monday, 02-Jan-06")]), Ok("Monday, 23-Nov-26")),
            ("isotime zone", isotime(INIT, &[s("15:04 MST -0700")]), Ok("07:33 UTC +0000")),
            ("isotime fraction", isotime(INIT, &[s("05.000")]), Ok("10.000")),
            ("isotime literal", isotime(INIT, &[s("ami-x")]), Ok("ami-x")),
            ("isotime day of year", isotime(INIT, &[s("002")]), Ok("327")),
            // verified with packer 1.6.6: `{{ isotime "a" "b" }}`, `{{ isotime 1 }}`
            ("isotime too many", isotime(INIT, &[s("a"), s("b")]), Err("too many values, 1 needed: [a b]")),
            ("isotime int", isotime(INIT, &[Value::Int(1)]), Err("expected string; found 1")),
            // verified with packer 1.6.6
            ("strftime date", strftime(INIT, &[s("%Y-%m-%d %H:%M:%S")]), Ok("2026-11-23 07:33:10")),
            // verified with packer 1.6.6 (its go-strftime knows no `%j`, so it is copied).
            ("strftime names", strftime(INIT, &[s("%a %b %% %j")]), Ok("Mon Nov % %j")),
            ("timestamp arity", timestamp(INIT, &[s("x")]), Err("wrong number of args for timestamp: want 0 got 1")),
        ];
        for (name, got, want) in cases {
            assert_eq!(got, &want.map(Value::from).map_err(str::to_owned), "{name}");
        }
    }

    #[test]
    fn time_ordered_uuid_shape() {
        // The 1.6.6 quick-reference uuid `6b03ec36-2d72-63a7-a4b6-491343603895` starts with the
        // seconds 0x6b03ec36; the rest is random.
        let b = [0x2d, 0x72, 0x63, 0xa7, 0xa4, 0xb6, 0x49, 0x13, 0x43, 0x60, 0x38, 0x95];
        assert_eq!(format_time_ordered_uuid(0x6b03_ec36, b), "6b03ec36-2d72-63a7-a4b6-491343603895");
        let fresh = time_ordered_uuid();
        assert_eq!(fresh.split('-').map(str::len).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
        assert_ne!(fresh, time_ordered_uuid());
        assert_eq!(uuid(&|| "fixed".to_owned(), &[]), Ok(Value::from("fixed")));
    }
}
