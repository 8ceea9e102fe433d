//! Packer's `UnixReader` for uploaded scripts (unless `binary`): every line ends with `\n`, a
//! `\r` right before a line's end is dropped (CRLF → LF), a lone `\r` inside a line is kept,
//! and a last line without a newline gets one.

/// The script text as Packer uploads it.
pub(crate) fn unix_line_endings(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 1);
    let mut rest = text;
    while !rest.is_empty() {
        let (line, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(end) => (&rest[..end], &rest[end + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        out.extend_from_slice(line.strip_suffix(b"\r").unwrap_or(line));
        out.push(b'\n');
        rest = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Go's `bufio.ScanLines` plus a newline per token, as `scanUnixLine` does.
    #[test]
    fn like_packers_unix_reader() {
        let cases: [(&[u8], &[u8]); 8] = [
            (b"", b""),
            (b"a\nb\n", b"a\nb\n"),
            (b"a\r\nb\r\n", b"a\nb\n"),
            (b"no newline", b"no newline\n"),
            (b"last\r", b"last\n"),
            (b"in\rside\n", b"in\rside\n"),
            (b"two\r\r\n", b"two\r\n"),
            (b"\n\n", b"\n\n"),
        ];
        for (input, want) in cases {
            assert_eq!(unix_line_endings(input), want, "{:?}", String::from_utf8_lossy(input));
        }
    }
}
