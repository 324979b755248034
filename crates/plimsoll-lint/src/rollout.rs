//! The rolling-deployment model of ECS services, for the rules (ECS001, ECS002) and the
//! browser's rollout picture: both read the same plan, so they never disagree.
//!
//! ECS facts (docs/ecs-deployments.md): with N desired tasks, a rolling deployment keeps at least
//! `ceil(N × MinimumHealthyPercent / 100)` tasks running and healthy and at most
//! `floor(N × MaximumPercent / 100)` tasks running or pending. Each round ECS stops old tasks
//! down to the minimum and starts new tasks up to the maximum; new tasks count as healthy
//! from the next round. The simulation records the running old and new tasks after every
//! change and ends in completion, in a deadlock (no change possible), or passes through zero
//! running tasks (downtime) on its way.

use crate::eval::Evaluator;
use crate::model::ecs_service::{
    self, Controller, EcsService, Location, ParameterInput, PropertyValue, Scheduling, Strategy,
};
use serde::Serialize;

/// Running tasks after one change of a deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Tasks of the old task definition still running.
    pub old: u64,
    /// Tasks of the new task definition running and healthy.
    pub new: u64,
}

impl Step {
    pub fn running(self) -> u64 {
        self.old + self.new
    }
}

/// How a rolling deployment ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// Every old task is replaced and some task kept running throughout.
    Completes,
    /// ECS can neither stop an old task nor start a new one: the deployment never ends.
    Deadlock,
    /// The deployment completes but passes through zero running tasks, at `step` when the
    /// task count is known.
    Downtime {
        #[serde(skip_serializing_if = "Option::is_none")]
        step: Option<usize>,
    },
    /// DesiredCount 0: nothing to replace.
    NoTasks,
    /// Not a rolling deployment: the CODE_DEPLOY or EXTERNAL controller, or an ECS
    /// blue/green, linear or canary strategy. The percentages are not rolling limits.
    NotRolling,
    /// Values ECS rejects (negative, MinimumHealthyPercent above 100, MaximumPercent below
    /// MinimumHealthyPercent, DAEMON above 100).
    Invalid,
    /// The template does not decide the values the outcome depends on.
    Unknown,
}

/// The counts and steps of one rolling deployment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// `ceil(N × min / 100)`, when N is known.
    pub min_tasks: Option<u64>,
    /// `floor(N × max / 100)`, when N is known.
    pub max_tasks: Option<u64>,
    /// The states from the start (N old tasks) to the end; empty when N is unknown.
    pub steps: Vec<Step>,
    pub outcome: Outcome,
}

impl Plan {
    /// A plan with an outcome and no counts or steps.
    fn outcome_only(outcome: Outcome) -> Plan {
        Plan {
            min_tasks: None,
            max_tasks: None,
            steps: Vec::new(),
            outcome,
        }
    }
}

/// The most rounds simulated. A valid deployment needs about 200 at most (each round moves
/// at least 1% of N, or one task when N is below 100); the bound only guards the loop.
const MAX_ROUNDS: usize = 10_000;

/// The plan for `count` tasks (None: unknown, or DAEMON's one task per instance) with the
/// given percentages. With an unknown count the outcome is given only when it is the same
/// for every count from 1 up; otherwise it is [`Outcome::Unknown`].
pub fn plan(count: Option<i64>, min_percent: i64, max_percent: i64) -> Plan {
    let empty = Plan::outcome_only;
    if !(0..=100).contains(&min_percent) || max_percent < min_percent {
        return empty(Outcome::Invalid);
    }
    let Some(count) = count else {
        return empty(any_count_outcome(min_percent, max_percent));
    };
    let Ok(n) = u64::try_from(count) else {
        return empty(Outcome::Invalid);
    };
    let (min_tasks, max_tasks) = task_limits(n, min_percent, max_percent);
    let (steps, outcome) = if n == 0 {
        (Vec::new(), Outcome::NoTasks)
    } else {
        simulate(n, min_tasks, max_tasks)
    };
    Plan {
        min_tasks: Some(min_tasks),
        max_tasks: Some(max_tasks),
        steps,
        outcome,
    }
}

