use crate::context::Context;
use crate::model::ecs_service::{self as service, may_deploy};
use crate::registry::Check;
use crate::view::{RefKind, Resource, Template};
use crate::{Diagnostic, declare_rule};
use plimsoll_template::Format;
use std::collections::{HashMap, HashSet};

declare_rule! {
    /// ### What it does
    /// Reports an ECS service that names a target group in `LoadBalancers` when nothing makes
    /// CloudFormation create a listener or listener rule that forwards to that group before
    /// the service: the service neither depends on one (`DependsOn`, `Ref`, `GetAtt`) nor on a
    /// resource that does, however long the chain. Only target groups whose listeners are in
    /// the same template are checked.
    ///
    /// ### Why is this bad?
    /// CloudFormation creates resources that do not depend on each other at the same time. A
    /// target group is ready in seconds, a load balancer takes minutes, and its listener
    /// comes after it; meanwhile ECS rejects the service with "The target group … does not
    /// have an associated load balancer". The stack fails and rolls back, and it may succeed on
    /// the next try, which hides the race.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   TargetGroup:
    ///     Type: AWS::ElasticLoadBalancingV2::TargetGroup
    ///   Listener:
    ///     Type: AWS::ElasticLoadBalancingV2::Listener
    ///     Properties:
    ///       DefaultActions:
    ///         - Type: forward
    ///           TargetGroupArn: !Ref TargetGroup
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       LoadBalancers:
    ///         - ContainerName: app
    ///           ContainerPort: 80
    ///           TargetGroupArn: !Ref TargetGroup
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   TargetGroup:
    ///     Type: AWS::ElasticLoadBalancingV2::TargetGroup
    ///   Listener:
    ///     Type: AWS::ElasticLoadBalancingV2::Listener
    ///     Properties:
    ///       DefaultActions:
    ///         - Type: forward
    ///           TargetGroupArn: !Ref TargetGroup
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     DependsOn: Listener
    ///     Properties:
    ///       LoadBalancers:
    ///         - ContainerName: app
    ///           ContainerPort: 80
    ///           TargetGroupArn: !Ref TargetGroup
    /// ```
    pub struct TargetGroupNotAttached {
        code: "ECS011",
        name: "target-group-not-attached",
        severity: Error,
    }
}

const LISTENER_TYPE: &str = "AWS::ElasticLoadBalancingV2::Listener";
const LISTENER_RULE_TYPE: &str = "AWS::ElasticLoadBalancingV2::ListenerRule";

/// How many dependency edges the rule follows in one template before it stops checking: real
/// templates need a few thousand; a hostile one cannot make it quadratic.
const EDGE_BUDGET: usize = 2_000_000;

impl Check for TargetGroupNotAttached {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let template = cx.template;
        if template.has_transform {
            return; // a macro may add the dependency
        }
        let mut graph: Option<Graph<'_, '_>> = None;
        let mut budget = EDGE_BUDGET;
        // Per target group: the resources that wait for one of its forwarders.
        let mut waiting: HashMap<&str, HashSet<&str>> = HashMap::new();
        for service in service::services(cx.eval) {
            for used in service.target_groups() {
                let graph = graph.get_or_insert_with(|| Graph::of(cx));
                let group = used.target_group.name;
                let forwarders = graph.forwarders(group);
                if forwarders.is_empty() {
                    continue; // attached outside this template, or not at all: not known here
                }
                if !waiting.contains_key(group) {
                    let Some(set) = graph.waiting_for(forwarders, &mut budget) else {
                        return; // over budget: say nothing rather than something unsure
                    };
                    waiting.insert(group, set);
                }
                if waiting[group].contains(service.name()) {
                    continue;
                }
                // A listener rule is the narrower dependency: it forwards this group only.
                let first = forwarders
                    .iter()
                    .find(|f| f.type_name == Some(LISTENER_RULE_TYPE))
                    .unwrap_or(&forwarders[0]);
                let kind = match first.type_name {
                    Some(LISTENER_RULE_TYPE) => "listener rule",
                    _ => "listener",
                };
                let message = format!(
                    "service `{}` may be created before its target group `{group}` is attached \
                     to a load balancer: nothing makes it wait for {kind} `{}`, and ECS rejects \
                     a target group without a load balancer",
                    service.name(),
                    first.name,
                );
                let depends_on = match cx.document.format() {
                    Format::Yaml => format!("DependsOn: {}", first.name),
                    Format::Json => format!("\"DependsOn\": \"{}\"", first.name),
                };
                let help = format!("add `{depends_on}` to `{}`", service.name());
                out.push(
                    Diagnostic::at(&TargetGroupNotAttached::META, used.reference, message)
                        .help(help)
                        .build(),
                );
            }
        }
    }
}

/// The resource a node under `/Resources/<name>/…` belongs to.
fn resource_of<'t, 'd>(template: &'t Template<'d>, path: &str) -> Option<&'t Resource<'d>> {
    let rest = path.strip_prefix("/Resources/")?;
    let name = rest
        .split('/')
        .next()?
        .replace("~1", "/")
        .replace("~0", "~");
    template.resource(&name)
}

/// The template's resources as CloudFormation orders them, read once per template.
struct Graph<'t, 'd> {
    /// For each resource, the resources that wait for it (by `DependsOn`, or by naming it with
    /// `Ref`, `GetAtt` or `Fn::Sub`).
    waited_for_by: HashMap<&'d str, Vec<&'d str>>,
    /// For each target group, the listeners and listener rules that may be deployed and name
    /// it, in template order.
    forwarders: HashMap<&'d str, Vec<&'t Resource<'d>>>,
}

impl<'t, 'd> Graph<'t, 'd> {
    fn of(cx: &'t Context<'d>) -> Graph<'t, 'd> {
        let template: &'t Template<'d> = cx.template;
        let mut waited_for_by: HashMap<&'d str, Vec<&'d str>> = HashMap::new();
        let mut forwarders: HashMap<&'d str, Vec<&'t Resource<'d>>> = HashMap::new();
        for reference in &template.references {
            if !template.may_name_resource(reference) {
                continue;
            }
            let (Some(from), Some(to)) = (
                resource_of(template, reference.node.path().as_str()),
                template.resource(reference.target),
            ) else {
                continue;
            };
            waited_for_by.entry(to.name).or_default().push(from.name);
            if reference.kind != RefKind::DependsOn
                && matches!(from.type_name, Some(LISTENER_TYPE | LISTENER_RULE_TYPE))
                && may_deploy(cx.eval, from)
            {
                let list = forwarders.entry(to.name).or_default();
                if !list.iter().any(|r| r.name == from.name) {
                    list.push(from);
                }
            }
        }
        Graph {
            waited_for_by,
            forwarders,
        }
    }

    fn forwarders(&self, group: &str) -> &[&'t Resource<'d>] {
        self.forwarders.get(group).map_or(&[], Vec::as_slice)
    }

    /// Every resource that waits for one of `resources`, directly or through others
    /// (iterative: a long chain costs heap, not stack); `None` past the budget.
    fn waiting_for(
        &self,
        resources: &[&'t Resource<'d>],
        budget: &mut usize,
    ) -> Option<HashSet<&'d str>> {
        let mut seen: HashSet<&'d str> = HashSet::new();
        let mut stack: Vec<&'d str> = resources.iter().map(|r| r.name).collect();
        while let Some(next) = stack.pop() {
            for &waiter in self.waited_for_by.get(next).into_iter().flatten() {
                *budget = budget.checked_sub(1)?;
                if seen.insert(waiter) {
                    stack.push(waiter);
                }
            }
        }
        Some(seen)
    }
}
