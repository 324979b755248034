//! Scripted fakes behind the runner's traits, on tokio's (paused) clock.

#![allow(dead_code)]

use plimsoll_runner::ecs::{
    AwsLogs, ContainerDefinition, ContainerInfo, DescribeOutput, Ecs, EcsError, EcsFailure,
    RunTaskOutput, RunTaskRequest, TaskInfo,
};
use plimsoll_runner::invoke::SelfInvoker;
use plimsoll_runner::logs::Logs;
use plimsoll_runner::put::ResponseSender;
use plimsoll_runner::stacks::Stacks;
use plimsoll_runner::{Invocation, Runner, Settings};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

pub const REQUEST_ID: &str = "5f3c2a1e-8b7d-4c6a-9e0f-1a2b3c4d5e6f";
pub const STACK_ID: &str = "arn:aws:cloudformation:eu-west-1:123456789012:stack/todobackend/0a1b2c3d-aaaa-bbbb-cccc-000011112222";
pub const LOGICAL_ID: &str = "MigrateTask";
pub const RESPONSE_URL: &str = "https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/put?X-Amz-Signature=abc";
pub const FUNCTION_ARN: &str = "arn:aws:lambda:eu-west-1:123456789012:function:runner";
pub const CLUSTER: &str = "arn:aws:ecs:eu-west-1:123456789012:cluster/app";
/// Wall clock of the first invocation (ms since the epoch).
pub const T0_MS: u64 = 1_700_000_000_000;

/// How a container ends.
#[derive(Debug, Clone)]
pub struct ContainerScript {
    pub name: &'static str,
    pub exit_code: Option<i32>,
    pub reason: Option<&'static str>,
}

pub fn container(name: &'static str, exit_code: i32) -> ContainerScript {
    ContainerScript {
        name,
        exit_code: Some(exit_code),
        reason: None,
    }
}

/// How a task started by RunTask behaves.
#[derive(Debug, Clone)]
pub struct TaskScript {
    /// When it stops on its own (`None`: never).
    pub stops_after: Option<Duration>,
    pub containers: Vec<ContainerScript>,
    pub stop_code: Option<&'static str>,
    pub stopped_reason: Option<&'static str>,
    /// DescribeTasks reports it MISSING for this long after it starts (`None`: never missing;
    /// `Some(Duration::MAX)`: always).
    pub missing_for: Option<Duration>,
}

impl TaskScript {
    pub fn exits(after_secs: u64, containers: Vec<ContainerScript>) -> Self {
        Self {
            stops_after: Some(Duration::from_secs(after_secs)),
            containers,
            stop_code: Some("EssentialContainerExited"),
            stopped_reason: Some("Essential container in task exited"),
            missing_for: None,
        }
    }

    pub fn never_stops(containers: Vec<&'static str>) -> Self {
        Self {
            stops_after: None,
            containers: containers
                .into_iter()
                .map(|name| ContainerScript {
                    name,
                    exit_code: Some(0),
                    reason: None,
                })
                .collect(),
            stop_code: None,
            stopped_reason: None,
            missing_for: None,
        }
    }
}

#[derive(Debug, Clone)]
struct FakeTask {
    arn: String,
    started_by: String,
    started_at: Instant,
    script: TaskScript,
    stopped_by_user: Option<Instant>,
}

impl FakeTask {
    fn info(&self, now: Instant) -> TaskInfo {
        let natural_stop = self
            .script
            .stops_after
            .map(|d| self.started_at + d)
            .filter(|t| *t <= now);
        let user_stop = self.stopped_by_user.filter(|t| *t <= now);
        let stopped = natural_stop.is_some() || user_stop.is_some();
        if !stopped {
            return TaskInfo {
                arn: self.arn.clone(),
                last_status: "RUNNING".to_owned(),
                stop_code: None,
                stopped_reason: None,
                containers: self
                    .script
                    .containers
                    .iter()
                    .map(|c| ContainerInfo {
                        name: c.name.to_owned(),
                        exit_code: None,
                        reason: None,
                        last_status: Some("RUNNING".to_owned()),
                    })
                    .collect(),
            };
        }
        let by_user = match (natural_stop, user_stop) {
            (Some(n), Some(u)) => u < n,
            (None, Some(_)) => true,
            _ => false,
        };
        TaskInfo {
            arn: self.arn.clone(),
            last_status: "STOPPED".to_owned(),
            stop_code: Some(if by_user {
                "UserInitiated".to_owned()
            } else {
                self.script
                    .stop_code
                    .unwrap_or("EssentialContainerExited")
                    .to_owned()
            }),
            stopped_reason: if by_user {
                Some("Task stopped by user".to_owned())
            } else {
                self.script.stopped_reason.map(str::to_owned)
            },
            containers: self
                .script
                .containers
                .iter()
                .map(|c| ContainerInfo {
                    name: c.name.to_owned(),
                    exit_code: if by_user { Some(137) } else { c.exit_code },
                    reason: c.reason.map(str::to_owned),
                    last_status: Some("STOPPED".to_owned()),
                })
                .collect(),
        }
    }

