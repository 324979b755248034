use super::rename;
use crate::context::Context;
use crate::excerpt::{EXCERPT_CHARS, excerpt};
use crate::registry::Check;
use crate::schema::walk::{for_each_value, owner_key};
use crate::{Diagnostic, declare_rule, suggest};

declare_rule! {
    /// ### What it does
    /// Reports a property, at any depth of a resource's `Properties`, that the resource type's
    /// schema does not declare where it is written (`MinimumHealthyPercnt` inside an ECS
    /// service's `DeploymentConfiguration`), and suggests the closest declared name.
    ///
    /// Only objects whose schema refuses other properties are checked. Values the template
    /// does not write (intrinsic functions other than `Fn::If`), `Fn::If` branches its
    /// conditions rule out, the keys that add properties (`Fn::Transform`, `Fn::ForEach::…`),
    /// custom resources, and templates processed by a macro are not checked. A function written
    /// as a key beside properties (`Fn::If:` next to `Path:`) is not a call and is reported.
    ///
    /// ### Why is this bad?
    /// CloudFormation rejects the resource ("extraneous key … is not permitted") and the
    /// deployment fails and rolls back. Until it does, Plimsoll's rules read the property the
    /// author meant as absent and judge the default instead, so they may stay silent about a
    /// deadlock or downtime.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       DeploymentConfiguration:
    ///         MinimumHealthyPercnt: 100
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       DeploymentConfiguration:
    ///         MinimumHealthyPercent: 100
    /// ```
    pub struct UnknownProperty {
        code: "SCH002",
        name: "unknown-property",
        severity: Error,
        needs: Schemas,
    }
}

impl Check for UnknownProperty {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_value(cx, |resource, value| {
            if value.function || !value.node.is_map() || !value.shape.is_closed() {
                return;
            }
            let type_name = resource.type_name.unwrap_or_default();
            for (key, child) in value.node.entries() {
                if spliced_in(key) || value.shape.property(key).is_some() {
                    continue;
                }
                let close = suggest::closest(key, value.shape.property_names());
                let place = if value.node.parent() == Some(resource.node) {
                    format!("`{type_name}`")
                } else {
                    let owner = owner_key(value.node).unwrap_or("Properties");
                    format!("`{owner}` of `{type_name}`")
                };
                let message = format!(
                    "`{}` is not a property of {place} (resource `{}`)",
                    excerpt(key, EXCERPT_CHARS),
                    resource.name
                );
                let key_span = child.key_span();
                // A key the parser already reported (a YAML merge key `<<`) is not reported
                // again as a property.
                if cx
                    .parse_diagnostics
                    .iter()
                    .any(|p| key_span.start <= p.span.start && p.span.end <= key_span.end)
                {
                    continue;
                }
                let span = cx.key_name_span(child);
                let builder = Diagnostic::builder(&Self::META, span, child.path(), message);
                out.push(rename::suggest(cx, builder, span, key, close).build());
            }
        });
    }
}

/// Keys that CloudFormation replaces with properties before it validates the object: an
/// included snippet (`Fn::Transform`) and the language extensions' loops (`Fn::ForEach::…`).
fn spliced_in(key: &str) -> bool {
    key == "Fn::Transform" || key.starts_with("Fn::ForEach::")
}

// The rules read the embedded schemas: without them they are silent by design.
#[cfg(all(test, feature = "schemas"))]
mod tests {
    #[test]
    fn fixes_rename_the_key_in_yaml_and_json() {
        let yaml = "Resources:\n  S:\n    Type: AWS::ECS::Service\n    Properties:\n      DeploymentConfiguration:\n        MinimumHealthyPercnt: 100\n";
        assert_eq!(
            crate::test_support::fixed("SCH002", yaml),
            yaml.replace("Percnt", "Percent")
        );
        let json = r#"{"Resources": {"S": {"Type": "AWS::ECS::Service", "Properties": {"LaunchTyp": "FARGATE"}}}}"#;
        assert_eq!(
            crate::test_support::fixed("SCH002", json),
            json.replace("LaunchTyp", "LaunchType")
        );
    }
}
