//! Judging stopped tasks by their containers' exit codes.
//!
//! Every container is judged unless `SuccessContainers` names the ones that matter (so a
//! sidecar killed with 137 when the task ends does not fail the migration). A container
//! without an exit code never ran (image pull failure, task failed to start): a failure.

use crate::ecs::TaskInfo;

/// Why one container failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerProblem {
    /// It exited with a non-zero code.
    Exited {
        /// Container name.
        container: String,
        /// The exit code.
        code: i32,
    },
    /// It has no exit code (it never ran, or ECS lost it).
    NoExitCode {
        /// Container name.
        container: String,
        /// ECS's reason for the container, e.g. `CannotPullContainerError: …`.
        reason: Option<String>,
    },
    /// `SuccessContainers` names a container the task does not have.
    NotInTask {
        /// The name from `SuccessContainers`.
        container: String,
    },
}

/// The verdict on one stopped task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskVerdict {
    /// Task ARN.
    pub arn: String,
    /// Exit codes of the judged containers that have one.
    pub exit_codes: Vec<(String, i32)>,
    /// What failed (empty: success).
    pub problems: Vec<ContainerProblem>,
    /// The task's stop code.
    pub stop_code: Option<String>,
    /// The task's stopped reason.
    pub stopped_reason: Option<String>,
    /// Whether a container outside `SuccessContainers`' default (i.e. every container) exited
    /// non-zero while another succeeded: a hint that `SuccessContainers` is wanted.
    pub sidecar_hint: bool,
}

impl TaskVerdict {
    /// Whether the task succeeded.
    pub fn succeeded(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Judges a stopped task.
pub fn judge(task: &TaskInfo, success_containers: Option<&[String]>) -> TaskVerdict {
    let mut exit_codes = Vec::new();
    let mut problems = Vec::new();
    let judged: Vec<_> = match success_containers {
        Some(names) => {
            for name in names {
                if !task.containers.iter().any(|c| &c.name == name) {
                    problems.push(ContainerProblem::NotInTask {
                        container: name.clone(),
                    });
                }
            }
            task.containers
                .iter()
                .filter(|c| names.contains(&c.name))
                .collect()
        }
        None => task.containers.iter().collect(),
    };
    if judged.is_empty() && success_containers.is_none() {
        problems.push(ContainerProblem::NoExitCode {
            container: "(no containers reported)".to_owned(),
            reason: None,
        });
    }
    for c in &judged {
        match c.exit_code {
            Some(code) => {
                exit_codes.push((c.name.clone(), code));
                if code != 0 {
                    problems.push(ContainerProblem::Exited {
                        container: c.name.clone(),
                        code,
                    });
                }
            }
            None => problems.push(ContainerProblem::NoExitCode {
                container: c.name.clone(),
                reason: c.reason.clone(),
            }),
        }
    }
    let sidecar_hint = success_containers.is_none()
        && judged.len() > 1
        && exit_codes.iter().any(|(_, c)| *c == 0)
        && exit_codes.iter().any(|(_, c)| *c != 0);
    TaskVerdict {
        arn: task.arn.clone(),
        exit_codes,
        problems,
        stop_code: task.stop_code.clone(),
        stopped_reason: task.stopped_reason.clone(),
        sidecar_hint,
    }
}
