//! The runner's behaviour against a scripted ECS, on tokio's paused clock.
//!
//! Tests named `seed_flaw_*` each show one flaw of the seed's Python function fixed.

mod fake;

use fake::*;
use plimsoll_runner::ecs::{EcsError, ErrorKind};
use plimsoll_runner::physical_id;
use plimsoll_runner::put::Delivery;
use plimsoll_runner::response::MAX_BODY;
use plimsoll_runner::{Outcome, Runner, Settings};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::time::Instant;

fn create_id() -> String {
    physical_id::for_create(STACK_ID, LOGICAL_ID)
}

fn failed_id() -> String {
    physical_id::for_failed_create(STACK_ID, LOGICAL_ID)
}

fn reason(body: &Value) -> String {
    body["Reason"].as_str().unwrap_or_default().to_owned()
}

/// Checks what every answer must satisfy.
fn check_answer(r: &FakeRunner) -> Value {
    let puts = r.sender.puts();
    assert_eq!(puts.len(), 1, "one answer per request: {puts:?}");
    let put = &puts[0];
    assert_eq!(put.url, RESPONSE_URL);
    assert!(put.len <= MAX_BODY, "body of {} bytes", put.len);
    let body = &put.body;
    assert_eq!(body["StackId"], STACK_ID);
    assert_eq!(body["RequestId"], REQUEST_ID);
    assert_eq!(body["LogicalResourceId"], LOGICAL_ID);
    let id = body["PhysicalResourceId"].as_str().unwrap_or_default();
    assert!(!id.is_empty() && id.len() <= 1024);
    if body["Status"] == "FAILED" {
        assert!(!reason(body).is_empty(), "FAILED without a Reason");
    }
    body.clone()
}

async fn run(r: &FakeRunner, request_type: &str, props: Value, id: Option<&str>) -> Value {
    r.handle(invocation(event(request_type, props, id), T0_MS, 900))
        .await;
    check_answer(r)
}

#[tokio::test(start_paused = true)]
async fn success_answers_with_task_arn_and_exit_codes() {
    let r = runner(
        FakeEcs::default().script(vec![TaskScript::exits(45, vec![container("migrate", 0)])]),
    );
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "SUCCESS");
    assert_eq!(body["PhysicalResourceId"], create_id());
    let runs = r.ecs.run_task_calls();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].count, 1);
    assert!(runs[0].started_by.len() <= 36);
    assert_eq!(runs[0].started_by, physical_id::started_by(REQUEST_ID));
    let arn = body["Data"]["TaskArn"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(arn.contains(":task/app/"));
    assert_eq!(body["Data"]["TaskArns"], arn.as_str());
    let id = arn.rsplit('/').next().unwrap_or_default();
    assert_eq!(body["Data"]["ExitCodes"], format!("{id}/migrate=0"));
    assert!(r.ecs.stopped().is_empty());
}

#[tokio::test(start_paused = true)]
async fn seed_flaw_no_reason_nonzero_exit_names_task_container_and_code() {
    let r = runner(
        FakeEcs::default().script(vec![TaskScript::exits(20, vec![container("migrate", 3)])]),
    );
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "FAILED");
    let reason = reason(&body);
    assert!(reason.contains(":task/app/"), "{reason}");
    assert!(
        reason.contains("container migrate exited with code 3"),
        "{reason}"
    );
    assert!(
        reason.contains("stopCode EssentialContainerExited"),
        "{reason}"
    );
    assert!(
        reason.contains("stoppedReason: Essential container in task exited"),
        "{reason}"
    );
}

#[tokio::test(start_paused = true)]
async fn seed_flaw_key_error_missing_exit_code_with_cannot_pull_container_error() {
    let mut script = TaskScript::exits(
        10,
        vec![ContainerScript {
            name: "migrate",
            exit_code: None,
            reason: Some(
                "CannotPullContainerError: pull image manifest has been retried 5 time(s): not found",
            ),
        }],
    );
    script.stop_code = Some("TaskFailedToStart");
    script.stopped_reason = Some("CannotPullContainerError: ref not found");
    let r = runner(FakeEcs::default().script(vec![script]));
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "FAILED");
    assert_eq!(body["PhysicalResourceId"], failed_id());
    let reason = reason(&body);
    assert!(
        reason.contains("container migrate has no exit code (CannotPullContainerError"),
        "{reason}"
    );
    assert!(reason.contains("stopCode TaskFailedToStart"), "{reason}");
}

