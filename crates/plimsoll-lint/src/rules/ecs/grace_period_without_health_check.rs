use crate::context::Context;
use crate::model::ecs_service::{self, containers};
use crate::model::pick::pick;
use crate::model::property_value::{parameter_labels, resolve_int};
use crate::registry::Check;
use crate::{Diagnostic, declare_rule};

declare_rule! {
    /// ### What it does
    /// Reports `HealthCheckGracePeriodSeconds` on an ECS service that has nothing the grace
    /// period applies to: no `LoadBalancers`, no `ServiceRegistries` or
    /// `VpcLatticeConfigurations`, and no container `HealthCheck` in its task definition. The
    /// task definition must be in the template (`TaskDefinition: !Ref …`); otherwise its
    /// health checks are unknown and the rule stays silent.
    ///
    /// ### Why is this bad?
    /// The grace period is how long ECS ignores failing load balancer, VPC Lattice and
    /// container health checks after a task starts. With none of them, no health check ever
    /// decides whether a new task works: ECS counts a task as healthy as soon as it runs, so a
    /// rolling deployment replaces working tasks with ones that may crash a minute later. The
    /// setting suggests a protection the service does not have.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   TaskDefinition:
    ///     Type: AWS::ECS::TaskDefinition
    ///     Properties:
    ///       ContainerDefinitions:
    ///         - Name: worker
    ///           Image: example/worker:1.4.2
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       TaskDefinition: !Ref TaskDefinition
    ///       HealthCheckGracePeriodSeconds: 60
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   TaskDefinition:
    ///     Type: AWS::ECS::TaskDefinition
    ///     Properties:
    ///       ContainerDefinitions:
    ///         - Name: worker
    ///           Image: example/worker:1.4.2
    ///           HealthCheck:
    ///             Command: [CMD-SHELL, /app/healthcheck || exit 1]
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       TaskDefinition: !Ref TaskDefinition
    ///       HealthCheckGracePeriodSeconds: 60
    /// ```
    pub struct GracePeriodWithoutHealthCheck {
        code: "ECS008",
        name: "grace-period-without-health-check",
        severity: Info,
    }
}

impl Check for GracePeriodWithoutHealthCheck {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let ev = cx.eval;
        for service in ecs_service::services(ev) {
            let picked = service.property("HealthCheckGracePeriodSeconds");
            let Some(node) = picked.node() else {
                continue;
            };
            let Some(grace) = resolve_int(ev, picked, 0).filter(|g| g.value > 0) else {
                continue;
            };
            let targets = [
                "LoadBalancers",
                "ServiceRegistries",
                "VpcLatticeConfigurations",
            ];
            if targets.iter().any(|key| service.list_len(key) != Some(0)) {
                continue;
            }
            let Some(task_definition) = service.task_definition() else {
                continue;
            };
            let Some(containers) = containers(ev, task_definition) else {
                continue;
            };
            let health_checks = containers
                .iter()
                .map(|c| pick(ev, c.get("HealthCheck")))
                .filter(|p| *p != crate::model::pick::Picked::Absent)
                .count();
            if health_checks > 0 {
                continue;
            }
            let message = format!(
                "HealthCheckGracePeriodSeconds {} of `{}` applies to nothing: the service has \
                 no load balancer, service registry or VPC Lattice target, and no container of \
                 `{}` has a HealthCheck, so ECS counts every task that starts as healthy{}",
                grace.value,
                service.name(),
                task_definition.name,
                grace.provenance(),
            );
            let help = format!(
                "add a container HealthCheck to `{}` so a rolling deployment waits for tasks \
                 that work, or remove HealthCheckGracePeriodSeconds",
                task_definition.name
            );
            let mut builder = Diagnostic::at(&GracePeriodWithoutHealthCheck::META, node, message)
                .span(node.entry_span())
                .help(help)
                .label(
                    task_definition.name_span(),
                    "no container here has a HealthCheck",
                );
            for label in parameter_labels(cx.template, &grace.parameters) {
                builder = builder.label(label.span, label.message);
            }
            out.push(builder.build());
        }
    }
}
