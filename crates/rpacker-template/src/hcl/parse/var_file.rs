//! Variable definition files (`-var-file`, `*.auto.pkrvars.*`): `name = value` lines only.

use std::path::Path;

use rpacker_diag::{Diagnostic, SourceMap, Span};

use super::content::{BlockSchema, Schema};
use super::load::read_file;
use super::origin::Expr;

/// One assignment from a var file: name, value expression, the whole `name = value`.
pub type VarAssignment = (String, Expr, Span);

const VAR_FILE: Schema =
    Schema { attributes: &[], blocks: &[BlockSchema { type_name: "variable", labels: &["name"] }] };

/// Reads a variable file; `.hcl` is native syntax, `.json` HCL JSON.
///
/// # Errors
/// `Could not guess format of <f>`, read and syntax errors, and `Variable declaration in a
/// .pkrvar file` (texts verified with packer 1.6.6).
pub fn read_var_file(path: &Path, sources: &mut SourceMap) -> Result<Vec<VarAssignment>, Vec<Diagnostic>> {
    let is = |ext: &str| path.extension().is_some_and(|e| e == ext);
    if !is("hcl") && !is("json") {
        return Err(vec![Diagnostic::error(
            format!("Could not guess format of {}", path.display()),
            "A var file must be suffixed with `.hcl` or `.json`.",
        )]);
    }
    let (_, body) = read_file(path, sources)?;
    let mut diags = Vec::new();
    // Variable blocks are the one block a var file can hold (only to be refused with a hint);
    // the attributes are read without a schema.
    let blocks = body.content(&Schema { attributes: &[], blocks: VAR_FILE.blocks }, &mut Vec::new()).blocks;
    for block in blocks {
        let name = &block.labels[0].0;
        diags.push(
            Diagnostic::error(
                "Variable declaration in a .pkrvar file",
                format!(
                    "A .pkrvar file is used to assign values to variables that have already been declared in .pkr files, not to declare new variables. To declare variable {name:?}, place this block in one of your .pkr files, such as variables.pkr.hcl\n\nTo set a value for this variable in {}, use the definition syntax instead:\n    {name} = <value>",
                    path.display()
                ),
            )
            .with_subject(Some(block.def_span)),
        );
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let attrs = body.just_attributes(&mut diags);
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(attrs.into_iter().map(|a| (a.name, a.expr, a.span)).collect())
}
