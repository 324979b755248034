//! A typed view of a template: parameters, mappings, conditions, resources, outputs, and the
//! reference graph between them. Built once per lint; rules read it instead of walking the tree.

mod parameters;
mod references;
mod resources;
pub mod sub;

pub use parameters::Parameter;
pub use references::{RefKind, Reference};
pub use resources::Resource;

use plimsoll_template::NodeRef;
use std::collections::HashMap;

/// A named top-level entry (`Conditions`, `Outputs`, `Mappings`).
#[derive(Clone, Copy, Debug)]
pub struct Named<'d> {
    pub name: &'d str,
    pub node: NodeRef<'d>,
}

/// The sections of a template, indexed by name.
#[derive(Debug)]
pub struct Template<'d> {
    pub root: NodeRef<'d>,
    pub parameters: Vec<Parameter<'d>>,
    pub mappings: Vec<Named<'d>>,
    pub conditions: Vec<Named<'d>>,
    pub resources: Vec<Resource<'d>>,
    pub outputs: Vec<Named<'d>>,
    /// Every Ref, GetAtt, Sub variable, DependsOn and condition name in the template.
    pub references: Vec<Reference<'d>>,
    /// Whether the template declares a `Transform` (SAM, macros), which may add resources.
    pub has_transform: bool,
    parameter_index: HashMap<&'d str, usize>,
    resource_index: HashMap<&'d str, usize>,
    condition_index: HashMap<&'d str, usize>,
    mapping_index: HashMap<&'d str, usize>,
}

impl<'d> Template<'d> {
    /// The view of a template whose root is a mapping.
    pub fn new(root: NodeRef<'d>) -> Template<'d> {
        let named = |section: &str| -> Vec<Named<'d>> {
            root.get(section)
                .map(|s| {
                    s.entries()
                        .map(|(name, node)| Named { name, node })
                        .collect()
                })
                .unwrap_or_default()
        };
        let parameters: Vec<Parameter<'d>> = root
            .get("Parameters")
            .map(|s| s.entries().map(|(n, v)| Parameter::new(n, v)).collect())
            .unwrap_or_default();
        let resources: Vec<Resource<'d>> = root
            .get("Resources")
            .map(|s| s.entries().map(|(n, v)| Resource::new(n, v)).collect())
            .unwrap_or_default();
        let mappings = named("Mappings");
        let conditions = named("Conditions");
        let outputs = named("Outputs");
        let index = |names: Vec<&'d str>| -> HashMap<&'d str, usize> {
            names.into_iter().enumerate().map(|(i, n)| (n, i)).collect()
        };
        let mut template = Template {
            root,
            parameter_index: index(parameters.iter().map(|p| p.name).collect()),
            resource_index: index(resources.iter().map(|r| r.name).collect()),
            condition_index: index(conditions.iter().map(|c| c.name).collect()),
            mapping_index: index(mappings.iter().map(|m| m.name).collect()),
            parameters,
            mappings,
            conditions,
            resources,
            outputs,
            references: Vec::new(),
            has_transform: root.get("Transform").is_some(),
        };
        template.references = references::collect(&template);
        template
    }

    pub fn parameter(&self, name: &str) -> Option<&Parameter<'d>> {
        self.parameter_index.get(name).map(|&i| &self.parameters[i])
    }

    pub fn resource(&self, name: &str) -> Option<&Resource<'d>> {
        self.resource_index.get(name).map(|&i| &self.resources[i])
    }

    /// Whether a reference may name a resource (and so order it after that resource):
    /// `DependsOn` and `GetAtt` always do; `Ref X` and `${X}` do unless a parameter is named X.
    pub fn may_name_resource(&self, reference: &Reference<'_>) -> bool {
        match reference.kind {
            RefKind::DependsOn | RefKind::GetAtt => true,
            RefKind::Ref | RefKind::Sub => self.parameter(reference.target).is_none(),
            RefKind::Condition | RefKind::FindInMap => false,
        }
    }

    pub fn condition(&self, name: &str) -> Option<NodeRef<'d>> {
        self.condition_index
            .get(name)
            .map(|&i| self.conditions[i].node)
    }

    pub fn mapping(&self, name: &str) -> Option<NodeRef<'d>> {
        self.mapping_index.get(name).map(|&i| self.mappings[i].node)
    }

    /// Resources of one type (`AWS::ECS::Service`).
    pub fn resources_of_type<'a>(
        &'a self,
        type_name: &'a str,
    ) -> impl Iterator<Item = &'a Resource<'d>> + 'a {
        self.resources
            .iter()
            .filter(move |r| r.type_name == Some(type_name))
    }

    /// The resource named by `!Ref X`, `!GetAtt X.Attr` or `!Sub ${X.Attr}` at `node`, with the
    /// attribute (`None` for a Ref). Only direct references; parameters are not resources.
    pub fn referenced_resource(
        &self,
        node: NodeRef<'d>,
    ) -> Option<(&Resource<'d>, Option<String>)> {
        let (name, attribute) = references::direct_target(node)?;
        self.resource(&name).map(|r| (r, attribute))
    }
}
