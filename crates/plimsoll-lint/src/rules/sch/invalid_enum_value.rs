use super::rename;
use crate::context::Context;
use crate::excerpt::{EXCERPT_CHARS, excerpt};
use crate::registry::Check;
use crate::schema::walk::{for_each_value, owner_key};
use crate::{Diagnostic, declare_rule, suggest};

declare_rule! {
    /// ### What it does
    /// Reports a property value that is not one of the values its schema lists
    /// (`LaunchType: FARGATE_SPOT` on an ECS service, `SchedulingStrategy: DEAMON`), and
    /// suggests the closest allowed value. Values are compared as CloudFormation compares
    /// them: exactly, or ignoring case where the schema says so.
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
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       SchedulingStrategy: DEAMON
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       SchedulingStrategy: DAEMON
    /// ```
    pub struct InvalidEnumValue {
        code: "SCH005",
        name: "invalid-enum-value",
        severity: Error,
        needs: Schemas,
    }
}

impl Check for InvalidEnumValue {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_value(cx, |resource, value| {
            let shape = value.shape;
            if shape.enum_values().next().is_none() {
                return;
            }
            let Some(decided) = super::decided::scalar(cx, value) else {
                return;
            };
            let provenance = &decided.provenance;
            let Some(text) = decided.value.to_text() else {
                return;
            };
            let ignore_case = shape.enum_ignores_case();
            if shape.enum_values().any(|allowed| {
                allowed == text || ignore_case && allowed.eq_ignore_ascii_case(&text)
            }) {
                return;
            }
            let allowed: Vec<&str> = shape.enum_values().collect();
            let close = suggest::closest(&text, allowed.iter().copied());
            let name = owner_key(value.node).unwrap_or("Properties");
            let listed = if allowed.len() <= 8 {
                let quoted: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
                format!(": one of {}", quoted.join(", "))
            } else {
                format!(" ({} values)", allowed.len())
            };
            let message = format!(
                "`{}`{provenance} is not an allowed value of `{name}` of resource `{}`{listed}",
                excerpt(&text, EXCERPT_CHARS),
                resource.name
            );
            let builder = Diagnostic::at(&Self::META, value.node, message);
            let literal = !value.function && value.node.as_str() == Some(text.as_str());
            let builder = if literal {
                let span = cx.span_of_text_in(value.node, &text);
                rename::suggest(cx, builder, span, &text, close)
            } else {
                match close {
                    Some(close) => builder.help(format!("did you mean `{close}`?")),
                    None => builder,
                }
            };
            out.push(decided.grade(builder).build());
        });
    }
}
