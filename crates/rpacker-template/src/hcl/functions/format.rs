//! `format` and `formatlist`: printf-style formatting with cty's verbs (`stdlib/format.go`,
//! `format_fsm.rl`).
//!
//! Verbs: `%v` (strings and numbers as they are, anything else as JSON; `%#v` always JSON),
//! `%t`, `%d %b %o %x %X`, `%e %E %f %g %G`, `%s %q`, with flags `0 # - + space`, width,
//! precision and `%[n]` argument indexes. Widths and string precision count grapheme
//! clusters, as cty does; numbers follow Go's `fmt` for `big.Int`/`big.Float` (computed here
//! in `f64`, see [`Number`]).

use unicode_segmentation::UnicodeSegmentation;

use super::json::{encode, quote};
use super::signature::{nullable, param, variadic, FunctionDef, Ty};
use super::string::text;
use super::{FunctionContext, FunctionError};
use crate::hcl::convert::convert;
use crate::hcl::types::HclType;
use crate::hcl::value::{HclValue, Number};

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    variadic("format", &[param("format", Ty::String)], nullable("args", Ty::Any), Ty::String, format),
    variadic(
        "formatlist",
        &[param("format", Ty::String)],
        nullable("args", Ty::Any),
        Ty::List(&Ty::String),
        formatlist,
    ),
];

fn format(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    format_values(text(&a[0]), &a[1..]).map(HclValue::String)
}

