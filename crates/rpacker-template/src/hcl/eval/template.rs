//! String templates (quoted strings and heredocs): literals, `${}` interpolations and the
//! `%{if}` / `%{for}` directives, with `~` strip markers.
//!
//! A template that is exactly one interpolation gives the interpolated value itself, of any
//! type (HCL's `TemplateWrapExpr`; verified with packer 1.6.6: `"${[1]}"` is a tuple). A
//! longer template converts every interpolation to a string; an unknown part makes the
//! whole string unknown. A `~` trims the whitespace (newlines included) of the literal on
//! its side.

use hcl_edit::template::{Directive, Element, ForDirective, IfDirective, Template};
use hcl_edit::Span as _;
use rpacker_diag::Diagnostic;

use super::context::{EvalContext, Scope};
use super::error::{cty_message, EvalError};
use super::expression::{evaluate, fail};
use super::for_expr::{bind_iteration, iteration_items};
use crate::hcl::convert::convert;
use crate::hcl::types::HclType;
use crate::hcl::value::HclValue;

/// Evaluates a template (a quoted string's or a heredoc's, or a `templatefile` file).
pub fn evaluate_template(template: &Template, ctx: &EvalContext<'_>) -> Result<HclValue, Vec<Diagnostic>> {
    if let Some(Element::Interpolation(only)) = template.as_single_element() {
        return evaluate(&only.expr, ctx);
    }
    let mut out = Rendered::default();
    render(template, false, false, ctx, &mut out)?;
    Ok(if out.unknown { HclValue::Unknown(HclType::String) } else { HclValue::String(out.text) })
}

/// The text so far, and whether some part of it is unknown.
#[derive(Default)]
struct Rendered {
    text: String,
    unknown: bool,
}

/// Renders `template`'s elements; `strip_first`/`strip_last` say whether the enclosing
/// directive's markers trim its first and last literal.
fn render(
    template: &Template,
    strip_first: bool,
    strip_last: bool,
    ctx: &EvalContext<'_>,
    out: &mut Rendered,
) -> Result<(), Vec<Diagnostic>> {
    let elements: Vec<&Element> = template.iter().collect();
    let mut errors = Vec::new();
    for (i, element) in elements.iter().enumerate() {
        let result = match element {
            Element::Literal(text) => {
                let trim_start = if i == 0 { strip_first } else { strips_after(elements[i - 1]) };
                let trim_end = elements.get(i + 1).map_or(strip_last, |next| strips_before(next));
                let mut text: &str = text.value();
                if trim_start {
                    text = text.trim_start();
                }
                if trim_end {
                    text = text.trim_end();
                }
                out.text.push_str(text);
                Ok(())
            }
            Element::Interpolation(interp) => interpolate(&interp.expr, ctx, out),
            Element::Directive(directive) => match directive.as_ref() {
                Directive::If(d) => if_directive(d, ctx, out),
                Directive::For(d) => for_directive(d, ctx, out),
            },
        };
        if let Err(e) = result {
            errors.extend(e);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Whether `element` ends with a `~` that trims the literal after it.
fn strips_after(element: &Element) -> bool {
    match element {
        Element::Literal(_) => false,
        Element::Interpolation(i) => i.strip.strip_end(),
        Element::Directive(d) => match d.as_ref() {
            Directive::If(d) => d.endif_expr.strip.strip_end(),
            Directive::For(d) => d.endfor_expr.strip.strip_end(),
        },
    }
}

/// Whether `element` starts with a `~` that trims the literal before it.
fn strips_before(element: &Element) -> bool {
    match element {
        Element::Literal(_) => false,
        Element::Interpolation(i) => i.strip.strip_start(),
        Element::Directive(d) => match d.as_ref() {
            Directive::If(d) => d.if_expr.strip.strip_start(),
            Directive::For(d) => d.for_expr.strip.strip_start(),
        },
    }
}

fn interpolate(
    expr: &hcl_edit::expr::Expression,
    ctx: &EvalContext<'_>,
    out: &mut Rendered,
) -> Result<(), Vec<Diagnostic>> {
    match evaluate(expr, ctx)? {
        HclValue::Null(_) => Err(fail(EvalError::NullInterpolation, expr, ctx)),
        HclValue::Unknown(_) => {
            out.unknown = true;
            Ok(())
        }
        value => match convert(value, &HclType::String) {
            Ok(HclValue::String(s)) => {
                out.text.push_str(&s);
                Ok(())
            }
            Ok(_) => {
                out.unknown = true;
                Ok(())
            }
            Err(m) => Err(fail(EvalError::InvalidInterpolation { message: cty_message(m) }, expr, ctx)),
        },
    }
}

/// `%{if c}…%{else}…%{endif}`: HCL lowers it to a conditional, so its errors are the
/// conditional's (verified with packer 1.6.6: `"%{if 1}a%{endif}"`).
fn if_directive(d: &IfDirective, ctx: &EvalContext<'_>, out: &mut Rendered) -> Result<(), Vec<Diagnostic>> {
    let cond_expr = &d.if_expr.cond_expr;
    let truth = match evaluate(cond_expr, ctx)? {
        HclValue::Null(_) => return Err(fail(EvalError::NullCondition, cond_expr, ctx)),
        HclValue::Unknown(_) => None,
        other => match convert(other, &HclType::Bool) {
            Ok(HclValue::Bool(b)) => Some(b),
            Ok(_) => None,
            Err(_) => return Err(fail(EvalError::IncorrectConditionType, cond_expr, ctx)),
        },
    };
    let else_strip_start = d.else_expr.as_ref().map(|e| e.strip.strip_start());
    match truth {
        None => {
            out.unknown = true;
            Ok(())
        }
        Some(true) => {
            let strip_last = else_strip_start.unwrap_or_else(|| d.endif_expr.strip.strip_start());
            render(&d.if_expr.template, d.if_expr.strip.strip_end(), strip_last, ctx, out)
        }
        Some(false) => match &d.else_expr {
            Some(e) => render(&e.template, e.strip.strip_end(), d.endif_expr.strip.strip_start(), ctx, out),
            None => Ok(()),
        },
    }
}

/// `%{for k, v in coll}…%{endfor}`: the body once per element, with the iterator variables
/// bound.
fn for_directive(d: &ForDirective, ctx: &EvalContext<'_>, out: &mut Rendered) -> Result<(), Vec<Diagnostic>> {
    let f = &d.for_expr;
    let collection = evaluate(&f.collection_expr, ctx)?;
    let span = ctx.span(f.collection_expr.span());
    let Some(items) = iteration_items(collection).map_err(|e| vec![e.at(span)])? else {
        out.unknown = true;
        return Ok(());
    };
    let key_var = f.key_var.as_ref().map(|k| k.value().as_str());
    for (key, value) in items {
        let mut scope = Scope::child_of(ctx.scope);
        bind_iteration(&mut scope, key_var, f.value_var.value().as_str(), key, value);
        let inner = ctx.with_scope(&scope);
        render(&f.template, f.strip.strip_end(), d.endfor_expr.strip.strip_start(), &inner, out)?;
    }
    Ok(())
}
