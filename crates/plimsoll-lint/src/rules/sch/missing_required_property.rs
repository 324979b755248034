use crate::context::Context;
use crate::registry::Check;
use crate::schema::walk::{for_each_value, function, owner_key, typed_resources};
use crate::{Diagnostic, declare_rule};
use plimsoll_template::NodeRef;

declare_rule! {
    /// ### What it does
    /// Reports a resource, or an object at any depth of its `Properties`, that lacks a
    /// property its schema requires (a container definition without `Image`, a nested stack
    /// without `TemplateURL`), or all of a group of which one is required (an IAM policy
    /// attached to none of `Users`, `Groups` and `Roles`).
    ///
    /// A property written as `!Ref AWS::NoValue` or with no value (`Key:`) is missing, as it is
    /// for CloudFormation (and so are `Properties` written that way); one that a branch of
    /// `Fn::If` the conditions do not rule out removes is reported with that condition. Only
    /// requirements that always apply are checked (not those of one alternative of a `oneOf`,
    /// except "at least one of" when every alternative requires one property).
    /// An object with a `Fn::…` key (`Fn::Transform` may supply properties), values the
    /// template does not write, `Fn::If` branches its conditions rule out, custom resources
    /// and templates processed by a macro are not checked.
    ///
    /// ### Why is this bad?
    /// CloudFormation rejects the resource ("required key … not found") and the deployment
    /// fails and rolls back, often after other resources were already created.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Task:
    ///     Type: AWS::ECS::TaskDefinition
    ///     Properties:
    ///       ContainerDefinitions:
    ///         - Name: app
    ///           Memory: 512
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Task:
    ///     Type: AWS::ECS::TaskDefinition
    ///     Properties:
    ///       ContainerDefinitions:
    ///         - Name: app
    ///           Image: public.ecr.aws/nginx/nginx:1.27
    ///           Memory: 512
    /// ```
    pub struct MissingRequiredProperty {
        code: "SCH003",
        name: "missing-required-property",
        severity: Error,
        needs: Schemas,
    }
}

impl Check for MissingRequiredProperty {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // A resource without `Properties` at all (or with nothing or `!Ref AWS::NoValue` there).
        for (resource, schema) in typed_resources(cx) {
            if resource.node.get("Properties").is_some_and(|p| !removes(p)) {
                continue;
            }
            let missing: Vec<&str> = schema.properties().required().collect();
            let groups = schema.properties().required_any();
            let mut requires: Vec<String> = Vec::new();
            if !missing.is_empty() {
                requires.push(list(&missing));
            }
            requires.extend(groups.iter().map(|group| one_of(group)));
            if requires.is_empty() {
                continue;
            }
            let message = format!(
                "resource `{}` ({}) has no `Properties`; it requires {}",
                resource.name,
                schema.name(),
                requires.join(" and ")
            );
            // Point at `Properties` when it is written (as `!Ref AWS::NoValue` or empty).
            let (span, path) = match resource.node.get("Properties") {
                Some(written) => (written.key_span(), written.path()),
                None => (resource.name_span(), resource.node.path()),
            };
            out.push(Diagnostic::builder(&Self::META, span, path, message).build());
        }
        for_each_value(cx, |resource, value| {
            let node = value.node;
            if value.function
                || !node.is_map()
                || node.entries().any(|(key, _)| key.starts_with("Fn::"))
            {
                return;
            }
            let mut when = Vec::new();
            let missing: Vec<&str> = value
                .shape
                .required()
                .filter(|name| match absence(cx, node.get(name)) {
                    Absence::Present => false,
                    Absence::Missing => true,
                    Absence::MissingWhen(condition) => {
                        when.extend(condition);
                        true
                    }
                })
                .collect();
            let none_of: Vec<Vec<&str>> = value
                .shape
                .required_any()
                .into_iter()
                .filter(|group| {
                    group
                        .iter()
                        .all(|name| matches!(absence(cx, node.get(name)), Absence::Missing))
                })
                .collect();
            if missing.is_empty() && none_of.is_empty() {
                return;
            }
            when.dedup();
            let type_name = resource.type_name.unwrap_or_default();
            let place = if node.parent() == Some(resource.node) {
                format!("resource `{}` ({type_name})", resource.name)
            } else {
                let owner = owner_key(node).unwrap_or("Properties");
                format!("`{owner}` of resource `{}`", resource.name)
            };
            let mut lacks: Vec<String> = Vec::new();
            if !missing.is_empty() {
                let mut required = format!("the required {}", list(&missing));
                if !when.is_empty() {
                    required.push_str(&format!(" when {}", when.join(" or ")));
                }
                lacks.push(required);
            }
            lacks.extend(none_of.iter().map(|group| one_of(group)));
            let message = format!("{place} lacks {}", lacks.join(" and "));
            out.push(Diagnostic::builder(&Self::META, anchor(node), node.path(), message).build());
        });
    }
}

/// Whether a required property is there as CloudFormation sees it.
enum Absence {
    Present,
    /// Not written, `!Ref AWS::NoValue`, or written without a value.
    Missing,
    /// Removed by the branches of `Fn::If` that the conditions do not rule out (the
    /// conditions, as "`Name` is true|false").
    MissingWhen(Vec<String>),
}

/// How a property's value leaves it: following `Fn::If` into the branches the conditions do
/// not rule out (nested ones included, explicit stack).
fn absence(cx: &Context<'_>, value: Option<NodeRef<'_>>) -> Absence {
    let Some(value) = value else {
        return Absence::Missing;
    };
    let mut stack = vec![value];
    let mut when = Vec::new();
    while let Some(node) = stack.pop() {
        if removes(node) {
            if node == value {
                return Absence::Missing;
            }
            continue;
        }
        let Some(("Fn::If", argument)) = function(node) else {
            continue;
        };
        let (Some(condition), Some(then), Some(otherwise)) =
            (argument.at(0), argument.at(1), argument.at(2))
        else {
            continue;
        };
        let Some(name) = condition.as_str() else {
            continue;
        };
        let decided = cx.eval.condition(name);
        for (branch, taken_when) in [(then, true), (otherwise, false)] {
            if decided == Some(!taken_when) {
                continue;
            }
            if removes(branch) {
                when.push(format!("`{name}` is {taken_when}"));
            } else {
                stack.push(branch);
            }
        }
    }
    if when.is_empty() {
        Absence::Present
    } else {
        Absence::MissingWhen(when)
    }
}

/// Whether a value removes its property: `!Ref AWS::NoValue`, or no value at all.
fn removes(node: NodeRef<'_>) -> bool {
    node.is_null()
        || function(node)
            .is_some_and(|(name, arg)| name == "Ref" && arg.as_str() == Some("AWS::NoValue"))
}

/// "property `A`" or "properties `A`, `B`".
fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let noun = if names.len() == 1 {
        "property"
    } else {
        "properties"
    };
    format!("{noun} {}", quoted.join(", "))
}

/// "one of the properties `Users`, `Groups`, `Roles`".
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    format!("one of the properties {}", quoted.join(", "))
}

/// Where to point for an object: its key, or its first key when it is a list item.
fn anchor(node: NodeRef<'_>) -> plimsoll_template::Span {
    if node.key().is_some() {
        return node.key_span();
    }
    node.entries()
        .next()
        .map_or_else(|| node.span(), |(_, first)| first.key_span())
}
