//! Just enough of Go's `encoding/pem` to find the first PEM block in a key file: its type, its
//! headers (for `Proc-Type: 4,ENCRYPTED`) and its base64-decoded body. A block whose body is not
//! valid base64 is skipped, as Go's `pem.Decode` skips it.

/// One PEM block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PemBlock {
    /// The word(s) after `BEGIN` (`RSA PRIVATE KEY`).
    pub kind: String,
    /// `Key: Value` header lines before the body.
    pub headers: Vec<(String, String)>,
    /// The decoded body.
    pub bytes: Vec<u8>,
}

impl PemBlock {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// The first well-formed PEM block in `data`, if any.
pub(crate) fn first_block(data: &str) -> Option<PemBlock> {
    let lines: Vec<&str> = data.lines().map(|l| l.trim_end_matches([' ', '\t', '\r'])).collect();
    lines.iter().enumerate().find_map(|(start, line)| {
        let kind = line.strip_prefix("-----BEGIN ")?.strip_suffix("-----")?;
        let end_marker = format!("-----END {kind}-----");
        let end = start + 1 + lines[start + 1..].iter().position(|l| *l == end_marker)?;
        let inner = &lines[start + 1..end];
        let header_count = inner.iter().take_while(|l| l.contains(':')).count();
        let headers = inner[..header_count]
            .iter()
            .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned())))
            .collect();
        let body: String = inner[header_count..].concat().chars().filter(|c| !c.is_whitespace()).collect();
        let bytes = decode_base64(&body)?;
        Some(PemBlock { kind: kind.to_owned(), headers, bytes })
    })
}

/// Standard base64 with `=` padding; `None` on any invalid character or length.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let unpadded = text.trim_end_matches('=');
    if !text.len().is_multiple_of(4) || text.len() - unpadded.len() > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in unpadded.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_like_go() {
        let plain = "junk\n-----BEGIN RSA PRIVATE KEY-----\nQUJD\n-----END RSA PRIVATE KEY-----\n";
        let block = first_block(plain).unwrap();
        assert_eq!((block.kind.as_str(), block.bytes.as_slice()), ("RSA PRIVATE KEY", b"ABC".as_slice()));
        let encrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES\n\nQUJD\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(first_block(encrypted).unwrap().header("Proc-Type"), Some("4,ENCRYPTED"));
        let cases = [
            ("-----BEGIN X-----\nnot base64!!\n-----END X-----\n", None),
            ("-----BEGIN X-----\nQUJD\n-----END Y-----\n", None),
            ("ssh-ed25519 AAAA user@host\n", None),
            ("-----BEGIN X-----\nQUI=\n-----END X-----", Some(b"AB".to_vec())),
        ];
        for (text, want) in cases {
            assert_eq!(first_block(text).map(|b| b.bytes), want, "{text}");
        }
    }
}
