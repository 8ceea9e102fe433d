//! Numeric constants (`3`, `0x1F`, `1_000`, `1.5e3`, `'a'`), classified as Go's `NumberNode`.
//!
//! Go keeps several views of one literal (int, uint, float) and decides at use which applies:
//! `1.0` is usable as an int argument, `'a'` is the int 97, and `089` fails with Go's odd
//! `integer overflow` text. This reproduces `strconv.ParseInt/ParseUint/ParseFloat` with base
//! 0 closely enough for those rules.

/// A parsed numeric literal with every interpretation Go allows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Number {
    /// The literal as written (what Go prints in error messages).
    pub(crate) text: String,
    pub(crate) is_int: bool,
    pub(crate) is_uint: bool,
    pub(crate) is_float: bool,
    /// `1i`, `1+2i`: Go's complex constants, which this crate cannot evaluate.
    pub(crate) is_complex: bool,
    pub(crate) int: i64,
    pub(crate) float: f64,
}

const TWO_63: f64 = 9_223_372_036_854_775_808.0;
const TWO_64: f64 = 18_446_744_073_709_551_616.0;

impl Number {
    /// Go's `newNumber` for an item of kind number (`is_char` for character constants,
    /// `is_complex` for `1+2i` items). `Err` carries Go's parse error text.
    pub(crate) fn parse(text: &str, is_char: bool, is_complex: bool) -> Result<Self, String> {
        let mut n = Number {
            text: text.to_owned(),
            is_int: false,
            is_uint: false,
            is_float: false,
            is_complex: false,
            int: 0,
            float: 0.0,
        };
        if is_char {
            let r = crate::go_quote::char_constant(text)?;
            n.int = r;
            n.float = r as f64;
            (n.is_int, n.is_uint, n.is_float) = (true, true, true);
            return Ok(n);
        }
        if is_complex {
            n.is_complex = true;
            return Ok(n);
        }
        if let Some(imag) = text.strip_suffix('i') {
            if parse_float(imag).is_some() {
                n.is_complex = true;
                return Ok(n);
            }
        }
        let uint = parse_uint(text);
        if let Some(u) = uint {
            n.is_uint = true;
            n.float = u as f64;
        }
        if let Some(i) = parse_int(text) {
            n.is_int = true;
            n.int = i;
            if i == 0 {
                n.is_uint = true; // "-0"
            }
        }
        if n.is_int {
            n.is_float = true;
            n.float = n.int as f64;
        } else if n.is_uint {
            n.is_float = true;
        } else if let Some(f) = parse_float(text) {
            if !text.contains(['.', 'e', 'E', 'p', 'P']) {
                return Err(format!("integer overflow: {}", crate::go_quote::quote(text)));
            }
            n.is_float = true;
            n.float = f;
            if f.fract() == 0.0 && (-TWO_63..TWO_63).contains(&f) {
                n.is_int = true;
                n.int = f as i64;
            }
            if f.fract() == 0.0 && (0.0..TWO_64).contains(&f) {
                n.is_uint = true;
            }
        }
        if !n.is_int && !n.is_uint && !n.is_float {
            return Err(format!("illegal number syntax: {}", crate::go_quote::quote(text)));
        }
        Ok(n)
    }
}

