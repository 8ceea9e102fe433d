//! Word wrapping as HCL's text writer does it (`mitchellh/go-wordwrap`).

/// Wraps `text` at `width` columns, breaking only at spaces; existing line breaks are kept and
/// words longer than the width stay whole.
#[must_use]
pub fn word_wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut col = 0;
        let mut pending_spaces = String::new();
        let mut word = String::new();
        let flush_word = |out: &mut String, col: &mut usize, spaces: &mut String, word: &mut String| {
            let wlen = word.chars().count();
            let slen = spaces.chars().count();
            if *col > 0 && *col + slen + wlen > width {
                out.push('\n');
                *col = 0;
            } else {
                out.push_str(spaces);
                *col += slen;
            }
            spaces.clear();
            out.push_str(word);
            *col += wlen;
            word.clear();
        };
        for ch in line.chars() {
            if ch == ' ' {
                if !word.is_empty() {
                    flush_word(&mut out, &mut col, &mut pending_spaces, &mut word);
                }
                pending_spaces.push(ch);
            } else {
                word.push(ch);
            }
        }
        if !word.is_empty() {
            flush_word(&mut out, &mut col, &mut pending_spaces, &mut word);
        } else {
            out.push_str(&pending_spaces);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::word_wrap;

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(word_wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
        assert_eq!(word_wrap("a\n\tb c", 80), "a\n\tb c");
        assert_eq!(word_wrap("averyveryverylongword x", 5), "averyveryverylongword\nx");
    }
}
