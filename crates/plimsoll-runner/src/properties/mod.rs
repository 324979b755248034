//! Parsing `ResourceProperties` into a [`RunConfig`].
//!
//! CloudFormation sends scalar values as strings (`"2"`, `"true"`); both forms are accepted.
//! Names are checked against [`crate::spec::PROPERTIES`]: an unknown name is an error, so a
//! typo fails the deployment instead of being ignored. Every problem found is reported, not
//! only the first.

mod read;
mod run_options;

use crate::spec::{self, PropertyKind};
use read::{
    Problems, boolean, int32, integer, kind_name, list, object, only_keys, string, string_list,
    string_pairs, unknown,
};
pub use run_options::RunOptions;
use serde_json::{Map, Value};
use std::fmt;

/// Default `ServiceTimeout` when the template sets none (CloudFormation's own default).
pub const DEFAULT_SERVICE_TIMEOUT: u64 = 3600;

/// A request type, as CloudFormation names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestType {
    /// The resource is created.
    Create,
    /// A property changed (or an update is rolled back).
    Update,
    /// The resource is deleted.
    Delete,
}

impl RequestType {
    /// Parses CloudFormation's spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "Create" => Some(Self::Create),
            "Update" => Some(Self::Update),
            "Delete" => Some(Self::Delete),
            _ => None,
        }
    }

    /// CloudFormation's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "Create",
            Self::Update => "Update",
            Self::Delete => "Delete",
        }
    }
}

/// One item of `CapacityProviderStrategy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapacityProviderItem {
    /// Capacity provider name.
    pub capacity_provider: String,
    /// Relative weight.
    pub weight: Option<i32>,
    /// Minimum number of tasks on this provider.
    pub base: Option<i32>,
}

/// `NetworkConfiguration.AwsvpcConfiguration`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsVpcConfig {
    /// Subnet ids.
    pub subnets: Vec<String>,
    /// Security group ids.
    pub security_groups: Vec<String>,
    /// `ENABLED` or `DISABLED`.
    pub assign_public_ip: Option<String>,
}

/// One item of `Overrides.ContainerOverrides`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContainerOverride {
    /// Container name (required).
    pub name: String,
    /// Replacement command.
    pub command: Option<Vec<String>>,
    /// Extra environment variables.
    pub environment: Vec<(String, String)>,
    /// CPU units.
    pub cpu: Option<i32>,
    /// Hard memory limit (MiB).
    pub memory: Option<i32>,
    /// Soft memory limit (MiB).
    pub memory_reservation: Option<i32>,
    /// `EnvironmentFiles`: (`Value` = an S3 object ARN, `Type` = `s3`).
    pub environment_files: Vec<(String, String)>,
    /// `ResourceRequirements`: (`Value`, `Type` = `GPU` or `InferenceAccelerator`).
    pub resource_requirements: Vec<(String, String)>,
}

/// `Overrides`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskOverrides {
    /// Per-container overrides.
    pub container_overrides: Vec<ContainerOverride>,
    /// Task CPU.
    pub cpu: Option<String>,
    /// Task memory.
    pub memory: Option<String>,
    /// Task role.
    pub task_role_arn: Option<String>,
    /// Execution role.
    pub execution_role_arn: Option<String>,
    /// Ephemeral storage in GiB.
    pub ephemeral_storage_gib: Option<i32>,
}

/// Which request types run the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOn {
    /// Run on Create.
    pub create: bool,
    /// Run on Update.
    pub update: bool,
    /// Run on Delete.
    pub delete: bool,
}

impl Default for RunOn {
    fn default() -> Self {
        Self {
            create: true,
            update: true,
            delete: false,
        }
    }
}

impl RunOn {
    /// Whether `request` runs the task.
    pub fn includes(self, request: RequestType) -> bool {
        match request {
            RequestType::Create => self.create,
            RequestType::Update => self.update,
            RequestType::Delete => self.delete,
        }
    }
}

