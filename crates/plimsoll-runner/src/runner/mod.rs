//! One invocation, end to end: read the request, decide, run and wait, answer.
//!
//! Whatever happens (bad properties, ECS errors, a panic) a request that carries a
//! ResponseURL gets an answer, unless the runner hands the wait over to a new invocation of
//! itself, which then answers.

mod containers;
mod tasks;

use crate::budget::{self, Budget};
use crate::decide::{Next, decide};
use crate::ecs::Ecs;
use crate::event::{self, CfnRequest, Continuation};
use crate::invoke::SelfInvoker;
use crate::logs::Logs;
use crate::physical_id;
use crate::properties::{self, RequestType, RunConfig};
use crate::put::{self, Delivery, ResponseSender};
use crate::reason::{self, Limit};
use crate::response::{CfnResponse, Status};
use crate::response_url;
use crate::settings::Settings;
use crate::stacks::{self, Stacks};
use crate::wait;
use crate::{changes, data};
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

/// The runner: ECS, the stack's status, container logs, the HTTP sender and (optionally)
/// self-invocation.
#[derive(Debug)]
pub struct Runner<E, S, I, C, L> {
    /// ECS.
    pub ecs: E,
    /// The stack's status (to recognise a rollback).
    pub stacks: C,
    /// The failed containers' output (for the Reason).
    pub logs: L,
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

impl<E: Ecs, S: ResponseSender, I: SelfInvoker, C: Stacks, L: Logs> Runner<E, S, I, C, L> {
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
        if let Err(why) =
            response_url::check(&request.response_url, self.settings.loopback_response_url)
        {
            tracing::error!(event = "request.refused", error = %why);
            return Outcome::Unanswerable(why);
        }
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
        // Whatever is still going on then, stop and answer: an invocation that Lambda times
        // out is retried, and would run the task again.
        let answer_by = start + lambda_left.saturating_sub(self.settings.answer_reserve);
        let decision = tokio::time::timeout_at(
            answer_by,
            AssertUnwindSafe(self.process(request, invocation)).catch_unwind(),
        )
        .await;
        let response = match decision {
            Ok(Ok(Decision::Answer(response))) => response,
            Ok(Ok(Decision::Continued(state))) => return Outcome::Continued { state },
            Err(_) => {
                tracing::error!(event = "runner.out_of_time");
                let id = failure_id(request, RequestType::parse(&request.request_type));
                CfnResponse::new(request, Status::Failed, id).with_reason(format!(
                    "the runner ran out of time {} s before the Lambda function's deadline \
                     (its Timeout) with ECS calls still unanswered; the task(s) may still be \
                     running: see the runner's log",
                    self.settings.answer_reserve.as_secs()
                ))
            }
            Ok(Err(panic)) => {
                let message = panic_message(panic.as_ref());
                tracing::error!(event = "runner.panic", message = %message);
                let id = failure_id(request, RequestType::parse(&request.request_type));
                CfnResponse::new(request, Status::Failed, id)
                    .with_reason(format!("internal error in the runner (panic: {message})"))
            }
        };
        let response = match (&response.reason, &self.settings.runner_log) {
            (Some(reason), Some(log)) if response.status == Status::Failed => {
                let reason = format!("{reason} [runner log: {log}]");
                response.with_reason(reason)
            }
            _ => response,
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
                let success = CfnResponse::new(request, Status::Success, id.clone())
                    .with_data(data::skipped());
                if physical_id::is_failed_create(&id) {
                    tracing::info!(
                        event = "delete.noop",
                        why = "the Create failed; nothing to undo"
                    );
                    return Decision::Answer(success);
                }
                if id != physical_id::for_create(&request.stack_id, &request.logical_resource_id) {
                    // CloudFormation invents an id when a Create never answered (it timed out,
                    // or is still running): nothing of the runner's was created under it.
                    tracing::info!(
                        event = "delete.noop",
                        why = "the id is not one the runner answered a Create with"
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
                if let Some(why) = self
                    .why_not_run(request, request_type, &config, continuation.is_some())
                    .await
                {
                    tracing::info!(event = "request.skipped", why);
                    return Decision::Answer(
                        CfnResponse::new(request, Status::Success, ids.ok)
                            .with_data(data::skipped()),
                    );
                }
                // After the rollback check: a rollback must never fail on properties that
                // were accepted when they were deployed.
                if let Some(why) = budget::impossible(
                    &self.settings,
                    config.timeout_seconds,
                    config.service_timeout,
                ) {
                    tracing::error!(event = "properties.invalid", error = %why);
                    return Decision::Answer(
                        CfnResponse::new(request, Status::Failed, ids.failed).with_reason(why),
                    );
                }
                self.run(request, invocation, &config, &ids, continuation)
                    .await
            }
        }
    }

