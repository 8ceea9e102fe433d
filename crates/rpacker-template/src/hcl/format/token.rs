//! The tokens of HCL's native syntax as `hclsyntax` names them, with the space before each one
//! (what `hclwrite` rewrites).

/// A token type of `hclsyntax` (only the distinctions the formatter needs are kept apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    OBrace,
    CBrace,
    OBrack,
    CBrack,
    OParen,
    CParen,
    OQuote,
    CQuote,
    OHeredoc,
    CHeredoc,
    Star,
    Slash,
    Plus,
    Minus,
    Percent,
    Equal,
    EqualOp,
    NotEqual,
    LessThan,
    LessThanEq,
    GreaterThan,
    GreaterThanEq,
    And,
    Or,
    Bang,
    Dot,
    Comma,
    DoubleColon,
    Ellipsis,
    FatArrow,
    Question,
    Colon,
    TemplateInterp,
    TemplateControl,
    TemplateSeqEnd,
    /// Literal text inside a quoted string.
    QuotedLit,
    /// Literal text inside a heredoc.
    StringLit,
    NumberLit,
    Ident,
    /// `#…`/`//…` (with their newline) or `/*…*/`.
    Comment,
    Newline,
    Eof,
    /// A newline inside a quoted string (a syntax error the scanner still tokenizes).
    QuotedNewline,
    /// `&`, `|`, `~`, `^`, `;`, backtick, apostrophe: single characters HCL has no use for.
    OtherSymbol,
    /// A character the language does not use.
    Invalid,
}

/// One token: its kind, where its bytes are in the source, and how many spaces precede it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
    pub spaces_before: usize,
}

impl Token {
    /// The token's text in `src` (the text it was lexed from).
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }
}

/// How a token changes the bracket nesting (`tokenBracketChange`): template sequences count as
/// brackets too.
pub(crate) fn bracket_change(kind: TokenKind) -> i32 {
    match kind {
        TokenKind::OBrace
        | TokenKind::OBrack
        | TokenKind::OParen
        | TokenKind::TemplateControl
        | TokenKind::TemplateInterp => 1,
        TokenKind::CBrace | TokenKind::CBrack | TokenKind::CParen | TokenKind::TemplateSeqEnd => -1,
        _ => 0,
    }
}
