//! Packer's HCL2 wording for plugins that fail to prepare (hcl2template: `startBuilder`,
//! `startProvisioner`, `startPostProcessor`; texts verified with packer 1.6.6, same today):
//!
//! - a source whose options do not decode: one HCL diagnostic per problem (`Unsupported
//!   argument` at the option's name, `Incorrect attribute value type` at its value);
//! - a source the builder rejects: the builder's error text as the summary, at the block;
//! - a provisioner or post-processor: `Failed preparing provisioner-block "<type>" "<name>"`
//!   at the block, whose detail is the plugin's error text or, for options that do not decode,
//!   HCL's `file:line,col-col: <summary>; <detail>` for the first problem
//!   (`, and N other diagnostic(s)` when there are more).

use rpacker_diag::{Diagnostic, SourceMap, Span};
use rpacker_sdk::config::{ConfigErrors, ErrorStage};
use rpacker_template::hcl::parse::hcl_range;
use rpacker_template::{Node, PostProcessorDef, ProvisionerDef, Spanned};

/// A provisioner or post-processor block, as Packer names it in messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HclBlock<'a> {
    /// `provisioner` or `post-processor`.
    pub kind: &'a str,
    /// The plugin type (the label).
    pub type_name: &'a str,
    /// The `name` argument (empty when unset).
    pub name: &'a str,
    /// The block header.
    pub span: Span,
}

impl<'a> HclBlock<'a> {
    /// A provisioner (or error-cleanup provisioner) block.
    pub(crate) fn provisioner(p: &'a ProvisionerDef) -> Self {
        Self { kind: "provisioner", type_name: &p.type_name.value, name: &p.block_name, span: p.span }
    }

    /// A post-processor block.
    pub(crate) fn post_processor(pp: &'a PostProcessorDef) -> Self {
        Self { kind: "post-processor", type_name: &pp.type_name.value, name: &pp.display_name, span: pp.span }
    }
}

/// The diagnostics of a source block whose builder did not prepare.
pub(crate) fn builder_failure(errors: &ConfigErrors, configs: &[&Node], block: Span) -> Vec<Diagnostic> {
    decode_problems(errors, configs, block).unwrap_or_else(|| {
        let mut diag = Diagnostic::error(errors.to_string(), "").with_subject(Some(block));
        diag.hints = errors.errors.iter().filter_map(|e| e.hint.clone()).collect();
        vec![diag]
    })
}

/// `Failed preparing <kind>-block "<type>" "<name>"` for a plugin that did not prepare.
pub(crate) fn block_failure(
    block: HclBlock<'_>,
    errors: &ConfigErrors,
    configs: &[&Node],
    sources: Option<&SourceMap>,
) -> Diagnostic {
    let (detail, hints) = match decode_problems(errors, configs, block.span) {
        Some(problems) => (diagnostics_text(&problems, sources), problems.into_iter().flat_map(|d| d.hints).collect()),
        None => (errors.to_string(), errors.errors.iter().filter_map(|e| e.hint.clone()).collect()),
    };
    let mut diag = failed_preparing(block, detail);
    diag.hints = hints;
    diag
}

/// The failure of a block naming `build.<key>`s its builder does not generate (`unknown`).
pub(crate) fn unknown_build_keys(
    block: HclBlock<'_>,
    unknown: &[&Spanned<String>],
    sources: Option<&SourceMap>,
) -> Diagnostic {
    let problems: Vec<Diagnostic> = unknown
        .iter()
        .map(|key| {
            Diagnostic::error(
                "Unsupported attribute",
                format!("This object does not have an attribute named {:?}.", key.value),
            )
            .with_subject(Some(key.span))
        })
        .collect();
    failed_preparing(block, diagnostics_text(&problems, sources))
}

fn failed_preparing(block: HclBlock<'_>, detail: String) -> Diagnostic {
    Diagnostic::error(format!("Failed preparing {}-block {:?} {:?}", block.kind, block.type_name, block.name), detail)
        .with_subject(Some(block.span))
}

/// HCL's `Diagnostics.Error()`: the first one as `range: summary; detail`, then how many more.
fn diagnostics_text(problems: &[Diagnostic], sources: Option<&SourceMap>) -> String {
    let Some(first) = problems.first() else { return String::new() };
    let range = match (sources, first.subject) {
        (Some(sources), Some(span)) => format!("{}: ", hcl_range(sources, span)),
        _ => String::new(),
    };
    let mut text = format!("{range}{}; {}", first.summary, first.detail);
    if problems.len() > 1 {
        text.push_str(&format!(", and {} other diagnostic(s)", problems.len() - 1));
    }
    text
}

