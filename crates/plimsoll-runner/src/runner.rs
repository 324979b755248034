//! One invocation, end to end: read the request, decide, run and wait, answer.
//!
//! Whatever happens (bad properties, ECS errors, a panic) a request that carries a
//! ResponseURL gets an answer, unless the runner hands the wait over to a new invocation of
//! itself, which then answers.

use crate::budget::Budget;
use crate::decide::{Next, decide};
use crate::ecs::{Ecs, RunTaskRequest};
use crate::event::{self, CfnRequest, Continuation};
use crate::invoke::SelfInvoker;
use crate::physical_id;
use crate::properties::{self, RequestType, RunConfig};
use crate::put::{self, Delivery, ResponseSender};
use crate::reason::{self, Limit};
use crate::response::{CfnResponse, Status};
use crate::settings::Settings;
use crate::wait;
use futures_util::FutureExt;
use serde_json::Value;
use std::panic::AssertUnwindSafe;
use std::time::Duration;
use tokio::time::Instant;
use tracing::Instrument;

/// One invocation as the Lambda runtime hands it over.
#[derive(Debug, Clone)]
pub struct Invocation {
    /// The event.
    pub payload: Value,
    /// Wall clock at the start, in ms since the Unix epoch.
    pub now_ms: u64,
    /// The Lambda deadline from the context, in ms since the Unix epoch (a value in the past
    /// means unknown).
    pub deadline_ms: u64,
    /// This function's ARN (the target of a continuation).
    pub function_arn: String,
}

/// What the invocation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// An answer was sent (or every attempt to send it failed).
    Answered {
        /// The answer.
        response: CfnResponse,
        /// How the PUT went.
        delivery: Delivery,
    },
    /// The wait goes on in a new invocation, which will answer.
    Continued {
        /// The new invocation's continuation state.
        state: Continuation,
    },
    /// The event is not a custom resource request: nobody can be answered.
    Unanswerable(String),
}

/// What `process` decided.
enum Decision {
    Answer(CfnResponse),
    Continued(Continuation),
}

/// The runner: ECS, the HTTP sender and (optionally) self-invocation.
#[derive(Debug)]
pub struct Runner<E, S, I> {
    /// ECS.
    pub ecs: E,
    /// Sends the answer.
    pub sender: S,
    /// Re-invokes the function; `None` disables continuation.
    pub invoker: Option<I>,
    /// Limits and pacing.
    pub settings: Settings,
}

/// The id to answer with when the request failed.
fn failure_id(request: &CfnRequest, request_type: Option<RequestType>) -> String {
    match (request_type, &request.physical_resource_id) {
        (Some(RequestType::Update | RequestType::Delete), Some(id)) if !id.is_empty() => id.clone(),
        _ => physical_id::for_failed_create(&request.stack_id, &request.logical_resource_id),
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    }
}

/// Ids to answer with: on success, and on failure.
struct Ids {
    ok: String,
    failed: String,
}

