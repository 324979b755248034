use super::rename;
use crate::context::Context;
use crate::excerpt::{EXCERPT_CHARS, excerpt};
use crate::registry::Check;
use crate::schema::schemas;
use crate::schema::walk::transformed_by_macro;
use crate::view::{RefKind, Reference};
use crate::{Diagnostic, declare_rule, suggest};
use plimsoll_template::{NodeRef, Span};
use std::collections::HashMap;

declare_rule! {
    /// ### What it does
    /// Reports an `Fn::GetAtt` (or a `${Resource.Attribute}` in `Fn::Sub`) of an attribute the
    /// resource's type does not have (`!GetAtt Service.Arn` on an ECS service, whose
    /// attribute is `ServiceArn`), and suggests the closest attribute.
    ///
    /// The attributes are those the type's schema marks read-only, the properties of the
    /// older types whose `Fn::GetAtt` reads properties, and a nested stack's `Outputs.<name>`.
    /// Custom resources (any attribute), attributes the template does not write, and templates
    /// processed by a macro are not checked.
    ///
    /// ### Why is this bad?
    /// CloudFormation rejects the template before it creates anything ("Template error:
    /// resource Service does not support attribute type Arn in Fn::GetAtt").
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties: {}
    /// Outputs:
    ///   ServiceArn:
    ///     Value: !GetAtt Service.Arn
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties: {}
    /// Outputs:
    ///   ServiceArn:
    ///     Value: !GetAtt Service.ServiceArn
    /// ```
    pub struct UnknownAttribute {
        code: "SCH010",
        name: "unknown-attribute",
        severity: Error,
        needs: Schemas,
    }
}

impl Check for UnknownAttribute {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if transformed_by_macro(cx.template.root) {
            return;
        }
        let types: HashMap<&str, &str> = cx
            .template
            .resources
            .iter()
            .filter(|r| !r.is_custom())
            .filter_map(|r| Some((r.name, r.type_name?)))
            .collect();
        for reference in &cx.template.references {
            if !matches!(reference.kind, RefKind::GetAtt | RefKind::Sub) {
                continue;
            }
            let Some(attribute) = reference.attribute else {
                continue;
            };
            let Some(type_name) = types.get(reference.target) else {
                continue;
            };
            let Some(schema) = schemas().resource_type(type_name) else {
                continue;
            };
            if schema.has_attribute(attribute) {
                continue;
            }
            let listed: Vec<&str> = schema.attributes().filter(|a| !a.contains('*')).collect();
            let close = suggest::closest(attribute, listed.iter().copied());
            let known = match listed.len() {
                0 => "it has none".to_owned(),
                1..=6 => {
                    let quoted: Vec<String> = listed.iter().map(|a| format!("`{a}`")).collect();
                    format!("it has {}", quoted.join(", "))
                }
                n => format!("it has {n} others"),
            };
            let message = format!(
                "`{type_name}` has no attribute `{}` (resource `{}`); {known}",
                excerpt(attribute, EXCERPT_CHARS),
                reference.target
            );
            let (span, written) = attribute_span(cx, reference, attribute);
            let builder = Diagnostic::builder(&Self::META, span, written.path(), message);
            out.push(rename::suggest(cx, builder, span, attribute, close).build());
        }
    }
}

/// Where the attribute is written, and the node holding it: the second item of
/// `[Resource, Attribute]`, or the part after the dot of `Resource.Attribute` (in a GetAtt
/// string or a Sub variable).
fn attribute_span<'d>(
    cx: &Context<'d>,
    reference: &Reference<'d>,
    attribute: &str,
) -> (Span, NodeRef<'d>) {
    let node = reference.node;
    if reference.kind == RefKind::GetAtt
        && let Some(list) = node.parent().filter(|p| p.is_seq())
        && let Some(written) = list.at(1)
    {
        return (cx.span_of_text_in(written, attribute), written);
    }
    let dotted = format!("{}.{attribute}", reference.target);
    let whole = cx.span_of_text_in(node, &dotted);
    let span = if whole.text(cx.source) == dotted {
        Span::new(whole.start + reference.target.len() as u32 + 1, whole.end)
    } else {
        whole
    };
    (span, node)
}

// The rules read the embedded schemas: without them they are silent by design.
#[cfg(all(test, feature = "schemas"))]
mod tests {
    #[test]
    fn fixes_rename_the_attribute_where_it_is_written() {
        let yaml = "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\nOutputs:\n  A:\n    Value: !GetAtt Db.Endpoint.Adress\n  B:\n    Value: !Sub \"${Db.Endpoint.Prot}\"\n";
        assert_eq!(
            crate::test_support::fixed("SCH010", yaml),
            yaml.replace("Adress", "Address").replace("Prot", "Port")
        );
        let json = r#"{"Resources": {"Db": {"Type": "AWS::RDS::DBInstance"}}, "Outputs": {"A": {"Value": {"Fn::GetAtt": ["Db", "Endpoint.Adress"]}}}}"#;
        assert_eq!(
            crate::test_support::fixed("SCH010", json),
            json.replace("Adress", "Address")
        );
    }
}