#[tokio::test(start_paused = true)]
async fn seed_flaw_index_error_run_task_failures_are_reported() {
    let r = runner(FakeEcs::default().capacity(0));
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "FAILED");
    let reason = reason(&body);
    assert!(reason.contains("RunTask of arn:aws:ecs:eu-west-1:123456789012:task-definition/migrate:7 reported failures"), "{reason}");
    assert!(reason.contains("RESOURCE:MEMORY"), "{reason}");
    assert_eq!(r.ecs.describe_count(), 0);
}

#[tokio::test(start_paused = true)]
async fn run_task_error_names_the_ecs_error() {
    let r = runner(FakeEcs::default().run_task_errors(vec![EcsError::fatal(
        "ClusterNotFoundException",
        "Cluster not found.",
    )]));
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "FAILED");
    let reason = reason(&body);
    assert!(
        reason.contains("ECS RunTask failed: ClusterNotFoundException: Cluster not found."),
        "{reason}"
    );
    assert_eq!(r.ecs.run_task_calls().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn retryable_run_task_error_is_retried_after_adoption_check() {
    let r = runner(FakeEcs::default().run_task_errors(vec![EcsError::retryable(
        "ThrottlingException",
        "Rate exceeded",
    )]));
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "SUCCESS");
    assert_eq!(r.ecs.run_task_calls().len(), 2);
    let lists = r
        .ecs
        .calls()
        .iter()
        .filter(|c| matches!(c, Call::List(_)))
        .count();
    assert_eq!(lists, 2, "adoption is checked before every RunTask");
}

#[tokio::test(start_paused = true)]
async fn run_task_partial_failure_stops_the_started_task() {
    let r = runner(FakeEcs::default().capacity(1));
    let body = run(&r, "Create", props(json!({"Count": "2"})), None).await;
    assert_eq!(body["Status"], "FAILED");
    let stopped = r.ecs.stopped();
    assert_eq!(stopped.len(), 1);
    let reason = reason(&body);
    assert!(reason.contains("RESOURCE:MEMORY"), "{reason}");
    assert!(reason.contains(&stopped[0]), "{reason}");
}