fn formatlist(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let spec = text(&a[0]);
    let args = &a[1..];
    let mut length: Option<(usize, usize)> = None;
    for (i, arg) in args.iter().enumerate() {
        if let Some(items) = arg.elements() {
            match length {
                None => length = Some((items.len(), i)),
                Some((len, chooser)) if len != items.len() => {
                    return Err(FunctionError::arg(
                        i + 1,
                        format!(
                            "argument {} has length {}, which is inconsistent with argument {} of length {len}",
                            i + 1,
                            items.len(),
                            chooser + 1
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
    }
    let iterations = length.map_or(1, |(len, _)| len);
    let mut out = Vec::with_capacity(iterations);
    for iteration in 0..iterations {
        let row: Vec<HclValue> = args
            .iter()
            .map(|arg| match arg.elements() {
                Some(items) => items[iteration].clone(),
                None => arg.clone(),
            })
            .collect();
        let line = format_values(spec, &row)
            .map_err(|e| FunctionError::call(format!("error on format iteration {iteration}: {}", e.message)))?;
        out.push(HclValue::String(line));
    }
    Ok(HclValue::List(out))
}

/// One `%` sequence of a format string.
#[derive(Default)]
struct Verb<'a> {
    raw: &'a str,
    offset: usize,
    arg_num: usize,
    mode: char,
    zero: bool,
    sharp: bool,
    plus: bool,
    minus: bool,
    space: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

/// Formats `args` by `spec`, as cty's `formatFSM`.
pub(super) fn format_values(spec: &str, args: &[HclValue]) -> Result<String, FunctionError> {
    let chars: Vec<(usize, char)> = spec.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset_of = |i: usize| chars.get(i).map_or(spec.len(), |&(o, _)| o);
    let unexpected = |i: usize| match at(i) {
        Some(c) => FunctionError::call(format!("unrecognized format character {c:?} at offset {}", offset_of(i))),
        None => FunctionError::call(format!("invalid format string starting at offset {}", spec.len())),
    };
    let mut out = String::new();
    let mut next_arg = 1;
    let mut highest = 0;
    let mut i = 0;
    while let Some(c) = at(i) {
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        if at(i + 1) == Some('%') {
            out.push('%');
            i += 2;
            continue;
        }
        let start = i;
        i += 1;
        let mut verb = Verb { offset: offset_of(start), arg_num: next_arg, ..Verb::default() };
        while let Some(flag) = at(i) {
            match flag {
                '0' => verb.zero = true,
                '#' => verb.sharp = true,
                '-' => verb.minus = true,
                '+' => verb.plus = true,
                ' ' => verb.space = true,
                _ => break,
            }
            i += 1;
        }
        if at(i).is_some_and(|c| matches!(c, '1'..='9')) {
            verb.width = Some(read_digits(&chars, &mut i));
        }
        if at(i) == Some('.') {
            i += 1;
            verb.precision = Some(read_digits(&chars, &mut i));
        }
        if at(i) == Some('[') {
            i += 1;
            if !at(i).is_some_and(|c| matches!(c, '1'..='9')) {
                return Err(unexpected(i));
            }
            verb.arg_num = read_digits(&chars, &mut i);
            if at(i) != Some(']') {
                return Err(unexpected(i));
            }
            i += 1;
        }
        match at(i) {
            Some(mode) if mode.is_ascii_alphabetic() => verb.mode = mode,
            _ => return Err(unexpected(i)),
        }
        i += 1;
        verb.raw = &spec[verb.offset..offset_of(i)];
        highest = highest.max(verb.arg_num);
        append(&verb, args, &mut out)?;
        next_arg = verb.arg_num + 1;
    }
    if highest < args.len() {
        let message = if highest == 0 {
            "too many arguments; no verbs in format string".to_owned()
        } else {
            format!("too many arguments; only {highest} used by format string")
        };
        return Err(FunctionError::arg(highest + 1, message));
    }
    Ok(out)
}

fn read_digits(chars: &[(usize, char)], i: &mut usize) -> usize {
    let mut n = 0usize;
    while let Some(d) = chars.get(*i).and_then(|&(_, c)| c.to_digit(10)) {
        n = n.saturating_mul(10).saturating_add(d as usize);
        *i += 1;
    }
    n
}

fn append(verb: &Verb<'_>, args: &[HclValue], out: &mut String) -> Result<(), FunctionError> {
    let unsupported = |detail: &str| {
        FunctionError::call(format!("unsupported value for {:?} at {}: {detail}", verb.raw, verb.offset))
    };
    let Some(arg) = args.get(verb.arg_num - 1) else {
        return Err(FunctionError::call(format!(
            "not enough arguments for {:?} at {}: need index {} but have {} total",
            verb.raw,
            verb.offset,
            verb.arg_num,
            args.len()
        )));
    };
    if verb.mode != 'v' && arg.is_null() {
        return Err(unsupported("null value cannot be formatted"));
    }
    let converted = |ty: HclType| convert(arg.clone(), &ty).map_err(|e| unsupported(&e));
    match verb.mode {
        'v' => {
            let shown = match arg {
                HclValue::String(s) if !verb.sharp => s.clone(),
                HclValue::Number(n) if !verb.sharp => go_float(n.as_f64(), 'g', None),
                other => encode(other).map_err(|e| unsupported(e.message()))?,
            };
            out.push_str(&pad_graphemes(verb, shown));
        }
        't' => out.push_str(if converted(HclType::Bool)?.as_bool() == Some(true) { "true" } else { "false" }),
        'b' | 'd' | 'o' | 'x' | 'X' => {
            let n = converted(HclType::Number)?.as_number().unwrap_or(Number::Int(0));
            let Number::Int(i) = n else {
                return Err(unsupported("an integer is required"));
            };
            out.push_str(&format_integer(verb, i));
        }
        'e' | 'E' | 'f' | 'g' | 'G' => {
            let x = converted(HclType::Number)?.as_number().map_or(0.0, Number::as_f64);
            let body = go_float(x.abs(), verb.mode, verb.precision);
            out.push_str(&pad_number(verb, x.is_sign_negative() && x != 0.0, "", &body, true));
        }
        's' | 'q' => {
            let s = converted(HclType::String)?;
            let mut s = text(&s).to_owned();
            if let Some(p) = verb.precision.filter(|p| *p > 0) {
                s = s.graphemes(true).take(p).collect();
            }
            let shown = if verb.mode == 'q' { quote(&s) } else { s };
            out.push_str(&pad_graphemes(verb, shown));
        }
        other => {
            return Err(FunctionError::call(format!(
                "unsupported format verb {other:?} in {:?} at offset {}",
                verb.raw, verb.offset
            )))
        }
    }
    Ok(())
}

/// cty's `formatPadWidth`: pads to the width in grapheme clusters.
fn pad_graphemes(verb: &Verb<'_>, shown: String) -> String {
    let Some(width) = verb.width else { return shown };
    let len = shown.graphemes(true).count();
    if len >= width {
        return shown;
    }
    let pads = (if verb.zero { "0" } else { " " }).repeat(width - len);
    if verb.minus {
        shown + &pads
    } else {
        pads + &shown
    }
}

/// Go's `fmt` for a `big.Int` with the integer verbs.
fn format_integer(verb: &Verb<'_>, i: i64) -> String {
    let magnitude = i.unsigned_abs();
    let (digits, prefix) = match verb.mode {
        'b' => (format!("{magnitude:b}"), "0b"),
        'o' => (format!("{magnitude:o}"), "0"),
        'x' => (format!("{magnitude:x}"), "0x"),
        'X' => (format!("{magnitude:X}"), "0X"),
        _ => (magnitude.to_string(), ""),
    };
    let digits = match verb.precision {
        Some(0) if magnitude == 0 => String::new(),
        Some(p) if digits.len() < p => "0".repeat(p - digits.len()) + &digits,
        _ => digits,
    };
    let prefix = if verb.sharp { prefix } else { "" };
    pad_number(verb, i < 0, prefix, &digits, verb.precision.is_none())
}

/// Sign, prefix and width padding as Go's `fmt` applies them to numbers.
fn pad_number(verb: &Verb<'_>, negative: bool, prefix: &str, digits: &str, zero_allowed: bool) -> String {
    let sign = if negative {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let len = sign.len() + prefix.len() + digits.chars().count();
    let fill = verb.width.unwrap_or(0).saturating_sub(len);
    if verb.minus {
        format!("{sign}{prefix}{digits}{}", " ".repeat(fill))
    } else if verb.zero && zero_allowed {
        format!("{sign}{prefix}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{sign}{prefix}{digits}", " ".repeat(fill))
    }
}

/// Go's `big.Float.Text` for `%e %E %f %g %G` of a non-negative number; `None` precision
/// is 6 for `e`/`f` and "shortest" for `g`.
pub(super) fn go_float(x: f64, mode: char, precision: Option<usize>) -> String {
    if x.is_infinite() {
        return if x > 0.0 { "+Inf".to_owned() } else { "-Inf".to_owned() };
    }
    let negative = x < 0.0;
    let x = x.abs();
    let body = match mode {
        'e' | 'E' => {
            let (digits, exp) = decimal(x, Some(precision.unwrap_or(6) + 1));
            format_e(&digits, exp, precision.unwrap_or(6), mode == 'E')
        }
        'f' => format!("{:.*}", precision.unwrap_or(6), x),
        _ => {
            let (digits, exp) = decimal(x, precision.map(|p| p.max(1)));
            let shortest = precision.is_none();
            let mut prec = precision.map_or(digits.len(), |p| p.max(1));
            let mut eprec = prec;
            if eprec > digits.len() && digits.len() as i64 >= exp {
                eprec = digits.len();
            }
            if shortest {
                eprec = 6;
            }
            let e = exp - 1;
            if e < -4 || e >= eprec as i64 {
                prec = prec.min(digits.len());
                format_e(&digits, exp, prec.saturating_sub(1), mode == 'G')
            } else {
                if prec as i64 > exp {
                    prec = digits.len();
                }
                format_f(&digits, exp, (prec as i64 - exp).max(0) as usize)
            }
        }
    };
    if negative {
        format!("-{body}")
    } else {
        body
    }
}

/// The significant decimal digits of `x` (no trailing zeros) and the position of the decimal
/// point relative to them (Go's `decimal.exp`), rounded to `significant` digits if given.
fn decimal(x: f64, significant: Option<usize>) -> (String, i64) {
    if x == 0.0 {
        return (String::new(), 0);
    }
    let scientific = match significant {
        Some(n) => format!("{:.*e}", n.saturating_sub(1), x),
        None => format!("{x:e}"),
    };
    let (mantissa, exp) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0').to_owned();
    (digits, exp.parse::<i64>().unwrap_or(0) + 1)
}

fn format_e(digits: &str, exp: i64, precision: usize, upper: bool) -> String {
    let first = digits.chars().next().unwrap_or('0');
    let mut out = first.to_string();
    if precision > 0 {
        out.push('.');
        let rest: String = digits.chars().skip(1).chain(std::iter::repeat('0')).take(precision).collect();
        out.push_str(&rest);
    }
    let e = if digits.is_empty() { 0 } else { exp - 1 };
    out.push(if upper { 'E' } else { 'e' });
    out.push(if e < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", e.abs()));
    out
}

fn format_f(digits: &str, exp: i64, precision: usize) -> String {
    let digit = |i: i64| -> char {
        if i >= 0 && (i as usize) < digits.len() {
            digits.as_bytes()[i as usize] as char
        } else {
            '0'
        }
    };
    let mut out = String::new();
    if exp > 0 {
        (0..exp).for_each(|i| out.push(digit(i)));
    } else {
        out.push('0');
    }
    if precision > 0 {
        out.push('.');
        (0..precision as i64).for_each(|i| out.push(digit(exp + i)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{b, err, f, l, ls, n, null, o, ok, run, s, t, unknown};
    use crate::hcl::types::HclType;
    use crate::hcl::value::HclValue;

    /// Expectations from go-cty `stdlib/format_test.go` (TestFormat, TestFormatList); marked
    /// ones verified with packer 1.6.6.
    #[test]
    #[rustfmt::skip]
    fn format_function() {
        run(vec![
            ("format", vec![s("")], ok(s(""))),
            ("format", vec![s("100%% successful")], ok(s("100% successful"))),
            ("format", vec![s("string %v"), s("hello")], ok(s("string hello"))),
            ("format", vec![s("string %[2]v"), b(true), s("hello")], ok(s("string hello"))),
            ("format", vec![s("string %#v"), s("hello")], ok(s("string \"hello\""))),
            ("format", vec![s("number %v"), n(2)], ok(s("number 2"))),
            ("format", vec![s("%v"), n(1000000)], ok(s("1e+06"))), // verified with packer 1.6.6
            ("format", vec![s("%05v"), n(-1)], ok(s("000-1"))),    // verified with packer 1.6.6
            ("format", vec![s("%v"), f(0.1)], ok(s("0.1"))),
            ("format", vec![s("bool %v"), b(true)], ok(s("bool true"))),
            ("format", vec![s("object %v"), o(&[])], ok(s("object {}"))),
            ("format", vec![s("tuple %v"), t(vec![])], ok(s("tuple []"))),
            ("format", vec![s("%%%v"), b(false)], ok(s("%false"))),
            ("format", vec![s("%v"), null()], ok(s("null"))),
            ("format", vec![s("Hello, %s!"), s("Ermintrude")], ok(s("Hello, Ermintrude!"))),
            ("format", vec![s("Hello, %q!"), s("Ermintrude")], ok(s("Hello, \"Ermintrude\"!"))),
            ("format", vec![s("This statement is %s"), b(false)], ok(s("This statement is false"))),
            ("format", vec![s("%s"), null()], err("unsupported value for \"%s\" at 0: null value cannot be formatted")),
            ("format", vec![s("%10s"), s("hello")], ok(s("     hello"))),
            ("format", vec![s("%-10s"), s("hello")], ok(s("hello     "))),
            ("format", vec![s("%4s"), s("💃🏿")], ok(s("   💃🏿"))),
            ("format", vec![s("%.2s"), s("hello")], ok(s("he"))),
            ("format", vec![s("%.1q"), s("日本語日本語")], ok(s("\"日\""))),
            ("format", vec![s("%6.2q"), s("hello")], ok(s("  \"he\""))),
            ("format", vec![s("%q"), s("Hello\nWorld")], ok(s("\"Hello\\nWorld\""))),
            ("format", vec![s("This statement is %t"), s("false")], ok(s("This statement is false"))),
            ("format", vec![s("%d green bottles"), n(10)], ok(s("10 green bottles"))),
            ("format", vec![s("%+d"), n(10)], ok(s("+10"))),
            ("format", vec![s("% d"), n(10)], ok(s(" 10"))),
            ("format", vec![s("%5d|"), n(10)], ok(s("   10|"))),
            ("format", vec![s("%-5d|"), n(10)], ok(s("10   |"))),
            ("format", vec![s("%05d"), n(-12)], ok(s("-0012"))),
            ("format", vec![s("%d"), b(true)], err("unsupported value for \"%d\" at 0: number required, but have bool")),
            ("format", vec![s("%d"), f(1.5)], err("unsupported value for \"%d\" at 0: an integer is required")),
            ("format", vec![s("%b"), n(5)], ok(s("101"))),
            ("format", vec![s("%o"), n(9)], ok(s("11"))),
            ("format", vec![s("%x"), n(254)], ok(s("fe"))),
            ("format", vec![s("%X"), n(254)], ok(s("FE"))),
            ("format", vec![s("%#x"), n(254)], ok(s("0xfe"))),
            ("format", vec![s("%f things"), n(10)], ok(s("10.000000 things"))),
            ("format", vec![s("%+f"), n(10)], ok(s("+10.000000"))),
            ("format", vec![s("%+f"), n(-10)], ok(s("-10.000000"))),
            ("format", vec![s("%.4f"), s("1.00000000000000000000000000000000000001")], ok(s("1.0000"))),
            ("format", vec![s("%.1f"), s("1.06")], ok(s("1.1"))),
            ("format", vec![s("%e"), n(1000)], ok(s("1.000000e+03"))),
            ("format", vec![s("%E"), n(1000)], ok(s("1.000000E+03"))),
            ("format", vec![s("%g"), n(1000)], ok(s("1000"))),
            ("format", vec![s("%g"), s("0.00000000000000000000001")], ok(s("1e-23"))),
            ("format", vec![s("%G"), s("0.00000000000000000000001")], ok(s("1E-23"))),
            ("format", vec![s("%.3g"), f(1.23456)], ok(s("1.23"))),
            ("format", vec![s("%05d|%q|%v|%x"), n(12), s("a"), t(vec![n(1)]), n(255)], ok(s("00012|\"a\"|[1]|ff"))), // verified with packer 1.6.6
            ("format", vec![s("Hello, %s!"), unknown()], ok(HclValue::Unknown(HclType::String))),
            ("format", vec![s("%s is not in the args list")], err("not enough arguments for \"%s\" at 0: need index 1 but have 0 total")),
            ("format", vec![s("%[3]s"), b(true), b(true)], err("not enough arguments for \"%[3]s\" at 0: need index 3 but have 2 total")),
            ("format", vec![s("%[0]s"), b(true)], err("unrecognized format character '0' at offset 2")),
            ("format", vec![s("%v %v %v"), b(true), b(true)], err("not enough arguments for \"%v\" at 6: need index 3 but have 2 total")),
            ("format", vec![s("%z is not valid"), n(10)], err("unsupported format verb 'z' in \"%z\" at offset 0")),
            ("format", vec![s("%012z"), n(10)], err("unsupported format verb 'z' in \"%012z\" at offset 0")),
            ("format", vec![s("%☠ is not valid"), n(10)], err("unrecognized format character '☠' at offset 1")),
            ("format", vec![s("no format verbs at all"), n(10)], err("too many arguments; no verbs in format string")),
            ("format", vec![s("only one verb %d"), n(10), n(11)], err("too many arguments; only 1 used by format string")),
            ("format", vec![s("trailing %")], err("invalid format string starting at offset 10")),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn formatlist_function() {
        run(vec![
            ("formatlist", vec![s("hello")], ok(ls(&["hello"]))),
            ("formatlist", vec![s("%s")], err("error on format iteration 0: not enough arguments for \"%s\" at 0: need index 1 but have 0 total")),
            ("formatlist", vec![s("%s"), s("hello")], ok(ls(&["hello"]))),
            ("formatlist", vec![s("%s"), t(vec![s("a"), s("b")])], ok(ls(&["a", "b"]))),
            ("formatlist", vec![s("%s %s"), t(vec![s("a"), s("b")]), s("x")], ok(ls(&["a x", "b x"]))),
            ("formatlist", vec![s("%s=%d"), ls(&["a", "b"]), l(vec![n(1), n(2)])], ok(ls(&["a=1", "b=2"]))),
            ("formatlist", vec![s("%s"), t(vec![])], ok(l(vec![]))),
            ("formatlist", vec![s("%s %s"), t(vec![s("a")]), t(vec![s("b"), s("c")])], err("argument 2 has length 2, which is inconsistent with argument 1 of length 1")),
        ]);
    }
}
