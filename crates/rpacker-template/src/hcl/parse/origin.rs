//! Where parsed HCL came from: maps hcl-edit's byte ranges back to file spans.
//!
//! Native files are parsed in place, so hcl-edit's ranges are file offsets. `.pkr.json` files
//! are rewritten into equivalent native text before hcl-edit sees them; their [`Origin`] keeps
//! the table from rewritten ranges to the JSON values they came from, so diagnostics still
//! point into the JSON file.

use std::ops::Range;
use std::sync::Arc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;
use hcl_edit::Span as _;
use rpacker_diag::{FileId, Span};

/// One rewritten range and the JSON span it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in the rewritten native text.
    pub rewritten: Range<usize>,
    /// The JSON key or value it was written from.
    pub span: Span,
}

/// How hcl-edit ranges of one parsed text map to file spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    file: FileId,
    /// `None` for native files (ranges are file offsets); the rewrite table for JSON.
    segments: Option<Arc<Vec<Segment>>>,
}

impl Origin {
    /// A native file: ranges are offsets in the file itself.
    #[must_use]
    pub fn native(file: FileId) -> Self {
        Self { file, segments: None }
    }

    /// Text rewritten from JSON, with its segment table.
    #[must_use]
    pub fn rewritten(file: FileId, segments: Vec<Segment>) -> Self {
        Self { file, segments: Some(Arc::new(segments)) }
    }

    /// The file the text belongs to.
    #[must_use]
    pub fn file(&self) -> FileId {
        self.file
    }

    /// Whether the text was rewritten from HCL JSON syntax.
    #[must_use]
    pub fn is_json(&self) -> bool {
        self.segments.is_some()
    }

    /// The file span for an hcl-edit range (`fallback` when the range is unknown).
    ///
    /// For rewritten JSON the innermost segment containing the range wins, so an error inside
    /// a nested value points at that value rather than the whole document.
    #[must_use]
    pub fn span(&self, range: Option<Range<usize>>, fallback: Span) -> Span {
        let Some(range) = range else { return fallback };
        match &self.segments {
            None => Span::new(self.file, range.start, range.end),
            Some(segments) => segments
                .iter()
                .filter(|s| s.rewritten.start <= range.start && range.end <= s.rewritten.end)
                .min_by_key(|s| s.rewritten.len())
                .map_or(fallback, |s| s.span),
        }
    }
}

/// An unevaluated expression with the span of its whole text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr {
    /// The expression as hcl-edit parsed it.
    pub expr: Expression,
    /// The whole expression in its file.
    pub span: Span,
    /// How ranges inside `expr` map to file spans.
    pub origin: Origin,
}

impl Expr {
    /// An expression parsed from `origin`'s text.
    #[must_use]
    pub fn new(expr: Expression, origin: &Origin, fallback: Span) -> Self {
        let span = origin.span(expr.span(), fallback);
        Self { expr, span, origin: origin.clone() }
    }

    /// The file span of a part of this expression (the whole expression if unknown).
    #[must_use]
    pub fn span_of(&self, part: &impl hcl_edit::Span) -> Span {
        self.origin.span(part.span(), self.span)
    }

    /// The file span of a byte range of the parsed text (the whole expression when unknown).
    #[must_use]
    pub fn span_of_range(&self, range: Option<std::ops::Range<usize>>) -> Span {
        self.origin.span(range, self.span)
    }

    /// The literal string this expression is, if it is a plain quoted string.
    #[must_use]
    pub fn as_literal_str(&self) -> Option<&str> {
        self.expr.as_str()
    }
}

/// A body left for a plugin (or a later pass) to decode, with its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpannedBody {
    /// The body as hcl-edit parsed it (JSON bodies: every property is an attribute).
    pub body: Body,
    /// The block (or document) the body belongs to.
    pub span: Span,
    /// How ranges inside `body` map to file spans.
    pub origin: Origin,
}

impl SpannedBody {
    /// The file span of a part of this body (the whole block if unknown).
    #[must_use]
    pub fn span_of(&self, part: &impl hcl_edit::Span) -> Span {
        self.origin.span(part.span(), self.span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_ranges_to_file_spans() {
        let file = FileId(3);
        let fallback = Span::new(file, 0, 99);
        let native = Origin::native(file);
        let json = Origin::rewritten(
            file,
            vec![
                Segment { rewritten: 0..20, span: Span::new(file, 100, 140) },
                Segment { rewritten: 4..8, span: Span::new(file, 110, 115) },
            ],
        );
        let cases = [
            (&native, Some(2..5), Span::new(file, 2, 5)),
            (&native, None, fallback),
            (&json, Some(5..7), Span::new(file, 110, 115)),
            (&json, Some(2..7), Span::new(file, 100, 140)),
            (&json, Some(30..31), fallback),
        ];
        for (origin, range, want) in cases {
            assert_eq!(origin.span(range.clone(), fallback), want, "{range:?}");
        }
    }
}
