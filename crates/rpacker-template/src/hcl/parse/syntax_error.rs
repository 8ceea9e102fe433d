//! hcl-edit parse errors as the diagnostics Go's HCL parser gives for the same mistakes.
//!
//! hcl-edit words its errors after winnow's contexts (`invalid expression; expected …`);
//! Packer users know HCL's summaries, so the common cases are recognised from the message and
//! the text at the error offset and given HCL's summary and detail (texts verified with
//! packer 1.6.6). Anything unrecognised keeps hcl-edit's message as detail.

use rpacker_diag::{Diagnostic, FileId, Span};

/// HCL's wording for one kind of syntax error.
struct Wording {
    summary: &'static str,
    detail: String,
}

impl Wording {
    fn new(summary: &'static str, detail: impl Into<String>) -> Self {
        Self { summary, detail: detail.into() }
    }
}

/// The diagnostic for an hcl-edit parse error in `text` (a file registered as `file`).
#[must_use]
pub fn syntax_diagnostic(error: &hcl_edit::parser::Error, text: &str, file: FileId) -> Diagnostic {
    let offset = floor_char_boundary(text, error.location().offset());
    let found = text[offset..].chars().next();
    let subject_end = offset + found.map_or(0, char::len_utf8);
    let mut subject = Span::new(file, offset, subject_end);
    let wording = if let Some(quote) = unterminated_quote(text, offset) {
        // hcl-edit reports an unclosed string at the start of its attribute (or at the
        // interpolation); HCL points at the string running into the next line.
        subject = Span::new(file, quote, line_end(text, quote));
        Wording::new(
            "Invalid multi-line string",
            "Quoted strings may not be split over multiple lines. To produce a multi-line \
             string, either use the \\n escape to represent a newline character or use the \
             \"heredoc\" multi-line template syntax.",
        )
    } else {
        wording_for(error.message(), text, offset, found)
    };
    Diagnostic::error(wording.summary, wording.detail).with_subject(Some(subject))
}

fn wording_for(message: &str, text: &str, offset: usize, found: Option<char>) -> Wording {
    let definition_required = "An argument or block definition is required here.";
    if message.contains("redefined attribute") {
        let name = identifier_at(text, offset);
        return Wording::new(
            "Attribute redefined",
            format!("The argument {name:?} was already set. Each argument may be set only once."),
        );
    }
    if message.contains("redefined object key") {
        let name = identifier_at(text, offset);
        return Wording::new(
            "Duplicate object attribute",
            format!("An attribute named {name:?} was already defined in this object."),
        );
    }
    if message.starts_with("invalid escape sequence") {
        let symbol: String = found.into_iter().collect();
        return Wording::new(
            "Invalid escape sequence",
            format!("The symbol {symbol:?} is not a valid escape sequence selector."),
        );
    }
    if message.contains("heredoc end delimiter") {
        return Wording::new("Unterminated template string", "No closing marker was found for the string.");
    }
    if found.is_some_and(|c| !is_language_char(c)) {
        return Wording::new("Invalid character", "This character is not used within the language.");
    }
    if message.starts_with("invalid expression") || message == "expected `)` or expression" {
        return Wording::new(
            "Invalid expression",
            "Expected the start of an expression, but found an invalid expression token.",
        );
    }
    if message == "expected `]`" {
        return Wording::new("Missing item separator", "Expected a comma to mark the beginning of the next item.");
    }
    if message.starts_with("invalid object item") {
        return Wording::new(
            "Missing attribute separator",
            "Expected a newline or comma to mark the beginning of the next attribute.",
        );
    }
    if message == "expected newline or eof" {
        return if last_significant_char(text, offset) == Some('}') {
            Wording::new("Missing newline after block definition", "A block definition must end with a newline.")
        } else {
            Wording::new("Missing newline after argument", "An argument definition must end with a newline.")
        };
    }
    if message == "expected `{`" {
        return Wording::new(
            "Invalid block definition",
            "Either a quoted string block label or an opening brace (\"{\") is expected here.",
        );
    }
    if message.starts_with("invalid structure") && found.is_none_or(|c| c == '\n' || c == '\r') {
        return Wording::new(
            "Argument or block definition required",
            format!(
                "{definition_required} To set an argument, use the equals sign \"=\" to introduce the argument value."
            ),
        );
    }
    if message.starts_with("invalid structure")
        || message.starts_with("invalid block body")
        || message == "unexpected token"
    {
        return Wording::new("Argument or block definition required", definition_required);
    }
    Wording::new("Invalid syntax", capitalised(message))
}

