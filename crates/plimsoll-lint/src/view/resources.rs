//! Template resources.

use plimsoll_template::NodeRef;

/// One entry of `Resources`.
#[derive(Clone, Copy, Debug)]
pub struct Resource<'d> {
    pub name: &'d str,
    pub node: NodeRef<'d>,
    /// `Type`, e.g. `AWS::ECS::Service`.
    pub type_name: Option<&'d str>,
    pub properties: Option<NodeRef<'d>>,
    /// The name of the resource's `Condition`, if it has one.
    pub condition: Option<&'d str>,
}

impl<'d> Resource<'d> {
    pub(crate) fn new(name: &'d str, node: NodeRef<'d>) -> Resource<'d> {
        Resource {
            name,
            node,
            type_name: node.get("Type").and_then(NodeRef::as_str),
            properties: node.get("Properties").filter(|p| p.is_map()),
            condition: node.get("Condition").and_then(NodeRef::as_str),
        }
    }

    /// A property by name.
    pub fn property(&self, name: &str) -> Option<NodeRef<'d>> {
        self.properties.and_then(|p| p.get(name))
    }

    /// A custom resource (`AWS::CloudFormation::CustomResource` or `Custom::*`).
    pub fn is_custom(&self) -> bool {
        self.type_name.is_some_and(|t| {
            t == "AWS::CloudFormation::CustomResource" || t.starts_with("Custom::")
        })
    }

    /// The span to point at when a finding concerns the whole resource: its name.
    pub fn name_span(&self) -> plimsoll_template::Span {
        self.node.key_span()
    }
}
