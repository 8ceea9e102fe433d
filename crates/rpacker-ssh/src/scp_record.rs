//! The scp protocol's file and folder records, shared by the client here (`scp.rs`) and the
//! ansible adapter's server side: `C<mode> <size> <name>` announces a file, `D<mode> 0 <name>`
//! opens a folder (four octal digits, one line each).

/// What a record announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScpRecordKind {
    /// `C`: a file; its `size` bytes follow.
    File,
    /// `D`: a folder; its entries follow until an `E` record.
    Folder,
}

/// The record line, newline included: `C0644 12 name\n`, `D0755 0 name\n`.
#[must_use]
pub fn format_scp_record(kind: ScpRecordKind, mode: u32, size: u64, name: &str) -> String {
    let letter = match kind {
        ScpRecordKind::File => 'C',
        ScpRecordKind::Folder => 'D',
    };
    format!("{letter}{:04o} {size} {name}\n", mode & 0o7777)
}

/// Mode (permission bits only), size and name of a record, given what follows its letter (the
/// line without its newline). `None` when malformed or when the name is not a plain name (empty,
/// `..` or with a `/`), so a peer cannot write outside the target.
#[must_use]
pub fn parse_scp_record(line: &str) -> Option<(u32, u64, String)> {
    let mut fields = line.splitn(3, ' ');
    let mode = u32::from_str_radix(fields.next()?, 8).ok()?;
    let size = fields.next()?.parse().ok()?;
    let name = fields.next().filter(|n| !n.is_empty() && !n.contains('/') && *n != "..")?;
    Some((mode & 0o7777, size, name.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_format_and_parse() {
        assert_eq!(format_scp_record(ScpRecordKind::File, 0o100_644, 12, "a b"), "C0644 12 a b\n");
        assert_eq!(format_scp_record(ScpRecordKind::Folder, 0o750, 0, "sub"), "D0750 0 sub\n");
        assert_eq!(parse_scp_record("0640 6 a b"), Some((0o640, 6, "a b".to_owned())));
        for bad in ["0644 12", "x 1 n", "0644 -1 n", "0644 1 ../x", "0644 1 .."] {
            assert_eq!(parse_scp_record(bad), None, "{bad}");
        }
    }
}
