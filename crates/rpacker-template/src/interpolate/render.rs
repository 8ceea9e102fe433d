//! Rendering one string: once (plugin configs) or until it stops changing (builder names,
//! the console), as the SDK's `RenderOnce` and `Render` do.

use rpacker_gotmpl::{Error as GoTemplateError, ErrorKind, FuncMap, Template};

use super::error::{PathSegment, RenderError, RenderOrigin, RenderStage};
use super::InterpolateContext;
use crate::funcs::packer_funcs;

/// Go's built-in template functions, also candidates for did-you-mean.
const GO_BUILTINS: [&str; 19] = [
    "and", "call", "eq", "ge", "gt", "html", "index", "js", "le", "len", "lt", "ne", "not", "or", "print", "printf",
    "println", "slice", "urlquery",
];

/// Renders `text` once. `key` names the value for error reporting (the error itself reads as
/// Go's bare message, as Packer prints it). Text without `{{` is returned as is.
pub fn render_once(text: &str, key: &str, ctx: &InterpolateContext) -> Result<String, RenderError> {
    if !text.contains("{{") {
        return Ok(text.to_owned());
    }
    let funcs = packer_funcs(ctx);
    render_with(text, ctx, &funcs).map_err(|(stage, error)| lone_string_error(error, stage, key, text, &funcs))
}

/// Renders `text` again and again until the output stops changing (so a user variable whose
/// value is itself a template is expanded too), like the SDK's `interpolate.Render`.
pub fn render_to_fixpoint(text: &str, key: &str, ctx: &InterpolateContext) -> Result<String, RenderError> {
    let mut current = text.to_owned();
    loop {
        let rendered = render_once(&current, key, ctx)?;
        if rendered == current {
            return Ok(rendered);
        }
        current = rendered;
    }
}

/// Parses and executes `text` with prepared functions, saying which step failed.
pub(crate) fn render_with(
    text: &str,
    ctx: &InterpolateContext,
    funcs: &FuncMap,
) -> Result<String, (RenderStage, Box<GoTemplateError>)> {
    let template = Template::parse("root", text, funcs).map_err(|e| (RenderStage::Parse, Box::new(e)))?;
    template.execute(&ctx.data, funcs).map_err(|e| (RenderStage::Execute, Box::new(e)))
}

/// Only parses `text` (the SDK validates every string of a config before rendering any).
pub(crate) fn parse_only(text: &str, funcs: &FuncMap) -> Result<(), Box<GoTemplateError>> {
    Template::parse("root", text, funcs).map(drop).map_err(Box::new)
}

fn lone_string_error(
    error: Box<GoTemplateError>,
    stage: RenderStage,
    key: &str,
    text: &str,
    funcs: &FuncMap,
) -> RenderError {
    let suggestion = suggest_function(&error, funcs);
    RenderError {
        error,
        stage,
        path: vec![PathSegment::Key(key.to_owned())],
        text: text.to_owned(),
        origin: RenderOrigin::Text,
        suggestion,
    }
}

/// For `function "isotme" not defined`, the closest known function (`isotime`).
pub(crate) fn suggest_function(error: &GoTemplateError, funcs: &FuncMap) -> Option<String> {
    let ErrorKind::UndefinedFunction { name } = &error.kind else {
        return None;
    };
    let candidates = funcs.names().chain(GO_BUILTINS);
    rpacker_diag::suggest::closest(name, candidates).map(str::to_owned)
}
