//! The parse tree, shaped like Go's `text/template/parse` nodes, with Go's `String()` forms.
//!
//! Execution errors quote the failing node's source as Go re-prints it (`at <env `HOME`>`),
//! so every node renders itself exactly as Go's `writeTo` does.

use std::fmt;

use crate::number::Number;

/// A sequence of nodes (Go's `ListNode`).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct List {
    pub(crate) nodes: Vec<Node>,
}

/// A statement-level node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// Plain text, printed as is.
    Text { pos: usize, text: String },
    /// `{{pipeline}}`.
    Action { pos: usize, pipe: Pipe },
    /// `{{if}}`, `{{range}}`, `{{with}}`.
    Branch(Box<Branch>),
    /// `{{template "name" pipeline}}` (also what `{{block}}` leaves in place).
    Template { pos: usize, name: String, pipe: Option<Pipe> },
    /// `{{break}}`.
    Break { pos: usize },
    /// `{{continue}}`.
    Continue { pos: usize },
}

/// Which control structure a [`Branch`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BranchKind {
    If,
    Range,
    With,
}

/// `{{if|range|with pipeline}} list {{else}} else_list {{end}}`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Branch {
    pub(crate) kind: BranchKind,
    pub(crate) pos: usize,
    pub(crate) pipe: Pipe,
    pub(crate) list: List,
    pub(crate) else_list: Option<List>,
}

/// `$a, $b := cmd | cmd …` (Go's `PipeNode`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pipe {
    pub(crate) pos: usize,
    /// `=` rather than `:=`.
    pub(crate) is_assign: bool,
    /// Declared or assigned variables (names including `$`).
    pub(crate) decl: Vec<Variable>,
    pub(crate) cmds: Vec<Command>,
}

/// A `$name` on the left of `:=`/`=`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Variable {
    pub(crate) pos: usize,
    pub(crate) name: String,
}

/// Space-separated operands: a function and its arguments, or a single value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Command {
    pub(crate) pos: usize,
    pub(crate) args: Vec<Arg>,
}

/// An operand.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg {
    /// A function name.
    Identifier { pos: usize, name: String },
    /// `.`
    Dot { pos: usize },
    /// `nil`
    Nil { pos: usize },
    /// `$x` or `$x.Field.Sub` (`ident[0]` is the variable).
    Variable { pos: usize, ident: Vec<String> },
    /// `.Field.Sub`.
    Field { pos: usize, ident: Vec<String> },
    /// `(pipeline).Field` or `fn.Field` — a term followed by field accesses.
    Chain { pos: usize, node: Box<Arg>, fields: Vec<String> },
    /// `true` / `false`.
    Bool { pos: usize, value: bool },
    /// A numeric or character constant.
    Number { pos: usize, number: Box<Number> },
    /// A string constant: as written, and unquoted.
    String { pos: usize, quoted: String, text: String },
    /// `(pipeline)`.
    Pipe(Box<Pipe>),
}

impl Arg {
    /// Byte offset of the operand in the source.
    pub(crate) fn pos(&self) -> usize {
        match self {
            Arg::Identifier { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Variable { pos, .. }
            | Arg::Field { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Bool { pos, .. }
            | Arg::Number { pos, .. }
            | Arg::String { pos, .. } => *pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

impl Node {
    /// Byte offset of the node in the source.
    pub(crate) fn pos(&self) -> usize {
        match self {
            Node::Text { pos, .. }
            | Node::Action { pos, .. }
            | Node::Template { pos, .. }
            | Node::Break { pos }
            | Node::Continue { pos } => *pos,
            Node::Branch(b) => b.pos,
        }
    }
}

impl fmt::Display for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.nodes.iter().try_for_each(|n| write!(f, "{n}"))
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Text { text, .. } => f.write_str(text),
            Node::Action { pipe, .. } => write!(f, "{{{{{pipe}}}}}"),
            Node::Branch(b) => {
                let name = match b.kind {
                    BranchKind::If => "if",
                    BranchKind::Range => "range",
                    BranchKind::With => "with",
                };
                write!(f, "{{{{{name} {}}}}}{}", b.pipe, b.list)?;
                if let Some(else_list) = &b.else_list {
                    write!(f, "{{{{else}}}}{else_list}")?;
                }
                f.write_str("{{end}}")
            }
            Node::Template { name, pipe, .. } => {
                write!(f, "{{{{template {}", crate::go_quote::quote(name))?;
                if let Some(pipe) = pipe {
                    write!(f, " {pipe}")?;
                }
                f.write_str("}}")
            }
            Node::Break { .. } => f.write_str("{{break}}"),
            Node::Continue { .. } => f.write_str("{{continue}}"),
        }
    }
}

impl fmt::Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            for (i, v) in self.decl.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                f.write_str(&v.name)?;
            }
            // Go prints ":=" even for assignments.
            f.write_str(" := ")?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            match arg {
                Arg::Pipe(p) => write!(f, "({p})")?,
                other => write!(f, "{other}")?,
            }
        }
        Ok(())
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Identifier { name, .. } => f.write_str(name),
            Arg::Dot { .. } => f.write_str("."),
            Arg::Nil { .. } => f.write_str("nil"),
            Arg::Variable { ident, .. } => f.write_str(&ident.join(".")),
            Arg::Field { ident, .. } => ident.iter().try_for_each(|id| write!(f, ".{id}")),
            Arg::Chain { node, fields, .. } => {
                match node.as_ref() {
                    Arg::Pipe(p) => write!(f, "({p})")?,
                    other => write!(f, "{other}")?,
                }
                fields.iter().try_for_each(|id| write!(f, ".{id}"))
            }
            Arg::Bool { value, .. } => write!(f, "{value}"),
            Arg::Number { number, .. } => f.write_str(&number.text),
            Arg::String { quoted, .. } => f.write_str(quoted),
            Arg::Pipe(p) => write!(f, "{p}"),
        }
    }
}