    fn missing(&self, now: Instant) -> bool {
        match self.script.missing_for {
            Some(d) if d == Duration::MAX => true,
            Some(d) => now < self.started_at + d,
            None => false,
        }
    }
}

/// A recorded ECS call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    RunTask(Box<RunTaskRequest>),
    Describe(Vec<String>),
    Stop(String),
    List(String),
    DescribeTaskDefinition(String),
}

#[derive(Debug, Default)]
struct State {
    tasks: Vec<FakeTask>,
    scripts: VecDeque<TaskScript>,
    run_task_errors: VecDeque<EcsError>,
    /// RunTask starts at most this many tasks and reports a failure for the rest.
    capacity: Option<usize>,
    describe_errors: VecDeque<EcsError>,
    describe_error_forever: Option<EcsError>,
    panic_on_run: bool,
    calls: Vec<(Instant, Call)>,
    next_id: u32,
    /// RunTask calls that started tasks, with the tasks: the client tokens ECS remembers.
    tokens: Vec<(RunTaskRequest, Vec<String>)>,
    /// How long each call takes, by kind.
    delays: Delays,
    /// The task definition's containers; `None`: the runner's role may not describe it
    /// (AccessDeniedException).
    task_definition: Option<Vec<ContainerDefinition>>,
}

/// How long the fake's calls take (on the paused clock).
#[derive(Debug, Default, Clone, Copy)]
pub struct Delays {
    pub list: Duration,
    pub describe: Duration,
    pub stop: Duration,
}

/// The scripted ECS.
#[derive(Debug, Default)]
pub struct FakeEcs {
    state: Mutex<State>,
}

impl FakeEcs {
    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let mut guard = self.state.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    /// Tasks started by RunTask follow these scripts in order.
    pub fn script(self, scripts: Vec<TaskScript>) -> Self {
        self.with(|s| s.scripts.extend(scripts));
        self
    }

    pub fn run_task_errors(self, errors: Vec<EcsError>) -> Self {
        self.with(|s| s.run_task_errors.extend(errors));
        self
    }

    pub fn capacity(self, n: usize) -> Self {
        self.with(|s| s.capacity = Some(n));
        self
    }

    pub fn describe_errors(self, errors: Vec<EcsError>) -> Self {
        self.with(|s| s.describe_errors.extend(errors));
        self
    }

    pub fn describe_error_forever(self, e: EcsError) -> Self {
        self.with(|s| s.describe_error_forever = Some(e));
        self
    }