/// Everything the runner needs from `ResourceProperties`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunConfig {
    /// Cluster name or ARN.
    pub cluster: String,
    /// Task definition family, family:revision or ARN.
    pub task_definition: String,
    /// Launch type.
    pub launch_type: Option<String>,
    /// Capacity provider strategy (empty when not set).
    pub capacity_provider_strategy: Vec<CapacityProviderItem>,
    /// awsvpc network configuration.
    pub network: Option<AwsVpcConfig>,
    /// RunTask overrides.
    pub overrides: Option<TaskOverrides>,
    /// The other RunTask parameters.
    pub options: RunOptions,
    /// Number of tasks, 1..=10.
    pub count: u32,
    /// Wait budget in seconds.
    pub timeout_seconds: Option<u64>,
    /// Containers whose exit codes decide success (`None`: all).
    pub success_containers: Option<Vec<String>>,
    /// Stop the tasks when giving up.
    pub stop_on_timeout: bool,
    /// Which request types run the task.
    pub run_on: RunOn,
    /// Whether the Update of a rollback runs the task too.
    pub run_on_rollback: bool,
    /// CloudFormation's `ServiceTimeout` (default 3600).
    pub service_timeout: u64,
}

/// Every problem found in the properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyErrors(pub Vec<String>);

impl fmt::Display for PropertyErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid properties: {}", self.0.join("; "))
    }
}

impl std::error::Error for PropertyErrors {}

fn capacity_provider_strategy(v: &Value, p: &mut Problems) -> Vec<CapacityProviderItem> {
    let mut out = Vec::new();
    let Some(items) = list(v, "CapacityProviderStrategy", p) else {
        return out;
    };
    for (i, item) in items.iter().enumerate() {
        let path = format!("CapacityProviderStrategy[{i}]");
        let Some(m) = object(item, &path, p) else {
            continue;
        };
        only_keys(m, &path, &["CapacityProvider", "Weight", "Base"], p);
        let Some(provider) = m.get("CapacityProvider") else {
            p.push(format!("{path}.CapacityProvider is required"));
            continue;
        };
        let capacity_provider = string(provider, &format!("{path}.CapacityProvider"), p);
        let weight = m
            .get("Weight")
            .and_then(|w| int32(w, &format!("{path}.Weight"), p));
        let base = m
            .get("Base")
            .and_then(|b| int32(b, &format!("{path}.Base"), p));
        if let Some(capacity_provider) = capacity_provider {
            out.push(CapacityProviderItem {
                capacity_provider,
                weight,
                base,
            });
        }
    }
    out
}

fn network(v: &Value, p: &mut Problems) -> Option<AwsVpcConfig> {
    let m = object(v, "NetworkConfiguration", p)?;
    only_keys(m, "NetworkConfiguration", &["AwsvpcConfiguration"], p);
    let path = "NetworkConfiguration.AwsvpcConfiguration";
    let Some(inner) = m.get("AwsvpcConfiguration") else {
        p.push(format!("{path} is required"));
        return None;
    };
    let inner = object(inner, path, p)?;
    only_keys(
        inner,
        path,
        &["Subnets", "SecurityGroups", "AssignPublicIp"],
        p,
    );
    let subnets = match inner.get("Subnets") {
        Some(s) => string_list(s, &format!("{path}.Subnets"), p)?,
        None => {
            p.push(format!("{path}.Subnets is required"));
            return None;
        }
    };
    if subnets.is_empty() {
        p.push(format!("{path}.Subnets is empty"));
    }
    let security_groups = match inner.get("SecurityGroups") {
        Some(s) => string_list(s, &format!("{path}.SecurityGroups"), p)?,
        None => Vec::new(),
    };
    let assign_public_ip = match inner.get("AssignPublicIp") {
        Some(a) => {
            let a = string(a, &format!("{path}.AssignPublicIp"), p)?;
            if a != "ENABLED" && a != "DISABLED" {
                p.push(format!(
                    "{path}.AssignPublicIp must be ENABLED or DISABLED, got {a}"
                ));
            }
            Some(a)
        }
        None => None,
    };
    Some(AwsVpcConfig {
        subnets,
        security_groups,
        assign_public_ip,
    })
}

