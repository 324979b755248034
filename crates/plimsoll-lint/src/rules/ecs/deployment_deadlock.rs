use super::{deployment_span, describe};
use crate::context::Context;
use crate::model::ecs_service::{self as service, Compute, Controller, EcsService, Scheduling};
use crate::model::property_value::parameter_labels;
use crate::registry::Check;
use crate::rollout::{self, Outcome, ServiceRollout};
use crate::{Diagnostic, declare_rule};

declare_rule! {
    /// ### What it does
    /// Reports an ECS service whose rolling deployment can never progress: with N desired
    /// tasks, ECS must keep `ceil(N × MinimumHealthyPercent / 100)` tasks running and may run
    /// at most `floor(N × MaximumPercent / 100)`, and when the first is N and the second is N,
    /// it can neither stop an old task nor start a new one. A DAEMON service with
    /// MinimumHealthyPercent 100 is stuck the same way, because ECS must stop the task on an
    /// instance before it starts the replacement there.
    ///
    /// DesiredCount defaults to 1, MinimumHealthyPercent to 100 (0 for DAEMON) and
    /// MaximumPercent to 200 (100 for DAEMON). Parameters are read with their defaults or
    /// the given values; when DesiredCount is unknown the rule reports only settings that
    /// deadlock for every count. Services with a blue/green, linear or canary strategy do not
    /// roll and are not checked.
    ///
    /// With the CODE_DEPLOY or EXTERNAL controller on EC2, deployments replace task sets, but
    /// the same percentages bound the running tasks while a container instance drains. The
    /// rule reports a service whose percentages let ECS neither stop a task on a draining
    /// instance nor start its replacement elsewhere first: the instance never finishes
    /// draining. (On Fargate they are not used.)
    ///
    /// ### Why is this bad?
    /// The next change of the task definition (usually a new image tag) never rolls out.
    /// CloudFormation waits hours for the service to stabilise, then rolls the stack back; a
    /// one-task service with `MinimumHealthyPercent: 50` and `MaximumPercent: 100` is the
    /// classic case (`ceil(0.5) = 1` task must stay, `floor(1) = 1` task may run).
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/app:1
    ///       DesiredCount: 1
    ///       DeploymentConfiguration:
    ///         MinimumHealthyPercent: 50
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
    ///       DesiredCount: 1
    ///       DeploymentConfiguration:
    ///         MinimumHealthyPercent: 100
    ///         MaximumPercent: 200
    /// ```
    pub struct DeploymentDeadlock {
        code: "ECS001",
        name: "deployment-deadlock",
        severity: Error,
    }
}

impl Check for DeploymentDeadlock {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for service in service::services(cx.eval) {
            let rollout = rollout::rollout(&service);
            match rollout.plan.outcome {
                Outcome::Deadlock => out.extend(diagnostic(cx, &rollout)),
                Outcome::NotRolling if never_drains(&service, &rollout) => {
                    out.extend(draining_diagnostic(cx, &rollout));
                }
                _ => {}
            }
        }
    }
}

fn tasks(n: u64) -> String {
    if n == 1 {
        "1 task".to_owned()
    } else {
        format!("{n} tasks")
    }
}

/// The finding; the model judges a deadlock only with both percentages known.
fn diagnostic(cx: &Context<'_>, rollout: &ServiceRollout) -> Option<Diagnostic> {
    let min = rollout.minimum_healthy_percent.as_ref()?;
    let max = rollout.maximum_percent.as_ref()?;
    let name = &rollout.service;
    let provenance = rollout.provenance();
    let min_text = describe("MinimumHealthyPercent", min);
    let max_text = describe("MaximumPercent", max);
    let daemon = rollout.scheduling.as_ref().map(|s| s.value) == Some(Scheduling::Daemon);
    let (message, help) = match (daemon, &rollout.desired_count, rollout.plan.min_tasks) {
        (true, _, _) => (
            format!(
                "DAEMON service `{name}` can never complete a rolling deployment: \
                 {min_text} keeps the task on every instance running, and ECS must stop it \
                 before it starts the replacement{provenance}"
            ),
            "lower MinimumHealthyPercent below 100: 0, the DAEMON default, works with any \
             number of instances"
                .to_owned(),
        ),
        (false, Some(count), Some(min_tasks)) => {
            let n = u64::try_from(count.value).unwrap_or(0);
            let max_tasks = rollout.plan.max_tasks.unwrap_or(0);
            let count_text = describe("DesiredCount", count);
            let message = match rollout.plan.steps.last() {
                Some(last) if rollout.plan.steps.len() > 1 => format!(
                    "`{name}` stalls in a rolling deployment: with {count_text}, {min_text} \
                     and {max_text}, ECS reaches {} old and {} new and can then neither stop \
                     nor start a task{provenance}",
                    tasks(last.old),
                    tasks(last.new),
                ),
                _ => format!(
                    "`{name}` can never complete a rolling deployment: with {count_text}, \
                     {min_text} keeps at least {} running and {max_text} allows at most {}, \
                     so ECS can neither stop an old task nor start a new one{provenance}",
                    tasks(min_tasks),
                    tasks(max_tasks),
                ),
            };
            (message, known_count_help(n, min.value, max.value))
        }
        (false, _, _) => (
            format!(
                "`{name}` can never complete a rolling deployment, whatever its DesiredCount: \
                 {min_text} keeps every task running and {max_text} allows no extra \
                 task{provenance}"
            ),
            "raise MaximumPercent to 200: ECS then starts new tasks before it stops old ones, \
             for any DesiredCount"
                .to_owned(),
        ),
    };
    let (span, path) = deployment_span(rollout, None);
    let mut builder =
        Diagnostic::builder(&DeploymentDeadlock::META, span, path, message).help(help);
    let limits = [
        (min, rollout.plan.min_tasks, "must keep at least"),
        (max, rollout.plan.max_tasks, "may run at most"),
    ];
    for (setting, limit, what) in limits {
        if let (Some(location), Some(limit)) = (&setting.location, limit)
            && location.span != span
        {
            builder = builder.label(location.span, format!("ECS {what} {}", tasks(limit)));
        }
    }
    for label in parameter_labels(cx.template, rollout.parameters()) {
        builder = builder.label(label.span, label.message);
    }
    Some(builder.build())
}