    /// DescribeTaskDefinition answers with these containers (name, essential), which log
    /// with awslogs to the group `/ecs/app` with the stream prefix `db`.
    pub fn task_definition(self, containers: Vec<(&'static str, bool)>) -> Self {
        let containers = containers
            .into_iter()
            .map(|(name, essential)| ContainerDefinition {
                name: name.to_owned(),
                essential,
                awslogs: Some(AwsLogs {
                    group: "/ecs/app".to_owned(),
                    stream_prefix: Some("db".to_owned()),
                }),
            })
            .collect();
        self.with(|s| s.task_definition = Some(containers));
        self
    }

    /// Calls take this long.
    pub fn slow(self, delays: Delays) -> Self {
        self.with(|s| s.delays = delays);
        self
    }

    fn delays(&self) -> Delays {
        self.with(|s| s.delays)
    }

    /// How many tasks RunTask has started (a repeated client token starts none).
    pub fn tasks_started(&self) -> usize {
        self.with(|s| s.next_id as usize)
    }

    pub fn panic_on_run(self) -> Self {
        self.with(|s| s.panic_on_run = true);
        self
    }

    /// A task that already exists (e.g. started by an earlier invocation).
    pub fn existing(self, arn: &str, started_by: &str, script: TaskScript) -> Self {
        self.with(|s| {
            s.tasks.push(FakeTask {
                arn: arn.to_owned(),
                started_by: started_by.to_owned(),
                started_at: Instant::now(),
                script,
                stopped_by_user: None,
            })
        });
        self
    }

    pub fn calls(&self) -> Vec<Call> {
        self.with(|s| s.calls.iter().map(|(_, c)| c.clone()).collect())
    }

    pub fn run_task_calls(&self) -> Vec<RunTaskRequest> {
        self.calls()
            .into_iter()
            .filter_map(|c| match c {
                Call::RunTask(r) => Some(*r),
                _ => None,
            })
            .collect()
    }

    pub fn stopped(&self) -> Vec<String> {
        self.calls()
            .into_iter()
            .filter_map(|c| match c {
                Call::Stop(a) => Some(a),
                _ => None,
            })
            .collect()
    }

    pub fn describe_count(&self) -> usize {
        self.calls()
            .iter()
            .filter(|c| matches!(c, Call::Describe(_)))
            .count()
    }

    /// Whether the task is stopped now.
    pub fn is_stopped(&self, arn: &str) -> bool {
        let now = Instant::now();
        self.with(|s| {
            s.tasks
                .iter()
                .find(|t| t.arn == arn)
                .is_some_and(|t| t.info(now).is_stopped())
        })
    }
}

fn record(s: &mut State, call: Call) {
    s.calls.push((Instant::now(), call));
}

impl Ecs for FakeEcs {
    async fn run_task(&self, request: &RunTaskRequest) -> Result<RunTaskOutput, EcsError> {
        let panic = self.with(|s| {
            record(s, Call::RunTask(Box::new(request.clone())));
            s.panic_on_run
        });
        if panic {
            panic!("scripted panic in RunTask");
        }
        self.with(|s| {
            if let Some(e) = s.run_task_errors.pop_front() {
                return Err(e);
            }
            // ECS's idempotency: the same token and parameters give the first call's tasks;
            // the same token with other parameters is refused.
            let earlier = s.tokens.iter().find(|(r, _)| {
                r.cluster == request.cluster && r.client_token == request.client_token
            });
            if let Some((first, arns)) = earlier {
                if first != request {
                    return Err(EcsError::fatal(
                        "ConflictException",
                        "The client token was reused with different parameters.",
                    ));
                }
                let now = Instant::now();
                return Ok(RunTaskOutput {
                    tasks: arns
                        .iter()
                        .filter_map(|a| s.tasks.iter().find(|t| &t.arn == a))
                        .map(|t| t.info(now))
                        .collect(),
                    failures: Vec::new(),
                });
            }
            let mut out = RunTaskOutput::default();
            for _ in 0..request.count {
                let running = s
                    .tasks
                    .iter()
                    .filter(|t| t.stopped_by_user.is_none())
                    .count();
                if s.capacity.is_some_and(|c| running >= c) {
                    out.failures.push(EcsFailure {
                        arn: Some(
                            "arn:aws:ecs:eu-west-1:123456789012:container-instance/app/i-0abc"
                                .to_owned(),
                        ),
                        reason: Some("RESOURCE:MEMORY".to_owned()),
                        detail: None,
                    });
                    continue;
                }
                s.next_id += 1;
                let arn = format!(
                    "arn:aws:ecs:eu-west-1:123456789012:task/app/{:032x}",
                    0xabc0_0000 + s.next_id
                );
                let script = s
                    .scripts
                    .pop_front()
                    .unwrap_or_else(|| TaskScript::exits(30, vec![container("migrate", 0)]));
                let task = FakeTask {
                    arn,
                    started_by: request.started_by.clone(),
                    started_at: Instant::now(),
                    script,
                    stopped_by_user: None,
                };
                out.tasks.push(task.info(Instant::now()));
                s.tasks.push(task);
            }
            let started = out.tasks.iter().map(|t| t.arn.clone()).collect();
            s.tokens.push((request.clone(), started));
            Ok(out)
        })
    }

