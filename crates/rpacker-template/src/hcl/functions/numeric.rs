//! Numeric functions: `abs`, `ceil`, `floor`, `log`, `pow`, `signum`, `min`, `max`,
//! `parseint` (cty's `stdlib/number.go`) and `sum` (Packer's `function/sum.go`).
//!
//! Numbers are [`Number`]s: exact integers or `f64`; `log` and `pow` compute in `f64` as cty
//! does (it converts to `float64` for them too).

use super::signature::{def, param, variadic, FunctionDef, Ty};
use super::string::{integer, text};
use super::{FunctionContext, FunctionError};
use crate::hcl::convert;
use crate::hcl::types::HclType;
use crate::hcl::value::{HclValue, Number};

const NUM: &[super::signature::Param] = &[param("num", Ty::Number)];

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    def("abs", NUM, Ty::Number, abs),
    def("ceil", NUM, Ty::Number, ceil),
    def("floor", NUM, Ty::Number, floor),
    def("log", &[param("num", Ty::Number), param("base", Ty::Number)], Ty::Number, log),
    variadic("max", &[], param("numbers", Ty::Number), Ty::Number, max),
    variadic("min", &[], param("numbers", Ty::Number), Ty::Number, min),
    def("parseint", &[param("number", Ty::Any), param("base", Ty::Number)], Ty::Number, parseint),
    def("pow", &[param("num", Ty::Number), param("power", Ty::Number)], Ty::Number, pow),
    def("signum", NUM, Ty::Number, signum),
    def("sum", &[param("list", Ty::Any)], Ty::Number, sum),
];

fn number(v: &HclValue) -> Number {
    v.as_number().unwrap_or(Number::Int(0))
}

fn abs(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let n = number(&a[0]);
    let negative = n.cmp_numeric(Number::Int(0)).is_some_and(|o| o.is_lt());
    Ok(HclValue::Number(if negative { -n } else { n }))
}

fn ceil(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    Ok(HclValue::Number(match number(&a[0]) {
        Number::Float(f) => Number::from_f64(f.ceil()),
        whole => whole,
    }))
}

fn floor(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    Ok(HclValue::Number(match number(&a[0]) {
        Number::Float(f) => Number::from_f64(f.floor()),
        whole => whole,
    }))
}

fn log(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let (num, base) = (number(&a[0]).as_f64(), number(&a[1]).as_f64());
    Ok(HclValue::float(num.ln() / base.ln()))
}

fn pow(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let (num, power) = (number(&a[0]), number(&a[1]));
    // Keep integer powers exact while they fit, so pow(2, 62) prints every digit.
    if let (Number::Int(b), Number::Int(e)) = (num, power) {
        if let Some(exact) = u32::try_from(e).ok().and_then(|e| b.checked_pow(e)) {
            return Ok(HclValue::int(exact));
        }
    }
    Ok(HclValue::float(num.as_f64().powf(power.as_f64())))
}

fn signum(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    // cty reads the number into a Go int first, so fractions are rejected.
    Ok(HclValue::int(integer(&a[0])?.signum()))
}

fn extreme(a: &[HclValue], keep_new: fn(std::cmp::Ordering) -> bool) -> Result<HclValue, FunctionError> {
    let mut numbers = a.iter().map(number);
    let Some(mut best) = numbers.next() else {
        return Err(FunctionError::call("must pass at least one number"));
    };
    for n in numbers {
        if n.cmp_numeric(best).is_some_and(keep_new) {
            best = n;
        }
    }
    Ok(HclValue::Number(best))
}

fn max(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    extreme(&a, std::cmp::Ordering::is_gt)
}

fn min(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    extreme(&a, std::cmp::Ordering::is_lt)
}

fn parseint(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    if a[0].type_of() != HclType::String {
        let name = a[0].type_of().friendly_name();
        return Err(FunctionError::arg(0, format!("first argument must be a string, not {name}")));
    }
    let base = match a[1].as_number() {
        Some(Number::Int(b)) => b,
        _ => {
            return Err(FunctionError::arg(
                1,
                "value must be a whole number, between -9223372036854775808 and 9223372036854775807",
            ))
        }
    };
    if !(2..=62).contains(&base) {
        return Err(FunctionError::arg(1, "base must be a whole number between 2 and 62 inclusive"));
    }
    let digits = text(&a[0]);
    parse_big_int(digits, base as u32)
        .map(HclValue::Number)
        .ok_or_else(|| FunctionError::arg(0, format!("cannot parse {digits:?} as a base {base} integer")))
}

/// Go's `big.Int.SetString(s, base)` for a base in 2..=62: an optional sign, then digits;
/// letters are case-insensitive up to base 36, beyond it `a-z` are 10-35 and `A-Z` 36-61.
/// Values beyond `i64` lose precision (see [`Number`]).
fn parse_big_int(s: &str, base: u32) -> Option<Number> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let mut exact: Option<i128> = Some(0);
    let mut approx = 0f64;
    for c in body.chars() {
        let digit = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 10,
            'A'..='Z' if base <= 36 => c as u32 - 'A' as u32 + 10,
            'A'..='Z' => c as u32 - 'A' as u32 + 36,
            _ => return None,
        };
        if digit >= base {
            return None;
        }
        exact = exact.and_then(|v| v.checked_mul(i128::from(base))?.checked_add(i128::from(digit)));
        approx = approx * f64::from(base) + f64::from(digit);
    }
    let signed = exact.map(|v| if negative { -v } else { v });
    Some(match signed.and_then(|v| i64::try_from(v).ok()) {
        Some(i) => Number::Int(i),
        None => Number::Float(if negative { -approx } else { approx }),
    })
}