/// Whether a blue/green or external service on EC2 has percentages that let ECS neither stop
/// a task on a draining instance (MinimumHealthyPercent keeps every task) nor start its
/// replacement first (MaximumPercent allows no extra task).
fn never_drains(service: &EcsService<'_, '_>, rollout: &ServiceRollout) -> bool {
    let controller = rollout.controller.as_ref().map(|c| c.value);
    if !matches!(
        controller,
        Some(Controller::CodeDeploy | Controller::External)
    ) || !rollout.is_replica()
        || service.compute() != Some(Compute::Ec2)
    {
        return false;
    }
    let (Some(min), Some(max)) = (&rollout.minimum_healthy_percent, &rollout.maximum_percent)
    else {
        return false;
    };
    let count = rollout.desired_count.as_ref().map(|c| c.value);
    let plan = rollout::plan(count, min.value, max.value);
    plan.outcome == Outcome::Deadlock && plan.steps.len() <= 1
}

/// The finding for an instance that never drains.
fn draining_diagnostic(cx: &Context<'_>, rollout: &ServiceRollout) -> Option<Diagnostic> {
    let min = rollout.minimum_healthy_percent.as_ref()?;
    let max = rollout.maximum_percent.as_ref()?;
    let name = &rollout.service;
    let message = format!(
        "`{name}` can never drain a container instance: {} keeps every task running and {} \
         allows no extra task, so ECS can neither stop the tasks on a draining instance nor \
         start their replacements elsewhere first{}",
        describe("MinimumHealthyPercent", min),
        describe("MaximumPercent", max),
        rollout.provenance(),
    );
    let (span, path) = deployment_span(rollout, None);
    let mut builder = Diagnostic::builder(&DeploymentDeadlock::META, span, path, message).help(
        "raise MaximumPercent above 100 (ECS then starts a replacement before it stops the task \
         on the draining instance), or lower MinimumHealthyPercent below 100",
    );
    for label in parameter_labels(cx.template, rollout.parameters()) {
        builder = builder.label(label.span, label.message);
    }
    Some(builder.build())
}

/// The smallest changes that let a deployment of `n` tasks progress, each checked with the
/// rollout model: the lowest MaximumPercent that allows one extra task, and the highest
/// MinimumHealthyPercent that allows stopping one.
fn known_count_help(n: u64, min: i64, max: i64) -> String {
    let count = i64::try_from(n).ok();
    let progresses = |min, max| {
        matches!(
            rollout::plan(count, min, max).outcome,
            Outcome::Completes | Outcome::Downtime { .. }
        )
    };
    let n128 = i128::from(n.max(1));
    let raise_max = i64::try_from((100 * (n128 + 1) + n128 - 1) / n128).unwrap_or(200);
    let lower_min = i64::try_from(100 * (n128 - 1) / n128).unwrap_or(0);
    let mut options = Vec::new();
    if progresses(min, raise_max) {
        options.push(format!(
            "raise MaximumPercent to {raise_max} (ECS starts a new task before it stops an old one)"
        ));
    }
    if lower_min < min && progresses(lower_min, max) {
        let note = match rollout::plan(count, lower_min, max).outcome {
            Outcome::Downtime { .. } => " (ECS then stops every task before the new ones run)",
            _ => " (ECS stops an old task before it starts a new one)",
        };
        options.push(format!("lower MinimumHealthyPercent to {lower_min}{note}"));
    }
    if options.is_empty() {
        options.push("set MinimumHealthyPercent to 100 and MaximumPercent to 200".to_owned());
    }
    options.join(", or ")
}

#[cfg(test)]
mod tests {
    use super::known_count_help;

    #[test]
    fn help_names_the_smallest_changes() {
        assert_eq!(
            known_count_help(1, 50, 100),
            "raise MaximumPercent to 200 (ECS starts a new task before it stops an old one), \
             or lower MinimumHealthyPercent to 0 (ECS then stops every task before the new \
             ones run)"
        );
        assert!(known_count_help(2, 100, 100).contains("MaximumPercent to 150"));
        assert!(known_count_help(2, 100, 100).contains("MinimumHealthyPercent to 50 (ECS stops"));
        assert!(known_count_help(3, 100, 133).contains("MaximumPercent to 134"));
        assert!(known_count_help(3, 100, 133).contains("MinimumHealthyPercent to 66"));
    }
}
