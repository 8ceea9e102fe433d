//! Lexical items, as Go's `text/template/parse` lexer emits them.

use std::borrow::Cow;
use std::fmt;

/// The kind of a lexical item (Go's `itemType`; keywords come after [`ItemKind::Variable`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemKind {
    Error,
    Bool,
    Char,
    CharConstant,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords.
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl ItemKind {
    /// Go prints keyword items as `<val>` in error messages.
    fn is_keyword(self) -> bool {
        matches!(
            self,
            Self::Block
                | Self::Break
                | Self::Continue
                | Self::Dot
                | Self::Define
                | Self::Else
                | Self::End
                | Self::If
                | Self::Nil
                | Self::Range
                | Self::Template
                | Self::With
        )
    }

    /// The keyword spelled `word`, if any.
    pub(crate) fn keyword(word: &str) -> Option<Self> {
        Some(match word {
            "." => Self::Dot,
            "block" => Self::Block,
            "break" => Self::Break,
            "continue" => Self::Continue,
            "define" => Self::Define,
            "else" => Self::Else,
            "end" => Self::End,
            "if" => Self::If,
            "range" => Self::Range,
            "nil" => Self::Nil,
            "template" => Self::Template,
            "with" => Self::With,
            _ => return None,
        })
    }
}

/// One lexical item: its kind, byte position, text (the error message for errors) and line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item<'src> {
    pub(crate) kind: ItemKind,
    pub(crate) pos: usize,
    pub(crate) val: Cow<'src, str>,
    pub(crate) line: usize,
}

/// Go's `item.String()`, used in "unexpected X in Y" messages.
impl fmt::Display for Item<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ItemKind::Eof => f.write_str("EOF"),
            ItemKind::Error => f.write_str(&self.val),
            k if k.is_keyword() => write!(f, "<{}>", self.val),
            _ if self.val.chars().count() > 10 => {
                // `%.10q` truncates to ten runes before quoting.
                let head: String = self.val.chars().take(10).collect();
                write!(f, "{}...", crate::go_quote::quote(&head))
            }
            _ => f.write_str(&crate::go_quote::quote(&self.val)),
        }
    }
}
