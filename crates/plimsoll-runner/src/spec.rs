//! The custom resource's property definitions: names, whether required, value kinds.
//!
//! The table is the one definition of the properties: the runner's property parser
//! (`properties.rs`) checks names and required properties against it, and a test keeps the
//! table and the parser in step. The file depends on nothing, not even the rest of this crate.

/// The kind of value a property takes. CloudFormation sends scalars as strings (`"2"`,
/// `"true"`), so `Integer` and `Boolean` accept both the string and the JSON form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropertyKind {
    /// A string.
    String,
    /// An integer within `min..=max`, as a JSON number or a string.
    Integer {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// `true`/`false`, as a JSON boolean or a string.
    Boolean,
    /// A list of strings (a comma-separated string is accepted too).
    StringList {
        /// When set, every item must be one of these.
        allowed: &'static [&'static str],
    },
    /// One of a fixed set of strings.
    Enum(&'static [&'static str]),
    /// A JSON object with a documented structure (checked by the runner's parser).
    Object,
    /// A list of JSON objects with a documented structure.
    ObjectList,
    /// Anything; the value is not interpreted.
    Any,
}

/// One property of `Custom::EcsRunTask`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PropertySpec {
    /// The property name, exactly as written in the template.
    pub name: &'static str,
    /// Whether a Create/Update without it fails.
    pub required: bool,
    /// The kind of value.
    pub kind: PropertyKind,
    /// Set by CloudFormation itself (ServiceToken, ServiceTimeout): tolerated, not ours.
    pub cloudformation: bool,
    /// One line of documentation.
    pub doc: &'static str,
}

/// The request types `RunOn` may name.
pub const REQUEST_TYPES: &[&str] = &["Create", "Update", "Delete"];

/// Largest `Count`.
pub const MAX_COUNT: i64 = 10;

/// The resource type the runner is meant to be used as.
pub const RESOURCE_TYPE: &str = "Custom::EcsRunTask";

/// Every property the runner accepts. Any other name fails a Create or Update.
pub const PROPERTIES: &[PropertySpec] = &[
    PropertySpec {
        name: "ServiceToken",
        required: true,
        kind: PropertyKind::String,
        cloudformation: true,
        doc: "ARN of the runner Lambda function",
    },
    PropertySpec {
        name: "ServiceTimeout",
        required: false,
        kind: PropertyKind::Integer { min: 1, max: 3600 },
        cloudformation: true,
        doc: "seconds CloudFormation waits for an answer (default 3600); bounds continuation",
    },
    PropertySpec {
        name: "Cluster",
        required: true,
        kind: PropertyKind::String,
        cloudformation: false,
        doc: "cluster name or ARN",
    },
    PropertySpec {
        name: "TaskDefinition",
        required: true,
        kind: PropertyKind::String,
        cloudformation: false,
        doc: "task definition family, family:revision or ARN",
    },
    PropertySpec {
        name: "LaunchType",
        required: false,
        kind: PropertyKind::Enum(&["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"]),
        cloudformation: false,
        doc: "launch type; mutually exclusive with CapacityProviderStrategy",
    },
    PropertySpec {
        name: "CapacityProviderStrategy",
        required: false,
        kind: PropertyKind::ObjectList,
        cloudformation: false,
        doc: "list of {CapacityProvider, Weight, Base}; mutually exclusive with LaunchType",
    },
    PropertySpec {
        name: "NetworkConfiguration",
        required: false,
        kind: PropertyKind::Object,
        cloudformation: false,
        doc: "{AwsvpcConfiguration: {Subnets, SecurityGroups, AssignPublicIp}} for awsvpc",
    },
    PropertySpec {
        name: "Overrides",
        required: false,
        kind: PropertyKind::Object,
        cloudformation: false,
        doc: "RunTask overrides: ContainerOverrides, Cpu, Memory, TaskRoleArn, ExecutionRoleArn",
    },
    PropertySpec {
        name: "PlatformVersion",
        required: false,
        kind: PropertyKind::String,
        cloudformation: false,
        doc: "Fargate platform version (default LATEST)",
    },
    PropertySpec {
        name: "Tags",
        required: false,
        kind: PropertyKind::ObjectList,
        cloudformation: false,
        doc: "list of {Key, Value} tags for the task (SCPs that require tags block untagged tasks)",
    },
    PropertySpec {
        name: "PropagateTags",
        required: false,
        kind: PropertyKind::Enum(&["TASK_DEFINITION", "NONE"]),
        cloudformation: false,
        doc: "copy the task definition's tags to the task",
    },
    PropertySpec {
        name: "EnableECSManagedTags",
        required: false,
        kind: PropertyKind::Boolean,
        cloudformation: false,
        doc: "let ECS tag the task with its cluster",
    },
    PropertySpec {
        name: "EnableExecuteCommand",
        required: false,
        kind: PropertyKind::Boolean,
        cloudformation: false,
        doc: "allow ECS Exec into the task",
    },
    PropertySpec {
        name: "PlacementConstraints",
        required: false,
        kind: PropertyKind::ObjectList,
        cloudformation: false,
        doc: "list of {Type, Expression} (EC2)",
    },
    PropertySpec {
        name: "PlacementStrategy",
        required: false,
        kind: PropertyKind::ObjectList,
        cloudformation: false,
        doc: "list of {Type, Field} (EC2)",
    },
    PropertySpec {
        name: "Group",
        required: false,
        kind: PropertyKind::String,
        cloudformation: false,
        doc: "task group name",
    },
    PropertySpec {
        name: "Count",
        required: false,
        kind: PropertyKind::Integer {
            min: 1,
            max: MAX_COUNT,
        },
        cloudformation: false,
        doc: "number of tasks (default 1); every task must succeed",
    },
    PropertySpec {
        name: "TimeoutSeconds",
        required: false,
        kind: PropertyKind::Integer { min: 1, max: 3600 },
        cloudformation: false,
        doc: "wait budget, capped by ServiceTimeout and each invocation's deadline",
    },
    PropertySpec {
        name: "SuccessContainers",
        required: false,
        kind: PropertyKind::StringList { allowed: &[] },
        cloudformation: false,
        doc: "containers whose exit codes decide success (default: all)",
    },
    PropertySpec {
        name: "StopOnTimeout",
        required: false,
        kind: PropertyKind::Boolean,
        cloudformation: false,
        doc: "stop the tasks when giving up (default true)",
    },
    PropertySpec {
        name: "RunOnRollback",
        required: false,
        kind: PropertyKind::Boolean,
        cloudformation: false,
        doc: "run the task on the Update of a rollback too (default false: answer without running)",
    },
    PropertySpec {
        name: "RunOn",
        required: false,
        kind: PropertyKind::StringList {
            allowed: REQUEST_TYPES,
        },
        cloudformation: false,
        doc: "request types that run the task (default [Create, Update])",
    },
    PropertySpec {
        name: "Triggers",
        required: false,
        kind: PropertyKind::Any,
        cloudformation: false,
        doc: "free-form; any change forces an Update, i.e. a re-run",
    },
];

/// Properties that only say how long to wait or what to do when waiting ends: an Update that
/// changes nothing else does not run the task again.
pub const TIMING: &[&str] = &["ServiceTimeout", "TimeoutSeconds", "StopOnTimeout"];

/// The spec of the property `name`, if the runner knows it.
pub fn property(name: &str) -> Option<&'static PropertySpec> {
    PROPERTIES.iter().find(|p| p.name == name)
}