/// `(ceil(n × min / 100), floor(n × max / 100))`, saturating far beyond any real count.
pub fn task_limits(n: u64, min_percent: i64, max_percent: i64) -> (u64, u64) {
    let n = i128::from(n);
    let min = (n * i128::from(min_percent) + 99).div_euclid(100);
    let max = (n * i128::from(max_percent)).div_euclid(100);
    let clamp = |v: i128| u64::try_from(v.max(0)).unwrap_or(u64::MAX);
    (clamp(min), clamp(max))
}

/// The outcome that holds for every task count from 1 up, if there is one:
/// MinimumHealthyPercent 0 stops every task for any count (and MaximumPercent 100 or more
/// lets the new ones start); 100 with MaximumPercent 100 (or less) deadlocks for any count; a
/// positive minimum with MaximumPercent 200 or more always completes (ECS can start all new
/// tasks first). Anything else depends on the count.
fn any_count_outcome(min_percent: i64, max_percent: i64) -> Outcome {
    if min_percent == 0 && max_percent >= 100 {
        Outcome::Downtime { step: None }
    } else if min_percent >= 100 && max_percent <= 100 {
        Outcome::Deadlock
    } else if max_percent >= 200 {
        Outcome::Completes
    } else {
        Outcome::Unknown
    }
}

/// Runs the deployment of `n ≥ 1` tasks round by round.
fn simulate(n: u64, min_tasks: u64, max_tasks: u64) -> (Vec<Step>, Outcome) {
    let mut state = Step { old: n, new: 0 };
    let mut steps = vec![state];
    let mut downtime = None;
    for _ in 0..MAX_ROUNDS {
        if state.old == 0 && state.new == n {
            let outcome = match downtime {
                Some(step) => Outcome::Downtime { step: Some(step) },
                None => Outcome::Completes,
            };
            return (steps, outcome);
        }
        // Stop old tasks down to the healthy minimum (every running task is healthy now).
        let stop = state.old.min(state.running().saturating_sub(min_tasks));
        if stop > 0 {
            state.old -= stop;
            steps.push(state);
            if state.running() == 0 && downtime.is_none() {
                downtime = Some(steps.len() - 1);
            }
        }
        // Start new tasks up to the maximum; they are healthy by the next round.
        let start = (n - state.new).min(max_tasks.saturating_sub(state.running()));
        if start > 0 {
            state.new += start;
            steps.push(state);
        }
        if stop == 0 && start == 0 {
            return (steps, Outcome::Deadlock);
        }
    }
    (steps, Outcome::Unknown)
}

/// One ECS service's rolling deployment, as the template sets it up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceRollout {
    /// The service's logical id.
    pub service: String,
    /// The service's name in the source.
    pub location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduling: Option<PropertyValue<Scheduling>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controller: Option<PropertyValue<Controller>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategy: Option<PropertyValue<Strategy>>,
    /// N, for REPLICA services when the template decides it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desired_count: Option<PropertyValue<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_healthy_percent: Option<PropertyValue<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_percent: Option<PropertyValue<i64>>,
    /// The `DeploymentConfiguration` mapping, when it is written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment_configuration: Option<Location>,
    #[serde(flatten)]
    pub plan: Plan,
    /// Parameters without a value that the count or the percentages refer to, when the plan
    /// is unknown: giving them values decides it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters_without_value: Vec<String>,
}

impl ServiceRollout {
    /// The parameters that decided the plan (the count only when the plan used it).
    pub fn parameters(&self) -> impl Iterator<Item = &ParameterInput> {
        let count = self
            .plan
            .min_tasks
            .and(self.desired_count.as_ref())
            .map(|s| &s.parameters);
        [
            count,
            self.scheduling.as_ref().map(|s| &s.parameters),
            self.controller.as_ref().map(|s| &s.parameters),
            self.strategy.as_ref().map(|s| &s.parameters),
            self.minimum_healthy_percent.as_ref().map(|s| &s.parameters),
            self.maximum_percent.as_ref().map(|s| &s.parameters),
        ]
        .into_iter()
        .flatten()
        .flatten()
    }

    /// " (with the parameter default X=1, …)" for the parameters that decided the plan.
    pub fn provenance(&self) -> String {
        ecs_service::provenance(self.parameters())
    }

