//! The building blocks of a synthetic template, as real ECS stacks write them: the parameters
//! and conditions, a network (VPC, subnets, security groups, a load balancer and listener, the
//! cluster) and the log groups that fill a template up to an exact count. The block repeated
//! per application is data: `application.yaml`, read by `application.rs`.

use super::tree::{Node, map, r#ref, s, seq, sub};

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