fn container_override(v: &Value, path: &str, p: &mut Problems) -> Option<ContainerOverride> {
    let m = object(v, path, p)?;
    only_keys(
        m,
        path,
        &[
            "Name",
            "Command",
            "Environment",
            "Cpu",
            "Memory",
            "MemoryReservation",
            "EnvironmentFiles",
            "ResourceRequirements",
        ],
        p,
    );
    let Some(name) = m.get("Name") else {
        p.push(format!("{path}.Name is required"));
        return None;
    };
    let mut out = ContainerOverride {
        name: string(name, &format!("{path}.Name"), p)?,
        ..ContainerOverride::default()
    };
    if let Some(c) = m.get("Command") {
        out.command = list(c, &format!("{path}.Command"), p).map(|items| {
            items
                .iter()
                .enumerate()
                .filter_map(|(i, s)| string(s, &format!("{path}.Command[{i}]"), p))
                .collect()
        });
    }
    if let Some(env) = m.get("Environment") {
        for (i, item) in list(env, &format!("{path}.Environment"), p)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let ipath = format!("{path}.Environment[{i}]");
            let Some(kv) = object(item, &ipath, p) else {
                continue;
            };
            only_keys(kv, &ipath, &["Name", "Value"], p);
            let name = kv
                .get("Name")
                .and_then(|n| string(n, &format!("{ipath}.Name"), p));
            let value = match kv.get("Value") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                Some(Value::Bool(b)) => Some(b.to_string()),
                _ => {
                    p.push(format!("{ipath}.Value must be a string"));
                    None
                }
            };
            match (name, value) {
                (Some(n), Some(v)) => out.environment.push((n, v)),
                (None, _) if kv.get("Name").is_none() => {
                    p.push(format!("{ipath}.Name is required"));
                }
                _ => {}
            }
        }
    }
    out.cpu = m
        .get("Cpu")
        .and_then(|c| int32(c, &format!("{path}.Cpu"), p));
    out.memory = m
        .get("Memory")
        .and_then(|c| int32(c, &format!("{path}.Memory"), p));
    out.memory_reservation = m
        .get("MemoryReservation")
        .and_then(|c| int32(c, &format!("{path}.MemoryReservation"), p));
    out.environment_files = value_type_list(m, path, "EnvironmentFiles", p);
    out.resource_requirements = value_type_list(m, path, "ResourceRequirements", p);
    Some(out)
}

/// The `{Value, Type}` items of the list `name` in a container override.
fn value_type_list(
    m: &Map<String, Value>,
    path: &str,
    name: &str,
    p: &mut Problems,
) -> Vec<(String, String)> {
    let path = format!("{path}.{name}");
    string_pairs(m, name, &path, ("Value", true), ("Type", true), p)
        .into_iter()
        .filter_map(|(value, kind)| Some((value, kind?)))
        .collect()
}

fn overrides(v: &Value, p: &mut Problems) -> Option<TaskOverrides> {
    let m = object(v, "Overrides", p)?;
    only_keys(
        m,
        "Overrides",
        &[
            "ContainerOverrides",
            "Cpu",
            "Memory",
            "TaskRoleArn",
            "ExecutionRoleArn",
            "EphemeralStorage",
        ],
        p,
    );
    let mut out = TaskOverrides::default();
    if let Some(c) = m.get("ContainerOverrides") {
        for (i, item) in list(c, "Overrides.ContainerOverrides", p)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if let Some(o) =
                container_override(item, &format!("Overrides.ContainerOverrides[{i}]"), p)
            {
                out.container_overrides.push(o);
            }
        }
    }
    out.cpu = m.get("Cpu").and_then(|v| string(v, "Overrides.Cpu", p));
    out.memory = m
        .get("Memory")
        .and_then(|v| string(v, "Overrides.Memory", p));
    out.task_role_arn = m
        .get("TaskRoleArn")
        .and_then(|v| string(v, "Overrides.TaskRoleArn", p));
    out.execution_role_arn = m
        .get("ExecutionRoleArn")
        .and_then(|v| string(v, "Overrides.ExecutionRoleArn", p));
    if let Some(e) = m
        .get("EphemeralStorage")
        .and_then(|e| object(e, "Overrides.EphemeralStorage", p))
    {
        only_keys(e, "Overrides.EphemeralStorage", &["SizeInGiB"], p);
        out.ephemeral_storage_gib = match e.get("SizeInGiB") {
            Some(s) => int32(s, "Overrides.EphemeralStorage.SizeInGiB", p),
            None => {
                p.push("Overrides.EphemeralStorage.SizeInGiB is required");
                None
            }
        };
    }
    Some(out)
}

