//! A grammar of CloudFormation templates for structure-aware fuzzing: the fuzzer's bytes pick
//! productions (via `arbitrary`), so every input is a well-formed template that reaches the
//! rules — ECS services and task definitions, target groups, custom resources and their
//! Lambdas, IAM roles and policies, parameters with defaults, conditions (cycles included) and
//! every intrinsic function, with the right arity and with a wrong one.
//!
//! Names come from small pools, so references usually resolve and sometimes do not.

use arbitrary::Arbitrary;

#[derive(Arbitrary, Debug)]
pub struct Template {
    pub parameters: Vec<Parameter>,
    pub with_mapping: bool,
    pub conditions: Vec<CondExpr>,
    pub resources: Vec<Resource>,
    pub outputs: Vec<Output>,
    pub ignore: Vec<Pick>,
    /// Whether the YAML rendering uses short-form tags (`!Ref`) or long form (`Ref:`).
    pub short_form: bool,
}

#[derive(Arbitrary, Debug)]
pub struct Parameter {
    pub kind: ParameterType,
    pub default: Option<Scalar>,
    pub allowed: Vec<Scalar>,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum ParameterType {
    String,
    Number,
    CommaDelimitedList,
    ListOfNumber,
    SubnetIds,
    Ssm,
}

impl ParameterType {
    pub fn name(self) -> &'static str {
        match self {
            ParameterType::String => "String",
            ParameterType::Number => "Number",
            ParameterType::CommaDelimitedList => "CommaDelimitedList",
            ParameterType::ListOfNumber => "List<Number>",
            ParameterType::SubnetIds => "List<AWS::EC2::Subnet::Id>",
            ParameterType::Ssm => "AWS::SSM::Parameter::Value<String>",
        }
    }
}

#[derive(Arbitrary, Debug)]
pub struct Resource {
    pub kind: ResourceKind,
    pub depends_on: Vec<Pick>,
    pub condition: Option<Pick>,
    pub ignore: Vec<Pick>,
}

#[derive(Arbitrary, Debug)]
pub enum ResourceKind {
    Cluster,
    Service(Box<Service>),
    TaskDefinition(TaskDefinition),
    TargetGroup {
        deregistration_delay: Option<Expr>,
    },
    ListenerRule {
        target_group: Expr,
    },
    Function {
        timeout: Option<Expr>,
        role: Expr,
    },
    Custom(Custom),
    Role(Role),
    Policy {
        statements: Vec<Statement>,
        roles: Vec<Expr>,
    },
    Vpc,
    Subnet {
        vpc: Expr,
        cidr: Expr,
    },
    Other {
        type_name: Word,
        properties: Vec<(Word, Expr)>,
    },
}

#[derive(Arbitrary, Debug)]
pub struct Service {
    pub cluster: Option<Expr>,
    pub task_definition: Option<Expr>,
    pub desired_count: Option<Expr>,
    pub scheduling: Option<Expr>,
    pub launch_type: Option<Expr>,
    pub controller: Option<Expr>,
    pub minimum: Option<Expr>,
    pub maximum: Option<Expr>,
    pub circuit_breaker: Option<(Expr, Expr)>,
    pub grace_period: Option<Expr>,
    pub load_balancers: Vec<(Expr, Expr)>,
    pub registries: bool,
}

#[derive(Arbitrary, Debug)]
pub struct TaskDefinition {
    pub containers: Vec<Container>,
    pub task_role: Option<Expr>,
    pub execution_role: Option<Expr>,
    pub fargate: bool,
}

#[derive(Arbitrary, Debug)]
pub struct Container {
    pub name: Expr,
    pub image: Expr,
    pub health_check: bool,
    pub port: Option<Expr>,
}

#[derive(Arbitrary, Debug)]
pub struct Custom {
    /// `Custom::EcsRunTask` rather than `AWS::CloudFormation::CustomResource`.
    pub run_task: bool,
    pub service_token: Option<Expr>,
    pub service_timeout: Option<Expr>,
    pub properties: Vec<(Word, Expr)>,
}

#[derive(Arbitrary, Debug)]
pub struct Role {
    pub statements: Vec<Statement>,
    pub managed_policies: Vec<Expr>,
    pub assumed_by_ecs: bool,
}

#[derive(Arbitrary, Debug)]
pub struct Statement {
    pub allow: bool,
    pub not_action: bool,
    pub actions: Vec<Expr>,
    pub resources: Vec<Expr>,
    pub condition: Option<(Word, Word, Expr)>,
}

#[derive(Arbitrary, Debug)]
pub struct Output {
    pub value: Expr,
    pub condition: Option<Pick>,
    pub export: Option<Expr>,
}

/// A condition expression; `Condition` may name itself or form a cycle.
#[derive(Arbitrary, Debug)]
pub enum CondExpr {
    Equals(Expr, Expr),
    And(Vec<CondExpr>),
    Or(Vec<CondExpr>),
    Not(Box<CondExpr>),
    Condition(Pick),
    Literal(bool),
    Malformed(Function, Vec<Expr>),
}

