//! Judging stopped tasks by their containers' exit codes.
//!
//! By default the task definition's essential containers are judged: containers ECS adds to
//! the task (GuardDuty Runtime Monitoring's `aws-guardduty-agent-…`, which often stops with
//! `CannotPullContainerError`) and non-essential ones (log routers, agents killed with
//! 137/143 when the task ends) do not fail a migration. `SuccessContainers` names the ones
//! that matter instead. A judged container without an exit code never ran (image pull
//! failure, task failed to start): a failure.

use crate::ecs::TaskInfo;

/// Which containers decide whether a task succeeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judged {
    /// `SuccessContainers`: exactly these, each of which must be in the task.
    Named(Vec<String>),
    /// The essential containers of the task definition (the default).
    Essential(Vec<String>),
    /// Every container of the task: when the task definition could not be read.
    All,
}

impl Judged {
    /// The containers named (none for [`Judged::All`]).
    pub fn names(&self) -> &[String] {
        match self {
            Self::Named(names) | Self::Essential(names) => names,
            Self::All => &[],
        }
    }
}

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

impl ContainerProblem {
    /// The container the problem is about, when it is in the task.
    pub fn container(&self) -> Option<&str> {
        match self {
            Self::Exited { container, .. } | Self::NoExitCode { container, .. } => Some(container),
            Self::NotInTask { .. } => None,
        }
    }
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
pub fn judge(task: &TaskInfo, which: &Judged) -> TaskVerdict {
    let mut exit_codes = Vec::new();
    let mut problems = Vec::new();
    let judged: Vec<_> = match which {
        Judged::Named(names) => {
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
        Judged::Essential(names) => {
            let essential: Vec<_> = task
                .containers
                .iter()
                .filter(|c| names.contains(&c.name))
                .collect();
            // A task of another revision than the one described: judge it all.
            if essential.is_empty() {
                task.containers.iter().collect()
            } else {
                essential
            }
        }
        Judged::All => task.containers.iter().collect(),
    };
    if judged.is_empty() && !matches!(which, Judged::Named(_)) {
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
    let sidecar_hint = !matches!(which, Judged::Named(_))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecs::ContainerInfo;

    fn task(containers: &[(&str, Option<i32>, Option<&str>)]) -> TaskInfo {
        TaskInfo {
            arn: "arn:aws:ecs:eu-west-1:123456789012:task/c/a".to_owned(),
            last_status: "STOPPED".to_owned(),
            containers: containers
                .iter()
                .map(|(name, exit_code, reason)| ContainerInfo {
                    name: (*name).to_owned(),
                    exit_code: *exit_code,
                    reason: reason.map(str::to_owned),
                    last_status: Some("STOPPED".to_owned()),
                })
                .collect(),
            ..TaskInfo::default()
        }
    }

    #[test]
    fn essential_containers_decide_and_the_others_do_not() {
        let stopped = task(&[
            ("migrate", Some(0), None),
            ("log_router", Some(137), None),
            (
                "aws-guardduty-agent-FvWGeT",
                None,
                Some("CannotPullContainerError: pull access denied"),
            ),
        ]);
        let essential = Judged::Essential(vec!["migrate".to_owned()]);
        let verdict = judge(&stopped, &essential);
        assert!(verdict.succeeded(), "{verdict:?}");
        assert_eq!(verdict.exit_codes, [("migrate".to_owned(), 0)]);
        assert!(!judge(&stopped, &Judged::All).succeeded());
    }

    #[test]
    fn an_essential_container_that_failed_fails_the_task() {
        let stopped = task(&[("migrate", Some(3), None), ("app", Some(0), None)]);
        let verdict = judge(
            &stopped,
            &Judged::Essential(vec!["migrate".to_owned(), "app".to_owned()]),
        );
        assert!(!verdict.succeeded());
        assert!(verdict.sidecar_hint);
    }

    #[test]
    fn essential_names_not_in_the_task_judge_every_container() {
        let stopped = task(&[("migrate", Some(1), None)]);
        let verdict = judge(&stopped, &Judged::Essential(vec!["other".to_owned()]));
        assert!(!verdict.succeeded());
    }
}
