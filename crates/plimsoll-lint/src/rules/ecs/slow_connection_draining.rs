use crate::context::Context;
use crate::model::ecs_service;
use crate::model::pick::{Picked, property};
use crate::model::property_value::{PropertyValue, parameter_labels, resolve_int};
use crate::registry::Check;
use crate::view::Resource;
use crate::{Diagnostic, declare_rule};
use plimsoll_template::NodeRef;

declare_rule! {
    /// ### What it does
    /// Reports a load balancer target group in the template, used by an ECS service, that
    /// keeps the default deregistration delay of 300 seconds or sets a longer one
    /// (`TargetGroupAttributes` key `deregistration_delay.timeout_seconds`).
    ///
    /// ### Why is this bad?
    /// Before ECS stops an old task, the load balancer drains it for the deregistration delay.
    /// A rolling deployment replaces tasks in steps, and every step waits this long: five
    /// minutes per step by default, even for a service whose requests take milliseconds.
    /// Deployments and rollbacks crawl, and a bad release stays out longer.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   TargetGroup:
    ///     Type: AWS::ElasticLoadBalancingV2::TargetGroup
    ///     Properties:
    ///       Port: 8000
    ///       Protocol: HTTP
    ///       VpcId: vpc-0123456789abcdef0
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/app:1
    ///       LoadBalancers:
    ///         - ContainerName: app
    ///           ContainerPort: 8000
    ///           TargetGroupArn: !Ref TargetGroup
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   TargetGroup:
    ///     Type: AWS::ElasticLoadBalancingV2::TargetGroup
    ///     Properties:
    ///       Port: 8000
    ///       Protocol: HTTP
    ///       VpcId: vpc-0123456789abcdef0
    ///       TargetGroupAttributes:
    ///         - Key: deregistration_delay.timeout_seconds
    ///           Value: 30
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/app:1
    ///       LoadBalancers:
    ///         - ContainerName: app
    ///           ContainerPort: 8000
    ///           TargetGroupArn: !Ref TargetGroup
    /// ```
    pub struct SlowConnectionDraining {
        code: "ECS009",
        name: "slow-connection-draining",
        severity: Info,
    }
}

const DELAY_KEY: &str = "deregistration_delay.timeout_seconds";
const DEFAULT_DELAY: i64 = 300;

impl Check for SlowConnectionDraining {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let ev = cx.eval;
        // Each target group once, with every service that registers with it.
        let mut groups: Vec<(&Resource<'_>, Vec<(&str, NodeRef<'_>)>)> = Vec::new();
        for service in ecs_service::services(ev) {
            for used in service.target_groups() {
                let user = (service.name(), used.reference);
                match groups
                    .iter_mut()
                    .find(|(g, _)| g.name == used.target_group.name)
                {
                    Some((_, users)) => users.push(user),
                    None => groups.push((used.target_group, vec![user])),
                }
            }
        }
        for (group, users) in groups {
            let attributes = property(ev, group, "TargetGroupAttributes");
            let Some(delay) = deregistration_delay(cx, attributes) else {
                continue;
            };
            if delay.value < DEFAULT_DELAY {
                continue;
            }
            let seconds = match delay.location {
                None => format!("{} s (the default)", delay.value),
                Some(_) => format!("{} s", delay.value),
            };
            let services: Vec<String> = users.iter().map(|(name, _)| format!("`{name}`")).collect();
            let message = format!(
                "target group `{}` of {} drains every old task for {seconds} before ECS stops \
                 it: each step of a rolling deployment waits that long{}",
                group.name,
                services.join(" and "),
                delay.provenance(),
            );
            let help = format!(
                "set `{DELAY_KEY}` in TargetGroupAttributes to a little more than your longest \
                 request takes (e.g. 30)"
            );
            let (span, path) = match (&delay.location, attributes.node()) {
                (Some(location), _) => (location.span, location.path.clone()),
                (None, Some(node)) => (node.key_span(), node.path()),
                (None, None) => (group.name_span(), group.node.path()),
            };
            let mut builder =
                Diagnostic::builder(&SlowConnectionDraining::META, span, path, message).help(help);
            for (name, reference) in users {
                builder = builder.label(
                    reference.span(),
                    format!("`{name}` registers its tasks here"),
                );
            }
            for label in parameter_labels(cx.template, &delay.parameters) {
                builder = builder.label(label.span, label.message);
            }
            out.push(builder.build());
        }
    }
}

/// The deregistration delay a target group's attributes set, the default when they do not
/// set it, `None` when the template does not decide it.
fn deregistration_delay<'d>(
    cx: &Context<'d>,
    attributes: Picked<'d>,
) -> Option<PropertyValue<i64>> {
    let ev = cx.eval;
    let mut found = Picked::Absent;
    for attribute in attributes.items(ev)? {
        let key = match attribute.get(ev, "Key") {
            Picked::Node(key) => ev.eval(key),
            Picked::Absent => continue,
            Picked::Unknown => return None,
        };
        match key.as_str() {
            Some(DELAY_KEY) => found = attribute.get(ev, "Value"),
            Some(_) => {}
            // An unknown key may be this one.
            None => return None,
        }
    }
    resolve_int(ev, found, DEFAULT_DELAY)
}
