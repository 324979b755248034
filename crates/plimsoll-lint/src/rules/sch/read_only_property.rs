use crate::context::Context;
use crate::registry::Check;
use crate::schema::walk::{function, typed_resources};
use crate::{Diagnostic, declare_rule};
use plimsoll_template::NodeRef;

declare_rule! {
    /// ### What it does
    /// Reports a property the resource type's schema marks read-only (`ServiceArn` on an ECS
    /// service, `Arn` on most types) written in the template's `Properties`.
    ///
    /// Properties reached through a list, custom resources and templates processed by a macro
    /// are not checked.
    ///
    /// ### Why is this bad?
    /// CloudFormation sets a read-only property itself and does not pass the template's value
    /// to the resource: the value has no effect, and whoever reads the template believes
    /// something that is not deployed.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       ServiceArn: arn:aws:ecs:us-east-1:123456789012:service/web/api
    ///       ServiceName: api
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       ServiceName: api
    /// ```
    pub struct ReadOnlyProperty {
        code: "SCH011",
        name: "read-only-property",
        severity: Warning,
        needs: Schemas,
    }
}

impl Check for ReadOnlyProperty {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (resource, schema) in typed_resources(cx) {
            let Some(properties) = resource.properties else {
                continue;
            };
            for path in schema.read_only() {
                let Some(written) = lookup(properties, path) else {
                    continue;
                };
                let message = format!(
                    "`{path}` of `{}` is read-only: CloudFormation sets it and ignores the value \
                     written here (resource `{}`)",
                    schema.name(),
                    resource.name
                );
                let span = cx.key_name_span(written);
                out.push(
                    Diagnostic::builder(&Self::META, span, written.path(), message)
                        .help("remove it; read it with `Fn::GetAtt` where it is needed")
                        .build(),
                );
            }
        }
    }
}

/// The value at a dotted path through literal mappings, unless it is `Ref: AWS::NoValue`.
fn lookup<'d>(properties: NodeRef<'d>, path: &str) -> Option<NodeRef<'d>> {
    let mut at = properties;
    for segment in path.split('.') {
        at = at.get(segment)?;
    }
    let removed = function(at)
        .is_some_and(|(name, argument)| name == "Ref" && argument.as_str() == Some("AWS::NoValue"));
    (!removed).then_some(at)
}