#[tokio::test(start_paused = true)]
async fn count_two_with_one_failure_stops_the_sibling() {
    let r = runner(FakeEcs::default().script(vec![
        TaskScript::exits(30, vec![container("migrate", 1)]),
        TaskScript::never_stops(vec!["migrate"]),
    ]));
    let body = run(&r, "Create", props(json!({"Count": 2})), None).await;
    assert_eq!(body["Status"], "FAILED");
    assert_eq!(r.ecs.run_task_calls()[0].count, 2);
    let stopped = r.ecs.stopped();
    assert_eq!(stopped.len(), 1, "only the running sibling is stopped");
    assert!(r.ecs.is_stopped(&stopped[0]));
    let reason = reason(&body);
    assert!(
        reason.contains("container migrate exited with code 1"),
        "{reason}"
    );
    assert!(
        reason.contains(&format!("stopped the other task(s): {}", stopped[0])),
        "{reason}"
    );
    // Answered soon after the failure, not at some timeout.
    assert!(r.sender.puts()[0].at.elapsed() < Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn count_two_both_succeed() {
    let r = runner(FakeEcs::default().script(vec![
        TaskScript::exits(30, vec![container("migrate", 0)]),
        TaskScript::exits(90, vec![container("migrate", 0)]),
    ]));
    let body = run(&r, "Create", props(json!({"Count": 2})), None).await;
    assert_eq!(body["Status"], "SUCCESS");
    let arns = body["Data"]["TaskArns"].as_str().unwrap_or_default();
    assert_eq!(arns.split(',').count(), 2);
}

#[tokio::test(start_paused = true)]
async fn task_missing_from_describe_tasks_briefly_is_tolerated() {
    let mut script = TaskScript::exits(40, vec![container("migrate", 0)]);
    script.missing_for = Some(Duration::from_secs(5));
    let r = runner(FakeEcs::default().script(vec![script]));
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "SUCCESS");
}

#[tokio::test(start_paused = true)]
async fn task_missing_from_describe_tasks_for_good_fails() {
    let mut script = TaskScript::never_stops(vec!["migrate"]);
    script.missing_for = Some(Duration::MAX);
    let r = runner(FakeEcs::default().script(vec![script]));
    let start = Instant::now();
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "FAILED");
    let reason = reason(&body);
    assert!(
        reason.contains("missing from DescribeTasks (MISSING)"),
        "{reason}"
    );
    assert!(reason.contains(":task/app/"), "{reason}");
    let waited = r.sender.puts()[0].at - start;
    assert!(
        waited >= Duration::from_secs(30) && waited < Duration::from_secs(60),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn throttled_describe_tasks_is_retried() {
    let throttled = EcsError::retryable("ThrottlingException", "Rate exceeded");
    assert_eq!(throttled.kind, ErrorKind::Retryable);
    let r = runner(
        FakeEcs::default()
            .script(vec![TaskScript::exits(20, vec![container("migrate", 0)])])
            .describe_errors(vec![throttled.clone(), throttled.clone(), throttled]),
    );
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "SUCCESS");
    assert!(r.ecs.describe_count() >= 4);
}

#[tokio::test(start_paused = true)]
async fn access_denied_on_describe_tasks_fails_and_stops_the_task() {
    let r = runner(
        FakeEcs::default()
            .script(vec![TaskScript::never_stops(vec!["migrate"])])
            .describe_error_forever(EcsError::fatal(
                "AccessDeniedException",
                "not authorized to perform ecs:DescribeTasks",
            )),
    );
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "FAILED");
    assert!(reason(&body).contains("ECS DescribeTasks failed: AccessDeniedException"));
    assert_eq!(r.ecs.stopped().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn seed_flaw_only_first_container_judged_sidecar_137_fails_without_success_containers() {
    let r = runner(FakeEcs::default().script(vec![TaskScript::exits(
        20,
        vec![container("migrate", 0), container("envoy", 137)],
    )]));
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "FAILED");
    let reason = reason(&body);
    assert!(
        reason.contains("container envoy exited with code 137"),
        "{reason}"
    );
    assert!(
        reason.contains("SuccessContainers"),
        "the Reason suggests the fix: {reason}"
    );
}

#[tokio::test(start_paused = true)]
async fn seed_flaw_sidecar_137_is_no_false_failure_with_success_containers() {
    let r = runner(FakeEcs::default().script(vec![TaskScript::exits(
        20,
        vec![container("envoy", 137), container("migrate", 0)],
    )]));
    let body = run(
        &r,
        "Create",
        props(json!({"SuccessContainers": ["migrate"]})),
        None,
    )
    .await;
    assert_eq!(body["Status"], "SUCCESS");
    let codes = body["Data"]["ExitCodes"].as_str().unwrap_or_default();
    assert!(
        codes.ends_with("/migrate=0") && !codes.contains("envoy"),
        "{codes}"
    );
}

#[tokio::test(start_paused = true)]
async fn seed_flaw_only_first_container_judged_failing_second_container_is_caught() {
    let r = runner(FakeEcs::default().script(vec![TaskScript::exits(
        20,
        vec![container("init", 0), container("migrate", 2)],
    )]));
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "FAILED");
    assert!(reason(&body).contains("container migrate exited with code 2"));
}

#[tokio::test(start_paused = true)]
async fn success_container_not_in_task_fails() {
    let r = runner(
        FakeEcs::default().script(vec![TaskScript::exits(20, vec![container("migrate", 0)])]),
    );
    let body = run(
        &r,
        "Create",
        props(json!({"SuccessContainers": "migrat"})),
        None,
    )
    .await;
    assert_eq!(body["Status"], "FAILED");
    assert!(
        reason(&body).contains("container migrat (named in SuccessContainers) is not in the task")
    );
}