/// Go's `underscoreOK`: underscores only between digits or after a base prefix.
fn underscore_ok(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s).as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if s.len() >= 2 && s[0] == b'0' && matches!(s[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = s[1].eq_ignore_ascii_case(&b'x');
    }
    while i < s.len() {
        let c = s[i];
        if c.is_ascii_digit() || hex && c.is_ascii_hexdigit() {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// `strconv.ParseUint(s, 0, 64)`.
fn parse_uint(s: &str) -> Option<u64> {
    if s.is_empty() || s.starts_with(['+', '-']) {
        return None;
    }
    let b = s.as_bytes();
    let (radix, digits) = if b.len() >= 2 && b[0] == b'0' {
        match b[1].to_ascii_lowercase() {
            b'x' => (16, &s[2..]),
            b'o' => (8, &s[2..]),
            b'b' => (2, &s[2..]),
            _ => (8, &s[1..]),
        }
    } else {
        (10, s)
    };
    if digits.is_empty() && radix != 8 || s.contains('_') && !underscore_ok(s) {
        return None;
    }
    if radix == 8 && digits.is_empty() {
        // "0" alone: base 8 with the prefix consumed, value 0 (but "0o" has no digits).
        return if s == "0" { Some(0) } else { None };
    }
    let mut v: u64 = 0;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = c.to_digit(radix)?;
        v = v.checked_mul(u64::from(radix))?.checked_add(u64::from(d))?;
    }
    Some(v)
}

/// `strconv.ParseInt(s, 0, 64)`.
fn parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let u = parse_uint(body)?;
    if neg {
        if u > 1 << 63 {
            return None;
        }
        Some((u as i64).wrapping_neg())
    } else {
        i64::try_from(u).ok()
    }
}

/// `strconv.ParseFloat(s, 64)` for the literal shapes the lexer produces (decimal and hex
/// floats, underscores); out-of-range values fail as Go's range error does.
fn parse_float(s: &str) -> Option<f64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_hexdigit() || b"+-._xXpPoO".contains(&b)) {
        return None;
    }
    if s.contains('_') && !underscore_ok(s) {
        return None;
    }
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    let (neg, body) = match clean.as_bytes().first() {
        Some(b'-') => (true, &clean[1..]),
        Some(b'+') => (false, &clean[1..]),
        _ => (false, clean.as_str()),
    };
    let v = if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        parse_hex_float(hex)?
    } else {
        if body.starts_with(['+', '-']) || body.contains(['x', 'X', 'p', 'P', 'o', 'O']) {
            return None;
        }
        body.parse::<f64>().ok()?
    };
    if v.is_infinite() {
        return None;
    }
    Some(if neg { -v } else { v })
}

/// A hex float mantissa `1.8p3` (Go requires the `p` exponent).
fn parse_hex_float(s: &str) -> Option<f64> {
    let (mant, exp) = s.split_once(['p', 'P'])?;
    let exp: i32 = exp.parse().ok()?;
    let (int_part, frac_part) = mant.split_once('.').unwrap_or((mant, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let mut v = 0.0f64;
    for c in int_part.chars().chain(frac_part.chars()) {
        v = v * 16.0 + f64::from(c.to_digit(16)?);
    }
    let frac_len = i32::try_from(frac_part.len()).ok()?;
    Some(v * 2f64.powi(exp - 4 * frac_len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_like_go() {
        // (text, is_int, int, is_float, float) — rules from Go's parse.newNumber.
        let cases: [(&str, bool, i64, bool, f64); 12] = [
            ("3", true, 3, true, 3.0),
            ("-3", true, -3, true, -3.0),
            ("0x1F", true, 31, true, 31.0),
            ("0o17", true, 15, true, 15.0),
            ("017", true, 15, true, 15.0),
            ("0b101", true, 5, true, 5.0),
            ("1_000", true, 1000, true, 1000.0),
            ("1.5", false, 0, true, 1.5),
            ("2.0", true, 2, true, 2.0),
            ("1e3", true, 1000, true, 1000.0),
            (".5", false, 0, true, 0.5),
            ("0x1p-2", false, 0, true, 0.25),
        ];
        for (text, is_int, int, is_float, float) in cases {
            let n = Number::parse(text, false, false).unwrap();
            assert_eq!((n.is_int, n.int, n.is_float, n.float), (is_int, int, is_float, float), "{text}");
        }
    }

    #[test]
    fn rejects_like_go() {
        let cases = [
            ("089", "integer overflow: \"089\""),
            ("99999999999999999999", "integer overflow: \"99999999999999999999\""),
            ("0x", "illegal number syntax: \"0x\""),
            ("1__0", "illegal number syntax: \"1__0\""),
            ("1e400", "illegal number syntax: \"1e400\""),
        ];
        for (text, want) in cases {
            assert_eq!(Number::parse(text, false, false), Err(want.to_owned()), "{text}");
        }
    }

    #[test]
    fn large_unsigned_is_not_int() {
        let n = Number::parse("18446744073709551615", false, false).unwrap();
        assert!(n.is_uint && !n.is_int && n.is_float);
    }
}