/// Characters that can start some HCL token (anything else is HCL's "Invalid character").
fn is_language_char(c: char) -> bool {
    c.is_alphanumeric() || c.is_whitespace() || "\"{}[]()=<>!&|+-*/%.,:?_#$~\\'^;".contains(c)
}

/// If the line holding `offset` opens a quoted string it never closes, where that quote is.
fn unterminated_quote(text: &str, offset: usize) -> Option<usize> {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..line_end(text, start)];
    let mut open = None;
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        match (c, open) {
            ('#', None) => break,
            ('/', None) if line[i..].starts_with("//") => break,
            ('"', None) => open = Some(start + i),
            ('"', Some(_)) => open = None,
            ('\\', Some(_)) => {
                chars.next();
            }
            _ => {}
        }
    }
    open
}

fn line_end(text: &str, from: usize) -> usize {
    text[from..].find('\n').map_or(text.len(), |i| from + i)
}

fn last_significant_char(text: &str, offset: usize) -> Option<char> {
    text[..offset].chars().rev().find(|c| !c.is_whitespace())
}

fn identifier_at(text: &str, offset: usize) -> &str {
    let rest = &text[offset..];
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
    &rest[..end]
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn capitalised(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect::<String>() + ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, summary, subject start) — summaries verified with packer 1.6.6 (the subject is
    /// where hcl-edit stops, which is HCL's token in these cases).
    const CASES: &[(&str, &str, usize)] = &[
        ("source \"null\" \"a\" {\n  x = \n}\n", "Invalid expression", 26),
        ("source \"null\" \"a\" {\n", "Argument or block definition required", 19),
        ("source \"null\" \"a\" {\n  x = \"abc\n}\n", "Invalid multi-line string", 26),
        ("foo\n", "Argument or block definition required", 3),
        ("source \"null\" \"a\" {\n  x = [1, 2\n}\n", "Missing item separator", 32),
        ("a = 1 b = 2\n", "Missing newline after argument", 6),
        ("source \"null\" \"a\" { x = 1 }}\n", "Missing newline after block definition", 27),
        ("source \"null\" \"a\" {\n  x = 1 +\n}\n", "Invalid expression", 29),
        ("@\n", "Invalid character", 0),
        ("variable \"a\" {\n  default = 1\n  default = 2\n}\n", "Attribute redefined", 31),
        ("x = {a = 1 b = 2}\n", "Missing attribute separator", 11),
        ("x = \"\\q\"\n", "Invalid escape sequence", 7),
        ("x \"a\" \n", "Invalid block definition", 6),
    ];

    #[test]
    fn maps_hcl_edit_errors_to_hcl_wording() {
        for &(input, summary, start) in CASES {
            let error = hcl_edit::parser::parse_body(input).unwrap_err();
            let diag = syntax_diagnostic(&error, input, FileId(0));
            assert_eq!(
                (diag.summary.as_str(), diag.subject.map(|s| s.start)),
                (summary, Some(start as u32)),
                "{input:?}"
            );
        }
    }

    #[test]
    fn details_follow_hcl() {
        let input = "foo\n";
        let diag = syntax_diagnostic(&hcl_edit::parser::parse_body(input).unwrap_err(), input, FileId(0));
        assert_eq!(
            diag.detail,
            "An argument or block definition is required here. To set an argument, use the equals sign \"=\" to introduce the argument value."
        );
    }
}