fn run_on(v: &Value, p: &mut Problems) -> Option<RunOn> {
    let items = string_list(v, "RunOn", p)?;
    let mut out = RunOn {
        create: false,
        update: false,
        delete: false,
    };
    for item in &items {
        match RequestType::parse(item) {
            Some(RequestType::Create) => out.create = true,
            Some(RequestType::Update) => out.update = true,
            Some(RequestType::Delete) => out.delete = true,
            None => p.push(format!(
                "RunOn items must be among {}, got {item}",
                spec::REQUEST_TYPES.join(", ")
            )),
        }
    }
    Some(out)
}

/// The `RunOn` of `properties`, or `None` when it cannot be read. Used on Delete, which never
/// fails because of bad properties.
pub fn lenient_run_on(properties: &Value) -> Option<RunOn> {
    let mut p = Problems::default();
    let run_on = match properties.get("RunOn") {
        Some(v) => run_on(v, &mut p)?,
        None => RunOn::default(),
    };
    p.0.is_empty().then_some(run_on)
}

/// Parses and checks `ResourceProperties`.
pub fn parse(properties: &Value) -> Result<RunConfig, PropertyErrors> {
    let mut p = Problems::default();
    let empty = Map::new();
    let m = match properties {
        Value::Object(m) => m,
        Value::Null => &empty,
        other => {
            return Err(PropertyErrors(vec![format!(
                "ResourceProperties must be an object, got {}",
                kind_name(other)
            )]));
        }
    };
    for name in m.keys() {
        if spec::property(name).is_none() {
            let known: Vec<&str> = spec::PROPERTIES
                .iter()
                .filter(|s| !s.cloudformation)
                .map(|s| s.name)
                .collect();
            p.push(unknown(name, name, &known));
        }
    }
    for s in spec::PROPERTIES {
        // ServiceToken is CloudFormation's own business; never fail on it.
        if s.required && !s.cloudformation && !m.contains_key(s.name) {
            p.push(format!("{} is required", s.name));
        }
    }
    let cluster = m.get("Cluster").and_then(|v| string(v, "Cluster", &mut p));
    let task_definition = m
        .get("TaskDefinition")
        .and_then(|v| string(v, "TaskDefinition", &mut p));
    let launch_type = m
        .get("LaunchType")
        .and_then(|v| string(v, "LaunchType", &mut p));
    if let (Some(lt), Some(PropertyKind::Enum(allowed))) = (
        launch_type.as_deref(),
        spec::property("LaunchType").map(|s| s.kind),
    ) && !allowed.contains(&lt)
    {
        p.push(format!(
            "LaunchType must be one of {}, got {lt}",
            allowed.join(", ")
        ));
    }
    let capacity_provider_strategy = m
        .get("CapacityProviderStrategy")
        .map(|v| capacity_provider_strategy(v, &mut p))
        .unwrap_or_default();
    if launch_type.is_some() && !capacity_provider_strategy.is_empty() {
        p.push("LaunchType and CapacityProviderStrategy are mutually exclusive");
    }
    let network = m
        .get("NetworkConfiguration")
        .and_then(|v| network(v, &mut p));
    let overrides = m.get("Overrides").and_then(|v| overrides(v, &mut p));
    let options = run_options::parse(m, &mut p);
    let count = m
        .get("Count")
        .map_or(Some(1), |v| integer(v, "Count", 1, spec::MAX_COUNT, &mut p));
    let timeout_seconds = m
        .get("TimeoutSeconds")
        .and_then(|v| integer(v, "TimeoutSeconds", 1, 3600, &mut p));
    let success_containers = match m.get("SuccessContainers") {
        Some(v) => match string_list(v, "SuccessContainers", &mut p) {
            Some(list) if list.is_empty() => {
                p.push("SuccessContainers is empty (omit it to judge every container)");
                None
            }
            other => other,
        },
        None => None,
    };
    let stop_on_timeout = m
        .get("StopOnTimeout")
        .map_or(Some(true), |v| boolean(v, "StopOnTimeout", &mut p));
    let run_on_rollback = m
        .get("RunOnRollback")
        .map_or(Some(false), |v| boolean(v, "RunOnRollback", &mut p));
    let run_on = m
        .get("RunOn")
        .map_or(Some(RunOn::default()), |v| run_on(v, &mut p));
    let service_timeout = m
        .get("ServiceTimeout")
        .map_or(Some(DEFAULT_SERVICE_TIMEOUT as i64), |v| {
            integer(v, "ServiceTimeout", 1, 3600, &mut p)
        });
    match (
        cluster,
        task_definition,
        count,
        stop_on_timeout,
        run_on,
        run_on_rollback,
        service_timeout,
    ) {
        (
            Some(cluster),
            Some(task_definition),
            Some(count),
            Some(stop),
            Some(run_on),
            Some(run_on_rollback),
            Some(st),
        ) if p.0.is_empty() => Ok(RunConfig {
            cluster,
            task_definition,
            launch_type,
            capacity_provider_strategy,
            network,
            overrides,
            options,
            count: u32::try_from(count).unwrap_or(1),
            timeout_seconds: timeout_seconds.and_then(|t| u64::try_from(t).ok()),
            success_containers,
            stop_on_timeout: stop,
            run_on,
            run_on_rollback,
            service_timeout: u64::try_from(st).unwrap_or(DEFAULT_SERVICE_TIMEOUT),
        }),
        _ => Err(PropertyErrors(p.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Value {
        json!({"ServiceToken": "arn:aws:lambda:eu-west-1:1:function:f", "Cluster": "app", "TaskDefinition": "migrate"})
    }

    fn with(extra: Value) -> Value {
        let mut p = base();
        if let (Some(m), Value::Object(e)) = (p.as_object_mut(), extra) {
            m.extend(e);
        }
        p
    }

    #[test]
    fn defaults() {
        let c = parse(&base()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.count, 1);
        assert!(c.stop_on_timeout);
        assert_eq!(c.run_on, RunOn::default());
        assert_eq!(c.service_timeout, DEFAULT_SERVICE_TIMEOUT);
        assert_eq!(c.success_containers, None);
    }

    #[test]
    fn strings_and_json_scalars_are_the_same() {
        let a = parse(&with(
            json!({"Count": "3", "StopOnTimeout": "false", "TimeoutSeconds": "600", "ServiceTimeout": "960"}),
        ));
        let b = parse(&with(
            json!({"Count": 3, "StopOnTimeout": false, "TimeoutSeconds": 600, "ServiceTimeout": 960}),
        ));
        assert_eq!(a, b);
        let c = a.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (
                c.count,
                c.stop_on_timeout,
                c.timeout_seconds,
                c.service_timeout
            ),
            (3, false, Some(600), 960)
        );
    }

    #[test]
    fn lists_may_be_comma_separated_strings() {
        let c = parse(&with(
            json!({"RunOn": "Create, Delete", "SuccessContainers": "app"}),
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            c.run_on,
            RunOn {
                create: true,
                update: false,
                delete: true
            }
        );
        assert_eq!(c.success_containers, Some(vec!["app".to_owned()]));
    }

    #[test]
    fn nested_structures_are_parsed_and_checked() {
        let c = parse(&with(json!({
            "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["s-1", "s-2"], "SecurityGroups": ["sg-1"], "AssignPublicIp": "DISABLED"}},
            "Overrides": {"ContainerOverrides": [{"Name": "app", "Command": ["migrate", "--up"], "Environment": [{"Name": "A", "Value": "1"}], "Memory": "256"}], "TaskRoleArn": "arn:aws:iam::1:role/r"},
            "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE_SPOT", "Weight": "1"}],
        })))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.network.map(|n| n.subnets.len()), Some(2));
        let o = c.overrides.unwrap_or_default();
        assert_eq!(
            o.container_overrides[0].command,
            Some(vec!["migrate".to_owned(), "--up".to_owned()])
        );
        assert_eq!(
            o.container_overrides[0].environment,
            vec![("A".to_owned(), "1".to_owned())]
        );
        assert_eq!(o.container_overrides[0].memory, Some(256));
        assert_eq!(c.capacity_provider_strategy[0].weight, Some(1));

        let e = parse(&with(json!({
            "LaunchType": "FARGATE",
            "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE"}],
            "Overrides": {"ContainerOverrides": [{"Command": ["x"], "Comand": 1}]},
            "NetworkConfiguration": {"AwsvpcConfiguration": {"SecurityGroups": ["sg"]}},
        })))
        .err()
        .unwrap_or_else(|| panic!("must fail"));
        let text = e.to_string();
        for needle in [
            "mutually exclusive",
            "Overrides.ContainerOverrides[0].Comand",
            "Overrides.ContainerOverrides[0].Name is required",
            "NetworkConfiguration.AwsvpcConfiguration.Subnets is required",
        ] {
            assert!(text.contains(needle), "{needle} not in {text}");
        }
    }

    #[test]
    fn the_ecs_apis_camel_case_gets_the_pascal_case_spelling() {
        let e = parse(&with(json!({
            "Overrides": {"containerOverrides": [{"name": "app", "command": ["migrate"]}]},
            "launchType": "FARGATE",
        })))
        .err()
        .unwrap_or_else(|| panic!("must fail"));
        let text = e.to_string();
        for needle in [
            "unknown property Overrides.containerOverrides: write ContainerOverrides",
            "unknown property launchType: write LaunchType",
        ] {
            assert!(text.contains(needle), "{needle} not in {text}");
        }
    }

    #[test]
    fn every_spec_property_is_accepted_by_the_parser() {
        // Keeps spec::PROPERTIES and the parser in step.
        let mut p = serde_json::Map::new();
        for s in spec::PROPERTIES {
            let v = match s.kind {
                PropertyKind::String => json!("x"),
                PropertyKind::Integer { min, .. } => json!(min),
                PropertyKind::Boolean => json!("true"),
                PropertyKind::StringList { allowed } => {
                    json!(allowed.first().copied().unwrap_or("app"))
                }
                PropertyKind::Enum(values) => json!(values[0]),
                PropertyKind::Object => json!({}),
                PropertyKind::ObjectList => json!([]),
                PropertyKind::Any => json!({"anything": [1, 2]}),
            };
            p.insert(s.name.to_owned(), v);
        }
        p.remove("NetworkConfiguration");
        let props = Value::Object(p);
        if let Err(e) = parse(&props) {
            panic!("{e}");
        }
        for s in spec::PROPERTIES
            .iter()
            .filter(|s| s.required && !s.cloudformation)
        {
            let mut missing = props.clone();
            if let Some(m) = missing.as_object_mut() {
                m.remove(s.name);
            }
            let e = parse(&missing)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(e.contains(&format!("{} is required", s.name)), "{e}");
        }
    }

    #[test]
    fn lenient_run_on_never_fails() {
        assert_eq!(
            lenient_run_on(&json!({"RunOn": ["Delete"], "Bogus": 1})).map(|r| r.delete),
            Some(true)
        );
        assert_eq!(lenient_run_on(&json!({"RunOn": 5})), None);
        assert_eq!(lenient_run_on(&Value::Null), Some(RunOn::default()));
    }
}
