//! Which node a property's value comes from: decidable `Fn::If`s are followed to their branch,
//! `!Ref AWS::NoValue` removes the property. Rules that point at a value or read a nested
//! property (`DeploymentConfiguration.MinimumHealthyPercent`) go through this, so a value
//! chosen by a condition is judged and located exactly.

use crate::eval::{Evaluator, ParamUse};
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

/// The parameters that decided the `Fn::If`s around `node`: a value reached through decided
/// conditions (`!If [IsProduction, 4, 1]` with `Environment=dev`) was chosen by them, and
/// messages should say so.
pub fn deciding_parameters<'d>(ev: &Evaluator<'_, 'd>, node: NodeRef<'d>) -> Vec<ParamUse<'d>> {
    let mut conditions: Vec<&str> = Vec::new();
    let mut at = node;
    while let Some(parent) = at.parent() {
        if at.key() == Some("Fn::If")
            && parent.intrinsic().is_some()
            && let Some(name) = at.at(0).and_then(NodeRef::as_str)
        {
            conditions.push(name);
        }
        at = parent;
    }
    let mut out: Vec<ParamUse<'d>> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    while let Some(name) = conditions.pop() {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let Some(condition) = ev.template().condition(name) else {
            continue;
        };
        let mut stack = vec![condition];
        while let Some(node) = stack.pop() {
            match node.intrinsic() {
                Some(("Ref", argument)) => {
                    if let Some((_, used)) = argument.as_str().and_then(|p| ev.parameter(p))
                        && !out.contains(used)
                    {
                        out.push(used.clone());
                    }
                }
                Some(("Condition", argument)) => conditions.extend(argument.as_str()),
                _ => {
                    stack.extend(node.items());
                    stack.extend(node.entries().map(|(_, v)| v));
                }
            }
        }
    }
    out
}
