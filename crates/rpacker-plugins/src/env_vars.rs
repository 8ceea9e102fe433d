//! `{{.Vars}}` of `execute_command`: Packer's `createFlattenedEnvVars`. The template's variables
//! reach the script only through the command line, each formatted with `env_var_format` (a Go
//! printf format taking the name and the value), sorted by name.

use std::collections::BTreeMap;

use super::config::ShellLocalConfig;
use crate::run_template;

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

/// The flattened variables: Packer's own, the real HTTP ones, then `environment_vars` (each
/// rendered with `data`) and `env`, single quotes escaped for `'…'` quoting.
///
/// # Errors
/// The render error of an `environment_vars` entry.
pub(crate) fn flatten(
    config: &ShellLocalConfig,
    build: BuildIdentity<'_>,
    data: &BTreeMap<String, String>,
) -> Result<String, String> {
    let mut vars = BTreeMap::new();
    vars.insert("PACKER_BUILD_NAME".to_owned(), build.name.to_owned());
    vars.insert("PACKER_BUILDER_TYPE".to_owned(), build.builder_type.to_owned());
    for (key, var, missing) in HTTP_VARS {
        if let Some(value) = data.get(key).filter(|v| v.as_str() != missing) {
            vars.insert(var.to_owned(), value.clone());
        }
    }
    for entry in &config.environment_vars {
        let rendered = run_template::render(entry, data)?;
        // Prepare checked `key=value`; a render can only change the value side's text.
        let (key, value) = rendered.split_once('=').unwrap_or((rendered.as_str(), ""));
        vars.insert(key.to_owned(), quote_escaped(value));
    }
    for (key, value) in &config.env {
        vars.insert(key.clone(), quote_escaped(value));
    }
    Ok(vars.iter().map(|(k, v)| go_sprintf(&config.env_var_format, &[k, v])).collect())
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

    /// Variables as packer 1.6.6 passes them (null build `nb`, default format).
    #[test]
    fn flattens_like_packer() {
        let data: BTreeMap<String, String> = [
            ("ID", "Null"),
            ("PackerHTTPAddr", "ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER"),
            ("PackerHTTPIP", "10.0.0.1"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into();
        let config = ShellLocalConfig {
            environment_vars: vec!["B=it's".into(), "A={{ build `ID` }}".into(), "C=x=y".into()],
            env: [("D".to_owned(), "e".to_owned())].into(),
            env_var_format: "%s='%s' ".into(),
            ..ShellLocalConfig::default()
        };
        let got = flatten(&config, BuildIdentity { name: "nb", builder_type: "null" }, &data);
        assert_eq!(
            got.as_deref(),
            Ok("A='Null' B='it'\"'\"'s' C='x=y' D='e' PACKER_BUILDER_TYPE='null' PACKER_BUILD_NAME='nb' PACKER_HTTP_IP='10.0.0.1' ")
        );
    }
}
