//! `spaceAfterToken`: whether one space or none separates two neighbouring tokens of a cell.

use super::token::{bracket_change, Token, TokenKind};

/// Whether `subject` is followed by a space, given the token `before` it (`None` at the start
/// of a cell) and the one `after` it. `src` holds the tokens' text.
pub(super) fn space_after_token(subject: &Token, before: Option<&Token>, after: &Token, src: &str) -> bool {
    use TokenKind::*;
    let (s, a) = (subject.kind, after.kind);
    let before = before.map(|t| t.kind);
    match () {
        // Never a space before a newline (or the end).
        _ if a == Newline => false,
        // A function name and its parenthesis.
        _ if s == Ident && a == OParen => false,
        // Namespaced function names (`provider::name::fn`).
        _ if (s == Ident && a == DoubleColon) || (s == DoubleColon && a == Ident) => false,
        // Attribute access.
        _ if s == Dot || a == Dot => false,
        // Before a comma or `...`.
        _ if a == Comma || a == Ellipsis => false,
        _ if s == Comma => true,
        // Nothing is added inside templates.
        _ if matches!(s, QuotedLit | StringLit | OQuote | OHeredoc)
            || matches!(a, QuotedLit | StringLit | CQuote | CHeredoc) =>
        {
            false
        }
        // `in` of a for expression before a tuple: `[for x in [foo]: x]`.
        _ if s == Ident && subject.text(src) == "in" && before == Some(Ident) => true,
        // Indexing.
        _ if a == OBrack && (s == Ident || s == NumberLit || bracket_change(s) < 0) => false,
        // Logical not (current hclwrite; 1.6.6's wrote `! x`).
        _ if s == Bang => false,
        _ if s == Minus => minus_is_subtraction(before),
        // Braces have spaces inside (`foo { bar = baz }`), except an empty pair.
        _ if s == OBrace || a == CBrace => !(s == OBrace && a == CBrace),
        // An interpolation that is only an object constructor: `${ {} }`.
        _ if matches!(s, TemplateInterp | TemplateControl) && a == OBrace => true,
        _ if s == CBrace && a == TemplateSeqEnd => true,
        // Neighbouring interpolations.
        _ if s == TemplateSeqEnd && matches!(a, TemplateInterp | TemplateControl) => false,
        // Inside brackets.
        _ if bracket_change(s) > 0 => false,
        _ if bracket_change(a) < 0 => false,
        _ => true,
    }
}

/// A minus is a subtraction (spaced) unless what precedes it cannot end an expression, which
/// makes it a negation.
fn minus_is_subtraction(before: Option<TokenKind>) -> bool {
    use TokenKind::*;
    let Some(before) = before else {
        return false;
    };
    !matches!(
        before,
        OParen
            | OBrace
            | OBrack
            | Equal
            | Colon
            | Comma
            | Question
            | Plus
            | Star
            | Slash
            | Percent
            | Minus
            | EqualOp
            | NotEqual
            | GreaterThan
            | GreaterThanEq
            | LessThan
            | LessThanEq
            | And
            | Or
            | Bang
    )
}
