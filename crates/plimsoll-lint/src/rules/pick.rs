//! Which node a property's value comes from: decidable `Fn::If`s are followed to their branch,
//! `!Ref AWS::NoValue` removes the property. Rules that point at a value or read a nested
//! property (`DeploymentConfiguration.MinimumHealthyPercent`) go through this, so a value
//! chosen by a condition is judged and located exactly.

use crate::eval::Evaluator;
use plimsoll_template::NodeRef;

/// Where a value comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Picked<'d> {
    /// Not set (absent, or `!Ref AWS::NoValue`): the service default applies.
    Absent,
    /// This node (not an `Fn::If`) gives the value.
    Node(NodeRef<'d>),
    /// An `Fn::If` whose condition cannot be decided, or a malformed one.
    Unknown,
}

impl<'d> Picked<'d> {
    pub fn node(self) -> Option<NodeRef<'d>> {
        match self {
            Picked::Node(node) => Some(node),
            Picked::Absent | Picked::Unknown => None,
        }
    }

    /// The value of `key` when this is a mapping; unknown when this is an intrinsic other
    /// than `Fn::If` (a map built by `Fn::FindInMap`, an import…).
    pub fn get(self, ev: &Evaluator<'_, 'd>, key: &str) -> Picked<'d> {
        match self {
            Picked::Absent => Picked::Absent,
            Picked::Unknown => Picked::Unknown,
            Picked::Node(node) if node.intrinsic().is_some() => Picked::Unknown,
            Picked::Node(node) if node.is_map() => pick(ev, node.get(key)),
            // A scalar or list where a mapping belongs: nothing to read.
            Picked::Node(_) => Picked::Unknown,
        }
    }

    /// The items of a list, each picked; `None` when the list itself is unknown or not a list.
    pub fn items(self, ev: &Evaluator<'_, 'd>) -> Option<Vec<Picked<'d>>> {
        match self {
            Picked::Absent => Some(Vec::new()),
            Picked::Unknown => None,
            Picked::Node(node) if node.is_seq() => {
                Some(node.items().map(|i| pick(ev, Some(i))).collect())
            }
            Picked::Node(_) => None,
        }
    }
}

/// Follows `node` through decidable `Fn::If`s.
pub fn pick<'d>(ev: &Evaluator<'_, 'd>, node: Option<NodeRef<'d>>) -> Picked<'d> {
    let Some(mut node) = node else {
        return Picked::Absent;
    };
    // Each step goes one level down the tree, so this ends; the bound is only a guard.
    for _ in 0..64 {
        match node.intrinsic() {
            Some(("Ref", argument)) if argument.as_str() == Some("AWS::NoValue") => {
                return Picked::Absent;
            }
            Some(("Fn::If", argument)) => {
                let Some(condition) = argument.at(0).and_then(NodeRef::as_str) else {
                    return Picked::Unknown;
                };
                let branch = match ev.condition(condition) {
                    Some(true) => argument.at(1),
                    Some(false) => argument.at(2),
                    None => None,
                };
                match branch {
                    Some(branch) => node = branch,
                    None => return Picked::Unknown,
                }
            }
            _ => return Picked::Node(node),
        }
    }
    Picked::Unknown
}

/// A resource property, picked.
pub fn property<'d>(
    ev: &Evaluator<'_, 'd>,
    resource: &crate::view::Resource<'d>,
    key: &str,
) -> Picked<'d> {
    pick(ev, resource.property(key))
}