#[tokio::test(start_paused = true)]
async fn seed_flaw_waiter_longer_than_timeout_300s_deadline_answers_before_it_and_stops_the_task() {
    // The seed: Timeout 300 s, a waiter of up to 600 s. Here: TimeoutSeconds 600, a 300 s
    // Lambda deadline, ServiceTimeout = Timeout + 60 (too short to continue).
    let r = runner(FakeEcs::default().script(vec![TaskScript::never_stops(vec!["migrate"])]));
    let start = Instant::now();
    r.handle(invocation(
        event(
            "Create",
            props(json!({"TimeoutSeconds": 600, "ServiceTimeout": "360"})),
            None,
        ),
        T0_MS,
        300,
    ))
    .await;
    let body = check_answer(&r);
    assert_eq!(body["Status"], "FAILED");
    let answered_after = r.sender.puts()[0].at - start;
    assert!(
        answered_after < Duration::from_secs(300),
        "{answered_after:?}"
    );
    assert!(
        answered_after >= Duration::from_secs(250),
        "{answered_after:?}"
    );
    let stopped = r.ecs.stopped();
    assert_eq!(stopped.len(), 1);
    assert!(r.ecs.is_stopped(&stopped[0]));
    let reason = reason(&body);
    assert!(
        reason.contains("the Lambda function's deadline"),
        "{reason}"
    );
    assert!(reason.contains("StopTask was called"), "{reason}");
    assert!(
        r.invoker
            .as_ref()
            .is_some_and(|i| i.invocations().is_empty())
    );
}

#[tokio::test(start_paused = true)]
async fn timeout_seconds_stops_the_task_and_names_the_limit() {
    let r = runner(FakeEcs::default().script(vec![TaskScript::never_stops(vec!["migrate"])]));
    let start = Instant::now();
    let body = run(&r, "Create", props(json!({"TimeoutSeconds": "120"})), None).await;
    assert_eq!(body["Status"], "FAILED");
    let waited = r.sender.puts()[0].at - start;
    assert!(
        waited >= Duration::from_secs(120) && waited < Duration::from_secs(125),
        "{waited:?}"
    );
    assert!(reason(&body).contains("TimeoutSeconds (120 s)"));
    assert_eq!(r.ecs.stopped().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn stop_on_timeout_false_leaves_the_task_running() {
    let r = runner(FakeEcs::default().script(vec![TaskScript::never_stops(vec!["migrate"])]));
    let body = run(
        &r,
        "Create",
        props(json!({"TimeoutSeconds": 60, "StopOnTimeout": "false"})),
        None,
    )
    .await;
    assert_eq!(body["Status"], "FAILED");
    assert!(r.ecs.stopped().is_empty());
    assert!(reason(&body).contains("not stopped (StopOnTimeout is false)"));
}

#[tokio::test(start_paused = true)]
async fn duplicate_invocation_adopts_the_running_task() {
    let key = physical_id::started_by(REQUEST_ID);
    let arn = "arn:aws:ecs:eu-west-1:123456789012:task/app/0000000000000000000000000000dup1";
    let r = runner(FakeEcs::default().existing(
        arn,
        &key,
        TaskScript::exits(60, vec![container("migrate", 0)]),
    ));
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "SUCCESS");
    assert!(r.ecs.run_task_calls().is_empty(), "no second run");
    assert_eq!(body["Data"]["TaskArn"], arn);
}

#[tokio::test(start_paused = true)]
async fn stopped_task_of_a_reused_request_id_is_not_adopted() {
    let key = physical_id::started_by(REQUEST_ID);
    let arn = "arn:aws:ecs:eu-west-1:123456789012:task/app/0000000000000000000000000000old1";
    let r = runner(FakeEcs::default().existing(
        arn,
        &key,
        TaskScript::exits(0, vec![container("migrate", 1)]),
    ));
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "SUCCESS");
    assert_eq!(r.ecs.run_task_calls().len(), 1);
    assert_ne!(body["Data"]["TaskArn"], arn);
}

