use crate::context::Context;
use crate::graph::{self, Edge};
use crate::registry::Check;
use crate::view::{RefKind, Reference};
use crate::{Diagnostic, declare_rule};
use plimsoll_template::{NodeRef, Span};
use std::collections::HashMap;

declare_rule! {
    /// ### What it does
    /// Reports resources that depend on each other in a cycle — through `DependsOn`, `Ref`,
    /// `Fn::GetAtt` or a `Fn::Sub` variable in their properties — and conditions that name each
    /// other (or themselves) through `Condition`. The message shows one shortest cycle.
    ///
    /// A reference inside an `Fn::If` branch counts only when the condition is decided and
    /// picks that branch; resources whose condition is false are left out, and checked again
    /// under parameter values that create them (a cycle found there starting in such a
    /// resource names its condition). Resources are not checked in templates with a
    /// `Transform` (SAM, macros), which rewrites them.
    ///
    /// ### Why is this bad?
    /// CloudFormation must create a resource after everything it depends on, so a cycle has no
    /// order: it rejects the template ("Circular dependency between resources") before
    /// creating anything. A condition that depends on itself has no value and is rejected the
    /// same way. Cycles often appear when a `DependsOn` is added for ordering next to a
    /// reference that already points the other way.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     DependsOn: Migration
    ///     Properties:
    ///       TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/app:1
    ///   Migration:
    ///     Type: Custom::EcsRunTask
    ///     Properties:
    ///       ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:runner
    ///       ServiceTimeout: 360
    ///       After: !GetAtt Service.Name
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     DependsOn: Migration
    ///     Properties:
    ///       TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/app:1
    ///   Migration:
    ///     Type: Custom::EcsRunTask
    ///     Properties:
    ///       ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:runner
    ///       ServiceTimeout: 360
    /// ```
    pub struct CircularDependency {
        code: "TPL005",
        name: "circular-dependency",
        severity: Error,
    }
}

/// Steps of a cycle named in a message or labelled; longer cycles are summarised.
const MAX_STEPS: usize = 8;

impl Check for CircularDependency {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        resource_cycles(cx, out);
        condition_cycles(cx, out);
    }
}

/// One dependency: the reference that makes `from` depend on `to`.
struct Dependency<'r, 'd> {
    from: usize,
    to: usize,
    reference: &'r Reference<'d>,
}

fn resource_cycles(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let template = cx.template;
    let Some(section) = template
        .root
        .get("Resources")
        .filter(|_| !template.has_transform)
    else {
        return;
    };
    let index: HashMap<&str, usize> = template
        .resources
        .iter()
        .enumerate()
        .filter(|(_, r)| cx.eval.is_deployed(r.condition) != Some(false))
        .map(|(i, r)| (r.name, i))
        .collect();
    let mut dependencies = Vec::new();
    for reference in &template.references {
        if !template.may_name_resource(reference) {
            continue;
        }
        let Some(&to) = index.get(reference.target) else {
            continue;
        };
        let Some(from) = origin(cx, section, reference.node).and_then(|f| index.get(f)) else {
            continue;
        };
        dependencies.push(Dependency {
            from: *from,
            to,
            reference,
        });
    }
    let name = |i: usize| template.resources[i].name;
    report_cycles(
        cx,
        &dependencies,
        template.resources.len(),
        name,
        "resource",
        out,
    );
}

fn condition_cycles(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let template = cx.template;
    let Some(section) = template.root.get("Conditions") else {
        return;
    };
    let index: HashMap<&str, usize> = template
        .conditions
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name, i))
        .collect();
    let mut dependencies = Vec::new();
    for reference in &template.references {
        if reference.kind != RefKind::Condition {
            continue;
        }
        let Some(&to) = index.get(reference.target) else {
            continue;
        };
        let Some(&from) = condition_of(section, reference.node).and_then(|f| index.get(f)) else {
            continue;
        };
        dependencies.push(Dependency {
            from,
            to,
            reference,
        });
    }
    let name = |i: usize| template.conditions[i].name;
    report_cycles(
        cx,
        &dependencies,
        template.conditions.len(),
        name,
        "condition",
        out,
    );
}

