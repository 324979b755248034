//! The runner's behaviour against a scripted ECS, on tokio's paused clock.
//!
//! Tests named `seed_flaw_*` each show one flaw of the seed's Python function fixed.

mod fake;

use fake::*;
use plimsoll_runner::ecs::EcsError;
use plimsoll_runner::physical_id;
use plimsoll_runner::put::Delivery;
use plimsoll_runner::response::MAX_BODY;
use plimsoll_runner::{Outcome, Settings};
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
    let r = runner(
        FakeEcs::default()
            .script(vec![TaskScript::exits(20, vec![container("migrate", 0)])])
            .describe_errors(vec![throttled.clone(), throttled.clone(), throttled]),
    );
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "SUCCESS");
    assert!(r.ecs.describe_count() >= 4);
    assert!(
        r.ecs.stopped().is_empty(),
        "throttling does not give up on the task"
    );
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
    // Lambda deadline, and continuation switched off.
    let mut r = runner(FakeEcs::default().script(vec![TaskScript::never_stops(vec!["migrate"])]));
    r.settings.continuation = false;
    let start = Instant::now();
    r.handle(invocation(
        event(
            "Create",
            props(json!({"TimeoutSeconds": 600, "ServiceTimeout": "660"})),
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
    // The Create's id names the stack and the resource, and differs between resources.
    assert!(create_id().contains("todobackend") && create_id().contains(LOGICAL_ID));
    assert_ne!(create_id(), physical_id::for_create(STACK_ID, "OtherTask"));
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

#[tokio::test(start_paused = true)]
async fn without_an_invoker_the_lambda_deadline_ends_the_wait() {
    let mut r = runner(FakeEcs::default().script(vec![TaskScript::never_stops(vec!["migrate"])]));
    r.invoker = None;
    let start = Instant::now();
    let outcome = r
        .handle(invocation(
            event("Create", props(json!({})), None),
            T0_MS,
            300,
        ))
        .await;
    assert!(matches!(outcome, Outcome::Answered { .. }), "{outcome:?}");
    let body = check_answer(&r);
    assert_eq!(body["Status"], "FAILED");
    assert!(
        reason(&body).contains("the Lambda function's deadline"),
        "{}",
        reason(&body)
    );
    assert_eq!(r.ecs.stopped().len(), 1);
    assert!(r.sender.puts()[0].at - start < Duration::from_secs(300));
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
            && invoke.contains("function:${AWS::StackName}-ecs-runner\n")
            && invoke.contains("function:${AWS::StackName}-ecs-runner:*\n"),
        "the function and its aliases and versions: {invoke}"
    );
    let describe = statement(template, "ReadWhichContainersAreEssential");
    assert!(
        describe.contains("Action: ecs:DescribeTaskDefinition"),
        "{describe}"
    );
    assert!(template.contains("FunctionName: !Sub ${AWS::StackName}-ecs-runner"));
    // ServiceTimeout = TimeoutSeconds + 60, a wait longer than one invocation, and settings
    // the runner accepts.
    let timeout = number_after(template, "Timeout:");
    let timeout_seconds = number_after(template, "TimeoutSeconds:");
    let service_timeout = number_after(template, "ServiceTimeout:");
    assert_eq!(service_timeout, timeout_seconds + 60);
    assert!(timeout_seconds > timeout);
    assert_eq!(
        plimsoll_runner::budget::impossible(
            &Settings::default(),
            Some(timeout_seconds),
            service_timeout
        ),
        None
    );
    let describe_stacks = statement(template, "RecogniseARollback");
    assert!(
        describe_stacks.contains("Resource: !Ref AWS::StackId"),
        "{describe_stacks}"
    );
    assert!(template.contains("Runtime: provided.al2023"));
    assert!(template.contains("RetentionInDays:"));
    assert!(!template.contains(":latest"));
    assert!(!template.contains("AWS::ECS::Service"));
}

/// The `Data` keys of an answer, sorted.
fn data_keys(body: &Value) -> Vec<String> {
    body["Data"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

#[tokio::test(start_paused = true)]
async fn a_skipped_update_answers_with_the_same_data_keys_as_a_run() {
    let ran = runner(FakeEcs::default());
    let ran = run(&ran, "Create", props(json!({})), None).await;
    assert_eq!(ran["Data"]["Ran"], "true");
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
    assert_eq!(data_keys(&body), data_keys(&ran));
    assert!(data_keys(&body).contains(&"TaskArn".to_owned()));
    assert_eq!(body["Data"]["Ran"], "false");
    assert_eq!(body["Data"]["TaskArn"], "");
}

#[tokio::test(start_paused = true)]
async fn a_hand_over_keeps_the_tasks_that_finished_in_the_first_invocation() {
    // Two tasks: the first finishes in the first invocation, the second in the next.
    let r = runner(FakeEcs::default().script(vec![
        TaskScript::exits(100, vec![container("migrate", 0)]),
        TaskScript::exits(500, vec![container("migrate", 0)]),
    ]));
    let start = Instant::now();
    let first = r
        .handle(invocation(
            event("Create", props(json!({"Count": 2})), None),
            T0_MS,
            300,
        ))
        .await;
    let Outcome::Continued { state } = first else {
        panic!("expected a continuation, got {first:?}");
    };
    assert_eq!(state.task_arns.len(), 2);
    assert_eq!(state.finished.len(), 1, "{state:?}");
    let payload = r
        .invoker
        .as_ref()
        .map(|i| i.invocations()[0].1.clone())
        .unwrap_or_default();
    let elapsed = u64::try_from(start.elapsed().as_millis()).unwrap_or(0);
    r.handle(invocation(payload, T0_MS + elapsed, 300)).await;
    let body = check_answer(&r);
    assert_eq!(body["Status"], "SUCCESS");
    assert_eq!(body["Data"]["TaskArns"], state.task_arns.join(","));
    assert_eq!(body["Data"]["TaskArn"], state.task_arns[0].as_str());
    let codes = body["Data"]["ExitCodes"].as_str().unwrap_or_default();
    assert_eq!(codes.matches("/migrate=0").count(), 2, "{codes}");
    // The finished task is not described again after the hand-over.
    let described_later: Vec<_> = r.ecs.calls().into_iter().rev().take(1).collect();
    assert_eq!(
        described_later,
        [Call::Describe(vec![state.task_arns[1].clone()])]
    );
}

fn update_from(old: Value, new: Value) -> Value {
    let mut e = event("Update", new, Some(&create_id()));
    e["OldResourceProperties"] = old;
    e
}

#[tokio::test(start_paused = true)]
async fn an_update_that_only_changes_timing_does_not_run_the_task_again() {
    let r = runner(FakeEcs::default());
    r.handle(invocation(
        update_from(
            props(json!({"TimeoutSeconds": "600", "ServiceTimeout": "960"})),
            props(json!({"TimeoutSeconds": "1200", "ServiceTimeout": "1500", "StopOnTimeout": "false"})),
        ),
        T0_MS,
        900,
    ))
    .await;
    let body = check_answer(&r);
    assert_eq!(body["Status"], "SUCCESS");
    assert_eq!(body["PhysicalResourceId"], create_id());
    assert_eq!(body["Data"]["Ran"], "false");
    assert!(r.ecs.calls().is_empty(), "{:?}", r.ecs.calls());

    let r = runner(FakeEcs::default());
    r.handle(invocation(
        update_from(
            props(json!({"TimeoutSeconds": "600"})),
            props(json!({"TimeoutSeconds": "1200", "Triggers": {"ImageTag": "97e4abf"}})),
        ),
        T0_MS,
        900,
    ))
    .await;
    assert_eq!(check_answer(&r)["Data"]["Ran"], "true");
    assert_eq!(r.ecs.run_task_calls().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn two_deliveries_of_one_request_at_once_start_one_task() {
    // Both list the request's tasks before either has started one: only RunTask's client
    // token keeps the second from starting another.
    let r = runner(
        FakeEcs::default()
            .script(vec![TaskScript::exits(60, vec![container("migrate", 0)])])
            .slow(Delays {
                list: Duration::from_secs(1),
                ..Delays::default()
            }),
    );
    let delivery = || invocation(event("Create", props(json!({})), None), T0_MS, 900);
    tokio::join!(r.handle(delivery()), r.handle(delivery()));
    assert_eq!(r.ecs.run_task_calls().len(), 2, "both asked");
    assert_eq!(r.ecs.tasks_started(), 1, "one task ran");
    let runs = r.ecs.run_task_calls();
    assert_eq!(runs[0].client_token, runs[1].client_token);
    let puts = r.sender.puts();
    assert_eq!(puts.len(), 2);
    assert_eq!(puts[0].body["Status"], "SUCCESS");
    assert_eq!(puts[0].body["Data"], puts[1].body["Data"]);
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_the_task_stopped_reports_that_task_instead_of_running_it_again() {
    let r = runner(
        FakeEcs::default().script(vec![TaskScript::exits(60, vec![container("migrate", 0)])]),
    );
    let delivery = || invocation(event("Create", props(json!({})), None), T0_MS, 900);
    r.handle(delivery()).await;
    tokio::time::sleep(Duration::from_secs(120)).await;
    r.handle(delivery()).await;
    let puts = r.sender.puts();
    assert_eq!(puts.len(), 2);
    assert_eq!(r.ecs.tasks_started(), 1, "the migration ran once");
    assert_eq!(puts[1].body["Status"], "SUCCESS");
    assert_eq!(puts[0].body["Data"], puts[1].body["Data"]);
}

#[tokio::test(start_paused = true)]
async fn a_slow_ecs_near_the_deadline_still_answers_before_it() {
    // Three tasks that never stop, no continuation, and ECS calls that take 20-25 s: the
    // last poll and three StopTasks would end 64 s after the deadline one after another.
    let mut r = runner(
        FakeEcs::default()
            .script(vec![
                TaskScript::never_stops(vec!["migrate"]),
                TaskScript::never_stops(vec!["migrate"]),
                TaskScript::never_stops(vec!["migrate"]),
            ])
            .slow(Delays {
                describe: Duration::from_secs(20),
                stop: Duration::from_secs(25),
                ..Delays::default()
            }),
    );
    r.invoker = None;
    let start = Instant::now();
    r.handle(invocation(
        event("Create", props(json!({"Count": 3})), None),
        T0_MS,
        300,
    ))
    .await;
    let body = check_answer(&r);
    assert_eq!(body["Status"], "FAILED");
    let answered = r.sender.puts()[0].at - start;
    assert!(answered <= Duration::from_secs(298), "{answered:?}");
    assert_eq!(r.ecs.stopped().len(), 3, "every task was asked to stop");
}

#[tokio::test(start_paused = true)]
async fn a_container_ecs_adds_does_not_fail_the_migration() {
    // GuardDuty Runtime Monitoring's agent, which the task definition does not have, often
    // stops without an exit code.
    let r = runner(
        FakeEcs::default()
            .task_definition(vec![("migrate", true)])
            .script(vec![TaskScript::exits(
                30,
                vec![
                    container("migrate", 0),
                    ContainerScript {
                        name: "aws-guardduty-agent-FvWGeT",
                        exit_code: None,
                        reason: Some("CannotPullContainerError: pull access denied"),
                    },
                ],
            )]),
    );
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "SUCCESS", "{}", reason(&body));
    let codes = body["Data"]["ExitCodes"].as_str().unwrap_or_default();
    assert!(
        codes.ends_with("/migrate=0") && !codes.contains("guardduty"),
        "{codes}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_non_essential_log_router_killed_at_the_end_does_not_fail_the_migration() {
    let task = || {
        TaskScript::exits(
            30,
            vec![container("migrate", 0), container("log_router", 137)],
        )
    };
    let r = runner(
        FakeEcs::default()
            .task_definition(vec![("migrate", true), ("log_router", false)])
            .script(vec![task()]),
    );
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "SUCCESS", "{}", reason(&body));
    // An essential sidecar still counts, unless SuccessContainers says otherwise.
    let r = runner(
        FakeEcs::default()
            .task_definition(vec![("migrate", true), ("log_router", true)])
            .script(vec![task(), task()]),
    );
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "FAILED");
    assert!(
        reason(&body).contains("log_router exited with code 137"),
        "{}",
        reason(&body)
    );
    let r = runner(
        FakeEcs::default()
            .task_definition(vec![("migrate", true), ("log_router", true)])
            .script(vec![task()]),
    );
    let body = run(
        &r,
        "Create",
        props(json!({"SuccessContainers": ["migrate"]})),
        None,
    )
    .await;
    assert_eq!(body["Status"], "SUCCESS");
}

#[tokio::test(start_paused = true)]
async fn a_response_url_that_is_not_s3_over_https_is_refused_before_anything_runs() {
    for url in [
        "http://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/put",
        "https://attacker.example/collect",
        "http://127.0.0.1:9000/put",
    ] {
        let r = runner(FakeEcs::default());
        let mut e = event("Create", props(json!({})), None);
        e["ResponseURL"] = json!(url);
        let outcome = r.handle(invocation(e, T0_MS, 900)).await;
        assert!(
            matches!(outcome, Outcome::Unanswerable(_)),
            "{url}: {outcome:?}"
        );
        assert!(r.sender.puts().is_empty(), "{url}");
        assert!(r.ecs.calls().is_empty(), "{url}");
    }
}

#[tokio::test(start_paused = true)]
async fn the_update_of_a_rollback_answers_without_running_the_old_migration() {
    let mut r = runner(FakeEcs::default());
    r.stacks = FakeStacks::reporting(Ok("UPDATE_ROLLBACK_IN_PROGRESS"));
    let body = run(&r, "Update", props(json!({})), Some(&create_id())).await;
    assert_eq!(body["Status"], "SUCCESS");
    assert_eq!(body["PhysicalResourceId"], create_id());
    assert_eq!(body["Data"]["Ran"], "false");
    assert!(r.ecs.calls().is_empty(), "{:?}", r.ecs.calls());
    assert_eq!(r.stacks.calls(), [STACK_ID]);
}

#[tokio::test(start_paused = true)]
async fn run_on_rollback_runs_the_old_migration_on_a_rollback() {
    let mut r = runner(FakeEcs::default());
    r.stacks = FakeStacks::reporting(Ok("UPDATE_ROLLBACK_IN_PROGRESS"));
    let body = run(
        &r,
        "Update",
        props(json!({"RunOnRollback": "true"})),
        Some(&create_id()),
    )
    .await;
    assert_eq!(body["Data"]["Ran"], "true");
    assert_eq!(r.ecs.tasks_started(), 1);
}

#[tokio::test(start_paused = true)]
async fn an_update_runs_when_the_stack_is_deploying_or_its_status_is_unreadable() {
    for status in [
        Ok("UPDATE_IN_PROGRESS"),
        Err("AccessDenied: not authorized to perform cloudformation:DescribeStacks"),
    ] {
        let mut r = runner(FakeEcs::default());
        r.stacks = FakeStacks::reporting(status);
        let body = run(&r, "Update", props(json!({})), Some(&create_id())).await;
        assert_eq!(body["Data"]["Ran"], "true", "{status:?}");
        assert_eq!(r.ecs.tasks_started(), 1, "{status:?}");
    }
    // A Create never asks.
    let r = runner(FakeEcs::default());
    run(&r, "Create", props(json!({})), None).await;
    assert!(r.stacks.calls().is_empty());
}

/// Runs `payload` as CloudFormation's request and every continuation it hands over to, each
/// invocation with `timeout_secs` until its deadline; how many invocations it took.
async fn run_across_invocations(r: &FakeRunner, payload: Value, timeout_secs: u64) -> usize {
    let start = Instant::now();
    let mut payload = payload;
    for invocations in 1..=20 {
        let elapsed = u64::try_from(start.elapsed().as_millis()).unwrap_or(0);
        match r
            .handle(invocation(payload, T0_MS + elapsed, timeout_secs))
            .await
        {
            Outcome::Continued { .. } => {
                payload = r
                    .invoker
                    .as_ref()
                    .and_then(|i| i.invocations().last().map(|(_, p)| p.clone()))
                    .unwrap_or_default();
            }
            _ => return invocations,
        }
    }
    panic!("no answer after 20 invocations")
}

#[tokio::test(start_paused = true)]
async fn a_migration_that_ends_near_its_timeout_completes_across_invocations() {
    // The recommended settings: TimeoutSeconds for the migration, ServiceTimeout 60 s more,
    // the function's Timeout 900. The task takes 1,770 of its 1,800 s.
    let r = runner(
        FakeEcs::default().script(vec![TaskScript::exits(1770, vec![container("migrate", 0)])]),
    );
    let invocations = run_across_invocations(
        &r,
        event(
            "Create",
            props(json!({"TimeoutSeconds": "1800", "ServiceTimeout": "1860"})),
            None,
        ),
        900,
    )
    .await;
    let body = check_answer(&r);
    assert_eq!(body["Status"], "SUCCESS", "{}", reason(&body));
    assert_eq!(invocations, 3);
    assert!(r.ecs.stopped().is_empty());
    assert_eq!(r.ecs.tasks_started(), 1);
}

#[tokio::test(start_paused = true)]
async fn an_hour_long_migration_completes_under_the_largest_service_timeout() {
    let r = runner(
        FakeEcs::default().script(vec![TaskScript::exits(3500, vec![container("migrate", 0)])]),
    );
    let invocations = run_across_invocations(
        &r,
        event("Create", props(json!({"TimeoutSeconds": "3540"})), None),
        900,
    )
    .await;
    assert_eq!(check_answer(&r)["Status"], "SUCCESS");
    assert_eq!(invocations, 5);
}

#[tokio::test(start_paused = true)]
async fn a_timeout_that_service_timeout_cannot_honour_is_refused_at_create() {
    let r = runner(FakeEcs::default());
    let body = run(
        &r,
        "Create",
        props(json!({"TimeoutSeconds": "1200", "ServiceTimeout": "960"})),
        None,
    )
    .await;
    assert_eq!(body["Status"], "FAILED");
    assert_eq!(body["PhysicalResourceId"], failed_id());
    assert!(
        reason(&body).contains("raise ServiceTimeout to at least 1230"),
        "{}",
        reason(&body)
    );
    assert!(r.ecs.calls().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_failed_migration_quotes_its_last_output_and_names_the_logs() {
    let mut r = runner(
        FakeEcs::default()
            .task_definition(vec![("migrate", true)])
            .script(vec![TaskScript::exits(20, vec![container("migrate", 1)])]),
    );
    let task_id = format!("{:032x}", 0xabc0_0001_u64);
    let output: Vec<String> = (1..=30)
        .map(|i| format!("Applying 00{i:02}_schema..."))
        .chain([
            "psycopg2.errors.DuplicateColumn: column \"email\" already exists\u{1b}[0m".to_owned(),
        ])
        .collect();
    r.logs = FakeLogs::default().with("/ecs/app", format!("db/migrate/{task_id}"), output);
    r.settings.runner_log =
        Some("/aws/lambda/app-ecs-runner 2026/12/04/[$LATEST]0a1b2c".to_owned());
    let body = run(&r, "Create", props(json!({})), None).await;
    assert_eq!(body["Status"], "FAILED");
    let reason = reason(&body);
    assert!(
        reason.contains(&format!(
            "last output of migrate (/ecs/app db/migrate/{task_id})"
        )),
        "{reason}"
    );
    assert!(
        reason.contains("DuplicateColumn: column \"email\" already exists"),
        "{reason}"
    );
    assert!(reason.contains("Applying 0030_schema"), "{reason}");
    assert!(
        !reason.contains("Applying 0001_schema"),
        "only the last lines: {reason}"
    );
    assert!(!reason.contains('\u{1b}'), "{reason}");
    assert!(
        reason.ends_with("[runner log: /aws/lambda/app-ecs-runner 2026/12/04/[$LATEST]0a1b2c]"),
        "{reason}"
    );
}

#[tokio::test(start_paused = true)]
async fn unreadable_output_still_names_where_it_is() {
    let r = runner(
        FakeEcs::default()
            .task_definition(vec![("migrate", true)])
            .script(vec![TaskScript::exits(20, vec![container("migrate", 2)])]),
    );
    let body = run(&r, "Create", props(json!({})), None).await;
    let reason = reason(&body);
    assert!(
        reason.contains("output of migrate: /ecs/app db/migrate/"),
        "{reason}"
    );
    assert_eq!(r.logs.calls().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_delete_of_a_create_that_never_answered_does_not_run_anything() {
    // The Create is still running (or timed out): CloudFormation rolls back with an id of its
    // own. Even with RunOn Delete, nothing runs and the stack is not blocked.
    let r = runner(FakeEcs::default());
    let body = run(
        &r,
        "Delete",
        props(json!({"RunOn": ["Create", "Delete"]})),
        Some("todobackend-MigrateTask-1B2C3D4E5F6G7"),
    )
    .await;
    assert_eq!(body["Status"], "SUCCESS");
    assert_eq!(
        body["PhysicalResourceId"],
        "todobackend-MigrateTask-1B2C3D4E5F6G7"
    );
    assert!(r.ecs.calls().is_empty(), "{:?}", r.ecs.calls());
}

#[tokio::test(start_paused = true)]
async fn a_hung_migration_quotes_where_it_was_stuck() {
    let mut r = runner(
        FakeEcs::default()
            .task_definition(vec![("migrate", true)])
            .script(vec![TaskScript::never_stops(vec!["migrate"])]),
    );
    let task_id = format!("{:032x}", 0xabc0_0001_u64);
    r.logs = FakeLogs::default().with(
        "/ecs/app",
        format!("db/migrate/{task_id}"),
        vec!["Waiting for table metadata lock on `orders`".to_owned()],
    );
    let body = run(&r, "Create", props(json!({"TimeoutSeconds": "120"})), None).await;
    assert_eq!(body["Status"], "FAILED");
    let reason = reason(&body);
    assert!(
        reason.contains("gave up waiting at TimeoutSeconds (120 s)"),
        "{reason}"
    );
    assert!(reason.contains("last output of migrate"), "{reason}");
    assert!(
        reason.contains("Waiting for table metadata lock"),
        "{reason}"
    );
}

#[tokio::test(start_paused = true)]
async fn run_task_gets_tags_placement_and_the_other_parameters() {
    let r = runner(FakeEcs::default());
    let body = run(
        &r,
        "Create",
        props(json!({
            "PlatformVersion": "1.4.0",
            "Tags": [{"Key": "cost-centre", "Value": "db"}],
            "PropagateTags": "TASK_DEFINITION",
            "EnableECSManagedTags": "true",
            "EnableExecuteCommand": "true",
            "PlacementStrategy": [{"Type": "spread", "Field": "attribute:ecs.availability-zone"}],
            "Group": "migrations",
            "Overrides": {"ContainerOverrides": [{
                "Name": "migrate",
                "EnvironmentFiles": [{"Value": "arn:aws:s3:::config/migrate.env", "Type": "s3"}],
                "ResourceRequirements": [{"Value": "1", "Type": "GPU"}],
            }]},
        })),
        None,
    )
    .await;
    assert_eq!(body["Status"], "SUCCESS", "{}", reason(&body));
    let run = &r.ecs.run_task_calls()[0];
    assert_eq!(
        run.options.tags,
        [("cost-centre".to_owned(), "db".to_owned())]
    );
    assert_eq!(run.options.platform_version.as_deref(), Some("1.4.0"));
    assert_eq!(run.options.enable_execute_command, Some(true));
    assert_eq!(run.options.group.as_deref(), Some("migrations"));
    let container = &run
        .overrides
        .as_ref()
        .map(|o| o.container_overrides.clone())
        .unwrap_or_default()[0];
    assert_eq!(container.environment_files[0].1, "s3");
    assert_eq!(
        container.resource_requirements[0],
        ("1".to_owned(), "GPU".to_owned())
    );
}
