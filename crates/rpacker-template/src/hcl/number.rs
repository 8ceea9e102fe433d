//! The number of an HCL value: an exact `i64` when the value is a whole number that fits,
//! otherwise an `f64`.
//!
//! cty (what Packer uses) keeps numbers as 512-bit `big.Float`s. We do not need arbitrary
//! precision for templates, but whole numbers must stay exact past 2^53 (`parseint` of a 64-bit
//! hex value) and must print without a fraction, so integers are kept as `i64`. Limits, by
//! design: whole numbers beyond the `i64` range and all fractions have `f64` precision, and a
//! non-integral result prints with Rust's shortest round-trip form (the same digits Go's
//! `strconv.FormatFloat(f, 'f', -1, 64)` prints, which is what cty uses for `float64`s).

use std::cmp::Ordering;
use std::fmt;

/// An HCL number (see the module documentation for its precision limits).
#[derive(Clone, Copy, Debug)]
pub enum Number {
    /// A whole number, exact.
    Int(i64),
    /// Any other number, including the infinities.
    Float(f64),
}

impl Number {
    /// The number for `f`, kept exact as an integer when it is whole and fits in `i64`.
    pub fn from_f64(f: f64) -> Number {
        // `i64::MAX as f64` is exactly 2^63; anything whole below it in magnitude fits in i64.
        if f.is_finite() && f.fract() == 0.0 && f.abs() < i64::MAX as f64 {
            Number::Int(f as i64)
        } else {
            Number::Float(f)
        }
    }

    /// The number as an `f64` (rounded when an integer is beyond 2^53).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    /// The number as an `i64` when it is a whole number in range.
    pub fn as_i64(self) -> Option<i64> {
        match self {
            Number::Int(i) => Some(i),
            Number::Float(_) => None,
        }
    }

    /// Whether the number is a whole number (cty's `IsInt`).
    pub fn is_whole(self) -> bool {
        match self {
            Number::Int(_) => true,
            Number::Float(f) => f.is_finite() && f.fract() == 0.0,
        }
    }

    /// Parses a number the way cty converts a string to a number: decimal digits with an
    /// optional sign, fraction and exponent. Hex, `inf` and `nan` are not numbers there.
    pub fn parse(text: &str) -> Option<Number> {
        let body = text.strip_prefix(['-', '+']).unwrap_or(text);
        let well_formed = !body.is_empty()
            && body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            && body.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'));
        if !well_formed {
            return None;
        }
        if let Ok(i) = text.parse::<i64>() {
            return Some(Number::Int(i));
        }
        text.parse::<f64>().ok().map(Number::from_f64)
    }
}

impl std::ops::Add for Number {
    type Output = Number;

    /// Adds two numbers, staying exact while the sum fits in `i64`.
    fn add(self, other: Number) -> Number {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => {
                a.checked_add(b).map_or_else(|| Number::Float(a as f64 + b as f64), Number::Int)
            }
            _ => Number::from_f64(self.as_f64() + other.as_f64()),
        }
    }
}

impl std::ops::Neg for Number {
    type Output = Number;

    fn neg(self) -> Number {
        match self {
            Number::Int(i) => i.checked_neg().map_or(Number::Float(-(i as f64)), Number::Int),
            Number::Float(f) => Number::Float(-f),
        }
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Number {
        Number::Int(i)
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        self.cmp_numeric(*other) == Some(Ordering::Equal)
    }
}

impl Number {
    /// Numeric comparison; `None` only when a NaN is involved (cty never produces one).
    pub fn cmp_numeric(self, other: Number) -> Option<Ordering> {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => Some(a.cmp(&b)),
            _ => self.as_f64().partial_cmp(&other.as_f64()),
        }
    }
}

impl fmt::Display for Number {
    /// The decimal form cty uses when a number becomes a string (`1`, `1.5`, `100000000000000000000`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) if x == f64::INFINITY => f.write_str("+Inf"),
            Number::Float(x) if x == f64::NEG_INFINITY => f.write_str("-Inf"),
            Number::Float(x) => write!(f, "{x}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Number;

    #[test]
    #[rustfmt::skip]
    fn parse_and_display() {
        let cases: &[(&str, Option<&str>)] = &[
            ("1", Some("1")),
            ("-12", Some("-12")),
            ("1.5", Some("1.5")),
            ("1e3", Some("1000")),
            ("1e20", Some("100000000000000000000")),
            ("9223372036854775807", Some("9223372036854775807")),
            ("0.1", Some("0.1")),
            (".5", Some("0.5")),
            ("0x10", None),
            ("inf", None),
            ("", None),
            ("abc", None),
        ];
        for (text, want) in cases {
            let got = Number::parse(text).map(|n| n.to_string());
            assert_eq!(got.as_deref(), *want, "parse {text:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn arithmetic_stays_exact() {
        assert_eq!((Number::Int(i64::MAX) + Number::Int(0)).as_i64(), Some(i64::MAX));
        assert_eq!(Number::from_f64(2.0).as_i64(), Some(2));
        assert_eq!(Number::from_f64(2.5).as_i64(), None);
        // Beyond i64 the f64 prints its shortest round-trip digits (cty would print all 19).
        assert_eq!((-Number::Int(i64::MIN)).to_string(), "9223372036854776000");
    }
}
