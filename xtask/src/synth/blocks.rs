//! The building blocks of a synthetic template, as real ECS stacks write them: a network
//! (VPC, subnets, security groups, a load balancer and listener, the cluster), then one block
//! per application (target group, listener rule, log group, execution and task roles, task
//! definition, service, and a migration run by the ECS task runner custom resource with its
//! Lambda, role and log group). Some applications carry the mistakes Plimsoll finds, in fixed
//! proportions, so the rules have real work at every size.

use super::tree::{Node, get_att, map, r#ref, s, seq, sub};

/// Resources in one [`application`].
pub const APPLICATION_RESOURCES: usize = 12;

pub fn parameters() -> Node {
    map(vec![
        (
            "Repository",
            map(vec![
                ("Type", s("String")),
                (
                    "Default",
                    s("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app"),
                ),
            ]),
        ),
        (
            "ImageTag",
            map(vec![("Type", s("String")), ("Default", s("97e4abf"))]),
        ),
        (
            "DesiredCount",
            map(vec![("Type", s("Number")), ("Default", Node::Int(2))]),
        ),
        (
            "Environment",
            map(vec![
                ("Type", s("String")),
                ("Default", s("staging")),
                ("AllowedValues", seq(vec![s("staging"), s("production")])),
            ]),
        ),
    ])
}

pub fn conditions() -> Node {
    map(vec![(
        "IsProduction",
        Node::Call(
            "Fn::Equals",
            Box::new(seq(vec![r#ref("Environment"), s("production")])),
        ),
    )])
}

/// VPC, two subnets, security groups, load balancer, listener and cluster.
pub fn network() -> Vec<(String, Node)> {
    let subnet = |az: i64, cidr: &str| {
        resource(
            "AWS::EC2::Subnet",
            vec![
                ("VpcId", r#ref("Vpc")),
                ("CidrBlock", s(cidr)),
                (
                    "AvailabilityZone",
                    Node::Call(
                        "Fn::Select",
                        Box::new(seq(vec![
                            Node::Int(az),
                            Node::Call("Fn::GetAZs", Box::new(s(""))),
                        ])),
                    ),
                ),
            ],
        )
    };
    let group = |description: &str, ingress: Node| {
        resource(
            "AWS::EC2::SecurityGroup",
            vec![
                ("GroupDescription", s(description)),
                ("VpcId", r#ref("Vpc")),
                ("SecurityGroupIngress", seq(vec![ingress])),
            ],
        )
    };
    vec![
        (
            "Vpc".into(),
            resource(
                "AWS::EC2::VPC",
                vec![
                    ("CidrBlock", s("10.0.0.0/16")),
                    ("EnableDnsHostnames", Node::Bool(true)),
                ],
            ),
        ),
        ("SubnetA".into(), subnet(0, "10.0.0.0/20")),
        ("SubnetB".into(), subnet(1, "10.0.16.0/20")),
        (
            "LoadBalancerSecurityGroup".into(),
            group(
                "HTTP from anywhere to the load balancer",
                map(vec![
                    ("IpProtocol", s("tcp")),
                    ("FromPort", Node::Int(80)),
                    ("ToPort", Node::Int(80)),
                    ("CidrIp", s("0.0.0.0/0")),
                ]),
            ),
        ),
        (
            "ServiceSecurityGroup".into(),
            group(
                "Traffic from the load balancer to the tasks",
                map(vec![
                    ("IpProtocol", s("tcp")),
                    ("FromPort", Node::Int(8000)),
                    ("ToPort", Node::Int(8000)),
                    ("SourceSecurityGroupId", r#ref("LoadBalancerSecurityGroup")),
                ]),
            ),
        ),
        (
            "LoadBalancer".into(),
            resource(
                "AWS::ElasticLoadBalancingV2::LoadBalancer",
                vec![
                    ("Scheme", s("internet-facing")),
                    ("Subnets", seq(vec![r#ref("SubnetA"), r#ref("SubnetB")])),
                    (
                        "SecurityGroups",
                        seq(vec![r#ref("LoadBalancerSecurityGroup")]),
                    ),
                ],
            ),
        ),
        (
            "DefaultTargetGroup".into(),
            resource(
                "AWS::ElasticLoadBalancingV2::TargetGroup",
                vec![
                    ("VpcId", r#ref("Vpc")),
                    ("Port", Node::Int(80)),
                    ("Protocol", s("HTTP")),
                    (
                        "TargetGroupAttributes",
                        seq(vec![map(vec![
                            ("Key", s("deregistration_delay.timeout_seconds")),
                            ("Value", s("30")),
                        ])]),
                    ),
                ],
            ),
        ),
        (
            "Listener".into(),
            resource(
                "AWS::ElasticLoadBalancingV2::Listener",
                vec![
                    ("LoadBalancerArn", r#ref("LoadBalancer")),
                    ("Port", Node::Int(80)),
                    ("Protocol", s("HTTP")),
                    (
                        "DefaultActions",
                        seq(vec![map(vec![
                            ("Type", s("forward")),
                            ("TargetGroupArn", r#ref("DefaultTargetGroup")),
                        ])]),
                    ),
                ],
            ),
        ),
        (
            "Cluster".into(),
            resource(
                "AWS::ECS::Cluster",
                vec![(
                    "ClusterSettings",
                    seq(vec![map(vec![
                        ("Name", s("containerInsights")),
                        ("Value", s("enabled")),
                    ])]),
                )],
            ),
        ),
    ]
}

/// The mistakes application `i` carries (most carry none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flaw {
    None,
    /// One task, 100/100 percentages: the rolling deployment cannot progress (ECS001).
    Deadlock,
    /// The image tag `latest` (ECS007).
    MutableTag,
    /// No ServiceTimeout on the custom resource (CFR005).
    NoServiceTimeout,
    /// `ServiceToken: !Ref Function`, the function's name (CFR002).
    TokenIsName,
    /// The target group keeps the 300 s deregistration delay (ECS009).
    SlowDraining,
}

fn flaw(i: usize) -> Flaw {
    match i % 10 {
        1 => Flaw::Deadlock,
        3 => Flaw::MutableTag,
        5 => Flaw::NoServiceTimeout,
        7 => Flaw::TokenIsName,
        9 => Flaw::SlowDraining,
        _ => Flaw::None,
    }
}

/// One application: its service, roles, task definitions and migration custom resource.
pub fn application(i: usize) -> Vec<(String, Node)> {
    let flaw = flaw(i);
    let n = |name: &str| format!("{name}{i}");
    let family = format!("app{i}");
    let assume = |service: &str| {
        map(vec![
            ("Version", s("2012-10-17")),
            (
                "Statement",
                seq(vec![map(vec![
                    ("Effect", s("Allow")),
                    ("Principal", map(vec![("Service", s(service))])),
                    ("Action", s("sts:AssumeRole")),
                ])]),
            ),
        ])
    };
    let logging = |prefix: &str| {
        map(vec![
            ("LogDriver", s("awslogs")),
            (
                "Options",
                map(vec![
                    ("awslogs-group", r#ref(n("LogGroup"))),
                    ("awslogs-region", r#ref("AWS::Region")),
                    ("awslogs-stream-prefix", s(prefix)),
                ]),
            ),
        ])
    };
    let image = if flaw == Flaw::MutableTag {
        sub("${Repository}:latest")
    } else {
        sub("${Repository}:${ImageTag}")
    };
    let task_definition = |family: String, container: Vec<(&str, Node)>| {
        resource(
            "AWS::ECS::TaskDefinition",
            vec![
                ("Family", s(family)),
                ("RequiresCompatibilities", seq(vec![s("FARGATE")])),
                ("NetworkMode", s("awsvpc")),
                ("Cpu", s("256")),
                ("Memory", s("512")),
                ("ExecutionRoleArn", get_att(&n("ExecutionRole"), "Arn")),
                ("TaskRoleArn", get_att(&n("TaskRole"), "Arn")),
                ("ContainerDefinitions", seq(vec![map(container)])),
            ],
        )
    };
    let network = map(vec![(
        "AwsvpcConfiguration",
        map(vec![
            ("Subnets", seq(vec![r#ref("SubnetA"), r#ref("SubnetB")])),
            ("SecurityGroups", seq(vec![r#ref("ServiceSecurityGroup")])),
        ]),
    )]);
    let delay = if flaw == Flaw::SlowDraining {
        "300"
    } else {
        "30"
    };
    let (desired, minimum, maximum) = if flaw == Flaw::Deadlock {
        (Node::Int(1), 100, 100)
    } else {
        (r#ref("DesiredCount"), 50, 200)
    };
    let token = if flaw == Flaw::TokenIsName {
        r#ref(n("RunnerFunction"))
    } else {
        get_att(&n("RunnerFunction"), "Arn")
    };
    let mut migrate = vec![("ServiceToken", token)];
    if flaw != Flaw::NoServiceTimeout {
        migrate.push(("ServiceTimeout", Node::Int(360)));
    }
    migrate.extend([
        ("Cluster", r#ref("Cluster")),
        ("TaskDefinition", r#ref(n("MigrateTaskDefinition"))),
        ("LaunchType", s("FARGATE")),
        ("NetworkConfiguration", network.clone()),
    ]);
    let statement = |action: Node, resource: Node, condition: Option<Node>| {
        let mut entries = vec![
            ("Effect", s("Allow")),
            ("Action", action),
            ("Resource", resource),
        ];
        entries.extend(condition.map(|c| ("Condition", c)));
        map(entries)
    };
    let runner_policy = map(vec![
        ("Version", s("2012-10-17")),
        (
            "Statement",
            seq(vec![
                statement(
                    s("ecs:RunTask"),
                    sub(format!(
                        "arn:${{AWS::Partition}}:ecs:${{AWS::Region}}:${{AWS::AccountId}}:task-definition/{family}-migrate:*"
                    )),
                    Some(map(vec![(
                        "ArnEquals",
                        map(vec![("ecs:cluster", get_att("Cluster", "Arn"))]),
                    )])),
                ),
                statement(
                    seq(vec![s("ecs:DescribeTasks"), s("ecs:StopTask")]),
                    sub(
                        "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${Cluster}/*",
                    ),
                    None,
                ),
                statement(
                    s("iam:PassRole"),
                    seq(vec![
                        get_att(&n("ExecutionRole"), "Arn"),
                        get_att(&n("TaskRole"), "Arn"),
                    ]),
                    Some(map(vec![(
                        "StringEquals",
                        map(vec![("iam:PassedToService", s("ecs-tasks.amazonaws.com"))]),
                    )])),
                ),
                statement(
                    seq(vec![s("logs:CreateLogStream"), s("logs:PutLogEvents")]),
                    get_att(&n("RunnerLogGroup"), "Arn"),
                    None,
                ),
            ]),
        ),
    ]);
    vec![
        (
            n("TargetGroup"),
            resource(
                "AWS::ElasticLoadBalancingV2::TargetGroup",
                vec![
                    ("VpcId", r#ref("Vpc")),
                    ("Port", Node::Int(8000)),
                    ("Protocol", s("HTTP")),
                    ("TargetType", s("ip")),
                    ("HealthCheckPath", s("/health")),
                    (
                        "TargetGroupAttributes",
                        seq(vec![map(vec![
                            ("Key", s("deregistration_delay.timeout_seconds")),
                            ("Value", s(delay)),
                        ])]),
                    ),
                ],
            ),
        ),
        (
            n("ListenerRule"),
            resource(
                "AWS::ElasticLoadBalancingV2::ListenerRule",
                vec![
                    ("ListenerArn", r#ref("Listener")),
                    ("Priority", Node::Int(i as i64 + 1)),
                    (
                        "Conditions",
                        seq(vec![map(vec![
                            ("Field", s("path-pattern")),
                            ("Values", seq(vec![s(format!("/{family}/*"))])),
                        ])]),
                    ),
                    (
                        "Actions",
                        seq(vec![map(vec![
                            ("Type", s("forward")),
                            ("TargetGroupArn", r#ref(n("TargetGroup"))),
                        ])]),
                    ),
                ],
            ),
        ),
        (
            n("LogGroup"),
            resource(
                "AWS::Logs::LogGroup",
                vec![
                    (
                        "LogGroupName",
                        sub(format!("/${{AWS::StackName}}/{family}")),
                    ),
                    (
                        "RetentionInDays",
                        Node::Call(
                            "Fn::If",
                            Box::new(seq(vec![s("IsProduction"), Node::Int(90), Node::Int(7)])),
                        ),
                    ),
                ],
            ),
        ),
        (
            n("ExecutionRole"),
            resource(
                "AWS::IAM::Role",
                vec![
                    (
                        "AssumeRolePolicyDocument",
                        assume("ecs-tasks.amazonaws.com"),
                    ),
                    (
                        "ManagedPolicyArns",
                        seq(vec![sub(
                            "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
                        )]),
                    ),
                ],
            ),
        ),
        (
            n("TaskRole"),
            resource(
                "AWS::IAM::Role",
                vec![
                    (
                        "AssumeRolePolicyDocument",
                        assume("ecs-tasks.amazonaws.com"),
                    ),
                    (
                        "Policies",
                        seq(vec![map(vec![
                            ("PolicyName", s("read-config")),
                            (
                                "PolicyDocument",
                                map(vec![
                                    ("Version", s("2012-10-17")),
                                    (
                                        "Statement",
                                        seq(vec![statement(
                                            s("ssm:GetParameter"),
                                            sub(format!(
                                                "arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter/{family}/*"
                                            )),
                                            None,
                                        )]),
                                    ),
                                ]),
                            ),
                        ])]),
                    ),
                ],
            ),
        ),
        (
            n("TaskDefinition"),
            task_definition(
                family.clone(),
                vec![
                    ("Name", s("app")),
                    ("Image", image.clone()),
                    ("Essential", Node::Bool(true)),
                    (
                        "PortMappings",
                        seq(vec![map(vec![("ContainerPort", Node::Int(8000))])]),
                    ),
                    (
                        "HealthCheck",
                        map(vec![
                            (
                                "Command",
                                seq(vec![
                                    s("CMD-SHELL"),
                                    s("curl -fs http://localhost:8000/health || exit 1"),
                                ]),
                            ),
                            ("Interval", Node::Int(10)),
                            ("Retries", Node::Int(3)),
                        ]),
                    ),
                    ("LogConfiguration", logging("app")),
                ],
            ),
        ),
        (
            n("MigrateTaskDefinition"),
            task_definition(
                format!("{family}-migrate"),
                vec![
                    ("Name", s("migrate")),
                    ("Image", image),
                    ("Essential", Node::Bool(true)),
                    (
                        "Command",
                        seq(vec![s("python3"), s("manage.py"), s("migrate")]),
                    ),
                    ("LogConfiguration", logging("migrate")),
                ],
            ),
        ),
        (
            n("Service"),
            Node::Map(vec![
                ("Type".into(), s("AWS::ECS::Service")),
                (
                    "DependsOn".into(),
                    seq(vec![s(n("ListenerRule")), s(n("MigrateTask"))]),
                ),
                (
                    "Properties".into(),
                    map(vec![
                        ("Cluster", r#ref("Cluster")),
                        ("LaunchType", s("FARGATE")),
                        ("TaskDefinition", r#ref(n("TaskDefinition"))),
                        ("DesiredCount", desired),
                        (
                            "DeploymentConfiguration",
                            map(vec![
                                ("MinimumHealthyPercent", Node::Int(minimum)),
                                ("MaximumPercent", Node::Int(maximum)),
                                (
                                    "DeploymentCircuitBreaker",
                                    map(vec![
                                        ("Enable", Node::Bool(true)),
                                        ("Rollback", Node::Bool(true)),
                                    ]),
                                ),
                            ]),
                        ),
                        ("HealthCheckGracePeriodSeconds", Node::Int(60)),
                        (
                            "LoadBalancers",
                            seq(vec![map(vec![
                                ("ContainerName", s("app")),
                                ("ContainerPort", Node::Int(8000)),
                                ("TargetGroupArn", r#ref(n("TargetGroup"))),
                            ])]),
                        ),
                        ("NetworkConfiguration", network),
                    ]),
                ),
            ]),
        ),
        (
            n("RunnerLogGroup"),
            resource(
                "AWS::Logs::LogGroup",
                vec![
                    (
                        "LogGroupName",
                        sub(format!("/aws/lambda/${{AWS::StackName}}-{family}-runner")),
                    ),
                    ("RetentionInDays", Node::Int(7)),
                ],
            ),
        ),
        (
            n("RunnerRole"),
            resource(
                "AWS::IAM::Role",
                vec![
                    ("AssumeRolePolicyDocument", assume("lambda.amazonaws.com")),
                    (
                        "Policies",
                        seq(vec![map(vec![
                            ("PolicyName", s("run-migrations")),
                            ("PolicyDocument", runner_policy),
                        ])]),
                    ),
                ],
            ),
        ),
        (
            n("RunnerFunction"),
            resource(
                "AWS::Lambda::Function",
                vec![
                    (
                        "FunctionName",
                        sub(format!("${{AWS::StackName}}-{family}-runner")),
                    ),
                    ("Runtime", s("provided.al2023")),
                    ("Architectures", seq(vec![s("arm64")])),
                    ("Handler", s("bootstrap")),
                    (
                        "Code",
                        map(vec![
                            ("S3Bucket", sub("artifacts-${AWS::AccountId}")),
                            ("S3Key", s("ecs-task-runner/bootstrap-arm64.zip")),
                        ]),
                    ),
                    ("MemorySize", Node::Int(128)),
                    ("Timeout", Node::Int(300)),
                    ("Role", get_att(&n("RunnerRole"), "Arn")),
                ],
            ),
        ),
        (n("MigrateTask"), resource("Custom::EcsRunTask", migrate)),
    ]
}

/// A log group that fills a template up to an exact resource count.
pub fn filler(k: usize) -> (String, Node) {
    (
        format!("ArchiveLogGroup{k}"),
        resource(
            "AWS::Logs::LogGroup",
            vec![
                (
                    "LogGroupName",
                    sub(format!("/${{AWS::StackName}}/archive/{k}")),
                ),
                ("RetentionInDays", Node::Int(365)),
            ],
        ),
    )
}

fn resource(type_name: &str, properties: Vec<(&str, Node)>) -> Node {
    map(vec![
        ("Type", s(type_name)),
        ("Properties", map(properties)),
    ])
}