#[tokio::test(start_paused = true)]
async fn continuation_completes_in_the_second_invocation() {
    let r = runner(
        FakeEcs::default().script(vec![TaskScript::exits(500, vec![container("migrate", 0)])]),
    );
    let start = Instant::now();
    let first = r
        .handle(invocation(
            event("Create", props(json!({})), None),
            T0_MS,
            300,
        ))
        .await;
    let Outcome::Continued { state } = first else {
        panic!("expected a continuation, got {first:?}");
    };
    assert!(
        r.sender.puts().is_empty(),
        "the first invocation does not answer"
    );
    assert!(r.ecs.stopped().is_empty(), "the task keeps running");
    let invocations = r
        .invoker
        .as_ref()
        .map(|i| i.invocations())
        .unwrap_or_default();
    assert_eq!(invocations.len(), 1);
    let (function, payload) = invocations[0].clone();
    assert_eq!(function, FUNCTION_ARN);
    assert_eq!(payload["PlimsollContinuation"]["Generation"], 1);
    assert_eq!(payload["PlimsollContinuation"]["StartedAtMs"], T0_MS);
    assert_eq!(payload["RequestId"], REQUEST_ID);
    assert_eq!(state.task_arns.len(), 1);
    // The second invocation starts when the first ends.
    let elapsed = u64::try_from(start.elapsed().as_millis()).unwrap_or(0);
    r.handle(invocation(payload, T0_MS + elapsed, 300)).await;
    let body = check_answer(&r);
    assert_eq!(body["Status"], "SUCCESS");
    assert_eq!(body["PhysicalResourceId"], create_id());
    assert_eq!(body["Data"]["TaskArn"], state.task_arns[0].as_str());
    assert_eq!(
        r.ecs.run_task_calls().len(),
        1,
        "the task is not started again"
    );
}

