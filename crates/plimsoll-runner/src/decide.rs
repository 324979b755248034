//! What the end of a wait means for the request: pure, so every outcome's answer is tested
//! without ECS, time or HTTP. The runner carries the decision out (stops tasks, answers,
//! continues in a new invocation).

use crate::data::TaskResult;
use crate::judge::{self, Judged, TaskVerdict};
use crate::reason;
use crate::wait::WaitOutcome;
use std::time::Duration;

/// What to do once the wait has ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Every task succeeded: answer SUCCESS with their results.
    Succeed(Vec<TaskResult>),
    /// Stop `stop` (a best effort, for `why`), then answer FAILED with `reason`.
    Fail {
        stop: Vec<String>,
        why: &'static str,
        reason: String,
    },
    /// Time ran out with `running` still going: continue in a new invocation when the limit
    /// was Lambda's and that is possible, otherwise give up on them.
    TimedOut {
        running: Vec<String>,
        /// The tasks that finished (and succeeded) before it, for the answer's `Data`.
        finished: Vec<TaskResult>,
        /// The last DescribeTasks error, for the reason.
        detail: Option<String>,
    },
}

/// A decision and the verdicts it rests on (to log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    pub next: Next,
    /// The verdicts on the tasks that stopped, when the wait ended with every task stopped
    /// or one failed.
    pub judged: Vec<TaskVerdict>,
}

