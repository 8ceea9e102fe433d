//! A variable's `validation {}` blocks: the shape rules Packer checks when it decodes them
//! (the condition reads only `var.<self>`, the message is a sentence), and running them on
//! the final value at Initialize. Texts verified with packer 1.6.6.

use rpacker_diag::{Diagnostic, SourceMap, Span};

use super::scope::Evaluator;
use crate::hcl::eval::referenced_variables;
use crate::hcl::parse::{hcl_range, VariableBlock};

/// The decode-time errors of `block`'s validation rules.
#[must_use]
pub fn check_validation_rules(block: &VariableBlock) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let name = &block.name;
    for rule in &block.validations {
        let refs = referenced_variables(&rule.condition.expr);
        if refs.is_empty() {
            diags.push(
                Diagnostic::error(
                    "Invalid variable validation condition",
                    format!("The condition for variable {name:?} must refer to var.{name} in order to test incoming values."),
                )
                .with_subject(Some(rule.condition.span)),
            );
        }
        for r in refs.iter().filter(|r| !(r.root == "var" && r.first_attribute() == Some(name.as_str()))) {
            diags.push(
                Diagnostic::error(
                    "Invalid reference in variable validation",
                    format!(
                        "The condition for variable {name:?} can only refer to the variable itself, using var.{name}."
                    ),
                )
                .with_subject(Some(rule.condition.span_of_range(r.range.clone()))),
            );
        }
        let message = rule.error_message.as_literal_str();
        match message {
            Some("") => diags.push(
                Diagnostic::error(
                    "Invalid validation error message",
                    "An empty string is not a valid nor useful error message.",
                )
                .with_subject(Some(rule.error_message.span)),
            ),
            Some(text) if !looks_like_sentence(text) => diags.push(
                Diagnostic::error(
                    "Invalid validation error message",
                    "Validation error message must be at least one full sentence starting with an uppercase letter ( if the alphabet permits it ) and ending with a period or question mark.",
                )
                .with_subject(Some(rule.error_message.span)),
            ),
            _ => {}
        }
    }
    diags
}

/// HCL's rule: starts with an uppercase letter (when it starts with a letter) and ends with
/// `.`, `?` or `!`.
fn looks_like_sentence(text: &str) -> bool {
    let text = text.trim();
    let starts = text.chars().next().is_some_and(|c| !c.is_alphabetic() || c.is_uppercase());
    starts && (text.ends_with('.') || text.ends_with('?') || text.ends_with('!'))
}

/// Runs `block`'s rules on the variable's final value (in `eval`'s `var`), which came from
/// `from` (`default`, `env`…).
#[must_use]
pub fn run_validation_rules(
    block: &VariableBlock,
    from: &str,
    eval: &Evaluator<'_>,
    sources: &SourceMap,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for rule in &block.validations {
        let result = match eval.evaluate(&rule.condition.expr, &rule.condition.origin, rule.condition.span) {
            Ok(result) => result,
            Err(more) => {
                diags.extend(more);
                continue;
            }
        };
        if result.is_unknown() {
            continue;
        }
        if result.is_null() {
            diags.push(
                Diagnostic::error(
                    "Invalid variable validation result",
                    "The validation condition value must not be null.",
                )
                .with_subject(Some(rule.condition.span)),
            );
            continue;
        }
        if result.as_bool() == Some(false) {
            let message = eval
                .evaluate(&rule.error_message.expr, &rule.error_message.origin, rule.error_message.span)
                .ok()
                .and_then(|m| m.as_str().map(str::to_owned))
                .unwrap_or_default();
            // Packer points at the `validation` keyword of the block.
            let keyword =
                Span::new(rule.span.file, rule.span.start as usize, rule.span.start as usize + "validation".len());
            diags.push(Diagnostic::error(
                format!("Invalid value for {from} variable"),
                format!("{message}\n\nThis was checked by the validation rule at {}.", hcl_range(sources, keyword)),
            ));
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::looks_like_sentence;

    #[test]
    fn sentence_rule() {
        let cases = [("Too big.", true), ("too big.", false), ("Too big", false), ("Why?", true), ("42 is bad!", true)];
        for (text, want) in cases {
            assert_eq!(looks_like_sentence(text), want, "{text}");
        }
    }
}
