use crate::{Diagnostic, declare_rule};
use plimsoll_template::{ParseDiagnostic, Span};

declare_rule! {
    /// ### What it does
    /// Reports every key that a mapping repeats. Linting continues with the first value.
    ///
    /// ### Why is this bad?
    /// YAML forbids duplicate keys, but many parsers silently keep the last value, so one of
    /// the two definitions is lost without a word: a resource, a property, an output. Which
    /// one survives depends on the tool reading the template.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Queue:
    ///     Type: AWS::SQS::Queue
    ///   Queue:
    ///     Type: AWS::SNS::Topic
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Queue:
    ///     Type: AWS::SQS::Queue
    ///   Topic:
    ///     Type: AWS::SNS::Topic
    /// ```
    pub struct DuplicateKey {
        code: "TPL002",
        name: "duplicate-key",
        severity: Error,
    }
}

pub(super) fn diagnostic(
    problem: &ParseDiagnostic,
    key: &str,
    first: Span,
    path: String,
) -> Diagnostic {
    Diagnostic::builder(
        &DuplicateKey::META,
        problem.span,
        path,
        format!("duplicate key `{key}`: the first definition is used and this one is lost"),
    )
    .label(first, "first defined here")
    .help("rename or remove one of the two; tools disagree on which one they keep")
    .build()
}
