//! The ECS calls the runner makes, as a trait, with plain data types.
//!
//! The aws-sdk-ecs implementation (`aws::SdkEcs`) only maps these types to and from the
//! SDK's; tests use a scripted fake.

use crate::properties::{AwsVpcConfig, CapacityProviderItem, RunOptions, TaskOverrides};
use std::fmt;
use std::future::Future;

/// What RunTask is asked to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunTaskRequest {
    /// Cluster name or ARN.
    pub cluster: String,
    /// Task definition.
    pub task_definition: String,
    /// Number of tasks.
    pub count: u32,
    /// The tasks' `startedBy`, by which a duplicate invocation finds them (ListTasks).
    pub started_by: String,
    /// RunTask's `clientToken`: ECS answers a repeated RunTask with the same token and the
    /// same parameters with the tasks it started the first time (for 24 hours, per cluster),
    /// and refuses different parameters (`ConflictException`). So two deliveries of one
    /// request racing each other, or a retry after the task stopped, never start it twice.
    pub client_token: String,
    /// Launch type.
    pub launch_type: Option<String>,
    /// Capacity provider strategy.
    pub capacity_provider_strategy: Vec<CapacityProviderItem>,
    /// awsvpc configuration.
    pub network: Option<AwsVpcConfig>,
    /// Overrides.
    pub overrides: Option<TaskOverrides>,
    /// Platform version, tags, placement, ECS Exec, group.
    pub options: RunOptions,
}

/// One entry of a `failures` list (RunTask or DescribeTasks).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EcsFailure {
    /// The resource the failure is about.
    pub arn: Option<String>,
    /// ECS's reason code (`RESOURCE:MEMORY`, `MISSING`, …).
    pub reason: Option<String>,
    /// More detail.
    pub detail: Option<String>,
}

impl fmt::Display for EcsFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.reason.as_deref().unwrap_or("unknown failure"))?;
        if let Some(detail) = &self.detail {
            write!(f, " ({detail})")?;
        }
        if let Some(arn) = &self.arn {
            write!(f, " for {arn}")?;
        }
        Ok(())
    }
}

/// A container of a described task.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContainerInfo {
    /// Container name.
    pub name: String,
    /// Exit code, once it has stopped after running.
    pub exit_code: Option<i32>,
    /// Why it stopped (e.g. `CannotPullContainerError: …`).
    pub reason: Option<String>,
    /// Its last status.
    pub last_status: Option<String>,
}

/// A described task.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskInfo {
    /// Task ARN.
    pub arn: String,
    /// `PROVISIONING`, `PENDING`, `RUNNING`, …, `STOPPED`.
    pub last_status: String,
    /// `EssentialContainerExited`, `TaskFailedToStart`, …
    pub stop_code: Option<String>,
    /// Why the task stopped.
    pub stopped_reason: Option<String>,
    /// Its containers.
    pub containers: Vec<ContainerInfo>,
}

impl TaskInfo {
    /// Whether the task has stopped.
    pub fn is_stopped(&self) -> bool {
        self.last_status == "STOPPED"
    }
}

/// A container of a task definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerDefinition {
    /// Container name.
    pub name: String,
    /// Whether the task stops when it stops (ECS's default: true).
    pub essential: bool,
    /// Where it logs, when its log driver is `awslogs`.
    pub awslogs: Option<AwsLogs>,
}

/// The options of the `awslogs` log driver that name a container's log stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsLogs {
    /// `awslogs-group`.
    pub group: String,
    /// `awslogs-stream-prefix`.
    pub stream_prefix: Option<String>,
}

/// RunTask's answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunTaskOutput {
    /// The tasks started.
    pub tasks: Vec<TaskInfo>,
    /// Why tasks could not be started.
    pub failures: Vec<EcsFailure>,
}

/// DescribeTasks' answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DescribeOutput {
    /// The tasks found.
    pub tasks: Vec<TaskInfo>,
    /// Tasks not found (`MISSING`) and other failures.
    pub failures: Vec<EcsFailure>,
}

/// Whether retrying an ECS call may help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Throttling, a 5xx, a transport error or timeout: retry with backoff.
    Retryable,
    /// Access denied, unknown cluster, invalid parameter…: retrying will not help.
    Fatal,
}

/// An error from an ECS call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcsError {
    /// Whether to retry.
    pub kind: ErrorKind,
    /// The service's error code (`ClusterNotFoundException`, …) or a transport description.
    pub code: String,
    /// The service's message.
    pub message: String,
}

impl EcsError {
    /// An error that may go away.
    pub fn retryable(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Retryable,
            code: code.into(),
            message: message.into(),
        }
    }

    /// An error that will not go away.
    pub fn fatal(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Fatal,
            code: code.into(),
            message: message.into(),
        }
    }

    /// Whether retrying may help.
    pub fn is_retryable(&self) -> bool {
        self.kind == ErrorKind::Retryable
    }
}

impl fmt::Display for EcsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", self.code)
        } else {
            write!(f, "{}: {}", self.code, self.message)
        }
    }
}

impl std::error::Error for EcsError {}

/// The ECS API as the runner uses it.
pub trait Ecs: Send + Sync {
    /// RunTask.
    fn run_task(
        &self,
        request: &RunTaskRequest,
    ) -> impl Future<Output = Result<RunTaskOutput, EcsError>> + Send;

    /// DescribeTasks of at most 100 tasks.
    fn describe_tasks(
        &self,
        cluster: &str,
        tasks: &[String],
    ) -> impl Future<Output = Result<DescribeOutput, EcsError>> + Send;

    /// StopTask.
    fn stop_task(
        &self,
        cluster: &str,
        task: &str,
        reason: &str,
    ) -> impl Future<Output = Result<(), EcsError>> + Send;

    /// DescribeTaskDefinition: the containers of `task_definition`.
    fn describe_task_definition(
        &self,
        task_definition: &str,
    ) -> impl Future<Output = Result<Vec<ContainerDefinition>, EcsError>> + Send;

    /// ListTasks of the tasks started by `started_by` whose desired status is RUNNING.
    fn list_running_tasks(
        &self,
        cluster: &str,
        started_by: &str,
    ) -> impl Future<Output = Result<Vec<String>, EcsError>> + Send;
}
