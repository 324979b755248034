//! The texts a person reads in the CloudFormation console: the Reasons.

use crate::ecs::{EcsError, EcsFailure};
use crate::judge::{ContainerProblem, TaskVerdict};
use std::fmt::Write as _;

/// Which limit ended the wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The `TimeoutSeconds` property.
    TimeoutSeconds(u64),
    /// The `ServiceTimeout` budget (CloudFormation stops waiting after it).
    ServiceTimeout(u64),
    /// This invocation's Lambda deadline (its Timeout), minus the safety margin.
    LambdaDeadline,
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TimeoutSeconds(s) => write!(f, "TimeoutSeconds ({s} s)"),
            Self::ServiceTimeout(s) => write!(f, "the ServiceTimeout budget ({s} s)"),
            Self::LambdaDeadline => write!(f, "the Lambda function's deadline (its Timeout)"),
        }
    }
}

/// The text for one failed task.
pub fn task_failure(v: &TaskVerdict) -> String {
    let mut s = format!("task {} failed:", v.arn);
    let parts: Vec<String> = v
        .problems
        .iter()
        .map(|p| match p {
            ContainerProblem::Exited { container, code } => {
                format!("container {container} exited with code {code}")
            }
            ContainerProblem::NoExitCode { container, reason } => match reason {
                Some(r) => format!("container {container} has no exit code ({r})"),
                None => format!("container {container} has no exit code"),
            },
            ContainerProblem::NotInTask { container } => {
                format!("container {container} (named in SuccessContainers) is not in the task")
            }
        })
        .collect();
    let _ = write!(s, " {}", parts.join("; "));
    s.push_str(&stop_info(
        v.stop_code.as_deref(),
        v.stopped_reason.as_deref(),
    ));
    if v.sidecar_hint {
        s.push_str(
            " [several containers are judged: set SuccessContainers to the containers that decide success]",
        );
    }
    s
}

/// `; stopCode X, stoppedReason: Y` when known.
pub fn stop_info(stop_code: Option<&str>, stopped_reason: Option<&str>) -> String {
    match (stop_code, stopped_reason) {
        (Some(c), Some(r)) => format!("; stopCode {c}, stoppedReason: {r}"),
        (Some(c), None) => format!("; stopCode {c}"),
        (None, Some(r)) => format!("; stoppedReason: {r}"),
        (None, None) => String::new(),
    }
}

/// The text for RunTask `failures`.
pub fn run_task_failures(task_definition: &str, failures: &[EcsFailure]) -> String {
    let list: Vec<String> = failures.iter().map(ToString::to_string).collect();
    format!(
        "RunTask of {task_definition} reported failures: {}",
        list.join("; ")
    )
}

/// The text for an ECS call that failed.
pub fn call_failed(call: &str, error: &EcsError) -> String {
    format!("ECS {call} failed: {error}")
}

/// The text for a wait that hit a limit.
pub fn timed_out(limit: Limit, running: &[String], stopped: bool, detail: Option<&str>) -> String {
    let mut s = format!(
        "gave up waiting at {limit}: task(s) {} still running",
        running.join(", ")
    );
    s.push_str(if stopped {
        "; StopTask was called"
    } else {
        "; not stopped (StopOnTimeout is false)"
    });
    if let Some(d) = detail {
        let _ = write!(s, "; {d}");
    }
    s
}