/// One finding per cycle among `nodes` entries (resources or conditions) that `dependencies`
/// form, each entry named by `name`.
fn report_cycles<'d>(
    cx: &Context<'_>,
    dependencies: &[Dependency<'_, 'd>],
    nodes: usize,
    name: impl Fn(usize) -> &'d str + Copy,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let edges: Vec<Edge> = dependencies
        .iter()
        .enumerate()
        .map(|(id, d)| Edge {
            from: d.from,
            to: d.to,
            id,
        })
        .collect();
    for cycle in graph::cycles(nodes, &edges) {
        let steps: Vec<&Dependency> = cycle.iter().map(|&id| &dependencies[id]).collect();
        out.push(report(cx, &steps, name, what));
    }
}

/// The resource whose `Properties` or `DependsOn` hold `node`, unless `node` sits in an
/// `Fn::If` branch that is not taken or not decided.
fn origin<'d>(cx: &Context<'_>, resources: NodeRef<'d>, node: NodeRef<'d>) -> Option<&'d str> {
    let mut child = node;
    while let Some(parent) = child.parent() {
        if parent.parent().map(NodeRef::id) == Some(resources.id()) {
            return matches!(child.key(), Some("Properties" | "DependsOn"))
                .then(|| parent.key())
                .flatten();
        }
        if let Some(("Fn::If", argument)) = parent.parent().and_then(NodeRef::intrinsic)
            && argument.id() == parent.id()
        {
            let taken = argument
                .at(0)
                .and_then(NodeRef::as_str)
                .and_then(|condition| cx.eval.condition(condition))
                .map(|decided| if decided { 1 } else { 2 });
            if taken.and_then(|i| argument.at(i)).map(NodeRef::id) != Some(child.id()) {
                return None;
            }
        }
        child = parent;
    }
    None
}

/// The condition whose expression holds `node`.
fn condition_of<'d>(conditions: NodeRef<'d>, node: NodeRef<'d>) -> Option<&'d str> {
    let mut child = node;
    while let Some(parent) = child.parent() {
        if parent.id() == conditions.id() {
            return child.key();
        }
        child = parent;
    }
    None
}

fn how(kind: RefKind) -> &'static str {
    match kind {
        RefKind::DependsOn => "DependsOn",
        RefKind::Ref => "Ref",
        RefKind::GetAtt => "Fn::GetAtt",
        RefKind::Sub => "Fn::Sub",
        RefKind::Condition => "Condition",
        RefKind::FindInMap => "Fn::FindInMap",
    }
}

/// Where a reference is written: the name, or the `${…}` of a Sub variable.
fn reference_span(cx: &Context<'_>, reference: &Reference<'_>) -> Span {
    match (&reference.sub_range, reference.node.as_str()) {
        (Some(range), Some(text)) => match text.get(range.clone()) {
            Some(variable) => cx.span_of_text_in(reference.node, variable),
            None => reference.node.span(),
        },
        _ => reference.node.span(),
    }
}

fn report<'n>(
    cx: &Context<'_>,
    steps: &[&Dependency<'_, '_>],
    name: impl Fn(usize) -> &'n str,
    what: &str,
) -> Diagnostic {
    let first = steps[0];
    let start = name(first.from);
    let message = if let [only] = steps {
        format!(
            "{what} `{start}` depends on itself through `{}`: CloudFormation rejects the template",
            how(only.reference.kind)
        )
    } else {
        let mut chain = Vec::new();
        for step in steps.iter().take(MAX_STEPS) {
            chain.push(format!(
                "`{}` → `{}` ({})",
                name(step.from),
                name(step.to),
                how(step.reference.kind)
            ));
        }
        if steps.len() > MAX_STEPS {
            chain.push(format!("… {} more", steps.len() - MAX_STEPS));
        }
        format!(
            "{} {what}s depend on each other in a cycle: {}; CloudFormation cannot order them \
             and rejects the template",
            steps.len(),
            chain.join(", ")
        )
    };
    let help = if what == "resource" {
        "break the cycle: drop a `DependsOn` that a reference already implies or that points \
         the wrong way, or move the shared value into a parameter or a resource of its own"
    } else {
        "break the cycle: a condition can only build on conditions that do not use it"
    };
    let mut builder = Diagnostic::builder(
        &CircularDependency::META,
        reference_span(cx, first.reference),
        first.reference.node.path(),
        message,
    )
    .help(help);
    for step in steps.iter().skip(1).take(MAX_STEPS) {
        builder = builder.label(
            reference_span(cx, step.reference),
            format!(
                "`{}` depends on `{}` here ({})",
                name(step.from),
                name(step.to),
                how(step.reference.kind)
            ),
        );
    }
    builder.build()
}
