use super::decided::{bounds, named, outside, scalar};
use crate::context::Context;
use crate::excerpt::{EXCERPT_CHARS, excerpt};
use crate::registry::Check;
use crate::schema::walk::for_each_value;
use crate::{Diagnostic, declare_rule};

declare_rule! {
    /// ### What it does
    /// Reports a number below its schema's minimum or above its maximum
    /// (`DelaySeconds: 1000` on an SQS queue, whose delay is at most 900 seconds).
    ///
    /// Values of intrinsic functions are judged only when the template decides them (parameter
    /// defaults or overrides, mappings, conditions), as warnings when a parameter's default decides
    /// them: a deployment that passes the parameter is fine. The rest, `Fn::If` branches the
    /// conditions rule out, custom resources and templates processed by a macro are not.
    ///
    /// ### Why is this bad?
    /// CloudFormation (or the service, at create time) rejects the value and the deployment
    /// fails and rolls back.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Queue:
    ///     Type: AWS::SQS::Queue
    ///     Properties:
    ///       DelaySeconds: 1000
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Queue:
    ///     Type: AWS::SQS::Queue
    ///     Properties:
    ///       DelaySeconds: 900
    /// ```
    pub struct NumberOutOfRange {
        code: "SCH006",
        name: "number-out-of-range",
        severity: Error,
        needs: Schemas,
    }
}

impl Check for NumberOutOfRange {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_value(cx, |resource, value| {
            let (least, most) = value.shape.limits().range;
            if least.is_none() && most.is_none() {
                return;
            }
            let Some(decided) = scalar(cx, value) else {
                return;
            };
            // Text that is not a number is SCH004's to report.
            let Some(number) = decided.value.as_f64() else {
                return;
            };
            if !outside(number, least, most) {
                return;
            }
            let message = format!(
                "{} is {}{}; it must be {}",
                named(value, resource.name),
                excerpt(
                    decided.value.to_text().unwrap_or_default().trim(),
                    EXCERPT_CHARS
                ),
                decided.provenance,
                bounds(least, most)
            );
            let builder = Diagnostic::at(&Self::META, value.node, message);
            out.push(decided.grade(builder).build());
        });
    }
}
