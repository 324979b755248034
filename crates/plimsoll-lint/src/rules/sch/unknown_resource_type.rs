use super::rename;
use crate::context::Context;
use crate::excerpt::{EXCERPT_CHARS, excerpt};
use crate::registry::Check;
use crate::schema::schemas;
use crate::schema::walk::{transformed_by_macro, uses_sam};
use crate::{Diagnostic, declare_rule, suggest};

declare_rule! {
    /// ### What it does
    /// Reports a resource whose `Type` names no resource type CloudFormation has
    /// (`AWS::ECS::Servce`), and suggests the closest one. Types are checked against the
    /// resource provider schemas of us-east-1 that Plimsoll ships, case-sensitively, as
    /// CloudFormation checks them.
    ///
    /// Custom resources (`Custom::…`), third-party and private registry types (any prefix other
    /// than `AWS::` and `Alexa::`), modules (`…::MODULE`), `AWS::Serverless::…` types under the
    /// SAM transform, and templates processed by a macro are not reported. A type that exists
    /// only in other regions than us-east-1 is reported too.
    ///
    /// ### Why is this bad?
    /// CloudFormation rejects the template ("Unrecognized resource types") before it creates
    /// anything, and Plimsoll's other rules do not recognise the resource either, so they stay
    /// silent about it.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Servce
    ///     Properties:
    ///       Cluster: default
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       Cluster: default
    /// ```
    pub struct UnknownResourceType {
        code: "SCH001",
        name: "unknown-resource-type",
        severity: Error,
        needs: Schemas,
    }
}

impl Check for UnknownResourceType {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let schemas = schemas();
        let root = cx.template.root;
        if !schemas.is_available() || transformed_by_macro(root) {
            return;
        }
        let sam = uses_sam(root);
        for resource in &cx.template.resources {
            let (Some(type_name), Some(node)) = (resource.type_name, resource.node.get("Type"))
            else {
                continue;
            };
            if !is_checked(type_name, sam) || schemas.resource_type(type_name).is_some() {
                continue;
            }
            let close = suggest::closest(type_name, schemas.type_names());
            let mut message = format!(
                "`{}` is not a CloudFormation resource type (resource `{}`)",
                excerpt(type_name, EXCERPT_CHARS),
                resource.name
            );
            if type_name.starts_with("AWS::Serverless::") {
                message.push_str(
                    "; `AWS::Serverless::` types need `Transform: AWS::Serverless-2016-10-31`",
                );
            }
            let builder = Diagnostic::at(&Self::META, node, message);
            let span = cx.span_of_text_in(node, type_name);
            out.push(rename::suggest(cx, builder, span, type_name, close).build());
        }
    }
}

/// Whether a type is one the schemas should know: AWS's own, not a custom resource, a
/// registry extension or a SAM type the transform expands.
fn is_checked(type_name: &str, sam: bool) -> bool {
    (type_name.starts_with("AWS::") || type_name.starts_with("Alexa::"))
        && !(sam && type_name.starts_with("AWS::Serverless::"))
        && !type_name.ends_with("::MODULE")
}

// The rules read the embedded schemas: without them they are silent by design.
#[cfg(all(test, feature = "schemas"))]
mod tests {
    #[test]
    fn fixes_replace_the_misspelt_type() {
        let yaml = "Resources:\n  Q:\n    Type: AWS::SQS::Queu\n";
        assert_eq!(
            crate::test_support::fixed("SCH001", yaml),
            yaml.replace("Queu\n", "Queue\n")
        );
    }
}
