//! Starting the tasks (or adopting those a duplicate delivery started) and stopping them.

use super::Runner;
use crate::ecs::{Ecs, EcsError, RunTaskRequest};
use crate::event::CfnRequest;
use crate::invoke::SelfInvoker;
use crate::logs::Logs;
use crate::physical_id;
use crate::properties::RunConfig;
use crate::put::ResponseSender;
use crate::reason;
use crate::stacks::Stacks;
use std::time::Duration;
use tokio::time::Instant;

impl<E: Ecs, S: ResponseSender, I: SelfInvoker, C: Stacks, L: Logs> Runner<E, S, I, C, L> {
    /// Adopts RUNNING tasks started for this request, and starts the rest.
    pub(super) async fn start(
        &self,
        request: &CfnRequest,
        config: &RunConfig,
        until: Instant,
    ) -> Result<Vec<String>, String> {
        let started_by = physical_id::started_by(&request.request_id);
        let mut backoff = Duration::from_secs(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let adopted = match self.adopt(config, &started_by).await {
                Ok(a) => a,
                Err(e) if e.is_retryable() && attempt < self.settings.run_task_attempts => {
                    tracing::warn!(event = "list_tasks.retry", error = %e);
                    tokio::time::sleep(
                        backoff.min(until.saturating_duration_since(Instant::now())),
                    )
                    .await;
                    backoff *= 2;
                    continue;
                }
                Err(e) => return Err(reason::call_failed("ListTasks", &e)),
            };
            let count = usize::try_from(config.count).unwrap_or(1);
            if adopted.len() >= count {
                tracing::info!(event = "task.adopted", started_by = %started_by, task_arns = ?adopted);
                return Ok(adopted);
            }
            if !adopted.is_empty() {
                tracing::info!(event = "task.adopted", started_by = %started_by, task_arns = ?adopted);
            }
            let more = u32::try_from(count - adopted.len()).unwrap_or(1);
            let run = RunTaskRequest {
                cluster: config.cluster.clone(),
                task_definition: config.task_definition.clone(),
                count: more,
                started_by: started_by.clone(),
                client_token: physical_id::client_token(&request.request_id, more),
                launch_type: config.launch_type.clone(),
                capacity_provider_strategy: config.capacity_provider_strategy.clone(),
                network: config.network.clone(),
                overrides: config.overrides.clone(),
                options: config.options.clone(),
            };
            match self.ecs.run_task(&run).await {
                Ok(out) => {
                    let mut arns = adopted;
                    arns.extend(out.tasks.iter().map(|t| t.arn.clone()));
                    for t in &out.tasks {
                        tracing::info!(event = "task.started", task_arn = %t.arn, started_by = %started_by);
                    }
                    if !out.failures.is_empty() || arns.len() < count {
                        tracing::error!(event = "run_task.failures", failures = ?out.failures);
                        self.stop_all(&config.cluster, &arns, "RunTask could not start every task")
                            .await;
                        let mut reason =
                            reason::run_task_failures(&config.task_definition, &out.failures);
                        if !arns.is_empty() {
                            reason.push_str(&format!(
                                "; stopped the task(s) that did start: {}",
                                arns.join(", ")
                            ));
                        }
                        return Err(reason);
                    }
                    return Ok(arns);
                }
                Err(e) if e.is_retryable() && attempt < self.settings.run_task_attempts => {
                    tracing::warn!(event = "run_task.retry", error = %e);
                    tokio::time::sleep(
                        backoff.min(until.saturating_duration_since(Instant::now())),
                    )
                    .await;
                    backoff *= 2;
                }
                Err(e) => {
                    tracing::error!(event = "run_task.failed", error = %e);
                    return Err(format!(
                        "{} (cluster {}, task definition {})",
                        reason::call_failed("RunTask", &e),
                        config.cluster,
                        config.task_definition
                    ));
                }
            }
        }
    }

    /// RUNNING (not yet stopped) tasks already started with `started_by`.
    async fn adopt(&self, config: &RunConfig, started_by: &str) -> Result<Vec<String>, EcsError> {
        let listed = self
            .ecs
            .list_running_tasks(&config.cluster, started_by)
            .await?;
        if listed.is_empty() {
            return Ok(listed);
        }
        let described = self.ecs.describe_tasks(&config.cluster, &listed).await?;
        Ok(described
            .tasks
            .into_iter()
            .filter(|t| !t.is_stopped())
            .map(|t| t.arn)
            .collect())
    }

    /// StopTask on each of `arns` at once, each call bounded, best effort: stopping ten
    /// tasks takes as long as stopping one.
    pub(super) async fn stop_all(&self, cluster: &str, arns: &[String], why: &str) {
        let reason = format!("plimsoll-runner: {why}");
        let reason = &reason;
        let stops = arns.iter().map(|arn| async move {
            let call = self.ecs.stop_task(cluster, arn, reason);
            match tokio::time::timeout(self.settings.stop_call_limit, call).await {
                Ok(Ok(())) => tracing::info!(event = "task.stop_requested", task_arn = %arn, why),
                Ok(Err(e)) => {
                    tracing::error!(event = "task.stop_failed", task_arn = %arn, error = %e);
                }
                Err(_) => tracing::error!(event = "task.stop_failed", task_arn = %arn, error = "no answer in time"),
            }
        });
        futures_util::future::join_all(stops).await;
    }
}
