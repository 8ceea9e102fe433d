//! A JSON syntax error as Go reports it (`json.SyntaxError`: message + byte offset), with the
//! line/column excerpt Packer adds (`template.ParseFile`'s `highlightPosition`), so the text
//! after `Failed to parse template: ` is Packer's to the byte.

use std::fmt;

use rpacker_diag::{FileId, Span};

/// A syntax error in a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonSyntaxError {
    /// Go's message, e.g. `invalid character '}' looking for beginning of object key string`.
    pub message: String,
    /// Go's `SyntaxError.Offset`: bytes read when the error was found (the bad byte included).
    pub offset: usize,
    /// The offending byte (empty at the end of the input).
    pub span: Span,
    /// Packer's line number (1-based).
    pub line: usize,
    /// Packer's column: bytes before the error on line 1, one more than that on later lines
    /// (a quirk of Packer's `highlightPosition`, reproduced).
    pub column: usize,
    /// The previous line, when the error is not on line 1.
    previous_line: String,
    /// The current line, up to and including the offending byte.
    this_line: String,
}

impl JsonSyntaxError {
    /// Builds the error, computing Packer's position excerpt from the source bytes.
    #[must_use]
    pub fn new(message: String, offset: usize, source: &[u8], file: FileId) -> Self {
        let offset = offset.min(source.len());
        let mut line = 1;
        let mut column = 0;
        let mut line_start = 0;
        let mut previous_start = 0;
        for (i, &b) in source[..offset].iter().enumerate() {
            if b == b'\n' {
                previous_start = line_start;
                line_start = i + 1;
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        let previous_line = if line > 1 {
            String::from_utf8_lossy(&source[previous_start..line_start - 1]).into_owned()
        } else {
            String::new()
        };
        let this_line = String::from_utf8_lossy(&source[line_start..offset]).into_owned();
        let span = Span::new(file, offset.saturating_sub(1), offset);
        Self { message, offset, span, line, column, previous_line, this_line }
    }
}

impl fmt::Display for JsonSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Error parsing JSON: {}\nAt line {}, column {} (offset {}):\n",
            self.message, self.line, self.column, self.offset
        )?;
        if self.line > 1 {
            writeln!(f, "{:5}: {}", self.line - 1, self.previous_line)?;
        }
        writeln!(f, "{:5}: {}", self.line, self.this_line)?;
        writeln!(f, "{}^", " ".repeat(self.column + 5))
    }
}

impl std::error::Error for JsonSyntaxError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_packers_excerpt() {
        // Verified with packer 1.6.6.
        let source = b"{\"builders\":[\n{\"type\":\"null\",}";
        let message = "invalid character '}' looking for beginning of object key string".to_owned();
        let err = JsonSyntaxError::new(message, 30, source, FileId(0));
        assert_eq!(
            err.to_string(),
            "Error parsing JSON: invalid character '}' looking for beginning of object key string\n\
             At line 2, column 17 (offset 30):\n    1: {\"builders\":[\n    2: {\"type\":\"null\",}\n                      ^\n"
        );
        let empty = JsonSyntaxError::new("unexpected end of JSON input".to_owned(), 0, b"", FileId(0));
        assert_eq!(
            empty.to_string(),
            "Error parsing JSON: unexpected end of JSON input\nAt line 1, column 0 (offset 0):\n    1: \n     ^\n"
        );
    }
}