    /// Why a Create or Update answers SUCCESS without running the task, if it does.
    async fn why_not_run(
        &self,
        request: &CfnRequest,
        request_type: RequestType,
        config: &RunConfig,
        continued: bool,
    ) -> Option<&'static str> {
        if !config.run_on.includes(request_type) {
            return Some("RunOn does not include this request type");
        }
        if request_type != RequestType::Update || continued {
            return None;
        }
        if changes::only_timing_changed(
            &request.resource_properties,
            request.old_resource_properties.as_ref(),
        ) {
            return Some("only ServiceTimeout, TimeoutSeconds or StopOnTimeout changed");
        }
        if !config.run_on_rollback && self.rolling_back(&request.stack_id).await {
            return Some("the stack is rolling back an Update (RunOnRollback is false)");
        }
        None
    }

    /// Whether the stack is rolling back an Update. When its status cannot be read the
    /// answer is no, and the task runs as it would have before.
    async fn rolling_back(&self, stack_id: &str) -> bool {
        match self.stacks.status(stack_id).await {
            Ok(status) => {
                tracing::info!(event = "stack.status", status = %status);
                status == stacks::UPDATE_ROLLING_BACK
            }
            Err(e) => {
                tracing::warn!(event = "stack.status_unreadable", error = %e);
                false
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
        let (arns, earlier) = match continuation {
            Some(c) => {
                tracing::info!(event = "continuation.resumed", generation = c.generation, task_arns = ?c.task_arns);
                (c.task_arns, c.finished)
            }
            None => match self.start(request, config, budget.invocation_end).await {
                Ok(arns) => (arns, Vec::new()),
                Err(reason) => return fail(reason),
            },
        };
        let waiting: Vec<String> = arns
            .iter()
            .filter(|a| !earlier.iter().any(|f| f.arn == **a))
            .cloned()
            .collect();
        let definition = self.task_definition(config).await;
        let judged = containers::judged(config, definition.as_deref());
        let (end, limit) = budget.wait_end();
        let outcome = wait::wait(
            &self.ecs,
            &config.cluster,
            &waiting,
            &judged,
            end,
            &self.settings,
        )
        .await;
        let decided = decide(outcome, &waiting, &judged, self.settings.missing_grace);
        for v in &decided.judged {
            tracing::info!(
                event = "task.judged",
                task_arn = %v.arn,
                succeeded = v.succeeded(),
                exit_codes = ?v.exit_codes,
            );
        }
        match decided.next {
            Next::Succeed(results) => {
                let results = data::in_start_order(&arns, [earlier, results].concat());
                Decision::Answer(
                    CfnResponse::new(request, Status::Success, ids.ok.clone())
                        .with_data(data::ran(&results)),
                )
            }
            Next::Fail { stop, why, reason } => {
                self.stop_all(&config.cluster, &stop, why).await;
                let failed = decided
                    .judged
                    .iter()
                    .flat_map(|v| {
                        let task = data::task_id(&v.arn);
                        v.problems
                            .iter()
                            .filter_map(|p| p.container())
                            .map(move |c| (task, c))
                    })
                    .collect();
                let output = self.output(failed, definition.as_deref()).await;
                fail(format!("{reason}{output}"))
            }
            Next::TimedOut {
                running,
                finished,
                detail,
            } => {
                if limit == Limit::LambdaDeadline {
                    let state = Continuation {
                        task_arns: arns.clone(),
                        finished: [earlier, finished].concat(),
                        started_at_ms,
                        generation: generation + 1,
                    };
                    match self.continue_later(invocation, state, &budget).await {
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
                // Where a hung migration was stuck: the last output of its judged containers.
                let hung = running
                    .iter()
                    .flat_map(|arn| {
                        judged
                            .names()
                            .iter()
                            .map(move |c| (data::task_id(arn), c.as_str()))
                    })
                    .collect();
                let output = self.output(hung, definition.as_deref()).await;
                fail(format!(
                    "{}{output}",
                    reason::timed_out(limit, &running, stopped, detail.as_deref())
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
        state: Continuation,
        budget: &Budget,
    ) -> Result<Option<Continuation>, String> {
        let Some(invoker) = &self.invoker else {
            return Ok(None);
        };
        if !self.settings.continuation
            || budget.deadline_unknown
            || state.generation > self.settings.max_generations
            || budget.left_after_invocation() <= self.settings.min_continuation
        {
            return Ok(None);
        }
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
}

/// The names of the properties (values may hold secrets: never logged).
fn property_names(properties: &Value) -> Vec<&str> {
    properties
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}
