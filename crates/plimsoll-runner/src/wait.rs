//! The wait loop: polls DescribeTasks until every task has stopped, one fails, or the end of
//! the budget, whichever comes first. Retryable errors (throttling) are retried with the
//! growing poll interval; a task MISSING from DescribeTasks is tolerated for a grace period.

use crate::ecs::{Ecs, EcsError, TaskInfo};
use crate::judge::{self, Judged};
use crate::settings::Settings;
use std::collections::{BTreeMap, HashMap};
use tokio::time::Instant;

/// How the wait ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitOutcome {
    /// Every task has stopped (in the order of the ARNs given).
    AllStopped(Vec<TaskInfo>),
    /// A task stopped and failed while others still run.
    TaskFailed {
        /// The stopped tasks, failed ones among them.
        stopped: Vec<TaskInfo>,
        /// Tasks still running.
        running: Vec<String>,
    },
    /// DescribeTasks kept reporting tasks as MISSING beyond the grace period.
    Missing {
        /// The missing tasks.
        missing: Vec<String>,
        /// Tasks not missing and not stopped.
        running: Vec<String>,
    },
    /// DescribeTasks failed with an error that retrying will not fix.
    Error(EcsError),
    /// The end of the budget came first.
    Deadline {
        /// Tasks that stopped (and succeeded) before it.
        stopped: Vec<TaskInfo>,
        /// Tasks not yet stopped.
        running: Vec<String>,
        /// The last retryable error, if the last poll failed.
        last_error: Option<EcsError>,
    },
}

/// DescribeTasks accepts at most 100 tasks per call.
const DESCRIBE_BATCH: usize = 100;

/// Waits for `arns` (at most 10 in practice) until `end`.
pub async fn wait<E: Ecs>(
    ecs: &E,
    cluster: &str,
    arns: &[String],
    judged: &Judged,
    end: Instant,
    settings: &Settings,
) -> WaitOutcome {
    let mut stopped: BTreeMap<String, TaskInfo> = BTreeMap::new();
    let mut last_status: HashMap<String, String> = HashMap::new();
    let mut missing_since: HashMap<String, Instant> = HashMap::new();
    let mut interval = settings.poll_first;
    loop {
        let pending: Vec<String> = arns
            .iter()
            .filter(|a| !stopped.contains_key(*a))
            .cloned()
            .collect();
        let mut error = None;
        for batch in pending.chunks(DESCRIBE_BATCH) {
            match ecs.describe_tasks(cluster, batch).await {
                Ok(out) => {
                    let now = Instant::now();
                    let seen: Vec<String> = out.tasks.iter().map(|t| t.arn.clone()).collect();
                    for task in out.tasks {
                        missing_since.remove(&task.arn);
                        if last_status.get(&task.arn) != Some(&task.last_status) {
                            tracing::info!(
                                event = "task.status",
                                task_arn = %task.arn,
                                last_status = %task.last_status,
                            );
                            last_status.insert(task.arn.clone(), task.last_status.clone());
                        }
                        if task.is_stopped() {
                            stopped.insert(task.arn.clone(), task);
                        }
                    }
                    for arn in batch {
                        if !seen.contains(arn) {
                            let reason = out
                                .failures
                                .iter()
                                .find(|f| f.arn.as_deref() == Some(arn.as_str()))
                                .and_then(|f| f.reason.clone())
                                .unwrap_or_else(|| "not returned".to_owned());
                            let since = *missing_since.entry(arn.clone()).or_insert(now);
                            tracing::warn!(
                                event = "task.missing",
                                task_arn = %arn,
                                reason = %reason,
                                missing_for_s = now.duration_since(since).as_secs(),
                            );
                        }
                    }
                }
                Err(e) if e.is_retryable() => {
                    tracing::warn!(event = "describe_tasks.retry", error = %e);
                    error = Some(e);
                }
                Err(e) => {
                    tracing::error!(event = "describe_tasks.failed", error = %e);
                    return WaitOutcome::Error(e);
                }
            }
        }
        let last_error = error;

        let running: Vec<String> = arns
            .iter()
            .filter(|a| !stopped.contains_key(*a))
            .cloned()
            .collect();
        if running.is_empty() {
            return WaitOutcome::AllStopped(
                arns.iter()
                    .filter_map(|a| stopped.get(a).cloned())
                    .collect(),
            );
        }
        if stopped
            .values()
            .any(|t| !judge::judge(t, judged).succeeded())
        {
            return WaitOutcome::TaskFailed {
                stopped: arns
                    .iter()
                    .filter_map(|a| stopped.get(a).cloned())
                    .collect(),
                running,
            };
        }
        let now = Instant::now();
        let missing: Vec<String> = missing_since
            .iter()
            .filter(|(_, since)| now.duration_since(**since) >= settings.missing_grace)
            .map(|(a, _)| a.clone())
            .collect();
        if !missing.is_empty() {
            let mut missing = missing;
            missing.sort();
            return WaitOutcome::Missing {
                running: running
                    .into_iter()
                    .filter(|a| !missing.contains(a))
                    .collect(),
                missing,
            };
        }
        if now >= end {
            return WaitOutcome::Deadline {
                stopped: arns
                    .iter()
                    .filter_map(|a| stopped.get(a).cloned())
                    .collect(),
                running,
                last_error,
            };
        }
        tokio::time::sleep(interval.min(end - now)).await;
        interval = (interval * 3 / 2).min(settings.poll_max);
    }
}
