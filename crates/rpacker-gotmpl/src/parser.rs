//! Go's `text/template/parse` parser: items → [`List`] trees, with Go's error texts.
//!
//! A port of `parse.go` keeping its three-item look-ahead, because Go reports parse errors
//! with the line of the furthest item read (`token[0]`), and its quirks (`else if` rewriting,
//! `range` declarations, per-scope `$variables`) decide which templates are valid.

use std::borrow::Cow;

use crate::ast::{Arg, Branch, BranchKind, Command, List, Node, Pipe, Variable};
use crate::builtins;
use crate::error::{Error, ErrorKind};
use crate::lexer::lex;
use crate::number::Number;
use crate::token::{Item, ItemKind};
use crate::FuncMap;

/// What parsing one source produces.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// Named trees: the main template plus `{{define}}`/`{{block}}` bodies, in definition order.
    pub(crate) trees: Vec<(String, List)>,
    /// Every function name called, in first-seen order, without duplicates.
    pub(crate) functions: Vec<String>,
}

/// Parses `src` as the template `name`.
pub(crate) fn parse(name: &str, src: &str, funcs: &FuncMap) -> Result<Parsed, Error> {
    let eof = Item { kind: ItemKind::Eof, pos: src.len(), val: Cow::Borrowed(""), line: 0 };
    let mut p = Parser {
        name,
        items: lex(src),
        next_item: 0,
        token: [eof.clone(), eof.clone(), eof],
        peek_count: 0,
        vars: vec!["$".to_owned()],
        funcs,
        action_line: 0,
        range_depth: 0,
        trees: Vec::new(),
        functions: Vec::new(),
        depth: 0,
    };
    let root = p.parse_top()?;
    p.add_tree(name.to_owned(), root)?;
    Ok(Parsed { trees: p.trees, functions: p.functions })
}

/// Per-tree parsing state that `{{define}}` and `{{block}}` bodies start afresh.
struct TreeState<'src> {
    token: [Item<'src>; 3],
    peek_count: usize,
    vars: Vec<String>,
    action_line: usize,
    range_depth: usize,
}

struct Parser<'src, 'f> {
    name: &'f str,
    items: Vec<Item<'src>>,
    next_item: usize,
    token: [Item<'src>; 3],
    peek_count: usize,
    vars: Vec<String>,
    funcs: &'f FuncMap,
    action_line: usize,
    range_depth: usize,
    trees: Vec<(String, List)>,
    functions: Vec<String>,
    /// Current nesting of parentheses and control structures.
    depth: usize,
}

/// Deepest nesting of `( )` and `{{if}}`/`{{range}}`/`{{with}}` accepted. Go 1.19 has no limit
/// (Go 1.20 adds one for parentheses, with this message); native stacks need one, and real
/// templates nest a handful of levels.
const MAX_DEPTH: usize = 100;

/// How an item list ended: `{{end}}` or `{{else}}`.
enum ListEnd {
    End,
    Else,
}

/// Go's `IsEmptyTree`: only whitespace text and comments.
fn is_empty_tree(list: &List) -> bool {
    list.nodes.iter().all(|n| matches!(n, Node::Text { text, .. } if text.trim_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']).is_empty()))
}

type PResult<T> = Result<T, Error>;

impl<'src> Parser<'src, '_> {
    // --- Token stream (Go's next/backup/peek with three-token look-ahead). ---

    fn lex_next(&mut self) -> Item<'src> {
        let item = self.items.get(self.next_item).cloned().unwrap_or_else(|| {
            self.items.last().cloned().unwrap_or(Item { kind: ItemKind::Eof, pos: 0, val: Cow::Borrowed(""), line: 0 })
        });
        self.next_item += 1;
        item
    }

    fn next(&mut self) -> Item<'src> {
        if self.peek_count > 0 {
            self.peek_count -= 1;
        } else {
            self.token[0] = self.lex_next();
        }
        self.token[self.peek_count].clone()
    }

    fn backup(&mut self) {
        self.peek_count += 1;
    }

    fn backup2(&mut self, t1: Item<'src>) {
        self.token[1] = t1;
        self.peek_count = 2;
    }

