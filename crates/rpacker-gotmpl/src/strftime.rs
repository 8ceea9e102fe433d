//! `strftime` formatting as Packer 1.6.6 does it (the vendored `jehiah/go-strftime`).
//!
//! That version maps a few C directives onto Go layouts and copies every other `%X` pair
//! unchanged; verified with packer 1.6.6: `%a %A %b %B %d %H %I %L %m %M %p %S %y %Y %z %Z
//! %%` are converted, while `%c %C %D %e %f %F %j %k %l %n %r %R %t %T` print as written.

use time::OffsetDateTime;

use crate::format_go_time;

/// The Go layout a directive stands for, if this version knows it.
fn conversion(c: u8) -> Option<&'static str> {
    Some(match c {
        b'B' => "January",
        b'b' => "Jan",
        b'm' => "01",
        b'A' => "Monday",
        b'a' => "Mon",
        b'd' => "02",
        b'H' => "15",
        b'I' => "03",
        b'M' => "04",
        b'S' => "05",
        b'Y' => "2006",
        b'y' => "06",
        b'p' => "PM",
        b'Z' => "MST",
        b'z' => "-0700",
        b'L' => ".000",
        _ => return None,
    })
}

/// Formats `t` with C-style `%` directives, as Packer's `strftime` function.
#[must_use]
pub fn format_strftime(t: OffsetDateTime, fmt: &str) -> String {
    let b = fmt.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(fmt.len() + 16);
    let mut i = 0;
    while i < b.len() {
        let ni = b[i..].iter().position(|&c| c == b'%').map_or(b.len(), |p| p + i);
        out.extend_from_slice(&b[i..ni]);
        if ni + 1 < b.len() {
            let c = b[ni + 1];
            if c == b'%' {
                out.push(b'%');
            } else if let Some(layout) = conversion(c) {
                out.extend_from_slice(format_go_time(t, layout).as_bytes());
            } else {
                out.push(b'%');
                out.push(c);
            }
        } else if ni < b.len() {
            out.push(b'%');
        }
        i = ni + 2;
    }
    // Bytes are copied whole between and after directives, so UTF-8 stays intact.
    String::from_utf8(out).unwrap_or_default()
}
