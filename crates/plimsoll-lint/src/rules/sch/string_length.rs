use super::decided::{bounds, named, outside, scalar};
use crate::context::Context;
use crate::eval::Val;
use crate::registry::Check;
use crate::schema::walk::for_each_value;
use crate::{Diagnostic, declare_rule};

declare_rule! {
    /// ### What it does
    /// Reports text shorter than its schema's minimum length or longer than its maximum (an
    /// S3 bucket name of 70 characters; the limit is 63), counted in characters.
    ///
    /// Values of intrinsic functions are judged only when the template decides them (parameter
    /// defaults or overrides, mappings, conditions, `Fn::Sub` with decided variables), as warnings
    /// when a parameter's default decides them: a deployment that passes the parameter is fine. The
    /// rest, `Fn::If` branches the conditions rule out, custom resources and templates processed by
    /// a macro are not.
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
    ///       LogGroupName: ""
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
    pub struct StringLength {
        code: "SCH007",
        name: "string-length",
        severity: Error,
        needs: Schemas,
    }
}

impl Check for StringLength {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_value(cx, |resource, value| {
            let (least, most) = value.shape.limits().length;
            if least.is_none() && most.is_none() {
                return;
            }
            let Some(decided) = scalar(cx, value) else {
                return;
            };
            if matches!(decided.value, Val::Bool(_)) {
                return;
            }
            let Some(text) = decided.value.to_text() else {
                return;
            };
            let length = u32::try_from(text.chars().count()).unwrap_or(u32::MAX);
            if !outside(length, least, most) {
                return;
            }
            let unit = if length == 1 {
                "character"
            } else {
                "characters"
            };
            let message = format!(
                "{} is {length} {unit} long{}; it must be {} characters",
                named(value, resource.name),
                decided.provenance,
                bounds(least, most)
            );
            let builder = Diagnostic::at(&Self::META, value.node, message);
            out.push(decided.grade(builder).build());
        });
    }
}
