use super::decided::{Decided, bounds, list, named, outside};
use crate::context::Context;
use crate::registry::Check;
use crate::schema::walk::{Value, for_each_value, function};
use crate::{Diagnostic, declare_rule};

declare_rule! {
    /// ### What it does
    /// Reports a list with fewer items than its schema's minimum or more than its maximum
    /// (a Lambda function with two `Architectures`, which takes exactly one; six `Layers`,
    /// at most five).
    ///
    /// Items `Ref: AWS::NoValue` removes are not counted. A list with an `Fn::If` item, or
    /// made by an intrinsic function, is judged only when the template decides it (as a
    /// warning when a parameter's default decides it: a deployment that passes the parameter
    /// is fine); custom resources and templates processed by a macro are not.
    ///
    /// ### Why is this bad?
    /// CloudFormation (or the service, at create time) rejects the value and the deployment
    /// fails and rolls back.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Migrate:
    ///     Type: AWS::Lambda::Function
    ///     Properties:
    ///       Architectures: [arm64, x86_64]
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Migrate:
    ///     Type: AWS::Lambda::Function
    ///     Properties:
    ///       Architectures: [arm64]
    /// ```
    pub struct ItemCount {
        code: "SCH009",
        name: "item-count",
        severity: Error,
        needs: Schemas,
    }
}

impl Check for ItemCount {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_value(cx, |resource, value| {
            let (least, most) = value.shape.limits().items;
            if least.is_none() && most.is_none() {
                return;
            }
            let Some((count, decided)) = counted(cx, value) else {
                return;
            };
            let count = u32::try_from(count).unwrap_or(u32::MAX);
            if !outside(count, least, most) {
                return;
            }
            let unit = if count == 1 { "item" } else { "items" };
            let message = format!(
                "{} has {count} {unit}{}; it must have {} items",
                named(value, resource.name),
                decided.as_ref().map_or("", |d| d.provenance.as_str()),
                bounds(least, most)
            );
            let builder = Diagnostic::at(&Self::META, value.node, message);
            let builder = match &decided {
                Some(decided) => decided.grade(builder),
                None => builder,
            };
            out.push(builder.build());
        });
    }
}

/// The number of items the list will have, when the template decides it, and how it did
/// when parameters went into it.
fn counted(cx: &Context<'_>, value: Value<'_>) -> Option<(usize, Option<Decided>)> {
    let node = value.node;
    if value.function {
        return list(cx, value).map(|(count, decided)| (count, Some(decided)));
    }
    if !node.is_seq() {
        return None;
    }
    let has_if = node
        .items()
        .any(|item| function(item).is_some_and(|(name, _)| name == "Fn::If"));
    if has_if {
        return list(cx, value).map(|(count, decided)| (count, Some(decided)));
    }
    Some((
        node.items().filter(|item| !is_no_value(*item)).count(),
        None,
    ))
}

fn is_no_value(node: plimsoll_template::NodeRef<'_>) -> bool {
    function(node)
        .is_some_and(|(name, argument)| name == "Ref" && argument.as_str() == Some("AWS::NoValue"))
}
