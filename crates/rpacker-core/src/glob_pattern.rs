//! The glob patterns of HCL2 `-only`/`-except`: gobwas/glob without separators, ported from
//! its lexer and parser so the same patterns compile, fail with the same messages, and match
//! the same names. `*` (and `**`) match any run of characters, dots included; `?` one
//! character; `[abc]`, `[a-z]`, `[!a]` one of a class; `{a,b}` alternatives (nested, and an
//! unclosed `{` is accepted as gobwas accepts it); `\` escapes.

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobPattern {
    nodes: Vec<GlobNode>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum GlobNode {
    Text(Vec<char>),
    Any,
    Single,
    Class { chars: Vec<char>, not: bool },
    Range { lo: char, hi: char, not: bool },
    AnyOf(Vec<Vec<GlobNode>>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Eof,
    Error(String),
    Text(String),
    Any,
    Super,
    Single,
    Not,
    Separator,
    RangeOpen,
    RangeClose,
    RangeLo(char),
    RangeBetween,
    RangeHi(char),
    TermsOpen,
    TermsClose,
}

/// gobwas' lexer: tokens are produced lazily, and once an error is found it is the next token
/// (even before tokens already queued), as in Go.
struct Lexer {
    data: Vec<char>,
    pos: usize,
    error: Option<String>,
    queue: std::collections::VecDeque<Token>,
    terms_level: usize,
}

const TEXT_BREAKERS: &[char] = &['?', '*', '[', '{'];
const TERMS_BREAKERS: &[char] = &['?', '*', '[', '{', '}', ','];

impl Lexer {
    fn new(pattern: &str) -> Self {
        Self {
            data: pattern.chars().collect(),
            pos: 0,
            error: None,
            queue: std::collections::VecDeque::new(),
            terms_level: 0,
        }
    }

    fn next_token(&mut self) -> Token {
        loop {
            if let Some(e) = &self.error {
                return Token::Error(e.clone());
            }
            if let Some(token) = self.queue.pop_front() {
                return token;
            }
            self.fetch_item();
        }
    }

    fn read(&mut self) -> Option<char> {
        let c = self.data.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn fetch_item(&mut self) {
        match self.read() {
            None => self.queue.push_back(Token::Eof),
            Some('{') => {
                self.terms_level += 1;
                self.queue.push_back(Token::TermsOpen);
            }
            Some(',') if self.terms_level > 0 => self.queue.push_back(Token::Separator),
            Some('}') if self.terms_level > 0 => {
                self.queue.push_back(Token::TermsClose);
                self.terms_level -= 1;
            }
            Some('[') => {
                self.queue.push_back(Token::RangeOpen);
                self.fetch_range();
            }
            Some('?') => self.queue.push_back(Token::Single),
            Some('*') => {
                if self.data.get(self.pos) == Some(&'*') {
                    self.pos += 1;
                    self.queue.push_back(Token::Super);
                } else {
                    self.queue.push_back(Token::Any);
                }
            }
            Some(_) => {
                self.pos -= 1;
                let breakers = if self.terms_level > 0 { TERMS_BREAKERS } else { TEXT_BREAKERS };
                self.fetch_text(breakers);
            }
        }
    }

    fn fetch_range(&mut self) {
        let (mut want_hi, mut want_close, mut seen_not) = (false, false, false);
        loop {
            let Some(c) = self.read() else {
                self.error = Some("unexpected end of input".to_owned());
                return;
            };
            if want_close {
                if c == ']' {
                    self.queue.push_back(Token::RangeClose);
                } else {
                    self.error = Some("expected close range character".to_owned());
                }
                return;
            }
            if want_hi {
                self.queue.push_back(Token::RangeHi(c));
                want_close = true;
                continue;
            }
            if !seen_not && c == '!' {
                self.queue.push_back(Token::Not);
                seen_not = true;
                continue;
            }
            if self.data.get(self.pos) == Some(&'-') {
                self.pos += 1;
                self.queue.push_back(Token::RangeLo(c));
                self.queue.push_back(Token::RangeBetween);
                want_hi = true;
                continue;
            }
            self.pos -= 1;
            self.fetch_text(&[']']);
            want_close = true;
        }
    }

    fn fetch_text(&mut self, breakers: &[char]) {
        let mut text = String::new();
        let mut escaped = false;
        while let Some(c) = self.read() {
            if !escaped {
                if c == '\\' {
                    escaped = true;
                    continue;
                }
                if breakers.contains(&c) {
                    self.pos -= 1;
                    break;
                }
            }
            escaped = false;
            text.push(c);
        }
        if !text.is_empty() {
            self.queue.push_back(Token::Text(text));
        }
    }
}

impl GlobPattern {
    /// gobwas' `glob.Compile(pattern)`.
    ///
    /// # Errors
    /// gobwas' message (`unexpected end of input`, `could not parse range`, …).
    pub fn compile(pattern: &str) -> Result<Self, String> {
        let mut lexer = Lexer::new(pattern);
        let mut groups: Vec<Group> = Vec::new();
        let mut current: Vec<GlobNode> = Vec::new();
        loop {
            match lexer.next_token() {
                Token::Eof => break,
                Token::Error(e) => return Err(e),
                Token::Text(t) => current.push(GlobNode::Text(t.chars().collect())),
                Token::Any | Token::Super => current.push(GlobNode::Any),
                Token::Single => current.push(GlobNode::Single),
                Token::RangeOpen => current.push(parse_range(&mut lexer)?),
                Token::TermsOpen => {
                    groups.push(Group { before: std::mem::take(&mut current), alternatives: Vec::new() });
                }
                Token::Separator => {
                    if let Some(group) = groups.last_mut() {
                        group.alternatives.push(std::mem::take(&mut current));
                    }
                }
                Token::TermsClose => close_group(&mut groups, &mut current),
                other => return Err(format!("unexpected token: {other:?}")),
            }
        }
        // Unclosed groups end with the pattern, as gobwas builds them.
        while !groups.is_empty() {
            close_group(&mut groups, &mut current);
        }
        Ok(Self { nodes: current })
    }

    /// Whether `name` matches.
    #[must_use]
    pub fn matches(&self, name: &str) -> bool {
        let name: Vec<char> = name.chars().collect();
        match_nodes(&self.nodes, &name)
    }
}

/// An open `{…}`: what came before it, and its alternatives so far.
struct Group {
    before: Vec<GlobNode>,
    alternatives: Vec<Vec<GlobNode>>,
}

/// Ends the innermost `{…}`: its alternatives become one node after what preceded it.
fn close_group(groups: &mut Vec<Group>, current: &mut Vec<GlobNode>) {
    let Some(mut group) = groups.pop() else { return };
    group.alternatives.push(std::mem::take(current));
    group.before.push(GlobNode::AnyOf(group.alternatives));
    *current = group.before;
}

/// gobwas' `parserRange`, after `[`.
fn parse_range(lexer: &mut Lexer) -> Result<GlobNode, String> {
    let (mut not, mut lo, mut hi, mut chars) = (false, None, None, String::new());
    loop {
        match lexer.next_token() {
            Token::Eof => return Err("unexpected end".to_owned()),
            Token::Error(e) => return Err(e),
            Token::Not => not = true,
            Token::RangeLo(c) => lo = Some(c),
            Token::RangeHi(c) => {
                if let Some(l) = lo.filter(|l| c < *l) {
                    return Err(format!("hi character '{c}' should be greater than lo '{l}'"));
                }
                hi = Some(c);
            }
            Token::Text(t) => chars = t,
            Token::RangeClose => {
                return match (lo, hi, chars.is_empty()) {
                    (Some(lo), Some(hi), true) => Ok(GlobNode::Range { lo, hi, not }),
                    (None, None, false) => Ok(GlobNode::Class { chars: chars.chars().collect(), not }),
                    _ => Err("could not parse range".to_owned()),
                };
            }
            _ => {}
        }
    }
}

fn match_nodes(nodes: &[GlobNode], name: &[char]) -> bool {
    let Some((first, rest)) = nodes.split_first() else { return name.is_empty() };
    let one = |ok: &dyn Fn(char) -> bool| name.first().is_some_and(|c| ok(*c)) && match_nodes(rest, &name[1..]);
    match first {
        GlobNode::Text(text) => name.starts_with(text) && match_nodes(rest, &name[text.len()..]),
        GlobNode::Any => (0..=name.len()).any(|i| match_nodes(rest, &name[i..])),
        GlobNode::Single => one(&|_| true),
        GlobNode::Class { chars, not } => one(&|c| chars.contains(&c) != *not),
        GlobNode::Range { lo, hi, not } => one(&|c| (*lo <= c && c <= *hi) != *not),
        GlobNode::AnyOf(alternatives) => alternatives.iter().any(|alternative| {
            let mut joined = alternative.clone();
            joined.extend_from_slice(rest);
            match_nodes(&joined, name)
        }),
    }
}

/// Whether `name` matches `pattern` (a pattern that does not compile matches nothing; the
/// flags are checked with [`GlobPattern::compile`] before any build is selected).
#[must_use]
pub fn glob_matches(pattern: &str, name: &str) -> bool {
    GlobPattern::compile(pattern).is_ok_and(|p| p.matches(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gobwas_syntax() {
        let cases = [
            ("*", "null.a", true),
            ("**", "null.a", true),
            ("null.*", "null.a", true),
            ("*.a", "mybuild.null.a", true),
            ("null.?", "null.ab", false),
            ("null.[ab]", "null.b", true),
            ("null.[!ab]", "null.b", false),
            ("null.[a-c]", "null.c", true),
            ("null.[!a-c]", "null.d", true),
            ("{null,file}.a", "file.a", true),
            ("{null,file}.a", "docker.a", false),
            ("{a,{b,c}d}", "cd", true),
            ("{a,{b,c}d}", "c", false),
            ("null.{a", "null.a", true),
            ("x}y,z", "x}y,z", true),
            ("null\\*", "null*", true),
            ("null.a", "null.ab", false),
            ("[\\]]x", "]x", true),
        ];
        for (pattern, name, want) in cases {
            assert_eq!(glob_matches(pattern, name), want, "{pattern} {name}");
        }
    }

    #[test]
    fn gobwas_errors() {
        // Messages of gobwas/glob's lexer and parser (packer 1.6.6: `-only '['` →
        // `Invalid -only pattern [: unexpected end of input`).
        let cases = [
            ("[", "unexpected end of input"),
            ("null.[ab", "unexpected end of input"),
            ("[a-", "unexpected end of input"),
            ("[a-bc]", "expected close range character"),
            ("[]", "could not parse range"),
            ("[z-a]", "hi character 'a' should be greater than lo 'z'"),
        ];
        for (pattern, want) in cases {
            assert_eq!(GlobPattern::compile(pattern).err().as_deref(), Some(want), "{pattern}");
        }
    }
}
