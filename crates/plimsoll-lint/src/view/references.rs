//! The reference graph: every name one part of a template uses of another.

use super::{Template, sub};
use plimsoll_template::NodeRef;
use std::ops::Range;

/// How a name is referenced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// `Ref: X` — a parameter, resource or pseudo parameter.
    Ref,
    /// `Fn::GetAtt: [X, Attr]` — a resource.
    GetAtt,
    /// `${X}` or `${X.Attr}` in `Fn::Sub` — a parameter, resource or pseudo parameter.
    Sub,
    /// `DependsOn: X` — a resource.
    DependsOn,
    /// `Condition: X` on a resource or output, in a condition function, or `Fn::If`'s first item.
    Condition,
    /// `Fn::FindInMap: [X, …]` — a mapping.
    FindInMap,
}

/// One use of a name.
#[derive(Clone, Debug)]
pub struct Reference<'d> {
    pub kind: RefKind,
    /// The name referenced (for GetAtt and Sub, the part before the first dot).
    pub target: &'d str,
    /// The attribute, for GetAtt and dotted Sub variables.
    pub attribute: Option<&'d str>,
    /// The node holding the name (the string node; for Sub, the whole Sub string).
    pub node: NodeRef<'d>,
    /// For Sub variables, the byte range of `${…}` within the string value.
    pub sub_range: Option<Range<usize>>,
    /// The resource, output or condition the reference appears in.
    pub from: Option<&'d str>,
}

/// The name and attribute a node references directly: `!Ref X`, `!GetAtt X.Attr`, or a Sub
/// string that is exactly one variable (`!Sub ${X.Arn}`).
pub(crate) fn direct_target(node: NodeRef<'_>) -> Option<(String, Option<String>)> {
    let (function, argument) = node.intrinsic()?;
    match function {
        "Ref" => Some((argument.as_str()?.to_owned(), None)),
        "Fn::GetAtt" => {
            let (name, attribute) = get_att_parts(argument)?;
            Some((name.to_owned(), attribute.map(str::to_owned)))
        }
        "Fn::Sub" => {
            let text = argument.as_str()?;
            match sub::parse(text).as_slice() {
                [sub::SubPart::Variable(v)] => {
                    let (name, attribute) = split_dotted(v.name);
                    Some((name.to_owned(), attribute.map(str::to_owned)))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// `[X, Attr]` or `"X.Attr"` (the long form of a GetAtt may still be a dotted string).
pub(crate) fn get_att_parts(argument: NodeRef<'_>) -> Option<(&str, Option<&str>)> {
    if let Some(text) = argument.as_str() {
        return Some(split_dotted(text));
    }
    let name = argument.at(0)?.as_str()?;
    Some((name, argument.at(1).and_then(NodeRef::as_str)))
}

fn split_dotted(text: &str) -> (&str, Option<&str>) {
    match text.split_once('.') {
        Some((name, attribute)) => (name, Some(attribute)),
        None => (text, None),
    }
}

pub(crate) fn collect<'d>(template: &Template<'d>) -> Vec<Reference<'d>> {
    let mut out = Vec::new();
    for resource in &template.resources {
        let from = Some(resource.name);
        if let Some(depends) = resource.node.get("DependsOn") {
            for item in depends.one_or_many() {
                if let Some(target) = item.as_str() {
                    out.push(simple(RefKind::DependsOn, target, item, from));
                }
            }
        }
        if let Some(condition) = resource.node.get("Condition")
            && let Some(target) = condition.as_str()
        {
            out.push(simple(RefKind::Condition, target, condition, from));
        }
        for section in ["Properties", "Metadata", "CreationPolicy", "UpdatePolicy"] {
            if let Some(node) = resource.node.get(section) {
                walk(node, from, &mut out);
            }
        }
    }
    for output in &template.outputs {
        let from = Some(output.name);
        if let Some(condition) = output.node.get("Condition")
            && let Some(target) = condition.as_str()
        {
            out.push(simple(RefKind::Condition, target, condition, from));
        }
        for section in ["Value", "Export"] {
            if let Some(node) = output.node.get(section) {
                walk(node, from, &mut out);
            }
        }
    }
    for condition in &template.conditions {
        walk_condition(condition.node, Some(condition.name), &mut out);
    }
    out
}

fn simple<'d>(
    kind: RefKind,
    target: &'d str,
    node: NodeRef<'d>,
    from: Option<&'d str>,
) -> Reference<'d> {
    Reference {
        kind,
        target,
        attribute: None,
        node,
        sub_range: None,
        from,
    }
}

/// Walks a value (properties, outputs) collecting references; iterative, so depth is free.
fn walk<'d>(node: NodeRef<'d>, from: Option<&'d str>, out: &mut Vec<Reference<'d>>) {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        if let Some((function, argument)) = node.intrinsic() {
            intrinsic(function, argument, from, out);
        }
        stack.extend(node.items());
        stack.extend(node.entries().map(|(_, v)| v));
    }
}

/// Conditions: a `Condition` key inside a condition function names another condition.
fn walk_condition<'d>(node: NodeRef<'d>, from: Option<&'d str>, out: &mut Vec<Reference<'d>>) {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match node.intrinsic() {
            Some(("Condition", argument)) => {
                if let Some(target) = argument.as_str() {
                    out.push(simple(RefKind::Condition, target, argument, from));
                }
                continue;
            }
            Some((function, argument)) => intrinsic(function, argument, from, out),
            None => {}
        }
        stack.extend(node.items());
        stack.extend(node.entries().map(|(_, v)| v));
    }
}

fn intrinsic<'d>(
    function: &'d str,
    argument: NodeRef<'d>,
    from: Option<&'d str>,
    out: &mut Vec<Reference<'d>>,
) {
    match function {
        "Ref" => {
            if let Some(target) = argument.as_str() {
                out.push(simple(RefKind::Ref, target, argument, from));
            }
        }
        "Fn::GetAtt" => {
            if let Some((target, attribute)) = get_att_parts(argument) {
                let node = argument.at(0).unwrap_or(argument);
                out.push(Reference {
                    attribute,
                    ..simple(RefKind::GetAtt, target, node, from)
                });
            }
        }
        "Fn::Sub" => {
            let (text_node, variables) = match argument.at(0) {
                Some(first) => (first, argument.at(1)),
                None => (argument, None),
            };
            let Some(text) = text_node.as_str() else {
                return;
            };
            for variable in sub::variables(text) {
                let (target, attribute) = split_dotted(variable.name);
                if variables.is_some_and(|v| v.get(variable.name).is_some()) {
                    continue;
                }
                out.push(Reference {
                    attribute,
                    sub_range: Some(variable.range),
                    ..simple(RefKind::Sub, target, text_node, from)
                });
            }
        }
        "Fn::If" => {
            if let Some(condition) = argument.at(0)
                && let Some(target) = condition.as_str()
            {
                out.push(simple(RefKind::Condition, target, condition, from));
            }
        }
        "Fn::FindInMap" => {
            if let Some(map) = argument.at(0)
                && let Some(target) = map.as_str()
            {
                out.push(simple(RefKind::FindInMap, target, map, from));
            }
        }
        _ => {}
    }
}
