//! `{{.Vars}}` and the variable file of `shell` and `shell-local`: Packer's `escapeEnvVars`
//! and `createFlattenedEnvVars`. Packer's own variables (`PACKER_BUILD_NAME`,
//! `PACKER_BUILDER_TYPE`, the HTTP server's when a builder ran one), then `environment_vars`
//! and `env`, single quotes escaped for `'…'` quoting, sorted by name, each formatted with
//! `env_var_format` (a Go printf format taking the name and the value).

use std::collections::BTreeMap;

/// The HTTP server values a builder reports, with the text it reports when it has none.
const HTTP_VARS: [(&str, &str, &str); 3] = [
    ("PackerHTTPAddr", "PACKER_HTTP_ADDR", "ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER"),
    ("PackerHTTPIP", "PACKER_HTTP_IP", "ERR_HTTP_IP_NOT_IMPLEMENTED_BY_BUILDER"),
    ("PackerHTTPPort", "PACKER_HTTP_PORT", "ERR_HTTP_PORT_NOT_IMPLEMENTED_BY_BUILDER"),
];

/// Who runs the script: the build's name and builder type (`PACKER_BUILD_NAME`,
/// `PACKER_BUILDER_TYPE`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct BuildIdentity<'a> {
    /// The build name.
    pub name: &'a str,
    /// The builder type.
    pub builder_type: &'a str,
}

/// The variables given to a script: `environment_vars` entries (`KEY=value`, already checked
/// at prepare) and the `env` map, on top of Packer's own; `env` wins over an entry with the same
/// key, as in Packer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UserVars<'a> {
    /// `environment_vars` as the caller wants them used (shell-local renders them first).
    pub environment_vars: &'a [String],
    /// `env` [≥1.8].
    pub env: &'a BTreeMap<String, String>,
}

/// The flattened variables, each formatted with `format`, sorted by name.
pub(crate) fn flatten(
    format: &str,
    build: BuildIdentity<'_>,
    data: &BTreeMap<String, String>,
    user: UserVars<'_>,
) -> String {
    let mut vars = BTreeMap::new();
    vars.insert("PACKER_BUILD_NAME".to_owned(), build.name.to_owned());
    vars.insert("PACKER_BUILDER_TYPE".to_owned(), build.builder_type.to_owned());
    for (key, var, missing) in HTTP_VARS {
        if let Some(value) = data.get(key).filter(|v| v.as_str() != missing) {
            vars.insert(var.to_owned(), value.clone());
        }
    }
    for entry in user.environment_vars {
        // Prepare checked `key=value`; a render can only change the value side's text.
        let (key, value) = entry.split_once('=').unwrap_or((entry.as_str(), ""));
        vars.insert(key.to_owned(), quote_escaped(value));
    }
    for (key, value) in user.env {
        vars.insert(key.clone(), quote_escaped(value));
    }
    vars.iter().map(|(k, v)| go_sprintf(format, &[k, v])).collect()
}

/// A `'` closes the quote, adds a double-quoted `'`, and reopens it.
fn quote_escaped(value: &str) -> String {
    value.replace('\'', r#"'"'"'"#)
}

/// Go's `fmt.Sprintf` for string arguments: `%s`/`%v` take the next one, `%%` is `%`, other
/// verbs print Go's bad-verb form, missing and extra arguments are marked as Go marks them.
fn go_sprintf(format: &str, args: &[&str]) -> String {
    let mut out = String::new();
    let mut next = args.iter();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            None => out.push_str("%!(NOVERB)"),
            Some('%') => out.push('%'),
            Some(verb) => match next.next() {
                None => out.push_str(&format!("%!{verb}(MISSING)")),
                Some(arg) if verb == 's' || verb == 'v' => out.push_str(arg),
                Some(arg) => out.push_str(&format!("%!{verb}(string={arg})")),
            },
        }
    }
    let extra: Vec<String> = next.map(|a| format!("string={a}")).collect();
    if !extra.is_empty() {
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sprintf_like_go() {
        let cases = [
            ("%s='%s' ", "K='V' "),
            ("set %s=%s && ", "set K=V && "),
            ("%s", "K%!(EXTRA string=V)"),
            ("%s %s %s", "K V %!s(MISSING)"),
            ("%d=%v%%", "%!d(string=K)=V%"),
        ];
        for (format, want) in cases {
            assert_eq!(go_sprintf(format, &["K", "V"]), want, "{format}");
        }
    }

    /// Variables as packer 1.6.6 passes them (null build `nb`, default format; the shell
    /// provisioner's `BAR='x y' FOO='it'"'"'s' PACKER_BUILDER_TYPE='null' PACKER_BUILD_NAME='nb' `).
    #[test]
    fn flattens_like_packer() {
        let data: BTreeMap<String, String> = [
            ("ID", "Null"),
            ("PackerHTTPAddr", "ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER"),
            ("PackerHTTPIP", "10.0.0.1"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into();
        let environment_vars = ["B=it's".to_owned(), "A=Null".to_owned(), "C=x=y".to_owned(), "D=lost".to_owned()];
        let env = [("D".to_owned(), "e".to_owned())].into();
        let user = UserVars { environment_vars: &environment_vars, env: &env };
        let build = BuildIdentity { name: "nb", builder_type: "null" };
        assert_eq!(
            flatten("%s='%s' ", build, &data, user),
            "A='Null' B='it'\"'\"'s' C='x=y' D='e' PACKER_BUILDER_TYPE='null' PACKER_BUILD_NAME='nb' PACKER_HTTP_IP='10.0.0.1' "
        );
        let none = UserVars { environment_vars: &[], env: &BTreeMap::new() };
        assert_eq!(
            flatten("export %s='%s'\n", build, &BTreeMap::new(), none),
            "export PACKER_BUILDER_TYPE='null'\nexport PACKER_BUILD_NAME='nb'\n"
        );
    }
}