    async fn describe_tasks(
        &self,
        _cluster: &str,
        tasks: &[String],
    ) -> Result<DescribeOutput, EcsError> {
        self.with(|s| record(s, Call::Describe(tasks.to_vec())));
        tokio::time::sleep(self.delays().describe).await;
        self.with(|s| {
            if let Some(e) = s.describe_errors.pop_front() {
                return Err(e);
            }
            if let Some(e) = &s.describe_error_forever {
                return Err(e.clone());
            }
            let now = Instant::now();
            let mut out = DescribeOutput::default();
            for arn in tasks {
                match s.tasks.iter().find(|t| &t.arn == arn) {
                    Some(t) if !t.missing(now) => out.tasks.push(t.info(now)),
                    _ => out.failures.push(EcsFailure {
                        arn: Some(arn.clone()),
                        reason: Some("MISSING".to_owned()),
                        detail: None,
                    }),
                }
            }
            Ok(out)
        })
    }

    async fn stop_task(&self, _cluster: &str, task: &str, _reason: &str) -> Result<(), EcsError> {
        self.with(|s| record(s, Call::Stop(task.to_owned())));
        tokio::time::sleep(self.delays().stop).await;
        self.with(|s| {
            let now = Instant::now();
            match s.tasks.iter_mut().find(|t| t.arn == task) {
                Some(t) => {
                    t.stopped_by_user.get_or_insert(now);
                    Ok(())
                }
                None => Err(EcsError::fatal(
                    "InvalidParameterException",
                    "The referenced task was not found.",
                )),
            }
        })
    }

    async fn describe_task_definition(
        &self,
        task_definition: &str,
    ) -> Result<Vec<ContainerDefinition>, EcsError> {
        self.with(|s| {
            record(s, Call::DescribeTaskDefinition(task_definition.to_owned()));
            match &s.task_definition {
                Some(containers) => Ok(containers.clone()),
                None => Err(EcsError::fatal(
                    "AccessDeniedException",
                    "not authorized to perform: ecs:DescribeTaskDefinition",
                )),
            }
        })
    }

    async fn list_running_tasks(
        &self,
        _cluster: &str,
        started_by: &str,
    ) -> Result<Vec<String>, EcsError> {
        self.with(|s| record(s, Call::List(started_by.to_owned())));
        // The answer reflects the tasks when the call was made, however late it arrives.
        let listed = self.with(|s| {
            let now = Instant::now();
            s.tasks
                .iter()
                .filter(|t| t.started_by == started_by && !t.info(now).is_stopped())
                .map(|t| t.arn.clone())
                .collect()
        });
        tokio::time::sleep(self.delays().list).await;
        Ok(listed)
    }
}

/// A recorded PUT.
#[derive(Debug, Clone)]
pub struct Put {
    pub at: Instant,
    pub url: String,
    pub body: Value,
    pub len: usize,
}

/// Records PUTs; answers from a script, then 200.
#[derive(Debug, Default)]
pub struct FakeSender {
    script: Mutex<VecDeque<Result<u16, String>>>,
    puts: Mutex<Vec<Put>>,
}

impl FakeSender {
    pub fn answering(script: Vec<Result<u16, String>>) -> Self {
        Self {
            script: Mutex::new(script.into()),
            puts: Mutex::default(),
        }
    }

    pub fn puts(&self) -> Vec<Put> {
        self.puts.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The one answer sent (the test fails unless exactly one PUT was made).
    pub fn only(&self) -> Value {
        let puts = self.puts();
        assert_eq!(puts.len(), 1, "expected exactly one PUT, got {puts:?}");
        puts[0].body.clone()
    }
}

impl ResponseSender for FakeSender {
    async fn put(&self, url: &str, body: Vec<u8>) -> Result<u16, String> {
        self.puts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Put {
                at: Instant::now(),
                url: url.to_owned(),
                body: serde_json::from_slice(&body).unwrap_or(Value::Null),
                len: body.len(),
            });
        self.script
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop_front()
            .unwrap_or(Ok(200))
    }
}

/// Records self-invocations.
#[derive(Debug, Default)]
pub struct FakeInvoker {
    pub fail: bool,
    invocations: Mutex<Vec<(String, Value)>>,
}

impl FakeInvoker {
    pub fn failing() -> Self {
        Self {
            fail: true,
            invocations: Mutex::default(),
        }
    }

