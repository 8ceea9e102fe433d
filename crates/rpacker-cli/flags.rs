//! Go's `flag` package rules, by hand: `-name` ≡ `--name`, `-name=value` and `-name value`, bool
//! flags take only `-name` or `-name=bool`, parsing stops at the first non-flag argument or `--`.
//! Packer's users script against these exact rules, so they are reproduced, errors included.

use std::collections::HashMap;

/// What a flag accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagKind {
    /// `-name` or `-name=true|false|1|0|t|f…`.
    Bool,
    /// `-name value`, repeatable, each kept in order (`-var-file`).
    Repeated,
    /// `-name a,b` repeatable; values split on `,` and appended (`-only`, `-except`).
    CommaList,
    /// `-var 'k=v'`, repeatable; split at the first `=`.
    KeyValue,
    /// `-name 3`: Go's `flag.Int` (base prefixes, 64-bit range).
    Int,
    /// `-name value` with one of a fixed set of values (Packer's `enumflag`).
    Enum(&'static [&'static str]),
}

/// One flag a command accepts.
#[derive(Debug, Clone, Copy)]
pub struct FlagDef {
    /// Name without dashes.
    pub name: &'static str,
    /// What it accepts.
    pub kind: FlagKind,
}

/// A parsed flag value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagValue {
    /// A bool flag.
    Bool(bool),
    /// Several values, in order.
    List(Vec<String>),
    /// `-var` pairs, in order.
    Pairs(Vec<(String, String)>),
    /// A single value.
    Value(String),
    /// An int flag.
    Int(i64),
}

/// The outcome of parsing a command's arguments.
#[derive(Debug, Default)]
pub struct ParsedFlags {
    values: HashMap<&'static str, FlagValue>,
    /// What is left after the flags (Go's `flags.Args()`).
    pub args: Vec<String>,
}

impl ParsedFlags {
    /// A bool flag's value (false when absent).
    pub fn bool(&self, name: &str) -> bool {
        matches!(self.values.get(name), Some(FlagValue::Bool(true)))
    }

    /// A bool flag's value, `default` when absent (`-color` defaults to true).
    pub fn bool_or(&self, name: &str, default: bool) -> bool {
        match self.values.get(name) {
            Some(FlagValue::Bool(value)) => *value,
            _ => default,
        }
    }

    /// A list flag's values.
    pub fn list(&self, name: &str) -> &[String] {
        match self.values.get(name) {
            Some(FlagValue::List(l)) => l,
            _ => &[],
        }
    }

    /// A single-value flag's value (`None` when absent).
    pub fn value(&self, name: &str) -> Option<&str> {
        match self.values.get(name) {
            Some(FlagValue::Value(v)) => Some(v),
            _ => None,
        }
    }

    /// An int flag's value (`None` when absent).
    pub fn int(&self, name: &str) -> Option<i64> {
        match self.values.get(name) {
            Some(FlagValue::Int(v)) => Some(*v),
            _ => None,
        }
    }

    /// `-var` pairs.
    pub fn pairs(&self, name: &str) -> &[(String, String)] {
        match self.values.get(name) {
            Some(FlagValue::Pairs(p)) => p,
            _ => &[],
        }
    }
}

/// Why parsing failed; the text is Go's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagError(pub String);

/// Parses `args` against `defs` as Go's `flag.FlagSet.Parse` does.
pub fn parse_flags(defs: &[FlagDef], args: &[String]) -> Result<ParsedFlags, FlagError> {
    let mut parsed = ParsedFlags::default();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        if arg.len() < 2 || !arg.starts_with('-') {
            break;
        }
        i += 1;
        let mut name = &arg[1..];
        if let Some(rest) = name.strip_prefix('-') {
            if rest.is_empty() {
                // "--" ends the flags and is consumed.
                break;
            }
            name = rest;
        }
        if name.is_empty() || name.starts_with('-') || name.starts_with('=') {
            return Err(FlagError(format!("bad flag syntax: {arg}")));
        }
        let (name, inline_value) = match name.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (name, None),
        };
        let Some(def) = defs.iter().find(|d| d.name == name) else {
            return Err(FlagError(format!("flag provided but not defined: -{name}")));
        };
        if def.kind == FlagKind::Bool {
            let value = match inline_value {
                None => true,
                Some(v) => parse_go_bool(&v)
                    .ok_or_else(|| FlagError(format!("invalid boolean value {v:?} for -{name}: parse error")))?,
            };
            parsed.values.insert(def.name, FlagValue::Bool(value));
            continue;
        }
        let value = match inline_value {
            Some(v) => v,
            None => {
                let Some(v) = args.get(i) else {
                    return Err(FlagError(format!("flag needs an argument: -{name}")));
                };
                i += 1;
                v.clone()
            }
        };
        set_value(&mut parsed, def, value)?;
    }
    parsed.args = args[i..].to_vec();
    Ok(parsed)
}

