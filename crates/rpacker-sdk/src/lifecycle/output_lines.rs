//! `OutputLines`: turns a command's byte stream (remote over SSH, or a local process) into the lines Packer shows (`RunWithUi`):
//! split after each `\n`, a last line without `\n` still counts, trailing whitespace is
//! trimmed, and only the text after the last `\r` is kept (a progress bar's final state).

/// Which stream a line came from; Packer shows stdout as messages and stderr as errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputStream {
    /// The command's standard output.
    Stdout,
    /// The command's standard error.
    Stderr,
}

/// Buffers one stream's bytes until a line is complete.
#[derive(Debug, Default)]
pub struct OutputLines {
    pending: Vec<u8>,
}

impl OutputLines {
    /// Adds bytes and hands every completed line to `emit`.
    pub fn push(&mut self, bytes: &[u8], emit: &mut impl FnMut(&str)) {
        self.pending.extend_from_slice(bytes);
        while let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            emit(&clean(&line));
        }
    }

    /// Hands over the last line if the stream did not end with `\n`.
    pub fn finish(&mut self, emit: &mut impl FnMut(&str)) {
        if !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            emit(&clean(&line));
        }
    }
}

/// Packer's `cleanOutputLine`: trim trailing whitespace (the `\n` too), then keep what follows
/// the last `\r`.
fn clean(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(line);
    let text = text.trim_end();
    match text.rfind('\r') {
        Some(i) => text[i + 1..].to_owned(),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(chunks: &[&[u8]]) -> Vec<String> {
        let mut out = Vec::new();
        let mut splitter = OutputLines::default();
        for chunk in chunks {
            splitter.push(chunk, &mut |l| out.push(l.to_owned()));
        }
        splitter.finish(&mut |l| out.push(l.to_owned()));
        out
    }

    /// The first rows reproduce the output verified with packer 1.6.6 for
    /// `echo out1; printf 'a\rb\n\n  x  \n'; printf tail` (shell provisioner, null builder).
    #[test]
    fn splits_like_packer() {
        let cases: &[(&[&[u8]], &[&str])] = &[
            (&[b"out1\n"], &["out1"]),
            (&[b"a\rb\n\n  x  \ntail"], &["b", "", "  x", "tail"]),
            (&[b"win\r\n"], &["win"]),
            (&[b"par", b"tial\nli", b"ne"], &["partial", "line"]),
            (&[b"10%\r50%\r100%\n"], &["100%"]),
            (&[b""], &[]),
            (&[b"\n"], &[""]),
            (&[&[0xc3], &[0xa9, b'\n']], &["é"]),
        ];
        for (chunks, want) in cases {
            assert_eq!(lines(chunks), *want, "{chunks:?}");
        }
    }
}
