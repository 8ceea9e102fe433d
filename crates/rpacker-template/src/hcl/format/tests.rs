//! The formatter on small inputs. Every expected text is what `packer fmt` (1.6.6) wrote for
//! the input, except where a comment says current Packer differs.

use super::format_source;

fn assert_formats(input: &str, expected: &str) {
    assert_eq!(format_source(input), expected, "input:\n{input}");
    // Canonical text is a fixed point.
    assert_eq!(format_source(expected), expected, "reformatting:\n{expected}");
}

/// Runs of one-line attributes align their `=`; a blank line or a block ends a run.
#[test]
fn align() {
    assert_formats(
        r#"a=1
bbb = "x"
c     =   3

dddd=4
block {
  x=1
  yy=2
}
"#,
        r#"a   = 1
bbb = "x"
c   = 3

dddd = 4
block {
  x  = 1
  yy = 2
}
"#,
    );
}

/// Trailing comments align in runs; comment-only lines are indented like code.
#[test]
fn comments() {
    assert_formats(
        r#"a = 1 # one
bbb = 2 // two
  # standalone
c = [ # open
  1, # item
  22, # item two
]
/* block */ d = 4
e = 5 /* trailing */
"#,
        r#"a   = 1 # one
bbb = 2 // two
# standalone
c = [ # open
  1,  # item
  22, # item two
]
/* block */ d = 4
e             = 5 /* trailing */
"#,
    );
}

/// Heredoc bodies and markers are kept byte for byte; the attribute still aligns.
#[test]
fn heredoc() {
    assert_formats(
        r#"locals {
x = <<EOT
  keep   ${ var.a }   as is
EOT
    y = <<-EOT
        indented
    EOT
zz = 1
}
"#,
        r#"locals {
  x  = <<EOT
  keep   ${var.a}   as is
EOT
  y  = <<-EOT
        indented
    EOT
  zz = 1
}
"#,
    );
}

/// Two spaces per nesting level of blocks and brackets.
#[test]
fn nested() {
    assert_formats(
        r#"build {
sources = ["a"]
provisioner "shell" {
inline = [
"echo 1",
]
}
}
"#,
        r#"build {
  sources = ["a"]
  provisioner "shell" {
    inline = [
      "echo 1",
    ]
  }
}
"#,
    );
}

/// Object constructors: `=` spaced, braces padded, `:` left alone, empty `{}` kept tight.
#[test]
fn objects() {
    assert_formats(
        r#"x = {
a=1
bbb : 2
"c" = {d=1,e=[1,2]}
}
y = {a=1}
z = {}
"#,
        r#"x = {
  a = 1
  bbb : 2
  "c" = { d = 1, e = [1, 2] }
}
y = { a = 1 }
z = {}
"#,
    );
}

/// Inside `${…}`/`%{…}` expressions are spaced; literal text and escapes are untouched.
#[test]
fn templates() {
    assert_formats(
        r#"a = "${var.x}-${ upper(var.y) }%{ if var.z }z%{ endif }"
b = "$${literal} %%{literal}"
c = "${ {a=1}.a }"
d = "${var.m["k"]}"
"#,
        r#"a = "${var.x}-${upper(var.y)}%{if var.z}z%{endif}"
b = "$${literal} %%{literal}"
c = "${ { a = 1 }.a}"
d = "${var.m["k"]}"
"#,
    );
}

/// Binary operators spaced, unary minus tight, calls/indexes/splat tight.
#[test]
fn operators() {
    assert_formats(
        r#"a = 1+2*3
b = -1
c = 1 - -2
d = x?1:2
e = {for k,v in m: k=>v if v>0}
f = func( a , b... )
g = x[0] .y [ "z" ]
h = 3 % 2 == 1 && true || false
i = [-1, (-2)]
"#,
        r#"a = 1 + 2 * 3
b = -1
c = 1 - -2
d = x ? 1 : 2
e = { for k, v in m : k => v if v > 0 }
f = func(a, b...)
g = x[0].y["z"]
h = 3 % 2 == 1 && true || false
i = [-1, (-2)]
"#,
    );
}

/// Current hclwrite writes no space after `!` (1.6.6 wrote `! x`).
#[test]
fn logical_not_is_tight() {
    assert_formats("a = ! true && !false\n", "a = !true && !false\n");
}

/// CRLF line ends, tabs between tokens, trailing spaces at the end of the file and a
/// byte-order mark are handled as Go's scanner does.
#[test]
fn line_ends_tabs_and_byte_order_mark() {
    assert_formats("a\t=\t1\r\nbb = 2\r\n", "a  = 1\r\nbb = 2\r\n");
    assert_formats("a = 1\n   ", "a = 1\n   ");
    assert_eq!(format_source("\u{feff}x=1\n"), "x = 1\n");
    assert_eq!(format_source(""), "");
}

/// Alignment counts characters (grapheme clusters), not bytes.
#[test]
fn alignment_counts_characters() {
    assert_formats(
        "héllo = 1\nab = \"日本\" # c\nabcdef = 2 # d\n",
        "héllo  = 1\nab     = \"日本\" # c\nabcdef = 2    # d\n",
    );
}
