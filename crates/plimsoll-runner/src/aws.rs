//! The AWS SDK behind the traits: thin mapping code only.

use crate::ecs::{
    AwsLogs, ContainerDefinition, ContainerInfo, DescribeOutput, Ecs, EcsError, EcsFailure,
    RunTaskOutput, RunTaskRequest, TaskInfo,
};
use crate::invoke::SelfInvoker;
use crate::logs::Logs;
use crate::properties::RunOptions;
use crate::stacks::Stacks;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_ecs::config::http::HttpResponse;
use aws_sdk_ecs::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_ecs::types as t;
use std::time::Duration;

/// ECS through aws-sdk-ecs.
#[derive(Debug, Clone)]
pub struct SdkEcs(pub aws_sdk_ecs::Client);

/// Lambda `Invoke` (InvocationType `Event`) through aws-sdk-lambda.
#[derive(Debug, Clone)]
pub struct SdkInvoker(pub aws_sdk_lambda::Client);

/// CloudFormation `DescribeStacks` through aws-sdk-cloudformation.
#[derive(Debug, Clone)]
pub struct SdkStacks(pub aws_sdk_cloudformation::Client);

/// CloudWatch Logs `GetLogEvents` through aws-sdk-cloudwatchlogs.
#[derive(Debug, Clone)]
pub struct SdkLogs(pub aws_sdk_cloudwatchlogs::Client);

/// The runner's AWS clients.
#[derive(Debug, Clone)]
pub struct Clients {
    /// ECS.
    pub ecs: SdkEcs,
    /// CloudFormation.
    pub stacks: SdkStacks,
    /// CloudWatch Logs.
    pub logs: SdkLogs,
    /// Lambda.
    pub invoker: SdkInvoker,
}

/// Clients configured from the environment (region, credentials, `AWS_ENDPOINT_URL`…), with
/// timeouts short enough that a hung call cannot eat the safety margin.
pub async fn clients() -> Clients {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(3))
        .operation_attempt_timeout(Duration::from_secs(8))
        .operation_timeout(Duration::from_secs(20))
        .build();
    let config = aws_config::from_env().timeout_config(timeouts).load().await;
    Clients {
        ecs: SdkEcs(aws_sdk_ecs::Client::new(&config)),
        stacks: SdkStacks(aws_sdk_cloudformation::Client::new(&config)),
        logs: SdkLogs(aws_sdk_cloudwatchlogs::Client::new(&config)),
        invoker: SdkInvoker(aws_sdk_lambda::Client::new(&config)),
    }
}

/// Error codes that mean "try again later".
const RETRYABLE_CODES: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "ServerException",
    "ServiceUnavailable",
    "InternalFailure",
    "RequestTimeout",
];

fn map_err<E>(e: SdkError<E, HttpResponse>) -> EcsError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &e {
        SdkError::ServiceError(service) => {
            let code = e.code().unwrap_or("UnknownError").to_owned();
            let message = e.message().unwrap_or("").to_owned();
            let server = service.raw().status().is_server_error();
            if server || RETRYABLE_CODES.contains(&code.as_str()) {
                EcsError::retryable(code, message)
            } else {
                EcsError::fatal(code, message)
            }
        }
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            EcsError::retryable("TransportError", DisplayErrorContext(&e).to_string())
        }
        _ => EcsError::fatal("RequestError", DisplayErrorContext(&e).to_string()),
    }
}

fn task(task: &t::Task) -> TaskInfo {
    TaskInfo {
        arn: task.task_arn().unwrap_or_default().to_owned(),
        last_status: task.last_status().unwrap_or_default().to_owned(),
        stop_code: task.stop_code().map(|c| c.as_str().to_owned()),
        stopped_reason: task.stopped_reason().map(str::to_owned),
        containers: task
            .containers()
            .iter()
            .map(|c| ContainerInfo {
                name: c.name().unwrap_or_default().to_owned(),
                exit_code: c.exit_code(),
                reason: c.reason().map(str::to_owned),
                last_status: c.last_status().map(str::to_owned),
            })
            .collect(),
    }
}

fn failure(f: &t::Failure) -> EcsFailure {
    EcsFailure {
        arn: f.arn().map(str::to_owned),
        reason: f.reason().map(str::to_owned),
        detail: f.detail().map(str::to_owned),
    }
}