/// The HCL decode diagnostics the options' problems stand for, when they are all decode
/// problems (unknown options, values of the wrong type), also when a plugin wrapped them into
/// one `Error decoding config: …` error; `None` for the plugin's own checks.
fn decode_problems(errors: &ConfigErrors, configs: &[&Node], fallback: Span) -> Option<Vec<Diagnostic>> {
    if errors.stage == ErrorStage::Validate {
        return None;
    }
    let mut problems = Vec::new();
    for e in &errors.errors {
        let found = problem_lines(&e.message);
        if found.is_empty() {
            return None;
        }
        for (key, problem) in found {
            let name = last_segment(&key);
            problems.push(match problem {
                Problem::Unknown => {
                    let mut detail = format!("An argument named {name:?} is not expected here.");
                    let hint = e.hint.as_deref().filter(|_| e.key.as_deref() == Some(key.as_str()));
                    if let Some(suggestion) = hint.and_then(suggested_name) {
                        detail.push_str(&format!(" Did you mean {suggestion:?}?"));
                    }
                    Diagnostic::error("Unsupported argument", detail)
                        .with_subject(Some(locate(configs, &key, true, fallback)))
                }
                Problem::WrongType(required) => Diagnostic::error(
                    "Incorrect attribute value type",
                    format!("Inappropriate value for attribute {name:?}: {required}."),
                )
                .with_subject(Some(locate(configs, &key, false, fallback))),
            });
        }
    }
    // HCL reports them in file order.
    problems.sort_by_key(|d| d.subject.map(|s| (s.file.0, s.start)));
    Some(problems)
}

/// One decode problem of the SDK's messages.
enum Problem {
    /// `unknown configuration key: '"k"'`.
    Unknown,
    /// A value that does not convert, with cty's words for the type it needed.
    WrongType(&'static str),
}

/// The decode problems a plugin error message lists, with their key paths.
fn problem_lines(message: &str) -> Vec<(String, Problem)> {
    let mut found = Vec::new();
    for line in message.lines() {
        if let Some(key) = between(line, "unknown configuration key: '\"", "\"'") {
            found.push((key.to_owned(), Problem::Unknown));
        } else if let Some(key) = between(line, "cannot parse '", "'").or_else(|| between(line, "'", "' expected")) {
            found.push((key.to_owned(), Problem::WrongType(required(line))));
        }
    }
    found
}

/// The text between the first `open` and the next `close` after it.
fn between<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

/// `x` of the SDK's hint `did you mean 'x'?`.
fn suggested_name(hint: &str) -> Option<&str> {
    hint.strip_prefix("did you mean '")?.strip_suffix("'?")
}

/// cty's words for the type a value should have had, from the SDK's decode message.
fn required(message: &str) -> &'static str {
    let number = ["as int", "as uint", "as float", "overflows", "type 'int", "type 'uint", "type 'float"];
    if message.contains("as bool") || message.contains("type 'bool'") {
        "a bool is required"
    } else if number.iter().any(|n| message.contains(n)) {
        "a number is required"
    } else if message.contains("expected a map") {
        "map of string required"
    } else {
        "string required"
    }
}

/// The option's name: the last part of a key path (`volume_size` of `disks[0].volume_size`).
fn last_segment(path: &str) -> &str {
    path.rsplit(['.', '[']).find(|s| !s.is_empty() && !s.ends_with(']')).unwrap_or(path)
}

