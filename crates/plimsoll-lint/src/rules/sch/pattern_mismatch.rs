use super::decided::{named, scalar};
use crate::context::Context;
use crate::eval::Val;
use crate::excerpt::{EXCERPT_CHARS, excerpt};
use crate::registry::Check;
use crate::schema::pattern;
use crate::schema::walk::for_each_value;
use crate::{Diagnostic, declare_rule};

/// Characters of a pattern shown in a message: longer ones are cut.
const MAX_SHOWN: usize = 120;

declare_rule! {
    /// ### What it does
    /// Reports text that does not match the pattern its schema gives (a log group name with
    /// a space, a KMS key ARN that is not one).
    ///
    /// Patterns run on a linear-time regex engine (no backtracking); a pattern it does not take
    /// (lookaround) is not checked. Values of intrinsic functions are judged only when the template
    /// decides them (parameter defaults or overrides, mappings, conditions, `Fn::Sub` with decided
    /// variables), as warnings when a parameter's default decides them: a deployment that passes
    /// the parameter is fine. The rest, `Fn::If` branches the conditions rule out, custom resources
    /// and templates processed by a macro are not.
    ///
    /// ### Why is this bad?
    /// CloudFormation (or the service, at create time) rejects the value and the deployment
    /// fails and rolls back.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Logs:
    ///     Type: AWS::Logs::LogGroup
    ///     Properties:
    ///       LogGroupName: ecs web logs
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Logs:
    ///     Type: AWS::Logs::LogGroup
    ///     Properties:
    ///       LogGroupName: /ecs/web
    /// ```
    pub struct PatternMismatch {
        code: "SCH008",
        name: "pattern-mismatch",
        severity: Error,
        needs: Schemas,
    }
}

impl Check for PatternMismatch {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_value(cx, |resource, value| {
            let Some(wanted) = value.shape.limits().pattern else {
                return;
            };
            let Some(decided) = scalar(cx, value) else {
                return;
            };
            let text = match &decided.value {
                Val::Str(text) => text.clone(),
                Val::Int(n) => n.to_string(),
                _ => return,
            };
            if pattern::matches(wanted, &text) != Some(false) {
                return;
            }
            let message = format!(
                "{} is `{}`{}, which does not match the pattern `{}`",
                named(value, resource.name),
                excerpt(&text, EXCERPT_CHARS),
                decided.provenance,
                excerpt(wanted, MAX_SHOWN),
            );
            let builder = Diagnostic::at(&Self::META, value.node, message);
            out.push(decided.grade(builder).build());
        });
    }
}

// The rules read the embedded schemas: without them they are silent by design.
#[cfg(all(test, feature = "schemas"))]
mod tests {

    /// A value quoted in a message is cut and escaped: a huge or hostile value cannot flood a
    /// CI log or act on a terminal.
    #[test]
    fn quoted_values_are_short_and_escaped() {
        let value = format!("a b\u{1b}[31m{}", "x".repeat(100_000));
        let yaml = format!(
            "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: \"{}\"\n      RetentionInDays: 7\n",
            value.replace('\u{1b}', "\\e")
        );
        let found = crate::lint(&yaml, &crate::Settings::default());
        let pattern = found.iter().find(|d| d.code == "SCH008").expect("SCH008");
        assert!(
            pattern.message.chars().count() < 400,
            "{}",
            pattern.message.len()
        );
        assert!(!pattern.message.contains('\u{1b}'), "{}", pattern.message);
    }
}