/// A value: scalars, lists, maps and intrinsic calls.
#[derive(Arbitrary, Debug)]
pub enum Expr {
    Scalar(Scalar),
    List(Vec<Expr>),
    Map(Vec<(Word, Expr)>),
    Ref(Pick),
    GetAtt(Pick, Attribute),
    Sub(Vec<SubPart>),
    SubWithVariables(Vec<SubPart>, Vec<(Word, Expr)>),
    Join(Word, Vec<Expr>),
    Select(Box<Expr>, Box<Expr>),
    Split(Word, Box<Expr>),
    If(Pick, Box<Expr>, Box<Expr>),
    FindInMap(Box<Expr>, Box<Expr>),
    Base64(Box<Expr>),
    GetAzs(Box<Expr>),
    Cidr(Box<Expr>, Box<Expr>, Box<Expr>),
    ImportValue(Box<Expr>),
    NoValue,
    /// Any function with any argument: wrong arity, wrong types.
    Malformed(Function, Box<Expr>),
}

#[derive(Arbitrary, Debug)]
pub enum SubPart {
    Text(Word),
    Variable(Pick),
    Attribute(Pick, Attribute),
    Literal,
    Unclosed,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Function {
    Ref,
    Condition,
    GetAtt,
    Sub,
    Join,
    Select,
    Split,
    If,
    FindInMap,
    Base64,
    GetAzs,
    Cidr,
    ImportValue,
    Equals,
    And,
    Or,
    Not,
    Transform,
    Length,
    ToJsonString,
}

impl Function {
    pub fn long_name(self) -> &'static str {
        match self {
            Function::Ref => "Ref",
            Function::Condition => "Condition",
            Function::GetAtt => "Fn::GetAtt",
            Function::Sub => "Fn::Sub",
            Function::Join => "Fn::Join",
            Function::Select => "Fn::Select",
            Function::Split => "Fn::Split",
            Function::If => "Fn::If",
            Function::FindInMap => "Fn::FindInMap",
            Function::Base64 => "Fn::Base64",
            Function::GetAzs => "Fn::GetAZs",
            Function::Cidr => "Fn::Cidr",
            Function::ImportValue => "Fn::ImportValue",
            Function::Equals => "Fn::Equals",
            Function::And => "Fn::And",
            Function::Or => "Fn::Or",
            Function::Not => "Fn::Not",
            Function::Transform => "Fn::Transform",
            Function::Length => "Fn::Length",
            Function::ToJsonString => "Fn::ToJsonString",
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Attribute {
    Arn,
    Name,
    ClusterName,
    TargetGroupArn,
    ServiceName,
    RoleId,
    /// An attribute with a dot in it (`Endpoint.Address`).
    Dotted,
    Missing,
}

impl Attribute {
    pub fn name(self) -> &'static str {
        match self {
            Attribute::Arn => "Arn",
            Attribute::Name => "Name",
            Attribute::ClusterName => "ClusterName",
            Attribute::TargetGroupArn => "TargetGroupArn",
            Attribute::ServiceName => "ServiceName",
            Attribute::RoleId => "RoleId",
            Attribute::Dotted => "Endpoint.Address",
            Attribute::Missing => "Nope",
        }
    }
}

/// An index into whatever pool a position draws names from (resources, parameters,
/// conditions, rule codes); resolved when the template is rendered.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Pick(pub u8);

#[derive(Arbitrary, Debug)]
pub enum Scalar {
    Word(Word),
    Int(i64),
    Small(u8),
    Float(f64),
    Bool(bool),
    Null,
}

/// A string: mostly values the rules care about, sometimes anything.
#[derive(Arbitrary, Debug)]
pub enum Word {
    Known(Pick),
    Free(String),
}

/// Strings the rules react to.
pub const KNOWN_WORDS: &[&str] = &[
    "",
    "0",
    "1",
    "2",
    "50",
    "100",
    "200",
    "300",
    "-1",
    "3600",
    "3601",
    "true",
    "false",
    "latest",
    "nginx",
    "nginx:latest",
    "nginx:1.27",
    "repo@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:latest",
    "REPLICA",
    "DAEMON",
    "FARGATE",
    "EC2",
    "ECS",
    "CODE_DEPLOY",
    "EXTERNAL",
    "Create",
    "Update",
    "Delete",
    "*",
    "ecs:*",
    "ecs:RunTask",
    "ecs:DescribeTasks",
    "ecs:ListClusters",
    "iam:PassRole",
    "iam:*",
    "s3:GetObject",
    "ecs:cluster",
    "ecs:clustr",
    "iam:PassedToService",
    "aws:SourceArn",
    "ArnEquals",
    "StringEquals",
    "StringLike",
    "arn:aws:lambda:us-east-1:123456789012:function:runner",
    "arn:aws:sns:us-east-1:123456789012:topic",
    "arn:aws:ecs:us-east-1:123456789012:cluster/main",
    "arn:aws:iam::123456789012:role/task",
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "10.0.0.0/16",
    "Cluster",
    "TaskDefinition",
    "Count",
    "Timeout",
    "RunOn",
    "deregistration_delay.timeout_seconds",
    "AWS::SQS::Queue",
    "AWS::ECS::Service",
    "Custom::Thing",
    "é",
    "a.b",
    "${",
    "$",
    "plimsoll",
];