    fn backup3(&mut self, t2: Item<'src>, t1: Item<'src>) {
        self.token[1] = t1;
        self.token[2] = t2;
        self.peek_count = 3;
    }

    fn peek(&mut self) -> Item<'src> {
        if self.peek_count > 0 {
            return self.token[self.peek_count - 1].clone();
        }
        self.peek_count = 1;
        self.token[0] = self.lex_next();
        self.token[0].clone()
    }

    fn next_non_space(&mut self) -> Item<'src> {
        loop {
            let token = self.next();
            if token.kind != ItemKind::Space {
                return token;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item<'src> {
        let token = self.next_non_space();
        self.backup();
        token
    }

    // --- Errors. ---

    fn errorf<T>(&self, detail: impl Into<String>) -> PResult<T> {
        Err(Error::parse(self.name, self.token[0].pos, self.token[0].line, detail))
    }

    fn unexpected<T>(&self, token: &Item<'_>, context: &str) -> PResult<T> {
        if token.kind == ItemKind::Error {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != token.line {
                extra = format!(" in action started at {}:{}", self.name, self.action_line);
                if token.val.ends_with(" action") {
                    extra = extra[" in action".len()..].to_owned();
                }
            }
            return self.errorf(format!("{token}{extra}"));
        }
        self.errorf(format!("unexpected {token} in {context}"))
    }

    fn expect(&mut self, expected: ItemKind, context: &str) -> PResult<Item<'src>> {
        let token = self.next_non_space();
        if token.kind != expected {
            return self.unexpected(&token, context);
        }
        Ok(token)
    }

    // --- Trees. ---

    fn add_tree(&mut self, name: String, root: List) -> PResult<()> {
        match self.trees.iter_mut().find(|(n, _)| *n == name) {
            None => self.trees.push((name, root)),
            Some((_, existing)) if is_empty_tree(existing) => *existing = root,
            Some(_) if !is_empty_tree(&root) => {
                return self
                    .errorf(format!("template: multiple definition of template {}", crate::go_quote::quote(&name)));
            }
            Some(_) => {}
        }
        Ok(())
    }

    fn start_tree(&mut self) -> TreeState<'src> {
        let eof = Item { kind: ItemKind::Eof, pos: 0, val: Cow::Borrowed(""), line: 0 };
        TreeState {
            token: std::mem::replace(&mut self.token, [eof.clone(), eof.clone(), eof]),
            peek_count: std::mem::take(&mut self.peek_count),
            vars: std::mem::replace(&mut self.vars, vec!["$".to_owned()]),
            action_line: std::mem::take(&mut self.action_line),
            range_depth: std::mem::take(&mut self.range_depth),
        }
    }

    fn end_tree(&mut self, saved: TreeState<'src>) {
        self.token = saved.token;
        self.peek_count = saved.peek_count;
        self.vars = saved.vars;
        self.action_line = saved.action_line;
        self.range_depth = saved.range_depth;
    }

    /// Go's `parse`: the top level, where `{{define}}` may appear.
    fn parse_top(&mut self) -> PResult<List> {
        let mut root = List::default();
        while self.peek().kind != ItemKind::Eof {
            if self.peek().kind == ItemKind::LeftDelim {
                let delim = self.next();
                if self.next_non_space().kind == ItemKind::Define {
                    let saved = self.start_tree();
                    let result = self.parse_definition();
                    // Go's parent tree resumes with an empty look-ahead buffer.
                    let stale = saved.token.clone();
                    self.end_tree(saved);
                    self.token = stale;
                    self.peek_count = 0;
                    result?;
                    continue;
                }
                self.backup2(delim);
            }
            match self.text_or_action()? {
                Ok(node) => root.nodes.push(node),
                Err(ListEnd::End) => return self.errorf("unexpected {{end}}"),
                Err(ListEnd::Else) => return self.errorf("unexpected {{else}}"),
            }
        }
        Ok(root)
    }

    fn parse_definition(&mut self) -> PResult<()> {
        const CONTEXT: &str = "define clause";
        let token = self.next_non_space();
        if !matches!(token.kind, ItemKind::String | ItemKind::RawString) {
            return self.unexpected(&token, CONTEXT);
        }
        let Some(name) = crate::go_quote::unquote(&token.val) else {
            return self.errorf(crate::go_quote::INVALID_SYNTAX);
        };
        self.expect(ItemKind::RightDelim, CONTEXT)?;
        let (list, end) = self.item_list()?;
        if let ListEnd::Else = end {
            return self.errorf(format!("unexpected {{{{else}}}} in {CONTEXT}"));
        }
        self.add_tree(name, list)
    }

    /// Go's `itemList`: nodes up to `{{end}}` or `{{else}}`.
    fn item_list(&mut self) -> PResult<(List, ListEnd)> {
        let mut list = List::default();
        while self.peek_non_space().kind != ItemKind::Eof {
            match self.text_or_action()? {
                Ok(node) => list.nodes.push(node),
                Err(end) => return Ok((list, end)),
            }
        }
        self.errorf("unexpected EOF")
    }

    /// A node, or the `{{end}}`/`{{else}}` that closes the enclosing list.
    fn text_or_action(&mut self) -> PResult<Result<Node, ListEnd>> {
        let token = self.next_non_space();
        match token.kind {
            ItemKind::Text => Ok(Ok(Node::Text { pos: token.pos, text: token.val.into_owned() })),
            ItemKind::LeftDelim => {
                self.action_line = token.line;
                let result = self.action();
                self.action_line = 0;
                result
            }
            _ => self.unexpected(&token, "input"),
        }
    }

    fn action(&mut self) -> PResult<Result<Node, ListEnd>> {
        let token = self.next_non_space();
        match token.kind {
            ItemKind::Block => return self.block_control().map(Ok),
            ItemKind::Break | ItemKind::Continue => {
                let is_break = token.kind == ItemKind::Break;
                let word = if is_break { "{{break}}" } else { "{{continue}}" };
                let next = self.next_non_space();
                if next.kind != ItemKind::RightDelim {
                    return self.unexpected(&next, word);
                }
                if self.range_depth == 0 {
                    return self.errorf(format!("{word} outside {{{{range}}}}"));
                }
                let pos = token.pos;
                return Ok(Ok(if is_break { Node::Break { pos } } else { Node::Continue { pos } }));
            }
            ItemKind::Else => return self.else_control().map(Err),
            ItemKind::End => {
                self.expect(ItemKind::RightDelim, "end")?;
                return Ok(Err(ListEnd::End));
            }
            ItemKind::If => return self.branch_control(BranchKind::If).map(Ok),
            ItemKind::Range => return self.branch_control(BranchKind::Range).map(Ok),
            ItemKind::With => return self.branch_control(BranchKind::With).map(Ok),
            ItemKind::Template => return self.template_control().map(Ok),
            _ => {}
        }
        self.backup();
        let token = self.peek();
        let pipe = self.pipeline("command", ItemKind::RightDelim)?;
        Ok(Ok(Node::Action { pos: token.pos, pipe }))
    }

    fn else_control(&mut self) -> PResult<ListEnd> {
        let peek = self.peek_non_space();
        if peek.kind == ItemKind::If {
            // "{{else if …" is handled as "{{else}}{{if …".
            return Ok(ListEnd::Else);
        }
        self.expect(ItemKind::RightDelim, "else")?;
        Ok(ListEnd::Else)
    }

    fn branch_control(&mut self, kind: BranchKind) -> PResult<Node> {
        let context = match kind {
            BranchKind::If => "if",
            BranchKind::Range => "range",
            BranchKind::With => "with",
        };
        if self.depth >= MAX_DEPTH {
            return self.errorf("max expression depth exceeded");
        }
        let vars_len = self.vars.len();
        self.depth += 1;
        let result = self.parse_control(kind == BranchKind::If, context);
        self.depth -= 1;
        self.vars.truncate(vars_len);
        let (pipe, list, else_list) = result?;
        Ok(Node::Branch(Box::new(Branch { kind, pos: pipe.pos, pipe, list, else_list })))
    }

    fn parse_control(&mut self, allow_else_if: bool, context: &str) -> PResult<(Pipe, List, Option<List>)> {
        let pipe = self.pipeline(context, ItemKind::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let items = self.item_list();
        if context == "range" {
            self.range_depth -= 1;
        }
        let (list, next) = items?;
        let mut else_list = None;
        if let ListEnd::Else = next {
            if allow_else_if && self.peek().kind == ItemKind::If {
                self.next();
                let nested = self.branch_control(BranchKind::If)?;
                // Only one {{end}} closes the whole else-if chain.
                return Ok((pipe, list, Some(List { nodes: vec![nested] })));
            }
            let (list2, next2) = self.item_list()?;
            if let ListEnd::Else = next2 {
                return self.errorf("expected end; found {{else}}");
            }
            else_list = Some(list2);
        }
        Ok((pipe, list, else_list))
    }

    fn parse_template_name(&mut self, token: &Item<'_>, context: &str) -> PResult<String> {
        match token.kind {
            ItemKind::String | ItemKind::RawString => match crate::go_quote::unquote(&token.val) {
                Some(name) => Ok(name),
                None => self.errorf(crate::go_quote::INVALID_SYNTAX),
            },
            _ => self.unexpected(token, context),
        }
    }

    fn template_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "template clause";
        let token = self.next_non_space();
        let name = self.parse_template_name(&token, CONTEXT)?;
        let mut pipe = None;
        if self.next_non_space().kind != ItemKind::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(CONTEXT, ItemKind::RightDelim)?);
        }
        Ok(Node::Template { pos: token.pos, name, pipe })
    }

    fn block_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "block clause";
        let token = self.next_non_space();
        let name = self.parse_template_name(&token, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, ItemKind::RightDelim)?;
        let saved = self.start_tree();
        let body = self.item_list();
        self.end_tree(saved);
        let (list, end) = body?;
        if let ListEnd::Else = end {
            return self.errorf(format!("unexpected {{{{else}}}} in {CONTEXT}"));
        }
        self.add_tree(name.clone(), list)?;
        Ok(Node::Template { pos: token.pos, name, pipe: Some(pipe) })
    }

    /// Go's `pipeline`: optional declarations, then commands separated by `|`.
    fn pipeline(&mut self, context: &str, end: ItemKind) -> PResult<Pipe> {
        let token = self.peek_non_space();
        let mut pipe = Pipe { pos: token.pos, is_assign: false, decl: Vec::new(), cmds: Vec::new() };
        'decls: loop {
            let v = self.peek_non_space();
            if v.kind != ItemKind::Variable {
                break;
            }
            self.next();
            // "$x foo" needs three tokens of look-ahead to tell an argument from ":=".
            let token_after_variable = self.peek();
            let next = self.peek_non_space();
            match next.kind {
                ItemKind::Assign | ItemKind::Declare => {
                    pipe.is_assign = next.kind == ItemKind::Assign;
                    self.next_non_space();
                    pipe.decl.push(Variable { pos: v.pos, name: v.val.to_string() });
                    self.vars.push(v.val.to_string());
                }
                ItemKind::Char if next.val == "," => {
                    self.next_non_space();
                    pipe.decl.push(Variable { pos: v.pos, name: v.val.to_string() });
                    self.vars.push(v.val.to_string());
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space().kind {
                            ItemKind::Variable | ItemKind::RightDelim | ItemKind::RightParen => continue 'decls,
                            _ => return self.errorf("range can only initialize variables"),
                        }
                    }
                    return self.errorf(format!("too many declarations in {context}"));
                }
                _ if token_after_variable.kind == ItemKind::Space => self.backup3(v, token_after_variable),
                _ => self.backup2(v),
            }
            break;
        }
        loop {
            let token = self.next_non_space();
            match token.kind {
                k if k == end => {
                    self.check_pipeline(&pipe, context)?;
                    return Ok(pipe);
                }
                ItemKind::Bool
                | ItemKind::CharConstant
                | ItemKind::Complex
                | ItemKind::Dot
                | ItemKind::Field
                | ItemKind::Identifier
                | ItemKind::Number
                | ItemKind::Nil
                | ItemKind::RawString
                | ItemKind::String
                | ItemKind::Variable
                | ItemKind::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return self.unexpected(&token, context),
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return self.errorf(format!("missing value for {context}"));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args[0],
                Arg::Bool { .. } | Arg::Dot { .. } | Arg::Nil { .. } | Arg::Number { .. } | Arg::String { .. }
            ) {
                return self.errorf(format!("non executable command in pipeline stage {}", i + 1));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> PResult<Command> {
        let pos = self.peek_non_space().pos;
        let mut cmd = Command { pos, args: Vec::new() };
        loop {
            self.peek_non_space();
            if let Some(operand) = self.operand()? {
                cmd.args.push(operand);
            }
            let token = self.next();
            match token.kind {
                ItemKind::Space => continue,
                ItemKind::RightDelim | ItemKind::RightParen => self.backup(),
                ItemKind::Pipe => {}
                _ => return self.unexpected(&token, "operand"),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.errorf("empty command");
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().kind != ItemKind::Field {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().kind == ItemKind::Field {
            let field = self.next();
            fields.push(field.val[1..].to_owned());
        }
        Ok(Some(match node {
            Arg::Field { mut ident, .. } => {
                ident.extend(fields);
                Arg::Field { pos: chain_pos, ident }
            }
            Arg::Variable { mut ident, .. } => {
                ident.extend(fields);
                Arg::Variable { pos: chain_pos, ident }
            }
            Arg::Bool { .. } | Arg::String { .. } | Arg::Number { .. } | Arg::Nil { .. } | Arg::Dot { .. } => {
                return self.errorf(format!("unexpected . after term {}", crate::go_quote::quote(&node.to_string())));
            }
            other => Arg::Chain { pos: chain_pos, node: Box::new(other), fields },
        }))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let token = self.next_non_space();
        let pos = token.pos;
        Ok(Some(match token.kind {
            ItemKind::Identifier => {
                let name = token.val.as_ref();
                if !builtins::is_builtin(name) && !self.funcs.contains(name) {
                    return Err(Error {
                        kind: ErrorKind::UndefinedFunction { name: name.to_owned() },
                        ..Error::parse(
                            self.name,
                            self.token[0].pos,
                            self.token[0].line,
                            format!("function {} not defined", crate::go_quote::quote(name)),
                        )
                    });
                }
                if !self.functions.iter().any(|f| f == name) {
                    self.functions.push(name.to_owned());
                }
                Arg::Identifier { pos, name: name.to_owned() }
            }
            ItemKind::Dot => Arg::Dot { pos },
            ItemKind::Nil => Arg::Nil { pos },
            ItemKind::Variable => {
                let ident: Vec<String> = token.val.split('.').map(str::to_owned).collect();
                if !self.vars.iter().any(|v| *v == ident[0]) {
                    return self.errorf(format!("undefined variable {}", crate::go_quote::quote(&ident[0])));
                }
                Arg::Variable { pos, ident }
            }
            ItemKind::Field => Arg::Field { pos, ident: token.val[1..].split('.').map(str::to_owned).collect() },
            ItemKind::Bool => Arg::Bool { pos, value: token.val == "true" },
            ItemKind::CharConstant | ItemKind::Complex | ItemKind::Number => {
                match Number::parse(&token.val, token.kind == ItemKind::CharConstant, token.kind == ItemKind::Complex) {
                    Ok(number) => Arg::Number { pos, number: Box::new(number) },
                    Err(e) => return self.errorf(e),
                }
            }
            ItemKind::LeftParen => {
                if self.depth >= MAX_DEPTH {
                    return self.errorf("max expression depth exceeded");
                }
                self.depth += 1;
                let pipe = self.pipeline("parenthesized pipeline", ItemKind::RightParen);
                self.depth -= 1;
                Arg::Pipe(Box::new(pipe?))
            }
            ItemKind::String | ItemKind::RawString => match crate::go_quote::unquote(&token.val) {
                Some(text) => Arg::String { pos, quoted: token.val.into_owned(), text },
                None => return self.errorf(crate::go_quote::INVALID_SYNTAX),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}