fn sum(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let Some(items) = a[0].elements() else {
        return Err(FunctionError::arg(0, "cannot sum noniterable"));
    };
    if items.is_empty() {
        return Err(FunctionError::arg(0, "cannot sum an empty list"));
    }
    let not_numbers = || FunctionError::arg(0, "argument must be list, set, or tuple of number values");
    let mut total = Number::Int(0);
    for item in items {
        if item.is_null() {
            return Err(not_numbers());
        }
        let n = convert(item.clone(), &HclType::Number).map_err(|_| not_numbers())?;
        total = total + number(&n);
    }
    if let Number::Float(f) = total {
        if f.is_nan() {
            return Err(FunctionError::call("can't compute sum of opposing infinities"));
        }
    }
    Ok(HclValue::Number(total))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, f, l, ls, n, null, ok, run, s, set, t};

    /// Expectations from go-cty `stdlib/number_test.go` and Packer's `function/sum_test.go`;
    /// marked ones verified with packer 1.6.6.
    #[test]
    #[rustfmt::skip]
    fn numeric_functions() {
        run(vec![
            ("abs", vec![n(-1)], ok(n(1))),
            ("abs", vec![f(-1.5)], ok(f(1.5))),
            ("abs", vec![s("-3")], ok(n(3))),
            ("abs", vec![s("x")], err("a number is required")), // verified with packer 1.6.6
            ("ceil", vec![f(1.2)], ok(n(2))),
            ("ceil", vec![f(-1.2)], ok(n(-1))),
            ("ceil", vec![f(f64::INFINITY)], ok(f(f64::INFINITY))),
            ("floor", vec![f(1.8)], ok(n(1))),
            ("floor", vec![f(-1.2)], ok(n(-2))),
            ("log", vec![n(10), n(10)], ok(n(1))),
            ("log", vec![n(8), n(2)], ok(n(3))), // verified with packer 1.6.6
            ("log", vec![n(0), n(10)], ok(f(f64::NEG_INFINITY))),
            ("max", vec![n(12), n(54), n(3)], ok(n(54))),
            ("max", vec![], err("must pass at least one number")),
            ("min", vec![n(12), n(54), n(3)], ok(n(3))),
            ("min", vec![f(1.5), n(2)], ok(f(1.5))),
            ("parseint", vec![s("100"), n(10)], ok(n(100))),
            ("parseint", vec![s("ff"), n(16)], ok(n(255))), // verified with packer 1.6.6
            ("parseint", vec![s("FF"), n(16)], ok(n(255))),
            ("parseint", vec![s("-10"), n(2)], ok(n(-2))),
            ("parseint", vec![s("zz"), n(36)], ok(n(1295))),
            ("parseint", vec![s("Z"), n(62)], ok(n(61))),
            ("parseint", vec![s("7fffffffffffffff"), n(16)], ok(n(i64::MAX))),
            ("parseint", vec![s("zz"), n(16)], err("cannot parse \"zz\" as a base 16 integer")), // verified with packer 1.6.6
            ("parseint", vec![s("1"), n(63)], err("base must be a whole number between 2 and 62 inclusive")),
            ("parseint", vec![n(10), n(10)], err("first argument must be a string, not number")),
            ("pow", vec![n(2), n(10)], ok(n(1024))),
            ("pow", vec![n(2), n(0)], ok(n(1))),
            ("pow", vec![n(4), f(0.5)], ok(n(2))),
            ("pow", vec![n(2), n(-1)], ok(f(0.5))),
            ("signum", vec![n(-5)], ok(n(-1))),
            ("signum", vec![n(0)], ok(n(0))),
            ("signum", vec![n(7)], ok(n(1))),
            ("signum", vec![f(1.5)], err("value must be a whole number, between -9223372036854775808 and 9223372036854775807")),
            ("sum", vec![l(vec![n(1), n(2), n(3)])], ok(n(6))),
            ("sum", vec![l(vec![n(10), n(-19), n(5)])], ok(n(-4))),
            ("sum", vec![set(vec![n(10), n(25), n(30)])], ok(n(65))),
            ("sum", vec![t(vec![f(0.5), n(1)])], ok(f(1.5))),
            ("sum", vec![t(vec![s("1"), n(1)])], ok(n(2))),
            ("sum", vec![ls(&["a", "b"])], err("argument must be list, set, or tuple of number values")),
            ("sum", vec![t(vec![n(5), null()])], err("argument must be list, set, or tuple of number values")),
            ("sum", vec![t(vec![])], err("cannot sum an empty list")),
            ("sum", vec![n(1)], err("cannot sum noniterable")),
        ]);
    }
}