fn set_value(parsed: &mut ParsedFlags, def: &FlagDef, value: String) -> Result<(), FlagError> {
    let name = def.name;
    let invalid = |reason: &str| FlagError(format!("invalid value {value:?} for flag -{name}: {reason}"));
    match def.kind {
        // Bool flags never take a separate value; they are set before this is called.
        FlagKind::Bool => {}
        FlagKind::Repeated | FlagKind::CommaList => {
            let entry = parsed.values.entry(name).or_insert_with(|| FlagValue::List(Vec::new()));
            if let FlagValue::List(list) = entry {
                if def.kind == FlagKind::CommaList {
                    list.extend(value.split(',').map(str::to_owned));
                } else {
                    list.push(value);
                }
            }
        }
        FlagKind::Int => {
            let number = parse_go_int(&value).map_err(&invalid)?;
            parsed.values.insert(name, FlagValue::Int(number));
        }
        FlagKind::Enum(allowed) => {
            if !allowed.contains(&value.as_str()) {
                let quoted: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
                return Err(invalid(&format!("expected one of [{}]", quoted.join(" "))));
            }
            parsed.values.insert(name, FlagValue::Value(value));
        }
        FlagKind::KeyValue => {
            let Some((k, v)) = value.split_once('=') else {
                return Err(invalid(&format!("No '=' value in arg: {value}")));
            };
            let pair = (k.to_owned(), v.to_owned());
            let entry = parsed.values.entry(name).or_insert_with(|| FlagValue::Pairs(Vec::new()));
            if let FlagValue::Pairs(pairs) = entry {
                pairs.push(pair);
            }
        }
    }
    Ok(())
}

/// Go's `strconv.ParseInt(s, 0, 64)` as `flag.Int` uses it, with its two error words.
fn parse_go_int(s: &str) -> Result<i64, &'static str> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let digits = digits.replace('_', "");
    let (radix, body) = if let Some(b) = digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        (16, b.to_owned())
    } else if let Some(b) = digits.strip_prefix("0b").or_else(|| digits.strip_prefix("0B")) {
        (2, b.to_owned())
    } else if let Some(b) = digits.strip_prefix("0o").or_else(|| digits.strip_prefix("0O")) {
        (8, b.to_owned())
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, digits[1..].to_owned())
    } else {
        (10, digits.clone())
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return Err("parse error");
    }
    let magnitude = u128::from_str_radix(&body, radix).map_err(|_| "value out of range")?;
    let value = if negative {
        -i128::try_from(magnitude).map_err(|_| "value out of range")?
    } else {
        i128::try_from(magnitude).map_err(|_| "value out of range")?
    };
    i64::try_from(value).map_err(|_| "value out of range")
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFS: &[FlagDef] = &[
        FlagDef { name: "syntax-only", kind: FlagKind::Bool },
        FlagDef { name: "only", kind: FlagKind::CommaList },
        FlagDef { name: "var", kind: FlagKind::KeyValue },
        FlagDef { name: "var-file", kind: FlagKind::Repeated },
        FlagDef { name: "n", kind: FlagKind::Int },
        FlagDef { name: "mode", kind: FlagKind::Enum(&["cleanup", "abort"]) },
    ];

    fn parse(args: &[&str]) -> Result<ParsedFlags, FlagError> {
        parse_flags(DEFS, &args.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn go_flag_forms() {
        let p = parse(&[
            "--syntax-only",
            "-only=a,b",
            "-only",
            "c",
            "-var",
            "k=a=b",
            "--var-file=f1",
            "-var-file",
            "f2",
            "t.json",
            "-only=x",
        ])
        .unwrap();
        assert!(p.bool("syntax-only"));
        assert_eq!(p.list("only"), ["a", "b", "c"]);
        assert_eq!(p.pairs("var"), [("k".to_owned(), "a=b".to_owned())]);
        assert_eq!(p.list("var-file"), ["f1", "f2"]);
        assert_eq!(p.args, ["t.json", "-only=x"]);
        let p = parse(&["-syntax-only=false", "--", "-x"]).unwrap();
        assert!(!p.bool("syntax-only"));
        assert_eq!(p.args, ["-x"]);
        // `-name false` does not set a bool: `false` is the first positional argument.
        assert_eq!(parse(&["-syntax-only", "false"]).unwrap().args, ["false"]);
        let p = parse(&["-n=0x10", "-mode", "cleanup", "-mode", "abort"]).unwrap();
        assert_eq!(p.int("n"), Some(16));
        assert_eq!(p.value("mode"), Some("abort"));
        assert_eq!(parse(&["-n=-3"]).unwrap().int("n"), Some(-3));
    }

    #[test]
    fn go_flag_errors() {
        let cases = [
            (&["-foo"][..], "flag provided but not defined: -foo"),
            (&["-var", "x"][..], "invalid value \"x\" for flag -var: No '=' value in arg: x"),
            (&["-only"][..], "flag needs an argument: -only"),
            (&["-syntax-only=maybe"][..], "invalid boolean value \"maybe\" for -syntax-only: parse error"),
            (&["---x"][..], "bad flag syntax: ---x"),
            (&["-n", "x"][..], "invalid value \"x\" for flag -n: parse error"),
            (
                &["-n=99999999999999999999"][..],
                "invalid value \"99999999999999999999\" for flag -n: value out of range",
            ),
            (&["-mode=bogus"][..], "invalid value \"bogus\" for flag -mode: expected one of [\"cleanup\" \"abort\"]"),
        ];
        for (args, message) in cases {
            assert_eq!(parse(args).unwrap_err().0, message, "{args:?}");
        }
    }
}
