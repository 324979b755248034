use crate::{Diagnostic, declare_rule};
use plimsoll_template::{ParseDiagnostic, ParseErrorKind, Span};

declare_rule! {
    /// ### What it does
    /// Reports text that cannot be read as a CloudFormation template: YAML or JSON syntax
    /// errors, tags CloudFormation does not define (`!Reff`), several YAML documents in one
    /// file, a top level that is not a mapping, and input past Plimsoll's limits on size,
    /// nesting depth and alias expansion.
    ///
    /// ### Why is this bad?
    /// CloudFormation rejects the template before it creates anything, and every other check
    /// needs a readable template. The position points at the first character it cannot read.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Queue:
    ///     Type: AWS::SQS::Queue
    ///     Properties: {DelaySeconds: 5
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Queue:
    ///     Type: AWS::SQS::Queue
    ///     Properties: {DelaySeconds: 5}
    /// ```
    pub struct SyntaxError {
        code: "TPL001",
        name: "syntax-error",
        severity: Error,
    }
}

pub(super) fn diagnostic(problem: &ParseDiagnostic, path: String) -> Diagnostic {
    let help = match problem.kind {
        ParseErrorKind::UnknownTag { .. } => Some(
            "CloudFormation's short forms are !Ref, !GetAtt, !Sub, !Join, !Select, !Split, \
             !If, !Equals, !And, !Or, !Not, !Condition, !FindInMap, !Base64, !Cidr, !GetAZs, \
             !ImportValue and !Transform",
        ),
        ParseErrorKind::Syntax => {
            Some("check the indentation and the brackets and quotes before this position")
        }
        _ => None,
    };
    let mut builder = Diagnostic::builder(&SyntaxError::META, problem.span, path, &problem.message);
    if let Some(help) = help {
        builder = builder.help(help);
    }
    builder.build()
}

/// TPL001 for a document whose top level is not a mapping (or that is empty).
pub(crate) fn not_a_mapping(span: Span) -> Diagnostic {
    Diagnostic::builder(
        &SyntaxError::META,
        span,
        "",
        "a template must be a mapping with a `Resources` section",
    )
    .build()
}
