use crate::{Diagnostic, declare_rule};
use plimsoll_template::NodeRef;

declare_rule! {
    /// ### What it does
    /// Reports an entry of `Metadata: {plimsoll: {ignore: […]}}` that suppresses nothing:
    /// the finding it was written for is gone, or the code is empty or names no rule.
    ///
    /// ### Why is this bad?
    /// Stale suppressions pile up and hide the next real finding of the same code. Removing
    /// them keeps every remaining suppression meaningful.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Queue:
    ///     Type: AWS::SQS::Queue
    ///     Metadata:
    ///       plimsoll:
    ///         ignore: [ESC005]
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Queue:
    ///     Type: AWS::SQS::Queue
    /// ```
    pub struct UnusedSuppression {
        code: "TPL004",
        name: "unused-suppression",
        severity: Info,
    }
}

pub(crate) fn diagnostic(entry: NodeRef<'_>, code: &str, known: bool) -> Diagnostic {
    let (message, help) = if code.is_empty() {
        (
            "this suppression names no rule code, so it matches nothing".to_owned(),
            "write the code of the finding to suppress, e.g. `ECS009`; `plimsoll rules` lists the codes",
        )
    } else if known {
        (
            format!("this suppression of {code} matches no finding"),
            "remove it; the finding it was written for is gone",
        )
    } else {
        (
            format!("`{code}` is not a rule code, so this suppression matches nothing"),
            "`plimsoll rules` lists the codes",
        )
    };
    Diagnostic::at(&UnusedSuppression::META, entry, message)
        .help(help)
        .build()
}
