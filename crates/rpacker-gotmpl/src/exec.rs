//! The evaluator: walks a parsed tree with a data value as dot, as Go's `exec.go` does.
//!
//! Go reports execution errors at "the current node", a cursor that each evaluation step
//! moves (`s.at(node)`); which node an error names (`at <env `HOME`>`) depends on exactly
//! when the cursor moves, so this port keeps Go's order of `at` calls, argument evaluation
//! and type checks.

use crate::ast::{Arg, Branch, BranchKind, Command, List, Node, Pipe};
use crate::builtins::{self, BuiltinFn};
use crate::error::{Error, ErrorInfo, ErrorKind, ExecSite};
use crate::number::Number;
use crate::signature::ArgType;
use crate::{Func, FuncMap, Value};

/// Go allows 100000 nested `{{template}}` calls on its growable stacks; a native stack
/// cannot, so recursion stops earlier but reports Go's text (only runaway recursion gets
/// this deep).
const MAX_TEMPLATE_DEPTH: usize = 200;
const GO_MAX_EXEC_DEPTH: usize = 100_000;

/// A value with whether its static Go type is `interface{}` (map values, slice elements),
/// which Go shows in `can't evaluate field X in type interface {}`.
#[derive(Debug, Clone)]
struct Val {
    v: Value,
    boxed: bool,
}

impl Val {
    fn plain(v: Value) -> Self {
        Self { v, boxed: false }
    }
}

/// What a walked node asks of the enclosing `range`.
#[derive(PartialEq, Eq)]
enum Flow {
    Normal,
    Break,
    Continue,
}