/// What `outcome` (the wait on `arns`) means, judging the containers `judged` names;
/// `missing_grace` is how long a task may be MISSING (for the reason).
pub fn decide(
    outcome: WaitOutcome,
    arns: &[String],
    judged: &Judged,
    missing_grace: Duration,
) -> Decided {
    let judge_all = |tasks: &[crate::ecs::TaskInfo]| -> Vec<TaskVerdict> {
        tasks.iter().map(|t| judge::judge(t, judged)).collect()
    };
    let failures = |verdicts: &[TaskVerdict]| -> Vec<String> {
        verdicts
            .iter()
            .filter(|v| !v.succeeded())
            .map(reason::task_failure)
            .collect()
    };
    let only = |next: Next| Decided {
        next,
        judged: Vec::new(),
    };
    match outcome {
        WaitOutcome::AllStopped(tasks) => {
            let judged = judge_all(&tasks);
            let failed = failures(&judged);
            let next = if failed.is_empty() {
                Next::Succeed(judged.iter().map(TaskResult::from).collect())
            } else {
                Next::Fail {
                    stop: Vec::new(),
                    why: "every task has stopped",
                    reason: failed.join(" | "),
                }
            };
            Decided { next, judged }
        }
        WaitOutcome::TaskFailed { stopped, running } => {
            let judged = judge_all(&stopped);
            let failed = failures(&judged);
            let decided = only(Next::Fail {
                reason: format!(
                    "{} | stopped the other task(s): {}",
                    failed.join(" | "),
                    running.join(", ")
                ),
                stop: running,
                why: "a sibling task failed",
            });
            Decided { judged, ..decided }
        }
        WaitOutcome::Missing { missing, running } => {
            let mut reason = format!(
                "task(s) {} missing from DescribeTasks (MISSING) for over {} s",
                missing.join(", "),
                missing_grace.as_secs()
            );
            if !running.is_empty() {
                reason.push_str(&format!(
                    "; stopped the other task(s): {}",
                    running.join(", ")
                ));
            }
            only(Next::Fail {
                stop: running,
                why: "a sibling task went missing",
                reason,
            })
        }
        WaitOutcome::Error(e) => only(Next::Fail {
            stop: arns.to_vec(),
            why: "the runner cannot follow the task",
            reason: format!(
                "{}; stopped task(s) {}",
                reason::call_failed("DescribeTasks", &e),
                arns.join(", ")
            ),
        }),
        WaitOutcome::Deadline {
            stopped,
            running,
            last_error,
        } => only(Next::TimedOut {
            running,
            finished: judge_all(&stopped).iter().map(TaskResult::from).collect(),
            detail: last_error.map(|e| format!("last DescribeTasks error: {e}")),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecs::{ContainerInfo, EcsError, TaskInfo};

    const GRACE: Duration = Duration::from_secs(60);

    fn arn(id: &str) -> String {
        format!("arn:aws:ecs:eu-west-1:123456789012:task/c/{id}")
    }

    fn stopped(id: &str, containers: &[(&str, Option<i32>)]) -> TaskInfo {
        TaskInfo {
            arn: arn(id),
            last_status: "STOPPED".into(),
            stop_code: Some("EssentialContainerExited".into()),
            stopped_reason: Some("Essential container in task exited".into()),
            containers: containers
                .iter()
                .map(|(name, code)| ContainerInfo {
                    name: (*name).into(),
                    exit_code: *code,
                    reason: None,
                    last_status: Some("STOPPED".into()),
                })
                .collect(),
        }
    }

    fn decide_on(outcome: WaitOutcome) -> Decided {
        decide(outcome, &[arn("a"), arn("b")], &Judged::All, GRACE)
    }

    #[test]
    fn every_task_exiting_zero_succeeds_with_their_exit_codes() {
        let decided = decide_on(WaitOutcome::AllStopped(vec![
            stopped("a", &[("app", Some(0))]),
            stopped("b", &[("app", Some(0))]),
        ]));
        let Next::Succeed(results) = &decided.next else {
            panic!("{decided:?}")
        };
        let data = crate::data::ran(results);
        assert_eq!(data["TaskArn"], arn("a"));
        assert_eq!(data["ExitCodes"], "a/app=0,b/app=0");
        assert_eq!(decided.judged.len(), 2);
    }

    #[test]
    fn one_task_exiting_non_zero_fails_without_stopping_anything() {
        let decided = decide_on(WaitOutcome::AllStopped(vec![
            stopped("a", &[("app", Some(0))]),
            stopped("b", &[("app", Some(3))]),
        ]));
        let Next::Fail { stop, reason, .. } = &decided.next else {
            panic!("{decided:?}")
        };
        assert!(stop.is_empty());
        assert!(reason.contains("exited with code 3"), "{reason}");
        assert!(!reason.contains(" | "), "only the failed task: {reason}");
        assert_eq!(decided.judged.len(), 2, "both verdicts are logged");
    }

    #[test]
    fn a_sidecar_outside_success_containers_does_not_fail_the_task() {
        let task = stopped("a", &[("app", Some(0)), ("envoy", Some(137))]);
        let decided = decide(
            WaitOutcome::AllStopped(vec![task.clone()]),
            &[arn("a")],
            &Judged::Named(vec!["app".to_owned()]),
            GRACE,
        );
        assert!(matches!(decided.next, Next::Succeed(_)), "{decided:?}");
        let decided = decide(
            WaitOutcome::AllStopped(vec![task]),
            &[arn("a")],
            &Judged::All,
            GRACE,
        );
        assert!(matches!(decided.next, Next::Fail { .. }), "{decided:?}");
    }

    #[test]
    fn a_failed_task_stops_its_running_siblings() {
        let decided = decide_on(WaitOutcome::TaskFailed {
            stopped: vec![stopped("a", &[("app", Some(1))])],
            running: vec![arn("b")],
        });
        assert_eq!(
            decided.next,
            Next::Fail {
                stop: vec![arn("b")],
                why: "a sibling task failed",
                reason: format!(
                    "{} | stopped the other task(s): {}",
                    reason::task_failure(&judge::judge(
                        &stopped("a", &[("app", Some(1))]),
                        &Judged::All
                    )),
                    arn("b")
                ),
            }
        );
    }

    #[test]
    fn a_missing_task_fails_and_names_the_grace_period() {
        let decided = decide_on(WaitOutcome::Missing {
            missing: vec![arn("a")],
            running: vec![],
        });
        let Next::Fail { stop, reason, .. } = &decided.next else {
            panic!("{decided:?}")
        };
        assert!(stop.is_empty());
        assert!(reason.contains("MISSING) for over 60 s"), "{reason}");
        assert!(!reason.contains("stopped the other"), "{reason}");
    }

    #[test]
    fn an_error_that_will_not_go_away_stops_every_task() {
        let decided = decide_on(WaitOutcome::Error(EcsError::fatal(
            "AccessDeniedException",
            "not allowed",
        )));
        let Next::Fail { stop, why, reason } = &decided.next else {
            panic!("{decided:?}")
        };
        assert_eq!(stop, &[arn("a"), arn("b")]);
        assert_eq!(*why, "the runner cannot follow the task");
        assert!(reason.contains("AccessDeniedException"), "{reason}");
    }

    #[test]
    fn the_deadline_hands_over_the_running_tasks_and_the_last_error() {
        let decided = decide_on(WaitOutcome::Deadline {
            stopped: vec![stopped("a", &[("app", Some(0))])],
            running: vec![arn("b")],
            last_error: Some(EcsError::retryable("ThrottlingException", "slow down")),
        });
        let Next::TimedOut {
            running,
            finished,
            detail,
        } = &decided.next
        else {
            panic!("{decided:?}")
        };
        assert_eq!(running, &[arn("b")]);
        assert_eq!(finished.len(), 1);
        assert_eq!(finished[0].arn, arn("a"));
        assert!(
            detail
                .as_deref()
                .is_some_and(|d| d.starts_with("last DescribeTasks error: ")
                    && d.contains("ThrottlingException")),
            "{detail:?}"
        );
    }
}
