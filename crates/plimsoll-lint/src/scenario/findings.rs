//! Which findings of a scenario to report, and how to say under which values they hold.

use super::Scenario;
use super::candidates::{compared_literals, read_parameters};
use crate::diagnostic::Diagnostic;
use crate::eval::Evaluator;
use crate::is_internal_error;
use crate::view::{Resource, Template};
use std::collections::HashMap;

/// The findings of `found` (the rules' findings under `scenario`) that lie in a resource
/// deployed in the scenario but not at base and that `reported` does not already hold (same
/// code and span), each message saying under which condition it holds.
pub(crate) fn keep<'d>(
    base: &Evaluator<'_, 'd>,
    under: &Evaluator<'_, 'd>,
    scenario: &Scenario<'d>,
    reported: &[Diagnostic],
    found: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let template = base.template();
    let newly: Vec<&Resource<'d>> = template
        .resources
        .iter()
        .filter(|r| {
            base.is_deployed(r.condition) == Some(false)
                && under.is_deployed(r.condition) == Some(true)
        })
        .collect();
    let compared = compared_literals(template);
    let mut kept: Vec<Diagnostic> = Vec::new();
    for mut finding in found {
        if is_internal_error(&finding) {
            continue;
        }
        let Some(resource) = newly.iter().find(|r| inside(r, &finding)) else {
            continue;
        };
        let same = |d: &Diagnostic| d.code == finding.code && d.span == finding.span;
        if reported.iter().any(same) || kept.iter().any(same) {
            continue;
        }
        let condition = resource.condition.unwrap_or_default();
        let when = when(scenario, condition, template, &compared);
        finding.message = with_condition(&finding.message, &when);
        kept.push(finding);
    }
    kept
}

/// Whether a finding is about `resource`: its span lies in the resource's entry, or its
/// path is under it.
fn inside(resource: &Resource<'_>, finding: &Diagnostic) -> bool {
    let path = format!("/Resources/{}", resource.name);
    resource.node.entry_span().contains(finding.span)
        || finding.path == path
        || finding.path.starts_with(&format!("{path}/"))
}

/// "when HasAccess is true: Env=prod, Bucket other than \"\"": the condition and the assumed
/// values of the parameters it reads.
fn when(
    scenario: &Scenario<'_>,
    condition: &str,
    template: &Template<'_>,
    compared: &HashMap<&str, Vec<String>>,
) -> String {
    let read = read_parameters(template, condition);
    let values: Vec<String> = scenario
        .assumed
        .iter()
        .filter(|(name, _)| read.contains(name))
        .map(|(name, value)| match value {
            Some(value) => format!("{name}={value}"),
            None => {
                let literals = compared.get(name).map(Vec::as_slice).unwrap_or_default();
                let quoted: Vec<String> = literals.iter().map(|l| format!("{l:?}")).collect();
                match quoted.len() {
                    0 => format!("{name} set"),
                    _ => format!("{name} other than {}", quoted.join(" or ")),
                }
            }
        })
        .collect();
    if values.is_empty() {
        format!("when {condition} is true")
    } else {
        format!("when {condition} is true: {}", values.join(", "))
    }
}

/// The message with " (when …)" added before its closing period, if it has one.
fn with_condition(message: &str, when: &str) -> String {
    match message.strip_suffix('.') {
        Some(body) => format!("{body} ({when})."),
        None => format!("{message} ({when})"),
    }
}