/// The node an error is reported at (Go's `state.node`).
#[derive(Clone, Copy)]
enum Site<'t> {
    Node(&'t Node),
    Pipe(&'t Pipe),
    Command(&'t Command),
    Arg(&'t Arg),
}

impl Site<'_> {
    fn pos(&self) -> usize {
        match self {
            Site::Node(n) => n.pos(),
            Site::Pipe(p) => p.pos,
            Site::Command(c) => c.pos,
            Site::Arg(a) => a.pos(),
        }
    }

    fn context(&self) -> String {
        match self {
            Site::Node(n) => n.to_string(),
            Site::Pipe(p) => p.to_string(),
            Site::Command(c) => c.to_string(),
            Site::Arg(a) => a.to_string(),
        }
    }
}

/// A function to call: user-supplied or built-in.
enum Callee<'f> {
    User(&'f Func),
    Builtin(Option<BuiltinFn>),
}

type EResult<T> = Result<T, Error>;

/// One execution of a template.
pub(crate) struct Exec<'t> {
    /// The top-level template's name (Go's `ParseName`, used in locations).
    name: &'t str,
    /// The template being executed (differs inside `{{template}}` calls).
    current: &'t str,
    src: &'t str,
    trees: &'t [(String, List)],
    funcs: &'t FuncMap,
    out: String,
    site: Option<Site<'t>>,
    vars: Vec<(&'t str, Val)>,
    depth: usize,
}

/// Runs the tree named `name` with `data` as dot.
pub(crate) fn execute(
    name: &str,
    src: &str,
    trees: &[(String, List)],
    data: &Value,
    funcs: &FuncMap,
) -> Result<String, Error> {
    let root = trees.iter().find(|(n, _)| n == name).map(|(_, l)| l);
    let mut exec = Exec {
        name,
        current: name,
        src,
        trees,
        funcs,
        out: String::with_capacity(src.len()),
        site: None,
        vars: Vec::new(),
        depth: 0,
    };
    let Some(root) = root else {
        return Err(exec.errorf(format!("{} is an incomplete or empty template", crate::go_quote::quote(name))));
    };
    let dot = Val::plain(data.clone());
    exec.vars.push(("$", dot.clone()));
    exec.walk_list(&dot, root)?;
    Ok(exec.out)
}

fn type_of(v: &Val) -> &'static str {
    if v.boxed {
        "interface {}"
    } else {
        crate::printf::type_name(&v.v)
    }
}

impl<'t> Exec<'t> {
    fn at(&mut self, site: Site<'t>) {
        self.site = Some(site);
    }

    fn error_with(&self, kind: ErrorKind, detail: String) -> Error {
        let Some(site) = self.site else {
            let info = Box::new(ErrorInfo { template: self.current.to_owned(), at: None, detail });
            return Error { kind, offset: 0, line: 0, info };
        };
        let pos = site.pos().min(self.src.len());
        let before = &self.src[..pos];
        let line = 1 + before.matches('\n').count();
        let column = before.rfind('\n').map_or(pos, |nl| pos - (nl + 1));
        let at = ExecSite { location_name: self.name.to_owned(), column, context: site.context() };
        let info = Box::new(ErrorInfo { template: self.current.to_owned(), at: Some(at), detail });
        Error { kind, offset: pos, line, info }
    }

    fn errorf(&self, detail: String) -> Error {
        self.error_with(ErrorKind::Exec, detail)
    }

    // --- Variables. ---

    fn set_var(&mut self, name: &str, value: Val) -> EResult<()> {
        match self.vars.iter_mut().rev().find(|(n, _)| *n == name) {
            Some(slot) => {
                slot.1 = value;
                Ok(())
            }
            None => Err(self.errorf(format!("undefined variable: {name}"))),
        }
    }

    fn var_value(&self, name: &str) -> EResult<Val> {
        match self.vars.iter().rev().find(|(n, _)| *n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => Err(self.errorf(format!("undefined variable: {name}"))),
        }
    }

    // --- Statements. ---

    fn walk_list(&mut self, dot: &Val, list: &'t List) -> EResult<Flow> {
        for node in &list.nodes {
            let flow = self.walk(dot, node)?;
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &Val, node: &'t Node) -> EResult<Flow> {
        self.at(Site::Node(node));
        match node {
            Node::Text { text, .. } => self.out.push_str(text),
            Node::Action { pipe, .. } => {
                let val = self.eval_pipeline(dot, Some(pipe))?;
                if pipe.decl.is_empty() {
                    self.at(Site::Node(node));
                    match &val.v {
                        Value::Nil => self.out.push_str("<no value>"),
                        Value::String(s) => self.out.push_str(s),
                        v => self.out.push_str(&crate::printf::format_value(v)),
                    }
                }
            }
            Node::Branch(b) => {
                return match b.kind {
                    BranchKind::Range => self.walk_range(dot, node, b),
                    _ => self.walk_if_or_with(dot, b),
                }
            }
            Node::Template { name, pipe, .. } => return self.walk_template(dot, name, pipe.as_ref()),
            Node::Break { .. } => return Ok(Flow::Break),
            Node::Continue { .. } => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn walk_if_or_with(&mut self, dot: &Val, b: &'t Branch) -> EResult<Flow> {
        let mark = self.vars.len();
        let result = (|| {
            let val = self.eval_pipeline(dot, Some(&b.pipe))?;
            if val.v.is_true() {
                if b.kind == BranchKind::With {
                    self.walk_list(&val, &b.list)
                } else {
                    self.walk_list(dot, &b.list)
                }
            } else if let Some(else_list) = &b.else_list {
                self.walk_list(dot, else_list)
            } else {
                Ok(Flow::Normal)
            }
        })();
        self.vars.truncate(mark);
        result
    }

    fn walk_range(&mut self, dot: &Val, node: &'t Node, r: &'t Branch) -> EResult<Flow> {
        self.at(Site::Node(node));
        let outer = self.vars.len();
        let result = self.walk_range_inner(dot, r);
        self.vars.truncate(outer);
        // A break ends the range; neither it nor continue escapes it.
        result.map(|_| Flow::Normal)
    }

    fn walk_range_inner(&mut self, dot: &Val, r: &'t Branch) -> EResult<Flow> {
        let val = self.eval_pipeline(dot, Some(&r.pipe))?;
        let mark = self.vars.len();
        let decls = r.pipe.decl.len();
        let one = |this: &mut Self, index: Val, elem: Val| -> EResult<Flow> {
            let n = this.vars.len();
            if decls > 0 {
                this.vars[n - 1].1 = elem.clone();
            }
            if decls > 1 {
                this.vars[n - 2].1 = index;
            }
            let flow = this.walk_list(&elem, &r.list);
            this.vars.truncate(mark);
            flow
        };
        match &val.v {
            Value::List(items) if !items.is_empty() => {
                for (i, item) in items.iter().enumerate() {
                    let index = Val::plain(Value::Int(i64::try_from(i).unwrap_or(i64::MAX)));
                    if one(self, index, Val { v: item.clone(), boxed: true })? == Flow::Break {
                        break;
                    }
                }
                return Ok(Flow::Normal);
            }
            Value::Map(map) if !map.is_empty() => {
                for (k, item) in map {
                    if one(self, Val::plain(Value::String(k.clone())), Val { v: item.clone(), boxed: true })?
                        == Flow::Break
                    {
                        break;
                    }
                }
                return Ok(Flow::Normal);
            }
            Value::List(_) | Value::Map(_) | Value::Nil => {}
            other => {
                return Err(self.errorf(format!("range can't iterate over {}", crate::printf::format_value(other))))
            }
        }
        if let Some(else_list) = &r.else_list {
            return self.walk_list(dot, else_list);
        }
        Ok(Flow::Normal)
    }

    fn walk_template(&mut self, dot: &Val, name: &str, pipe: Option<&'t Pipe>) -> EResult<Flow> {
        let trees = self.trees;
        let Some((tree_name, root)) = trees.iter().find(|(n, _)| n == name) else {
            return Err(self.errorf(format!("template {} not defined", crate::go_quote::quote(name))));
        };
        if self.depth >= MAX_TEMPLATE_DEPTH {
            return Err(self.errorf(format!("exceeded maximum template depth ({GO_MAX_EXEC_DEPTH})")));
        }
        let new_dot = self.eval_pipeline(dot, pipe)?;
        let saved_vars = std::mem::replace(&mut self.vars, vec![("$", new_dot.clone())]);
        self.depth += 1;
        let caller = std::mem::replace(&mut self.current, tree_name);
        let result = self.walk_list(&new_dot, root);
        self.current = caller;
        self.depth -= 1;
        self.vars = saved_vars;
        result.map(|_| Flow::Normal)
    }

    // --- Pipelines and commands. ---

    fn eval_pipeline(&mut self, dot: &Val, pipe: Option<&'t Pipe>) -> EResult<Val> {
        let Some(pipe) = pipe else {
            return Ok(Val::plain(Value::Nil));
        };
        self.at(Site::Pipe(pipe));
        let mut value: Option<Val> = None;
        for cmd in &pipe.cmds {
            let mut v = self.eval_command(dot, cmd, value.take())?;
            // Go re-wraps interface values as their concrete type after each command.
            v.boxed = false;
            value = Some(v);
        }
        let value = value.unwrap_or(Val::plain(Value::Nil));
        for var in &pipe.decl {
            if pipe.is_assign {
                self.set_var(&var.name, value.clone())?;
            } else {
                self.vars.push((var.name.as_str(), value.clone()));
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &[Arg], final_: Option<&Val>) -> EResult<()> {
        if args.len() > 1 || final_.is_some() {
            return Err(self.errorf(format!("can't give argument to non-function {}", args[0])));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Val, cmd: &'t Command, final_: Option<Val>) -> EResult<Val> {
        let first = &cmd.args[0];
        match first {
            Arg::Field { ident, .. } => return self.eval_field_node(dot, first, ident, Some(&cmd.args), final_),
            Arg::Chain { node, fields, .. } => {
                return self.eval_chain_node(dot, first, node, fields, Some(&cmd.args), final_)
            }
            Arg::Identifier { name, .. } => {
                return self.eval_function(dot, first, name, Site::Command(cmd), Some(&cmd.args), final_)
            }
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, final_.as_ref())?;
                return self.eval_pipeline(dot, Some(p));
            }
            Arg::Variable { ident, .. } => return self.eval_variable_node(first, ident, Some(&cmd.args), final_),
            _ => {}
        }
        self.at(Site::Arg(first));
        self.not_a_function(&cmd.args, final_.as_ref())?;
        match first {
            Arg::Bool { value, .. } => Ok(Val::plain(Value::Bool(*value))),
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Nil { .. } => Err(self.errorf("nil is not a command".to_owned())),
            Arg::Number { number, .. } => Ok(Val::plain(self.ideal_constant(first, number)?)),
            Arg::String { text, .. } => Ok(Val::plain(Value::String(text.clone()))),
            other => Err(self.errorf(format!("can't evaluate command {}", crate::go_quote::quote(&other.to_string())))),
        }
    }

    fn ideal_constant(&mut self, node: &'t Arg, n: &Number) -> EResult<Value> {
        self.at(Site::Arg(node));
        let text = n.text.as_str();
        let is_hex_int = text.len() > 2
            && text.starts_with('0')
            && matches!(text.as_bytes()[1], b'x' | b'X')
            && !text.contains(['p', 'P']);
        let is_rune = text.starts_with('\'');
        if n.is_complex {
            return Err(self.errorf(format!("complex constant {text} is not supported")));
        }
        if n.is_float && !is_hex_int && !is_rune && text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Ok(Value::Float(n.float));
        }
        if n.is_int {
            return Ok(Value::Int(n.int));
        }
        if n.is_uint {
            return Err(self.errorf(format!("{text} overflows int")));
        }
        Ok(Value::Nil)
    }

    fn eval_field_node(
        &mut self,
        dot: &Val,
        node: &'t Arg,
        ident: &'t [String],
        args: Option<&'t [Arg]>,
        final_: Option<Val>,
    ) -> EResult<Val> {
        self.at(Site::Arg(node));
        self.eval_field_chain(dot.clone(), ident, args, final_)
    }

    fn eval_chain_node(
        &mut self,
        dot: &Val,
        chain: &'t Arg,
        inner: &'t Arg,
        fields: &'t [String],
        args: Option<&'t [Arg]>,
        final_: Option<Val>,
    ) -> EResult<Val> {
        self.at(Site::Arg(chain));
        if matches!(inner, Arg::Nil { .. }) {
            return Err(self.errorf(format!("indirection through explicit nil in {chain}")));
        }
        let receiver = self.eval_arg_untyped(dot, inner)?;
        self.eval_field_chain(receiver, fields, args, final_)
    }

    fn eval_variable_node(
        &mut self,
        node: &'t Arg,
        ident: &'t [String],
        args: Option<&'t [Arg]>,
        final_: Option<Val>,
    ) -> EResult<Val> {
        self.at(Site::Arg(node));
        let value = self.var_value(&ident[0])?;
        if ident.len() == 1 {
            self.not_a_function(args.unwrap_or(std::slice::from_ref(node)), final_.as_ref())?;
            return Ok(value);
        }
        self.eval_field_chain(value, &ident[1..], args, final_)
    }

    fn eval_field_chain(
        &mut self,
        mut receiver: Val,
        ident: &[String],
        args: Option<&'t [Arg]>,
        final_: Option<Val>,
    ) -> EResult<Val> {
        let n = ident.len();
        for name in &ident[..n - 1] {
            receiver = self.eval_field(name, None, None, receiver)?;
        }
        self.eval_field(&ident[n - 1], args, final_, receiver)
    }

    fn eval_field(&mut self, field: &str, args: Option<&[Arg]>, final_: Option<Val>, receiver: Val) -> EResult<Val> {
        if matches!(receiver.v, Value::Nil) {
            return Ok(Val::plain(Value::Nil));
        }
        let has_args = args.is_some_and(|a| a.len() > 1) || final_.is_some();
        if let Value::Map(map) = &receiver.v {
            if has_args {
                return Err(self.errorf(format!("{field} is not a method but has arguments")));
            }
            return Ok(match map.get(field) {
                Some(Value::Nil) | None => Val::plain(Value::Nil),
                Some(v) => Val { v: v.clone(), boxed: true },
            });
        }
        Err(self.errorf(format!("can't evaluate field {field} in type {}", type_of(&receiver))))
    }

    // --- Function calls. ---

    fn eval_function(
        &mut self,
        dot: &Val,
        node: &'t Arg,
        name: &'t str,
        call_site: Site<'t>,
        args: Option<&'t [Arg]>,
        final_: Option<Val>,
    ) -> EResult<Val> {
        self.at(Site::Arg(node));
        let funcs = self.funcs;
        if let (Some(f), Some(sig)) = (funcs.get(name), funcs.signature(name)) {
            return self.eval_call(dot, Callee::User(f), &sig.params, sig.variadic, call_site, name, args, final_);
        }
        match builtins::lookup(name) {
            Some(b) => {
                self.eval_call(dot, Callee::Builtin(b.call), b.params, b.variadic, call_site, name, args, final_)
            }
            None => Err(self.errorf(format!("{} is not a defined function", crate::go_quote::quote(name)))),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_call(
        &mut self,
        dot: &Val,
        callee: Callee<'_>,
        params: &[ArgType],
        variadic: Option<ArgType>,
        call_site: Site<'t>,
        name: &str,
        args: Option<&'t [Arg]>,
        final_: Option<Val>,
    ) -> EResult<Val> {
        let args: &'t [Arg] = args.map_or(&[], |a| &a[1..]);
        let num_in = args.len() + usize::from(final_.is_some());
        let mut num_fixed = args.len();
        if variadic.is_some() {
            num_fixed = params.len();
            if num_in < num_fixed {
                return Err(self.errorf(format!(
                    "wrong number of args for {name}: want at least {} got {}",
                    params.len(),
                    args.len()
                )));
            }
        } else if num_in != params.len() {
            return Err(self.errorf(format!("wrong number of args for {name}: want {} got {num_in}", params.len())));
        }
        if let Callee::Builtin(None) = callee {
            // and/or: evaluate left to right, stop at the deciding value.
            let want = name == "or";
            let mut v = Val::plain(Value::Nil);
            for arg in args {
                v = Val::plain(self.eval_arg(dot, ArgType::Any, arg)?);
                if v.v.is_true() == want {
                    return Ok(v);
                }
            }
            if let Some(f) = final_ {
                v = f;
            }
            return Ok(v);
        }
        let mut argv = Vec::with_capacity(num_in);
        let mut i = 0;
        while i < num_fixed && i < args.len() {
            argv.push(self.eval_arg(dot, params[i], &args[i])?);
            i += 1;
        }
        if let Some(elem) = variadic {
            while i < args.len() {
                argv.push(self.eval_arg(dot, elem, &args[i])?);
                i += 1;
            }
        }
        if let Some(f) = final_ {
            let t = match variadic {
                Some(elem) if num_in > num_fixed => elem,
                _ => params[num_in - 1],
            };
            argv.push(self.validate_type(f, t)?);
        }
        let result = match callee {
            Callee::User(f) => f(&argv),
            Callee::Builtin(Some(f)) => f(&argv),
            Callee::Builtin(None) => Ok(Value::Nil),
        };
        match result {
            Ok(v) => Ok(Val::plain(v)),
            Err(message) => {
                self.at(call_site);
                let detail = format!("error calling {name}: {message}");
                Err(self.error_with(ErrorKind::FuncCall { name: name.to_owned(), message }, detail))
            }
        }
    }

    fn validate_type(&self, value: Val, typ: ArgType) -> EResult<Value> {
        let ok = match (&value.v, typ) {
            (_, ArgType::Any) => true,
            (Value::Nil, _) => return Err(self.errorf(format!("invalid value; expected {}", typ.go_name()))),
            (Value::String(_), ArgType::String)
            | (Value::Int(_), ArgType::Int)
            | (Value::Float(_), ArgType::Float)
            | (Value::Bool(_), ArgType::Bool) => true,
            _ => false,
        };
        if !ok {
            return Err(self.errorf(format!(
                "wrong type for value; expected {}; got {}",
                typ.go_name(),
                crate::printf::type_name(&value.v)
            )));
        }
        Ok(value.v)
    }

    /// Go's `evalArg` with a nil type (chain receivers): computed operands only.
    fn eval_arg_untyped(&mut self, dot: &Val, n: &'t Arg) -> EResult<Val> {
        self.at(Site::Arg(n));
        match n {
            Arg::Pipe(p) => self.eval_pipeline(dot, Some(p)),
            Arg::Identifier { name, .. } => self.eval_function(dot, n, name, Site::Arg(n), None, None),
            Arg::Chain { node, fields, .. } => self.eval_chain_node(dot, n, node, fields, None, None),
            Arg::Dot { .. } => Ok(dot.clone()),
            other => Ok(Val::plain(self.eval_arg(dot, ArgType::Any, other)?)),
        }
    }

    fn eval_arg(&mut self, dot: &Val, typ: ArgType, n: &'t Arg) -> EResult<Value> {
        self.at(Site::Arg(n));
        match n {
            Arg::Dot { .. } => return self.validate_type(dot.clone(), typ),
            Arg::Nil { .. } => {
                if typ == ArgType::Any {
                    return Ok(Value::Nil);
                }
                return Err(self.errorf(format!("cannot assign nil to {}", typ.go_name())));
            }
            Arg::Field { ident, .. } => {
                let v = self.eval_field_node(dot, n, ident, Some(std::slice::from_ref(n)), None)?;
                return self.validate_type(v, typ);
            }
            Arg::Variable { ident, .. } => {
                let v = self.eval_variable_node(n, ident, None, None)?;
                return self.validate_type(v, typ);
            }
            Arg::Pipe(p) => {
                let v = self.eval_pipeline(dot, Some(p))?;
                return self.validate_type(v, typ);
            }
            Arg::Identifier { name, .. } => {
                let v = self.eval_function(dot, n, name, Site::Arg(n), None, None)?;
                return self.validate_type(v, typ);
            }
            Arg::Chain { node, fields, .. } => {
                let v = self.eval_chain_node(dot, n, node, fields, None, None)?;
                return self.validate_type(v, typ);
            }
            _ => {}
        }
        match (typ, n) {
            (ArgType::Bool, Arg::Bool { value, .. }) => Ok(Value::Bool(*value)),
            (ArgType::Bool, _) => Err(self.errorf(format!("expected bool; found {n}"))),
            (ArgType::Float, Arg::Number { number, .. }) if number.is_float => Ok(Value::Float(number.float)),
            (ArgType::Float, _) => Err(self.errorf(format!("expected float; found {n}"))),
            (ArgType::Int, Arg::Number { number, .. }) if number.is_int => Ok(Value::Int(number.int)),
            (ArgType::Int, _) => Err(self.errorf(format!("expected integer; found {n}"))),
            (ArgType::String, Arg::String { text, .. }) => Ok(Value::String(text.clone())),
            (ArgType::String, _) => Err(self.errorf(format!("expected string; found {n}"))),
            (ArgType::Any, Arg::Bool { value, .. }) => Ok(Value::Bool(*value)),
            (ArgType::Any, Arg::Number { number, .. }) => self.ideal_constant(n, number),
            (ArgType::Any, Arg::String { text, .. }) => Ok(Value::String(text.clone())),
            (ArgType::Any, _) => {
                Err(self.errorf(format!("can't handle assignment of {n} to empty interface argument")))
            }
        }
    }
}
