use super::decided::{bounds, named, outside};
use crate::context::Context;
use crate::eval::Val;
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
    /// made by an intrinsic function, is judged only when the template decides it; custom
    /// resources and templates processed by a macro are not.
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
    }
}

impl Check for ItemCount {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_value(cx, |resource, value| {
            let (least, most) = value.shape.limits().items;
            if least.is_none() && most.is_none() {
                return;
            }
            let Some((count, provenance)) = counted(cx, value) else {
                return;
            };
            if !outside(count, least, most) {
                return;
            }
            let unit = if count == 1 { "item" } else { "items" };
            let message = format!(
                "{} has {count} {unit}{provenance}; it must have {} items",
                named(value, resource.name),
                bounds(least, most)
            );
            out.push(Diagnostic::at(&Self::META, value.node, message).build());
        });
    }
}

/// The number of items the list will have, when the template decides it.
fn counted(cx: &Context<'_>, value: Value<'_>) -> Option<(u32, String)> {
    let node = value.node;
    let literal = !value.function && node.is_seq();
    if literal
        && node
            .items()
            .all(|item| function(item).is_none_or(|(name, _)| name != "Fn::If"))
    {
        let kept = node.items().filter(|item| !is_no_value(*item)).count();
        return Some((u32::try_from(kept).unwrap_or(u32::MAX), String::new()));
    }
    if !literal && !value.function {
        return None;
    }
    let resolved = cx.eval.eval(node);
    let provenance = resolved.provenance();
    match resolved.value? {
        Val::List(items) => {
            let kept = items.iter().filter(|v| **v != Val::NoValue).count();
            Some((u32::try_from(kept).unwrap_or(u32::MAX), provenance))
        }
        _ => None,
    }
}

fn is_no_value(node: plimsoll_template::NodeRef<'_>) -> bool {
    function(node)
        .is_some_and(|(name, argument)| name == "Ref" && argument.as_str() == Some("AWS::NoValue"))
}
