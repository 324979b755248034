use super::{deployment_span, describe};
use crate::context::Context;
use crate::model::property_value::parameter_labels;
use crate::registry::Check;
use crate::rollout::{self, Outcome, ServiceRollout};
use crate::{Diagnostic, declare_rule};

declare_rule! {
    /// ### What it does
    /// Reports a REPLICA ECS service whose rolling deployment may stop every running task at
    /// once: with N ≥ 1 desired tasks, `ceil(N × MinimumHealthyPercent / 100)` is 0 only when
    /// MinimumHealthyPercent is 0, and then ECS is free to stop all old tasks before any new
    /// one is healthy.
    ///
    /// DesiredCount defaults to 1 and is read from parameter defaults or the given values;
    /// a service with DesiredCount 0 has nothing to stop. Services with the CODE_DEPLOY or
    /// EXTERNAL controller, or a blue/green, linear or canary strategy, are not checked, and
    /// DAEMON services (one agent per instance) are not either.
    ///
    /// ### Why is this bad?
    /// Every deployment is an outage: between the old tasks stopping and the new ones passing
    /// their health checks the service answers nothing, and a new image that fails to start
    /// leaves it down until someone notices.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/app:1
    ///       DesiredCount: 2
    ///       DeploymentConfiguration:
    ///         MinimumHealthyPercent: 0
    ///         MaximumPercent: 100
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/app:1
    ///       DesiredCount: 2
    ///       DeploymentConfiguration:
    ///         MinimumHealthyPercent: 50
    ///         MaximumPercent: 100
    /// ```
    pub struct DeploymentDowntime {
        code: "ECS002",
        name: "deployment-downtime",
        severity: Warning,
    }
}

impl Check for DeploymentDowntime {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for rollout in rollout::services(cx.eval) {
            if rollout.is_replica() && matches!(rollout.plan.outcome, Outcome::Downtime { .. }) {
                out.extend(diagnostic(cx, &rollout));
            }
        }
    }
}

fn diagnostic(cx: &Context<'_>, rollout: &ServiceRollout) -> Option<Diagnostic> {
    let min = rollout.minimum_healthy_percent.as_ref()?;
    let max = rollout.maximum_percent.as_ref()?;
    let name = &rollout.service;
    let provenance = rollout.provenance();
    let min_text = describe("MinimumHealthyPercent", min);
    let count = rollout
        .desired_count
        .as_ref()
        .filter(|_| rollout.plan.min_tasks.is_some());
    let message = match count {
        Some(count) if count.value == 1 => format!(
            "a rolling deployment of `{name}` stops its only task before the new one is \
             healthy: with {}, {min_text} lets ECS stop every running task{provenance}",
            describe("DesiredCount", count)
        ),
        Some(count) => format!(
            "a rolling deployment of `{name}` may stop all {} tasks at once: with {}, \
             {min_text} lets ECS stop every running task before the new ones are \
             healthy{provenance}",
            count.value,
            describe("DesiredCount", count)
        ),
        None => format!(
            "a rolling deployment of `{name}` may stop every task at once, whatever its \
             DesiredCount: {min_text} lets ECS stop every running task before the new ones \
             are healthy{provenance}"
        ),
    };
    let help = help(count.map(|c| c.value), max.value);
    let (span, path) = deployment_span(rollout, Some(min));
    let mut builder =
        Diagnostic::builder(&DeploymentDowntime::META, span, path, message).help(help);
    for label in parameter_labels(cx.template, rollout.parameters()) {
        builder = builder.label(label.span, label.message);
    }
    Some(builder.build())
}

/// The first of the usual settings that completes without downtime for this count (or for
/// every count when it is unknown), checked with the rollout model.
fn help(count: Option<i64>, max: i64) -> String {
    let completes = |min, max| rollout::plan(count, min, max).outcome == Outcome::Completes;
    if completes(100, max) {
        format!(
            "raise MinimumHealthyPercent to 100: with MaximumPercent {max}, ECS starts the new \
             tasks before it stops the old ones"
        )
    } else if completes(50, max) {
        let kept = count.map_or_else(String::new, |n| {
            let (kept, _) = rollout::task_limits(u64::try_from(n).unwrap_or(0), 50, max);
            format!(" ({kept} of {n})")
        });
        format!("raise MinimumHealthyPercent to 50: ECS then keeps half of the tasks{kept} running")
    } else {
        "set MinimumHealthyPercent to 100 and MaximumPercent to 200: ECS then starts the new \
         tasks before it stops the old ones"
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::help;

    #[test]
    fn help_suggests_a_setting_that_keeps_tasks_running() {
        assert!(help(Some(1), 100).starts_with("set MinimumHealthyPercent to 100 and Max"));
        assert!(help(Some(4), 100).contains("half of the tasks (2 of 4)"));
        assert!(help(Some(2), 200).starts_with("raise MinimumHealthyPercent to 100:"));
        assert!(help(None, 150).starts_with("set MinimumHealthyPercent to 100 and Max"));
        assert!(help(None, 200).starts_with("raise MinimumHealthyPercent to 100:"));
    }
}