    pub fn invocations(&self) -> Vec<(String, Value)> {
        self.invocations
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl SelfInvoker for FakeInvoker {
    async fn invoke_async(&self, function: &str, payload: Vec<u8>) -> Result<(), String> {
        if self.fail {
            return Err(
                "AccessDeniedException: not authorized to perform lambda:InvokeFunction".to_owned(),
            );
        }
        self.invocations
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((
                function.to_owned(),
                serde_json::from_slice(&payload).unwrap_or(Value::Null),
            ));
        Ok(())
    }
}

/// The stack's status as DescribeStacks reports it.
#[derive(Debug)]
pub struct FakeStacks {
    pub status: Result<&'static str, &'static str>,
    calls: Mutex<Vec<String>>,
}

impl Default for FakeStacks {
    fn default() -> Self {
        Self::reporting(Ok("UPDATE_IN_PROGRESS"))
    }
}

impl FakeStacks {
    pub fn reporting(status: Result<&'static str, &'static str>) -> Self {
        Self {
            status,
            calls: Mutex::default(),
        }
    }

    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Stacks for FakeStacks {
    async fn status(&self, stack_id: &str) -> Result<String, String> {
        self.calls
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(stack_id.to_owned());
        self.status.map(str::to_owned).map_err(str::to_owned)
    }
}

/// CloudWatch Logs holding the given streams.
#[derive(Debug, Default)]
pub struct FakeLogs {
    streams: Vec<((&'static str, String), Vec<String>)>,
    calls: Mutex<Vec<(String, String)>>,
}

impl FakeLogs {
    /// `group`'s stream `stream` holds `lines`.
    pub fn with(mut self, group: &'static str, stream: String, lines: Vec<String>) -> Self {
        self.streams.push(((group, stream), lines));
        self
    }

    pub fn calls(&self) -> Vec<(String, String)> {
        self.calls.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Logs for FakeLogs {
    async fn tail(&self, group: &str, stream: &str, lines: usize) -> Result<Vec<String>, String> {
        self.calls
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((group.to_owned(), stream.to_owned()));
        self.streams
            .iter()
            .find(|((g, s), _)| *g == group && s == stream)
            .map(|(_, all)| all[all.len().saturating_sub(lines)..].to_vec())
            .ok_or_else(|| {
                "ResourceNotFoundException: The specified log stream does not exist.".to_owned()
            })
    }
}

pub type FakeRunner = Runner<FakeEcs, FakeSender, FakeInvoker, FakeStacks, FakeLogs>;

pub fn runner(ecs: FakeEcs) -> FakeRunner {
    Runner {
        ecs,
        stacks: FakeStacks::default(),
        logs: FakeLogs::default(),
        sender: FakeSender::default(),
        invoker: Some(FakeInvoker::default()),
        settings: Settings::default(),
    }
}

/// The usual properties, with `extra` merged in.
pub fn props(extra: Value) -> Value {
    let mut p = json!({
        "ServiceToken": FUNCTION_ARN,
        "Cluster": CLUSTER,
        "TaskDefinition": "arn:aws:ecs:eu-west-1:123456789012:task-definition/migrate:7",
    });
    if let (Some(m), Value::Object(e)) = (p.as_object_mut(), extra) {
        m.extend(e);
    }
    p
}

pub fn event(request_type: &str, properties: Value, physical_id: Option<&str>) -> Value {
    let mut e = json!({
        "RequestType": request_type,
        "ServiceToken": FUNCTION_ARN,
        "ResponseURL": RESPONSE_URL,
        "StackId": STACK_ID,
        "RequestId": REQUEST_ID,
        "LogicalResourceId": LOGICAL_ID,
        "ResourceType": "Custom::EcsRunTask",
        "ResourceProperties": properties,
    });
    if let Some(id) = physical_id {
        e["PhysicalResourceId"] = json!(id);
    }
    e
}

/// An invocation at `now_ms` whose Lambda deadline is `timeout_secs` later.
pub fn invocation(payload: Value, now_ms: u64, timeout_secs: u64) -> Invocation {
    Invocation {
        payload,
        now_ms,
        deadline_ms: now_ms + timeout_secs * 1000,
        function_arn: FUNCTION_ARN.to_owned(),
    }
}
