//! `packer fmt`'s formatter: a port of hashicorp/hcl's `hclwrite.Format`, byte for byte.
//!
//! `hclwrite` does not parse: it lexes the source with the native-syntax scanner
//! ([`lexer`]), cuts the tokens into lines and cells ([`lines`]), and rewrites only the spaces
//! before tokens ([`passes`], [`spacing`]). Everything else — comments, heredoc bodies, string
//! contents, blank lines — is written back as it was. Packer refuses to format a file that
//! does not parse; [`check_syntax`] is that gate. [`unified_diff`] is `fmt -diff`'s output.

mod diff;
mod lexer;
mod lines;
mod passes;
mod spacing;
mod token;

#[cfg(test)]
mod tests;

use rpacker_diag::{Diagnostic, FileId, Span};

pub use diff::unified_diff;

/// The canonical form of HCL native-syntax source, as `hclwrite.Format` writes it (a leading
/// byte-order mark is dropped, as Go's scanner skips it).
#[must_use]
pub fn format_source(src: &str) -> String {
    let (mut tokens, bom) = lexer::lex(src);
    let body = &src[bom..];
    let lines = lines::lines_for_format(&tokens, body);
    passes::format_indent(&lines, &mut tokens);
    passes::format_spaces(&lines, &mut tokens, body);
    passes::format_cells(&lines, &mut tokens, body);
    let mut out = String::with_capacity(src.len() + src.len() / 8);
    for token in &tokens {
        out.extend(std::iter::repeat_n(' ', token.spaces_before));
        out.push_str(token.text(body));
    }
    out
}

/// Parses `src` (registered as `file` for the diagnostic's span) as an HCL native-syntax
/// body: Packer formats only files that parse, and reports the first syntax error otherwise.
pub fn check_syntax(src: &str, file: FileId) -> Result<(), Diagnostic> {
    let bom = if src.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    match hcl_edit::parser::parse_body(&src[bom..]) {
        Ok(_) => Ok(()),
        Err(error) => {
            let mut diag = crate::hcl::parse::syntax_diagnostic(&error, &src[bom..], file);
            // Spans are in the file as read, mark included.
            diag.subject = diag.subject.map(|s| Span::new(file, s.start as usize + bom, s.end as usize + bom));
            Err(diag)
        }
    }
}
