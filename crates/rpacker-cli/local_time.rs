//! Local wall-clock time for the debug log and `-timestamp-ui`. The UTC offset is read once at
//! start-up, while the process is still single-threaded (the only time it can be read soundly).

use std::sync::OnceLock;

use time::{OffsetDateTime, UtcOffset};

static OFFSET: OnceLock<UtcOffset> = OnceLock::new();

/// Reads the local UTC offset; call before starting any thread.
pub fn init() {
    let _ = OFFSET.set(UtcOffset::current_local_offset().unwrap_or(UtcOffset::UTC));
}

/// The current local time.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc().to_offset(OFFSET.get().copied().unwrap_or(UtcOffset::UTC))
}

/// Go's `time.Now().Format(time.RFC3339)`: `2026-11-23T07:33:22Z` or `…T08:33:22+01:00`.
pub fn rfc3339_now() -> String {
    let now = now();
    let (h, m, _) = now.offset().as_hms();
    let zone = if now.offset().is_utc() {
        "Z".to_owned()
    } else {
        let sign = if now.offset().is_negative() { '-' } else { '+' };
        format!("{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
    };
    format!("{}{zone}", date_time(&now, '-', 'T'))
}

/// Go's `log` prefix: `2026/11/23 07:33:22`.
pub fn log_stamp() -> String {
    date_time(&now(), '/', ' ')
}

/// `YYYY<d>MM<d>DD<t>hh:mm:ss`.
fn date_time(at: &OffsetDateTime, date_separator: char, time_separator: char) -> String {
    let d = date_separator;
    format!(
        "{:04}{d}{:02}{d}{:02}{time_separator}{:02}:{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_shape() {
        let text = rfc3339_now();
        assert_eq!(&text[4..5], "-");
        assert_eq!(&text[10..11], "T");
        assert!(text.ends_with('Z') || text.len() == 25, "{text}");
    }
}