impl<E: Ecs, S: ResponseSender, I: SelfInvoker> Runner<E, S, I> {
    /// Handles one invocation. Never panics and never fails: the Lambda handler returns Ok
    /// after this, so that Lambda does not retry (and run the task again).
    pub async fn handle(&self, invocation: Invocation) -> Outcome {
        let request = match CfnRequest::from_payload(&invocation.payload) {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(event = "request.unreadable", error = %e);
                return Outcome::Unanswerable(e);
            }
        };
        let span = tracing::info_span!(
            "request",
            request_id = %request.request_id,
            request_type = %request.request_type,
            logical_resource_id = %request.logical_resource_id,
            stack_id = %request.stack_id,
        );
        self.handle_request(&request, &invocation)
            .instrument(span)
            .await
    }

    async fn handle_request(&self, request: &CfnRequest, invocation: &Invocation) -> Outcome {
        let start = Instant::now();
        let lambda_left = invocation
            .deadline_ms
            .checked_sub(invocation.now_ms)
            .filter(|ms| *ms > 0)
            .map_or(self.settings.local_budget, Duration::from_millis);
        // The answer must go out before Lambda ends the invocation.
        let put_until = start + lambda_left.saturating_sub(Duration::from_secs(2));
        tracing::info!(
            event = "request.received",
            physical_resource_id = request.physical_resource_id.as_deref().unwrap_or(""),
            properties = ?property_names(&request.resource_properties),
            continuation = invocation.payload.get(event::CONTINUATION_FIELD).is_some(),
        );
        let decision = AssertUnwindSafe(self.process(request, invocation))
            .catch_unwind()
            .await;
        let response = match decision {
            Ok(Decision::Answer(response)) => response,
            Ok(Decision::Continued(state)) => return Outcome::Continued { state },
            Err(panic) => {
                let message = panic_message(panic.as_ref());
                tracing::error!(event = "runner.panic", message = %message);
                let id = failure_id(request, RequestType::parse(&request.request_type));
                CfnResponse::new(request, Status::Failed, id)
                    .with_reason(format!("internal error in the runner (panic: {message})"))
            }
        };
        let body = response.to_body();
        tracing::info!(
            event = "response.sending",
            status = ?response.status,
            physical_resource_id = %response.physical_resource_id,
            reason = response.reason.as_deref().unwrap_or(""),
            bytes = body.len(),
        );
        let delivery = put::deliver(
            &self.sender,
            &request.response_url,
            body,
            self.settings.put,
            put_until,
        )
        .await;
        if let Delivery::Failed { error, attempts } = &delivery {
            tracing::error!(event = "response.failed", error = %error, attempts);
        }
        Outcome::Answered { response, delivery }
    }

    async fn process(&self, request: &CfnRequest, invocation: &Invocation) -> Decision {
        let Some(request_type) = RequestType::parse(&request.request_type) else {
            return Decision::Answer(
                CfnResponse::new(request, Status::Failed, failure_id(request, None))
                    .with_reason(format!("unknown RequestType {}", request.request_type)),
            );
        };
        let continuation = match event::continuation(&invocation.payload) {
            Ok(c) => c,
            Err(e) => {
                return Decision::Answer(
                    CfnResponse::new(
                        request,
                        Status::Failed,
                        failure_id(request, Some(request_type)),
                    )
                    .with_reason(e),
                );
            }
        };
        match request_type {
            RequestType::Delete => {
                let id = failure_id(request, Some(request_type));
                let success = CfnResponse::new(request, Status::Success, id.clone());
                if physical_id::is_failed_create(&id) {
                    tracing::info!(
                        event = "delete.noop",
                        why = "the Create failed; nothing to undo"
                    );
                    return Decision::Answer(success);
                }
                match properties::lenient_run_on(&request.resource_properties) {
                    Some(run_on) if run_on.delete => {}
                    _ => {
                        tracing::info!(
                            event = "delete.noop",
                            why = "RunOn does not include Delete"
                        );
                        return Decision::Answer(success);
                    }
                }
                match properties::parse(&request.resource_properties) {
                    Ok(config) => {
                        let ids = Ids {
                            ok: id.clone(),
                            failed: id,
                        };
                        self.run(request, invocation, &config, &ids, continuation)
                            .await
                    }
                    Err(e) => {
                        // A Delete never fails because of bad properties.
                        tracing::warn!(event = "delete.noop", why = %e);
                        Decision::Answer(success)
                    }
                }
            }
            RequestType::Create | RequestType::Update => {
                let ids = if request_type == RequestType::Create {
                    Ids {
                        ok: physical_id::for_create(
                            &request.stack_id,
                            &request.logical_resource_id,
                        ),
                        failed: physical_id::for_failed_create(
                            &request.stack_id,
                            &request.logical_resource_id,
                        ),
                    }
                } else {
                    let id = failure_id(request, Some(request_type));
                    Ids {
                        ok: id.clone(),
                        failed: id,
                    }
                };
                let config = match properties::parse(&request.resource_properties) {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::error!(event = "properties.invalid", error = %e);
                        return Decision::Answer(
                            CfnResponse::new(request, Status::Failed, ids.failed)
                                .with_reason(e.to_string()),
                        );
                    }
                };
                if !config.run_on.includes(request_type) {
                    tracing::info!(
                        event = "request.skipped",
                        why = "RunOn does not include this request type"
                    );
                    return Decision::Answer(CfnResponse::new(request, Status::Success, ids.ok));
                }
                self.run(request, invocation, &config, &ids, continuation)
                    .await
            }
        }
    }

    /// Starts (or adopts, or continues with) the tasks, waits, and carries out what
    /// [`decide`] makes of the wait.
    async fn run(
        &self,
        request: &CfnRequest,
        invocation: &Invocation,
        config: &RunConfig,
        ids: &Ids,
        continuation: Option<Continuation>,
    ) -> Decision {
        let fail = |reason: String| {
            Decision::Answer(
                CfnResponse::new(request, Status::Failed, ids.failed.clone()).with_reason(reason),
            )
        };
        let started_at_ms = continuation
            .as_ref()
            .map_or(invocation.now_ms, |c| c.started_at_ms);
        let generation = continuation.as_ref().map_or(0, |c| c.generation);
        let budget = Budget::compute(
            &self.settings,
            invocation.now_ms,
            invocation.deadline_ms,
            started_at_ms,
            config.timeout_seconds,
            config.service_timeout,
        );
        if budget.deadline_unknown {
            tracing::info!(
                event = "deadline.unknown",
                local_budget_s = self.settings.local_budget.as_secs(),
            );
        }
        let arns = match continuation {
            Some(c) => {
                tracing::info!(event = "continuation.resumed", generation = c.generation, task_arns = ?c.task_arns);
                c.task_arns
            }
            None => match self.start(request, config, budget.invocation_end).await {
                Ok(arns) => arns,
                Err(reason) => return fail(reason),
            },
        };
        let (end, limit) = budget.wait_end();
        let outcome = wait::wait(
            &self.ecs,
            &config.cluster,
            &arns,
            config.success_containers.as_deref(),
            end,
            &self.settings,
        )
        .await;
        let decided = decide(
            outcome,
            &arns,
            config.success_containers.as_deref(),
            self.settings.missing_grace,
        );
        for v in &decided.judged {
            tracing::info!(
                event = "task.judged",
                task_arn = %v.arn,
                succeeded = v.succeeded(),
                exit_codes = ?v.exit_codes,
            );
        }
        match decided.next {
            Next::Succeed(data) => Decision::Answer(
                CfnResponse::new(request, Status::Success, ids.ok.clone()).with_data(data),
            ),
            Next::Fail { stop, why, reason } => {
                self.stop_all(&config.cluster, &stop, why).await;
                fail(reason)
            }
            Next::TimedOut { running, detail } => {
                if limit == Limit::LambdaDeadline {
                    match self
                        .continue_later(invocation, &running, started_at_ms, generation, &budget)
                        .await
                    {
                        Ok(Some(state)) => return Decision::Continued(state),
                        Ok(None) => {}
                        Err(e) => {
                            let stopped = self.give_up(config, &running).await;
                            return fail(reason::timed_out(
                                limit,
                                &running,
                                stopped,
                                Some(&format!("could not continue in a new invocation: {e}")),
                            ));
                        }
                    }
                }
                let stopped = self.give_up(config, &running).await;
                fail(reason::timed_out(
                    limit,
                    &running,
                    stopped,
                    detail.as_deref(),
                ))
            }
        }
    }

    /// Stops `running` if StopOnTimeout; whether it did.
    async fn give_up(&self, config: &RunConfig, running: &[String]) -> bool {
        if config.stop_on_timeout {
            self.stop_all(&config.cluster, running, "time limit reached")
                .await;
        }
        config.stop_on_timeout
    }

    /// Hands the wait to a new invocation when worthwhile: `Ok(None)` when not.
    async fn continue_later(
        &self,
        invocation: &Invocation,
        running: &[String],
        started_at_ms: u64,
        generation: u32,
        budget: &Budget,
    ) -> Result<Option<Continuation>, String> {
        let Some(invoker) = &self.invoker else {
            return Ok(None);
        };
        if !self.settings.continuation
            || budget.deadline_unknown
            || generation >= self.settings.max_generations
            || budget.left_after_invocation() <= self.settings.min_continuation
        {
            return Ok(None);
        }
        let state = Continuation {
            task_arns: running.to_vec(),
            started_at_ms,
            generation: generation + 1,
        };
        let payload = event::continuation_payload(&invocation.payload, &state);
        let bytes = serde_json::to_vec(&payload).map_err(|e| e.to_string())?;
        invoker
            .invoke_async(&invocation.function_arn, bytes)
            .await?;
        tracing::info!(
            event = "continuation.invoked",
            generation = state.generation,
            task_arns = ?state.task_arns,
            budget_left_s = budget.left_after_invocation().as_secs(),
        );
        Ok(Some(state))
    }

    /// Adopts RUNNING tasks started for this request, and starts the rest.
    async fn start(
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
            let run = RunTaskRequest {
                cluster: config.cluster.clone(),
                task_definition: config.task_definition.clone(),
                count: u32::try_from(count - adopted.len()).unwrap_or(1),
                started_by: started_by.clone(),
                launch_type: config.launch_type.clone(),
                capacity_provider_strategy: config.capacity_provider_strategy.clone(),
                network: config.network.clone(),
                overrides: config.overrides.clone(),
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
    async fn adopt(
        &self,
        config: &RunConfig,
        started_by: &str,
    ) -> Result<Vec<String>, crate::ecs::EcsError> {
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

    /// StopTask on each of `arns`, best effort.
    async fn stop_all(&self, cluster: &str, arns: &[String], why: &str) {
        for arn in arns {
            let reason = format!("plimsoll-runner: {why}");
            match self.ecs.stop_task(cluster, arn, &reason).await {
                Ok(()) => tracing::info!(event = "task.stop_requested", task_arn = %arn, why),
                Err(e) => tracing::error!(event = "task.stop_failed", task_arn = %arn, error = %e),
            }
        }
    }
}

/// The names of the properties (values may hold secrets: never logged).
fn property_names(properties: &Value) -> Vec<&str> {
    properties
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}