/// Where the option at `path` is in one of `configs`: its name (`at_key`) or its value.
fn locate(configs: &[&Node], path: &str, at_key: bool, fallback: Span) -> Span {
    let segments: Vec<&str> =
        path.split(['.', '[']).filter(|s| !s.is_empty()).map(|s| s.trim_end_matches(']')).collect();
    let Some((last, parents)) = segments.split_last() else { return fallback };
    configs
        .iter()
        .find_map(|node| {
            let parent = node.find(parents)?;
            let entries = parent.as_object()?;
            let (key, value) = entries.iter().find(|(k, _)| k.value.eq_ignore_ascii_case(last))?;
            Some(if at_key { key.span } else { value.span })
        })
        .unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rpacker_diag::FileId;
    use rpacker_sdk::config::ConfigError;
    use rpacker_template::{Key, NodeValue};

    fn span(start: usize, end: usize) -> Span {
        Span::new(FileId(0), start, end)
    }

    /// `bogus = 1` and `strip_path = "notbool"`, as a config node of a file whose text is
    /// `SOURCE`.
    const SOURCE: &str = "post-processor \"manifest\" {\n  bogus = 1\n  strip_path = \"notbool\"\n}\n";

    fn config() -> Node {
        let entry = |name: &str, key: (usize, usize), value: NodeValue, at: (usize, usize)| {
            (Key::new(name.to_owned(), span(key.0, key.1)), Node { value, span: span(at.0, at.1) })
        };
        Node {
            value: NodeValue::Object(vec![
                entry("bogus", (30, 35), NodeValue::Number("1".into()), (38, 39)),
                entry("strip_path", (42, 52), NodeValue::String("notbool".into()), (55, 64)),
            ]),
            span: span(0, 67),
        }
    }

    #[test]
    fn decode_problems_read_as_hcl_diagnostics() {
        let mut sources = SourceMap::new();
        sources.add("b.pkr.hcl", SOURCE);
        let config = config();
        let block = HclBlock { kind: "post-processor", type_name: "manifest", name: "", span: span(0, 25) };
        // (errors, detail): texts verified with packer 1.6.6.
        let unknown = ConfigErrors::decode(vec![ConfigError::at("bogus", "unknown configuration key: '\"bogus\"'")
            .with_hint(Some("did you mean 'output'?".to_owned()))]);
        let wrong = ConfigErrors::type_decode(vec![ConfigError::at(
            "strip_path",
            "cannot parse 'strip_path' as bool: strconv.ParseBool: parsing \"notbool\": invalid syntax",
        )]);
        let checks = ConfigErrors { errors: vec![ConfigError::general("output is required")], ..Default::default() };
        let wrapped = ConfigErrors::render(ConfigError::at(
            "bogus",
            "Error decoding config: 2 errors occurred:\n\t* unknown configuration key: '\"bogus\"'\n\t* unknown configuration key: '\"strip_path\"'\n\n",
        ));
        let cases = [
            (wrapped, "b.pkr.hcl:2,3-8: Unsupported argument; An argument named \"bogus\" is not expected here., and 1 other diagnostic(s)"),
            (unknown, "b.pkr.hcl:2,3-8: Unsupported argument; An argument named \"bogus\" is not expected here. Did you mean \"output\"?"),
            (wrong, "b.pkr.hcl:3,16-25: Incorrect attribute value type; Inappropriate value for attribute \"strip_path\": a bool is required."),
            (checks, "1 error(s) occurred:\n\n* output is required"),
        ];
        for (errors, detail) in cases {
            let diag = block_failure(block, &errors, &[&config], Some(&sources));
            assert_eq!(diag.summary, "Failed preparing post-processor-block \"manifest\" \"\"");
            assert_eq!(diag.detail, detail);
            assert_eq!(diag.subject, Some(block.span));
        }
    }

    #[test]
    fn builder_decode_problems_are_separate_diagnostics() {
        let errors = ConfigErrors::decode(vec![
            ConfigError::at("strip_path", "unknown configuration key: '\"strip_path\"'"),
            ConfigError::at("bogus", "unknown configuration key: '\"bogus\"'"),
        ]);
        let diags = builder_failure(&errors, &[&config()], span(0, 25));
        let got: Vec<_> = diags.iter().map(|d| (d.summary.as_str(), d.subject)).collect();
        assert_eq!(got, [("Unsupported argument", Some(span(30, 35))), ("Unsupported argument", Some(span(42, 52)))]);
        let checks = ConfigErrors { errors: vec![ConfigError::general("bad")], ..Default::default() };
        let diags = builder_failure(&checks, &[&config()], span(0, 25));
        assert_eq!((diags[0].summary.as_str(), diags[0].detail.as_str()), ("1 error(s) occurred:\n\n* bad", ""));
    }

    #[test]
    fn unknown_build_keys_name_the_first() {
        let mut sources = SourceMap::new();
        sources.add("a.pkr.hcl", "x = \"${build.Typo} ${build.Other}\"\n");
        let block = HclBlock { kind: "provisioner", type_name: "shell-local", name: "", span: span(0, 1) };
        let typo = Spanned::new("Typo".to_owned(), span(7, 17));
        let other = Spanned::new("Other".to_owned(), span(21, 32));
        let diag = unknown_build_keys(block, &[&typo, &other], Some(&sources));
        assert_eq!(diag.summary, "Failed preparing provisioner-block \"shell-local\" \"\"");
        assert_eq!(
            diag.detail,
            "a.pkr.hcl:1,8-18: Unsupported attribute; This object does not have an attribute named \"Typo\"., and 1 other diagnostic(s)"
        );
    }
}
