//! Which parameters a condition reads and which values to try for each.

use crate::eval::Evaluator;
use crate::settings::ParameterLookup;
use crate::view::Template;
use plimsoll_template::NodeRef;
use std::collections::HashMap;

/// A parameter the search may change and the values to try, the base value left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Choices<'d> {
    pub name: &'d str,
    pub values: Vec<Option<String>>,
}

/// Per parameter, the literals `Fn::Equals` compares a `Ref` to it with in `Conditions`.
pub fn compared_literals<'d>(template: &Template<'d>) -> HashMap<&'d str, Vec<String>> {
    let mut literals: HashMap<&'d str, Vec<String>> = HashMap::new();
    for condition in &template.conditions {
        walk(condition.node, &mut |node| {
            let Some(("Fn::Equals", argument)) = node.intrinsic() else {
                return;
            };
            let (Some(a), Some(b)) = (argument.at(0), argument.at(1)) else {
                return;
            };
            for (reference, literal) in [(a, b), (b, a)] {
                let name = match reference.intrinsic() {
                    Some(("Ref", name)) => name.as_str(),
                    _ => None,
                };
                let (Some(name), Some(text)) = (name, literal.scalar_text()) else {
                    continue;
                };
                let seen = literals.entry(name).or_default();
                if !seen.iter().any(|s| *s == *text) {
                    seen.push(text.into_owned());
                }
            }
        });
    }
    literals
}

/// The parameters `condition` reads (through the named conditions it uses) that the search
/// may change, each with the values to try. Values the caller gave, SSM and list parameters
/// stay as they are.
pub fn choices<'d, P: ParameterLookup + ?Sized>(
    template: &Template<'d>,
    base: &Evaluator<'_, 'd>,
    overrides: &P,
    compared: &HashMap<&'d str, Vec<String>>,
    condition: &str,
) -> Vec<Choices<'d>> {
    read_parameters(template, condition)
        .into_iter()
        .filter_map(|name| {
            let p = template.parameter(name)?;
            if overrides.lookup(name).is_some() || p.is_ssm() || p.is_list() {
                return None;
            }
            let base_text = base.parameter(name).map(|(_, used)| used.value.as_str());
            let allowed: Vec<String> = p
                .node
                .get("AllowedValues")
                .into_iter()
                .flat_map(NodeRef::items)
                .filter_map(|v| v.scalar_text().map(|t| t.into_owned()))
                .collect();
            let mut values: Vec<Option<String>> = Vec::new();
            let mut add = |text: String| {
                if Some(text.as_str()) != base_text && !values.contains(&Some(text.clone())) {
                    values.push(Some(text));
                }
            };
            if allowed.is_empty() {
                let default = p.default.and_then(NodeRef::scalar_text);
                default.into_iter().for_each(|d| add(d.into_owned()));
                compared
                    .get(name)
                    .into_iter()
                    .flatten()
                    .cloned()
                    .for_each(add);
                values.push(None);
            } else {
                allowed.into_iter().for_each(add);
            }
            (!values.is_empty()).then_some(Choices { name, values })
        })
        .collect()
}

/// The declared parameters a named condition reads by `Ref`, directly or through the
/// conditions it names, in the order first met.
pub fn read_parameters<'d>(template: &Template<'d>, condition: &str) -> Vec<&'d str> {
    let mut read: Vec<&'d str> = Vec::new();
    let mut visited: Vec<&str> = Vec::new();
    let mut pending: Vec<NodeRef<'d>> = template.condition(condition).into_iter().collect();
    visited.push(condition);
    while let Some(node) = pending.pop() {
        walk(node, &mut |n| match n.intrinsic() {
            Some(("Ref", name)) => {
                if let Some(p) = name.as_str().and_then(|name| template.parameter(name))
                    && !read.contains(&p.name)
                {
                    read.push(p.name);
                }
            }
            Some(("Condition", name)) => {
                if let Some(name) = name.as_str()
                    && !visited.contains(&name)
                {
                    visited.push(name);
                    pending.extend(template.condition(name));
                }
            }
            _ => {}
        });
    }
    read
}

/// Calls `f` on `node` and every node under it.
fn walk<'d>(node: NodeRef<'d>, f: &mut impl FnMut(NodeRef<'d>)) {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        f(node);
        stack.extend(node.items());
        stack.extend(node.entries().map(|(_, value)| value));
    }
}