fn invalid(what: &str, e: impl std::fmt::Display) -> EcsError {
    EcsError::fatal("InvalidParameter", format!("{what}: {e}"))
}

fn overrides(o: &crate::properties::TaskOverrides) -> Result<t::TaskOverride, EcsError> {
    let mut containers = Vec::new();
    for c in &o.container_overrides {
        let environment = c
            .environment
            .iter()
            .map(|(k, v)| t::KeyValuePair::builder().name(k).value(v).build())
            .collect();
        let environment_files = c
            .environment_files
            .iter()
            .map(|(value, kind)| {
                t::EnvironmentFile::builder()
                    .value(value)
                    .r#type(t::EnvironmentFileType::from(kind.as_str()))
                    .build()
                    .map_err(|e| invalid("EnvironmentFiles", e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let resource_requirements = c
            .resource_requirements
            .iter()
            .map(|(value, kind)| {
                t::ResourceRequirement::builder()
                    .value(value)
                    .r#type(t::ResourceType::from(kind.as_str()))
                    .build()
                    .map_err(|e| invalid("ResourceRequirements", e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        containers.push(
            t::ContainerOverride::builder()
                .name(&c.name)
                .set_command(c.command.clone())
                .set_environment(Some(environment))
                .set_environment_files(Some(environment_files).filter(|f| !f.is_empty()))
                .set_resource_requirements(Some(resource_requirements).filter(|r| !r.is_empty()))
                .set_cpu(c.cpu)
                .set_memory(c.memory)
                .set_memory_reservation(c.memory_reservation)
                .build(),
        );
    }
    let ephemeral = o
        .ephemeral_storage_gib
        .map(|size| t::EphemeralStorage::builder().size_in_gib(size).build());
    Ok(t::TaskOverride::builder()
        .set_container_overrides(Some(containers))
        .set_cpu(o.cpu.clone())
        .set_memory(o.memory.clone())
        .set_task_role_arn(o.task_role_arn.clone())
        .set_execution_role_arn(o.execution_role_arn.clone())
        .set_ephemeral_storage(ephemeral)
        .build())
}

fn awslogs(config: &t::LogConfiguration) -> Option<AwsLogs> {
    if *config.log_driver() != t::LogDriver::Awslogs {
        return None;
    }
    let options = config.options()?;
    Some(AwsLogs {
        group: options.get("awslogs-group")?.clone(),
        stream_prefix: options.get("awslogs-stream-prefix").cloned(),
    })
}

/// RunTask's optional parameters on `call`.
fn with_options(
    mut call: aws_sdk_ecs::operation::run_task::builders::RunTaskFluentBuilder,
    o: &RunOptions,
) -> aws_sdk_ecs::operation::run_task::builders::RunTaskFluentBuilder {
    for (key, value) in &o.tags {
        call = call.tags(t::Tag::builder().key(key).value(value).build());
    }
    for (kind, expression) in &o.placement_constraints {
        call = call.placement_constraints(
            t::PlacementConstraint::builder()
                .r#type(t::PlacementConstraintType::from(kind.as_str()))
                .set_expression(expression.clone())
                .build(),
        );
    }
    for (kind, field) in &o.placement_strategy {
        call = call.placement_strategy(
            t::PlacementStrategy::builder()
                .r#type(t::PlacementStrategyType::from(kind.as_str()))
                .set_field(field.clone())
                .build(),
        );
    }
    call.set_platform_version(o.platform_version.clone())
        .set_propagate_tags(o.propagate_tags.as_deref().map(t::PropagateTags::from))
        .set_enable_ecs_managed_tags(o.enable_ecs_managed_tags)
        .set_enable_execute_command(o.enable_execute_command)
        .set_group(o.group.clone())
}

impl Ecs for SdkEcs {
    async fn run_task(&self, r: &RunTaskRequest) -> Result<RunTaskOutput, EcsError> {
        let mut call = self
            .0
            .run_task()
            .cluster(&r.cluster)
            .task_definition(&r.task_definition)
            .count(i32::try_from(r.count).unwrap_or(1))
            .started_by(&r.started_by)
            .client_token(&r.client_token)
            .set_launch_type(r.launch_type.as_deref().map(t::LaunchType::from));
        for item in &r.capacity_provider_strategy {
            call = call.capacity_provider_strategy(
                t::CapacityProviderStrategyItem::builder()
                    .capacity_provider(&item.capacity_provider)
                    .set_weight(item.weight)
                    .set_base(item.base)
                    .build()
                    .map_err(|e| invalid("CapacityProviderStrategy", e))?,
            );
        }
        if let Some(n) = &r.network {
            let vpc = t::AwsVpcConfiguration::builder()
                .set_subnets(Some(n.subnets.clone()))
                .set_security_groups(Some(n.security_groups.clone()))
                .set_assign_public_ip(n.assign_public_ip.as_deref().map(t::AssignPublicIp::from))
                .build()
                .map_err(|e| invalid("NetworkConfiguration", e))?;
            call = call.network_configuration(
                t::NetworkConfiguration::builder()
                    .awsvpc_configuration(vpc)
                    .build(),
            );
        }
        if let Some(o) = &r.overrides {
            call = call.overrides(overrides(o)?);
        }
        call = with_options(call, &r.options);
        let out = call.send().await.map_err(map_err)?;
        Ok(RunTaskOutput {
            tasks: out.tasks().iter().map(task).collect(),
            failures: out.failures().iter().map(failure).collect(),
        })
    }

    async fn describe_tasks(
        &self,
        cluster: &str,
        tasks: &[String],
    ) -> Result<DescribeOutput, EcsError> {
        let out = self
            .0
            .describe_tasks()
            .cluster(cluster)
            .set_tasks(Some(tasks.to_vec()))
            .send()
            .await
            .map_err(map_err)?;
        Ok(DescribeOutput {
            tasks: out.tasks().iter().map(task).collect(),
            failures: out.failures().iter().map(failure).collect(),
        })
    }

    async fn stop_task(&self, cluster: &str, task: &str, reason: &str) -> Result<(), EcsError> {
        self.0
            .stop_task()
            .cluster(cluster)
            .task(task)
            .reason(reason)
            .send()
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn describe_task_definition(
        &self,
        task_definition: &str,
    ) -> Result<Vec<ContainerDefinition>, EcsError> {
        let out = self
            .0
            .describe_task_definition()
            .task_definition(task_definition)
            .send()
            .await
            .map_err(map_err)?;
        Ok(out
            .task_definition()
            .map(|d| d.container_definitions())
            .unwrap_or_default()
            .iter()
            .map(|c| ContainerDefinition {
                name: c.name().unwrap_or_default().to_owned(),
                essential: c.essential().unwrap_or(true),
                awslogs: c.log_configuration().and_then(awslogs),
            })
            .collect())
    }

    async fn list_running_tasks(
        &self,
        cluster: &str,
        started_by: &str,
    ) -> Result<Vec<String>, EcsError> {
        let out = self
            .0
            .list_tasks()
            .cluster(cluster)
            .started_by(started_by)
            .desired_status(t::DesiredStatus::Running)
            .send()
            .await
            .map_err(map_err)?;
        Ok(out.task_arns().to_vec())
    }
}

impl Stacks for SdkStacks {
    async fn status(&self, stack_id: &str) -> Result<String, String> {
        let out = self
            .0
            .describe_stacks()
            .stack_name(stack_id)
            .send()
            .await
            .map_err(|e| DisplayErrorContext(&e).to_string())?;
        out.stacks()
            .first()
            .and_then(|stack| stack.stack_status())
            .map(|status| status.as_str().to_owned())
            .ok_or_else(|| format!("DescribeStacks returned no status for {stack_id}"))
    }
}

impl Logs for SdkLogs {
    async fn tail(&self, group: &str, stream: &str, lines: usize) -> Result<Vec<String>, String> {
        let out = self
            .0
            .get_log_events()
            .log_group_name(group)
            .log_stream_name(stream)
            .start_from_head(false)
            .limit(i32::try_from(lines).unwrap_or(10))
            .send()
            .await
            .map_err(|e| DisplayErrorContext(&e).to_string())?;
        Ok(out
            .events()
            .iter()
            .filter_map(|e| e.message().map(str::to_owned))
            .collect())
    }
}

impl SelfInvoker for SdkInvoker {
    async fn invoke_async(&self, function: &str, payload: Vec<u8>) -> Result<(), String> {
        self.0
            .invoke()
            .function_name(function)
            .invocation_type(aws_sdk_lambda::types::InvocationType::Event)
            .payload(aws_sdk_lambda::primitives::Blob::new(payload))
            .send()
            .await
            .map_err(|e| DisplayErrorContext(&e).to_string())?;
        Ok(())
    }
}