    /// Whether the service is a REPLICA service (known).
    pub fn is_replica(&self) -> bool {
        self.scheduling.as_ref().map(|s| s.value) == Some(Scheduling::Replica)
    }
}

/// The rollout of every ECS service that may be deployed, in template order.
pub fn services(ev: &Evaluator<'_, '_>) -> Vec<ServiceRollout> {
    ecs_service::services(ev).map(|s| rollout(&s)).collect()
}

/// The rollout of one service.
pub fn rollout(service: &EcsService<'_, '_>) -> ServiceRollout {
    let scheduling = service.scheduling();
    let controller = service.controller();
    let strategy = service.strategy();
    let kind = scheduling.as_ref().map(|s| s.value);
    let desired_count = match kind {
        Some(Scheduling::Replica) => service.desired_count(),
        _ => None,
    };
    let minimum_healthy_percent = kind.and_then(|k| service.minimum_healthy_percent(k));
    let maximum_percent = kind.and_then(|k| service.maximum_percent(k));
    let rolling = match (
        controller.as_ref().map(|c| c.value),
        strategy.as_ref().map(|s| s.value),
    ) {
        (Some(Controller::CodeDeploy | Controller::External), _) => Some(false),
        (Some(Controller::Ecs), Some(Strategy::Rolling)) => Some(true),
        (Some(Controller::Ecs), Some(_)) => Some(false),
        _ => None,
    };
    let plan = match (rolling, kind, &minimum_healthy_percent, &maximum_percent) {
        (Some(false), _, _, _) => Plan::outcome_only(Outcome::NotRolling),
        // DAEMON runs one task per instance: the count is unknown and 100 is the API's limit.
        (Some(true), Some(Scheduling::Daemon), Some(min), Some(max)) => {
            if max.value > 100 {
                Plan::outcome_only(Outcome::Invalid)
            } else {
                plan(None, min.value, max.value)
            }
        }
        (Some(true), Some(Scheduling::Replica), Some(min), Some(max)) => plan(
            desired_count.as_ref().map(|c| c.value),
            min.value,
            max.value,
        ),
        _ => Plan::outcome_only(Outcome::Unknown),
    };
    ServiceRollout {
        service: service.name().to_owned(),
        location: Location {
            span: service.resource.name_span(),
            path: service.resource.node.path(),
        },
        scheduling,
        controller,
        strategy,
        desired_count,
        minimum_healthy_percent,
        maximum_percent,
        deployment_configuration: service.deployment_configuration().node().map(Location::of),
        parameters_without_value: if plan.steps.is_empty() {
            service
                .rollout_parameters_without_value()
                .into_iter()
                .map(str::to_owned)
                .collect()
        } else {
            Vec::new()
        },
        plan,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(pairs: &[(u64, u64)]) -> Vec<Step> {
        pairs.iter().map(|&(old, new)| Step { old, new }).collect()
    }

    #[test]
    fn one_task_at_50_100_deadlocks() {
        let plan = plan(Some(1), 50, 100);
        assert_eq!((plan.min_tasks, plan.max_tasks), (Some(1), Some(1)));
        assert_eq!(plan.outcome, Outcome::Deadlock);
        assert_eq!(plan.steps, steps(&[(1, 0)]));
    }

    #[test]
    fn one_task_at_the_defaults_completes_through_two_tasks() {
        let plan = plan(Some(1), 100, 200);
        assert_eq!((plan.min_tasks, plan.max_tasks), (Some(1), Some(2)));
        assert_eq!(plan.outcome, Outcome::Completes);
        assert_eq!(plan.steps, steps(&[(1, 0), (1, 1), (0, 1)]));
        assert_eq!(plan.steps.iter().map(|s| s.running()).max(), Some(2));
    }

    #[test]
    fn two_tasks_at_0_100_stop_everything_first() {
        let plan = plan(Some(2), 0, 100);
        assert_eq!((plan.min_tasks, plan.max_tasks), (Some(0), Some(2)));
        assert_eq!(plan.outcome, Outcome::Downtime { step: Some(1) });
        assert_eq!(plan.steps, steps(&[(2, 0), (0, 0), (0, 2)]));
    }

    #[test]
    fn four_tasks_at_50_200_replace_half_then_the_rest() {
        let plan = plan(Some(4), 50, 200);
        assert_eq!((plan.min_tasks, plan.max_tasks), (Some(2), Some(8)));
        assert_eq!(plan.outcome, Outcome::Completes);
        assert_eq!(plan.steps, steps(&[(4, 0), (2, 0), (2, 4), (0, 4)]));
        for step in &plan.steps {
            assert!(
                (2..=8).contains(&step.running()),
                "{step:?} leaves the band"
            );
        }
    }

    #[test]
    fn daemon_at_100_deadlocks_for_any_instance_count() {
        assert_eq!(plan(None, 100, 100).outcome, Outcome::Deadlock);
        // The DAEMON default (0) may stop every instance's task at once; 50 depends on the
        // number of instances (one instance: stuck).
        assert_eq!(plan(None, 0, 100).outcome, Outcome::Downtime { step: None });
        assert_eq!(plan(None, 50, 100).outcome, Outcome::Unknown);
    }

    #[test]
    fn an_unknown_count_gives_an_outcome_only_when_every_count_agrees() {
        let unknown = plan(None, 50, 150);
        assert_eq!(unknown.outcome, Outcome::Unknown);
        assert!(unknown.steps.is_empty() && unknown.min_tasks.is_none());
        assert_eq!(plan(None, 100, 200).outcome, Outcome::Completes);
        assert_eq!(plan(None, 0, 200).outcome, Outcome::Downtime { step: None });
        assert_eq!(plan(None, 100, 100).outcome, Outcome::Deadlock);
    }

    #[test]
    fn the_outcome_for_any_count_matches_every_count() {
        for min in 0..=100 {
            for max in (min..=300).step_by(5).chain([min.max(100), 199, 200]) {
                let any = plan(None, min, max).outcome;
                if any == Outcome::Unknown {
                    continue;
                }
                for n in 1..=60 {
                    let known = match plan(Some(n), min, max).outcome {
                        Outcome::Downtime { .. } => Outcome::Downtime { step: None },
                        other => other,
                    };
                    assert_eq!(known, any, "N={n} {min}/{max}");
                }
            }
        }
    }

    #[test]
    fn simulation_agrees_with_the_documented_conditions() {
        // docs/ecs-deployments.md: deadlock iff max tasks <= N and min tasks >= N; downtime
        // iff min tasks = 0.
        for n in 1..=40u64 {
            for min in 0..=100 {
                for max in (100..=300).step_by(7) {
                    let plan = plan(Some(n as i64), min, max);
                    let (lo, hi) = task_limits(n, min, max);
                    let deadlock = hi <= n && lo >= n;
                    assert_eq!(
                        plan.outcome == Outcome::Deadlock,
                        deadlock,
                        "N={n} {min}/{max}"
                    );
                    let downtime = matches!(plan.outcome, Outcome::Downtime { .. });
                    assert_eq!(downtime, lo == 0, "N={n} {min}/{max}");
                    if !deadlock {
                        assert_eq!(plan.steps.last(), Some(&Step { old: 0, new: n }));
                    }
                    for step in &plan.steps {
                        assert!(step.running() <= hi, "N={n} {min}/{max} {step:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn no_tasks_and_invalid_values() {
        assert_eq!(plan(Some(0), 50, 100).outcome, Outcome::NoTasks);
        assert_eq!(plan(Some(-1), 50, 100).outcome, Outcome::Invalid);
        assert_eq!(plan(Some(2), 150, 200).outcome, Outcome::Invalid);
        assert_eq!(plan(Some(2), 100, 50).outcome, Outcome::Invalid);
        assert_eq!(plan(Some(2), -5, 200).outcome, Outcome::Invalid);
    }

    #[test]
    fn huge_counts_stay_bounded() {
        let plan = plan(Some(i64::MAX), 100, 101);
        assert_eq!(plan.outcome, Outcome::Completes);
        assert!(plan.steps.len() < 500, "{} steps", plan.steps.len());
        let plan = super::plan(Some(1_000_000), 99, 100);
        assert_eq!(plan.outcome, Outcome::Completes);
    }
}
