//! The AWS SDK behind the traits: thin mapping code only.

use crate::ecs::{
    ContainerInfo, DescribeOutput, Ecs, EcsError, EcsFailure, RunTaskOutput, RunTaskRequest,
    TaskInfo,
};
use crate::invoke::SelfInvoker;
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

/// Clients configured from the environment (region, credentials, `AWS_ENDPOINT_URL`…), with
/// timeouts short enough that a hung call cannot eat the safety margin.
pub async fn clients() -> (SdkEcs, SdkInvoker) {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(3))
        .operation_attempt_timeout(Duration::from_secs(8))
        .operation_timeout(Duration::from_secs(20))
        .build();
    let config = aws_config::from_env().timeout_config(timeouts).load().await;
    (
        SdkEcs(aws_sdk_ecs::Client::new(&config)),
        SdkInvoker(aws_sdk_lambda::Client::new(&config)),
    )
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
        containers.push(
            t::ContainerOverride::builder()
                .name(&c.name)
                .set_command(c.command.clone())
                .set_environment(Some(environment))
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

impl Ecs for SdkEcs {
    async fn run_task(&self, r: &RunTaskRequest) -> Result<RunTaskOutput, EcsError> {
        let mut call = self
            .0
            .run_task()
            .cluster(&r.cluster)
            .task_definition(&r.task_definition)
            .count(i32::try_from(r.count).unwrap_or(1))
            .started_by(&r.started_by)
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
