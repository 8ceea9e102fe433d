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

    /// A list flag's values.
    pub fn list(&self, name: &str) -> &[String] {
        match self.values.get(name) {
            Some(FlagValue::List(l)) => l,
            _ => &[],
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
    }

    #[test]
    fn go_flag_errors() {
        let cases = [
            (&["-foo"][..], "flag provided but not defined: -foo"),
            (&["-var", "x"][..], "invalid value \"x\" for flag -var: No '=' value in arg: x"),
            (&["-only"][..], "flag needs an argument: -only"),
            (&["-syntax-only=maybe"][..], "invalid boolean value \"maybe\" for -syntax-only: parse error"),
            (&["---x"][..], "bad flag syntax: ---x"),
        ];
        for (args, message) in cases {
            assert_eq!(parse(args).unwrap_err().0, message, "{args:?}");
        }
    }
}
