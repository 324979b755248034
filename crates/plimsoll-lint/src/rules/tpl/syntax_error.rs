use crate::{Diagnostic, declare_rule};
use plimsoll_template::{ParseDiagnostic, ParseErrorKind, Span};

declare_rule! {
    /// ### What it does
    /// Reports text that cannot be read as a CloudFormation template: YAML or JSON syntax
    /// errors, tags CloudFormation does not define (`!Reff`, and YAML tags other than the
    /// core `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map` and `!!seq`, such as
    /// `!!binary` or `!!python/…`), YAML merge keys (`<<`), several YAML documents in one
    /// file, a top level that is not a mapping, and input past Plimsoll's limits on size,
    /// nesting depth and alias expansion.
    ///
    /// A `\uXXXX` escape of half a UTF-16 surrogate pair without its other half stands for no
    /// character: it is reported and read as U+FFFD, the replacement character, and the rest
    /// of the template is checked. Whole pairs (`"\ud83d\ude80"`, as JSON writers escape
    /// emoji) are one character, in JSON and in YAML double-quoted strings.
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
             !ImportValue and !Transform; of YAML's own tags only !!str, !!int, !!float, !!bool, \
             !!null, !!map and !!seq",
        ),
        ParseErrorKind::InvalidEscape => {
            Some("write the whole surrogate pair (`\\ud83d\\ude80`) or the character itself")
        }
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