#[tokio::test(start_paused = true)]
async fn continuation_is_bounded_by_service_timeout() {
    // ServiceTimeout 500: the budget ends 470 s after the first start, in the second
    // invocation, which then gives up, stops the task and answers.
    let r = runner(FakeEcs::default().script(vec![TaskScript::never_stops(vec!["migrate"])]));
    let start = Instant::now();
    let first = r
        .handle(invocation(
            event("Create", props(json!({"ServiceTimeout": 500})), None),
            T0_MS,
            300,
        ))
        .await;
    let Outcome::Continued { .. } = first else {
        panic!("expected a continuation, got {first:?}");
    };
    let payload = r
        .invoker
        .as_ref()
        .map(|i| i.invocations()[0].1.clone())
        .unwrap_or_default();
    let elapsed = u64::try_from(start.elapsed().as_millis()).unwrap_or(0);
    r.handle(invocation(payload, T0_MS + elapsed, 300)).await;
    let body = check_answer(&r);
    assert_eq!(body["Status"], "FAILED");
    assert!(
        reason(&body).contains("the ServiceTimeout budget (500 s)"),
        "{}",
        reason(&body)
    );
    let total = r.sender.puts()[0].at - start;
    assert!(
        total >= Duration::from_secs(470) && total < Duration::from_secs(500),
        "{total:?}"
    );
    assert_eq!(r.ecs.stopped().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn failed_self_invocation_stops_the_task_and_fails() {
    let mut r = runner(FakeEcs::default().script(vec![TaskScript::never_stops(vec!["migrate"])]));
    r.invoker = Some(FakeInvoker::failing());
    r.handle(invocation(
        event("Create", props(json!({})), None),
        T0_MS,
        300,
    ))
    .await;
    let body = check_answer(&r);
    assert_eq!(body["Status"], "FAILED");
    assert!(reason(&body).contains("could not continue in a new invocation"));
    assert_eq!(r.ecs.stopped().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn invalid_properties_fail_create_naming_every_problem() {
    let r = runner(FakeEcs::default());
    let body = run(
        &r,
        "Create",
        json!({
            "ServiceToken": FUNCTION_ARN,
            "Clustr": "app",
            "TaskDefinition": "migrate",
            "Count": "11",
            "StopOnTimeout": "maybe",
            "RunOn": ["Create", "Upgrade"],
        }),
        None,
    )
    .await;
    assert_eq!(body["Status"], "FAILED");
    assert_eq!(body["PhysicalResourceId"], failed_id());
    let reason = reason(&body);
    for needle in [
        "unknown property Clustr",
        "Cluster is required",
        "Count must be between 1 and 10, got 11",
        "StopOnTimeout must be true or false",
        "Upgrade",
    ] {
        assert!(reason.contains(needle), "{needle} not in {reason}");
    }
    assert!(
        r.ecs.calls().is_empty(),
        "no ECS call on invalid properties"
    );
}

#[tokio::test(start_paused = true)]
async fn invalid_properties_on_update_keep_the_physical_id() {
    let r = runner(FakeEcs::default());
    let body = run(&r, "Update", props(json!({"Count": 0})), Some(&create_id())).await;
    assert_eq!(body["Status"], "FAILED");
    assert_eq!(body["PhysicalResourceId"], create_id());
}

#[tokio::test(start_paused = true)]
async fn seed_flaw_failed_without_physical_id_delete_after_failed_create_is_a_noop() {
    // The failed Create answers a recognisable id …
    let r = runner(
        FakeEcs::default().script(vec![TaskScript::exits(5, vec![container("migrate", 1)])]),
    );
    let body = run(
        &r,
        "Create",
        props(json!({"RunOn": ["Create", "Update", "Delete"]})),
        None,
    )
    .await;
    assert_eq!(body["Status"], "FAILED");
    let id = body["PhysicalResourceId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(physical_id::is_failed_create(&id));
    // … and the rollback's Delete of that id succeeds without touching ECS, even with
    // RunOn including Delete.
    let r2 = runner(FakeEcs::default());
    let body = run(
        &r2,
        "Delete",
        props(json!({"RunOn": ["Create", "Update", "Delete"]})),
        Some(&id),
    )
    .await;
    assert_eq!(body["Status"], "SUCCESS");
    assert_eq!(body["PhysicalResourceId"], id);
    assert!(r2.ecs.calls().is_empty());
}

#[tokio::test(start_paused = true)]
async fn seed_flaw_changed_id_update_keeps_the_physical_id() {
    let r = runner(FakeEcs::default());
    let body = run(
        &r,
        "Update",
        props(json!({"Triggers": {"ImageTag": "97e4abf"}})),
        Some(&create_id()),
    )
    .await;
    assert_eq!(body["Status"], "SUCCESS");
    assert_eq!(body["PhysicalResourceId"], create_id());
    assert_eq!(r.ecs.run_task_calls().len(), 1);
    // The Create's id is deterministic: the same stack and logical id give the same id.
    assert_eq!(create_id(), physical_id::for_create(STACK_ID, LOGICAL_ID));
    assert!(create_id().contains("todobackend") && create_id().contains(LOGICAL_ID));
}

#[tokio::test(start_paused = true)]
async fn failed_update_keeps_the_physical_id() {
    let r = runner(
        FakeEcs::default().script(vec![TaskScript::exits(5, vec![container("migrate", 1)])]),
    );
    let body = run(
        &r,
        "Update",
        props(json!({})),
        Some("custom-id-from-before"),
    )
    .await;
    assert_eq!(body["Status"], "FAILED");
    assert_eq!(body["PhysicalResourceId"], "custom-id-from-before");
}

#[tokio::test(start_paused = true)]
async fn delete_is_a_noop_unless_run_on_has_delete() {
    let r = runner(FakeEcs::default());
    let body = run(&r, "Delete", props(json!({})), Some(&create_id())).await;
    assert_eq!(body["Status"], "SUCCESS");
    assert_eq!(body["PhysicalResourceId"], create_id());
    assert!(r.ecs.calls().is_empty());
}

#[tokio::test(start_paused = true)]
async fn delete_never_fails_on_bad_properties() {
    let r = runner(FakeEcs::default());
    let body = run(
        &r,
        "Delete",
        json!({"Clustr": 5, "RunOn": ["Delete"], "Count": "many"}),
        Some(&create_id()),
    )
    .await;
    assert_eq!(body["Status"], "SUCCESS");
    assert!(r.ecs.calls().is_empty());
}

#[tokio::test(start_paused = true)]
async fn delete_with_run_on_delete_runs_the_task() {
    let r = runner(FakeEcs::default());
    let body = run(
        &r,
        "Delete",
        props(json!({"RunOn": "Delete"})),
        Some(&create_id()),
    )
    .await;
    assert_eq!(body["Status"], "SUCCESS");
    assert_eq!(body["PhysicalResourceId"], create_id());
    assert_eq!(r.ecs.run_task_calls().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn run_on_without_update_skips_the_update() {
    let r = runner(FakeEcs::default());
    let body = run(
        &r,
        "Update",
        props(json!({"RunOn": ["Create"]})),
        Some(&create_id()),
    )
    .await;
    assert_eq!(body["Status"], "SUCCESS");
    assert!(r.ecs.calls().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_panic_still_answers_failed() {
    let r = runner(FakeEcs::default().panic_on_run());
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "FAILED");
    assert_eq!(body["PhysicalResourceId"], failed_id());
    assert!(reason(&body).contains("scripted panic in RunTask"));
}

#[tokio::test(start_paused = true)]
async fn the_put_is_retried_on_5xx_and_transport_errors() {
    let mut r = runner(FakeEcs::default());
    r.sender = FakeSender::answering(vec![
        Err("transport error: connection reset".to_owned()),
        Ok(503),
        Ok(200),
    ]);
    let outcome = r
        .handle(invocation(
            event("Delete", props(json!({})), Some("x")),
            T0_MS,
            900,
        ))
        .await;
    let Outcome::Answered { delivery, .. } = outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(
        delivery,
        Delivery::Delivered {
            status: 200,
            attempts: 3
        }
    );
    let puts = r.sender.puts();
    assert_eq!(puts.len(), 3);
    assert!(puts[1].at > puts[0].at, "backoff between attempts");
}

#[tokio::test(start_paused = true)]
async fn the_put_is_not_retried_on_4xx() {
    let mut r = runner(FakeEcs::default());
    r.sender = FakeSender::answering(vec![Ok(403)]);
    let outcome = r
        .handle(invocation(
            event("Delete", props(json!({})), Some("x")),
            T0_MS,
            900,
        ))
        .await;
    assert!(matches!(
        outcome,
        Outcome::Answered {
            delivery: Delivery::Failed { attempts: 1, .. },
            ..
        }
    ));
}

#[tokio::test(start_paused = true)]
async fn the_answer_fits_in_4096_bytes() {
    // Ten tasks whose containers all fail with long reasons: a Reason far over the limit.
    let long = "CannotPullContainerError: failed to resolve reference \"registry.example/app/migrate@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\": unexpected status 403 Forbidden";
    let scripts = (0..10)
        .map(|_| {
            let mut s = TaskScript::exits(
                5,
                vec![
                    ContainerScript {
                        name: "migrate",
                        exit_code: None,
                        reason: Some(long),
                    },
                    ContainerScript {
                        name: "envoy",
                        exit_code: None,
                        reason: Some(long),
                    },
                ],
            );
            s.stop_code = Some("TaskFailedToStart");
            s
        })
        .collect();
    let r = runner(FakeEcs::default().script(scripts));
    let body = run(&r, "Create", props(json!({"Count": 10})), None).await;
    assert_eq!(body["Status"], "FAILED");
    assert!(reason(&body).ends_with('…'));
}

#[tokio::test(start_paused = true)]
async fn a_payload_that_is_no_request_is_not_answered() {
    let r = runner(FakeEcs::default());
    let outcome = r
        .handle(invocation(json!({"hello": "world"}), T0_MS, 900))
        .await;
    assert!(matches!(outcome, Outcome::Unanswerable(_)));
    assert!(r.sender.puts().is_empty());
}

#[tokio::test(start_paused = true)]
async fn unknown_deadline_uses_the_local_budget() {
    // `cargo lambda watch` sends a deadline in 1970.
    let mut r = runner(FakeEcs::default().script(vec![TaskScript::never_stops(vec!["migrate"])]));
    r.settings = Settings {
        local_budget: Duration::from_secs(100),
        ..Settings::default()
    };
    let start = Instant::now();
    let mut inv = invocation(event("Create", props(json!({})), None), T0_MS, 0);
    inv.deadline_ms = 60_000;
    r.handle(inv).await;
    let body = check_answer(&r);
    assert_eq!(body["Status"], "FAILED");
    let waited = r.sender.puts()[0].at - start;
    assert!(
        waited >= Duration::from_secs(70) && waited < Duration::from_secs(100),
        "{waited:?}"
    );
    assert!(
        r.invoker
            .as_ref()
            .is_some_and(|i| i.invocations().is_empty()),
        "no continuation without a known deadline"
    );
}

#[test]
fn runner_without_invoker_compiles() {
    let _r: Runner<FakeEcs, FakeSender, FakeInvoker> = Runner {
        ecs: FakeEcs::default(),
        sender: FakeSender::default(),
        invoker: None,
        settings: Settings::default(),
    };
}

/// The statement of `template.yaml`'s runner role with this Sid, as text.
fn statement(template: &str, sid: &str) -> String {
    let start = template
        .find(&format!("Sid: {sid}"))
        .unwrap_or_else(|| panic!("no statement {sid}"));
    let rest = &template[start..];
    let end = rest[1..].find("- Sid:").map_or(rest.len(), |i| i + 1);
    rest[..end].to_owned()
}

fn number_after(template: &str, key: &str) -> u64 {
    template
        .lines()
        .find_map(|l| l.trim().strip_prefix(key))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {key}"))
}

#[test]
fn seed_flaw_no_passrole_the_template_grants_passrole_on_exactly_the_tasks_roles() {
    let template = include_str!("../template.yaml");
    let pass = statement(template, "PassTheTasksRoles");
    assert!(pass.contains("Action: iam:PassRole"), "{pass}");
    assert!(pass.contains("- !GetAtt TaskRole.Arn"), "{pass}");
    assert!(pass.contains("- !GetAtt TaskExecutionRole.Arn"), "{pass}");
    assert!(
        pass.contains("iam:PassedToService: ecs-tasks.amazonaws.com"),
        "{pass}"
    );
    assert!(!pass.contains("\"*\""), "{pass}");
    // RunTask, DescribeTasks/StopTask and ListTasks are scoped to the cluster by its ARN.
    for sid in [
        "RunTheTaskDefinitionOnTheCluster",
        "FollowAndStopTheClustersTasks",
        "FindTasksStartedForTheRequest",
    ] {
        let s = statement(template, sid);
        assert!(s.contains("ecs:cluster: !GetAtt Cluster.Arn"), "{s}");
        assert!(!s.contains("!Ref Cluster"), "{s}");
    }
    assert!(statement(template, "RunTheTaskDefinitionOnTheCluster").contains(":task-definition/"));
    let invoke = statement(template, "ContinueInANewInvocation");
    assert!(
        invoke.contains("lambda:InvokeFunction")
            && invoke.contains("function:${AWS::StackName}-ecs-runner")
    );
    assert!(template.contains("FunctionName: !Sub ${AWS::StackName}-ecs-runner"));
    // ServiceTimeout = Timeout + 60, and the wait fits in the function's Timeout.
    let timeout = number_after(template, "Timeout:");
    assert_eq!(number_after(template, "ServiceTimeout:"), timeout + 60);
    assert!(number_after(template, "TimeoutSeconds:") < timeout);
    assert!(template.contains("Runtime: provided.al2023"));
    assert!(template.contains("RetentionInDays:"));
    assert!(!template.contains(":latest"));
    assert!(!template.contains("AWS::ECS::Service"));
}
