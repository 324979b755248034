//! Renders a grammar [`Template`] as YAML (block style, short-form tags or long form) and as
//! JSON. Both texts mean the same template, so the lint must find the same problems in both.

use crate::grammar::{
    CondExpr, Container, Custom, Expr, KNOWN_WORDS, Output, Parameter, Pick, Resource,
    ResourceKind, Role, Scalar, Service, Statement, SubPart, TaskDefinition, Template, Word,
};

/// Expressions nested deeper than this render as null, far below the parser's depth limit.
const MAX_DEPTH: usize = 24;

/// A template tree before it becomes text.
#[derive(Debug, Clone)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
    /// An intrinsic function call: `{"Fn::X": argument}`, or `!X argument` in short form.
    Call(&'static str, Box<Node>),
}

/// The same template as YAML and as JSON.
#[derive(Debug)]
pub struct Rendered {
    pub yaml: String,
    pub json: String,
}

pub fn render(template: &Template) -> Rendered {
    let tree = Names::new(template).template(template);
    let mut yaml = String::new();
    yaml_block_map(&tree, 0, template.short_form, &mut yaml);
    let mut json = String::new();
    json_node(&tree, 0, &mut json);
    json.push('\n');
    Rendered { yaml, json }
}

/// The names a template defines, for resolving [`Pick`]s.
struct Names {
    resources: Vec<String>,
    parameters: Vec<String>,
    conditions: usize,
    codes: Vec<&'static str>,
}

impl Names {
    fn new(template: &Template) -> Names {
        Names {
            resources: template
                .resources
                .iter()
                .enumerate()
                .map(|(i, r)| format!("{}{i}", kind_label(&r.kind)))
                .collect(),
            parameters: (0..template.parameters.len())
                .map(|i| format!("P{i}"))
                .collect(),
            conditions: template.conditions.len(),
            codes: plimsoll_lint::catalog().iter().map(|m| m.code).collect(),
        }
    }

    fn referable(&self, pick: Pick) -> String {
        const EXTRA: [&str; 4] = ["AWS::Region", "AWS::NoValue", "AWS::StackName", "Missing"];
        let all = self.resources.len() + self.parameters.len() + EXTRA.len();
        let i = pick.0 as usize % all;
        if let Some(name) = self.resources.get(i) {
            return name.clone();
        }
        let i = i - self.resources.len();
        match self.parameters.get(i) {
            Some(name) => name.clone(),
            None => EXTRA[i - self.parameters.len()].to_owned(),
        }
    }

    fn resource(&self, pick: Pick) -> String {
        let i = pick.0 as usize % (self.resources.len() + 1);
        self.resources
            .get(i)
            .cloned()
            .unwrap_or_else(|| "MissingResource".to_owned())
    }

    fn condition(&self, pick: Pick) -> String {
        let i = pick.0 as usize % (self.conditions + 1);
        if i < self.conditions {
            format!("C{i}")
        } else {
            "MissingCondition".to_owned()
        }
    }

    fn code(&self, pick: Pick) -> String {
        let i = pick.0 as usize % (self.codes.len() + 1);
        self.codes.get(i).copied().unwrap_or("XYZ999").to_owned()
    }

    fn template(&self, t: &Template) -> Node {
        let mut root = vec![(
            "AWSTemplateFormatVersion".to_owned(),
            Node::Str("2010-09-09".into()),
        )];
        if !t.ignore.is_empty() {
            root.push(("Metadata".into(), self.ignore(&t.ignore)));
        }
        if !t.parameters.is_empty() {
            let parameters = t
                .parameters
                .iter()
                .zip(&self.parameters)
                .map(|(p, name)| (name.clone(), self.parameter(p)))
                .collect();
            root.push(("Parameters".into(), Node::Map(parameters)));
        }
        if t.with_mapping {
            let inner = |v: &str| Node::Map(vec![("Key".into(), Node::Str(v.into()))]);
            root.push((
                "Mappings".into(),
                Node::Map(vec![(
                    "M".into(),
                    Node::Map(vec![
                        ("us-east-1".into(), inner("east")),
                        ("Default".into(), inner("100")),
                    ]),
                )]),
            ));
        }
        if !t.conditions.is_empty() {
            let conditions = t
                .conditions
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("C{i}"), self.cond(c, 0)))
                .collect();
            root.push(("Conditions".into(), Node::Map(conditions)));
        }
        let resources = t
            .resources
            .iter()
            .zip(&self.resources)
            .map(|(r, name)| (name.clone(), self.resource_node(r)))
            .collect();
        root.push(("Resources".into(), Node::Map(resources)));
        if !t.outputs.is_empty() {
            let outputs = t
                .outputs
                .iter()
                .enumerate()
                .map(|(i, o)| (format!("O{i}"), self.output(o)))
                .collect();
            root.push(("Outputs".into(), Node::Map(outputs)));
        }
        Node::Map(root)
    }

    fn ignore(&self, codes: &[Pick]) -> Node {
        let codes = codes.iter().map(|&c| Node::Str(self.code(c))).collect();
        Node::Map(vec![(
            "plimsoll".into(),
            Node::Map(vec![("ignore".into(), Node::Seq(codes))]),
        )])
    }

    fn parameter(&self, p: &Parameter) -> Node {
        let mut entries = vec![("Type".to_owned(), Node::Str(p.kind.name().into()))];
        if let Some(default) = &p.default {
            entries.push(("Default".into(), scalar(default)));
        }
        if !p.allowed.is_empty() {
            entries.push((
                "AllowedValues".into(),
                Node::Seq(p.allowed.iter().map(scalar).collect()),
            ));
        }
        Node::Map(entries)
    }

    fn output(&self, o: &Output) -> Node {
        let mut entries = vec![("Value".to_owned(), self.expr(&o.value, 0))];
        if let Some(c) = o.condition {
            entries.push(("Condition".into(), Node::Str(self.condition(c))));
        }
        if let Some(name) = &o.export {
            entries.push((
                "Export".into(),
                Node::Map(vec![("Name".into(), self.expr(name, 0))]),
            ));
        }
        Node::Map(entries)
    }

    fn resource_node(&self, r: &Resource) -> Node {
        let (type_name, properties) = self.kind(&r.kind);
        let mut entries = vec![("Type".to_owned(), Node::Str(type_name))];
        if let Some(c) = r.condition {
            entries.push(("Condition".into(), Node::Str(self.condition(c))));
        }
        if !r.depends_on.is_empty() {
            let names = r
                .depends_on
                .iter()
                .map(|&p| Node::Str(self.resource(p)))
                .collect();
            entries.push(("DependsOn".into(), Node::Seq(names)));
        }
        if !r.ignore.is_empty() {
            entries.push(("Metadata".into(), self.ignore(&r.ignore)));
        }
        entries.push(("Properties".into(), map(properties)));
        Node::Map(entries)
    }

    fn kind(&self, kind: &ResourceKind) -> (String, Vec<(String, Node)>) {
        let e = |x: &Expr| self.expr(x, 0);
        let mut p = Vec::new();
        let type_name = match kind {
            ResourceKind::Cluster => "AWS::ECS::Cluster",
            ResourceKind::Service(s) => {
                self.service(s, &mut p);
                "AWS::ECS::Service"
            }
            ResourceKind::TaskDefinition(t) => {
                self.task_definition(t, &mut p);
                "AWS::ECS::TaskDefinition"
            }
            ResourceKind::TargetGroup {
                deregistration_delay,
            } => {
                p.push(("Port".into(), Node::Int(80)));
                p.push(("Protocol".into(), Node::Str("HTTP".into())));
                if let Some(delay) = deregistration_delay {
                    p.push((
                        "TargetGroupAttributes".into(),
                        Node::Seq(vec![map(vec![
                            (
                                "Key".into(),
                                Node::Str("deregistration_delay.timeout_seconds".into()),
                            ),
                            ("Value".into(), e(delay)),
                        ])]),
                    ));
                }
                "AWS::ElasticLoadBalancingV2::TargetGroup"
            }
            ResourceKind::ListenerRule { target_group } => {
                p.push(("Priority".into(), Node::Int(1)));
                p.push((
                    "Actions".into(),
                    Node::Seq(vec![map(vec![
                        ("Type".into(), Node::Str("forward".into())),
                        ("TargetGroupArn".into(), e(target_group)),
                    ])]),
                ));
                "AWS::ElasticLoadBalancingV2::ListenerRule"
            }
            ResourceKind::Function { timeout, role } => {
                p.push(("Runtime".into(), Node::Str("python3.12".into())));
                p.push(("Handler".into(), Node::Str("index.handler".into())));
                p.push(("Role".into(), e(role)));
                if let Some(t) = timeout {
                    p.push(("Timeout".into(), e(t)));
                }
                "AWS::Lambda::Function"
            }
            ResourceKind::Custom(c) => return self.custom(c),
            ResourceKind::Role(role) => {
                self.role(role, &mut p);
                "AWS::IAM::Role"
            }
            ResourceKind::Policy { statements, roles } => {
                p.push(("PolicyName".into(), Node::Str("policy".into())));
                p.push(("PolicyDocument".into(), self.document(statements)));
                p.push(("Roles".into(), Node::Seq(roles.iter().map(e).collect())));
                "AWS::IAM::Policy"
            }
            ResourceKind::Vpc => {
                p.push(("CidrBlock".into(), Node::Str("10.0.0.0/16".into())));
                "AWS::EC2::VPC"
            }
            ResourceKind::Subnet { vpc, cidr } => {
                p.push(("VpcId".into(), e(vpc)));
                p.push(("CidrBlock".into(), e(cidr)));
                "AWS::EC2::Subnet"
            }
            ResourceKind::Other {
                type_name,
                properties,
            } => {
                for (k, v) in properties {
                    p.push((word(k), e(v)));
                }
                return (word(type_name), p);
            }
        };
        (type_name.to_owned(), p)
    }

    fn service(&self, s: &Service, p: &mut Vec<(String, Node)>) {
        let mut put = |key: &str, value: &Option<Expr>| {
            if let Some(v) = value {
                p.push((key.to_owned(), self.expr(v, 0)));
            }
        };
        put("Cluster", &s.cluster);
        put("TaskDefinition", &s.task_definition);
        put("DesiredCount", &s.desired_count);
        put("SchedulingStrategy", &s.scheduling);
        put("LaunchType", &s.launch_type);
        put("HealthCheckGracePeriodSeconds", &s.grace_period);
        if let Some(c) = &s.controller {
            p.push((
                "DeploymentController".into(),
                map(vec![("Type".into(), self.expr(c, 0))]),
            ));
        }
        let mut config = Vec::new();
        if let Some(v) = &s.minimum {
            config.push(("MinimumHealthyPercent".into(), self.expr(v, 0)));
        }
        if let Some(v) = &s.maximum {
            config.push(("MaximumPercent".into(), self.expr(v, 0)));
        }
        if let Some((enable, rollback)) = &s.circuit_breaker {
            config.push((
                "DeploymentCircuitBreaker".into(),
                map(vec![
                    ("Enable".into(), self.expr(enable, 0)),
                    ("Rollback".into(), self.expr(rollback, 0)),
                ]),
            ));
        }
        if !config.is_empty() {
            p.push(("DeploymentConfiguration".into(), map(config)));
        }
        if !s.load_balancers.is_empty() {
            let lbs = s
                .load_balancers
                .iter()
                .map(|(tg, name)| {
                    map(vec![
                        ("TargetGroupArn".into(), self.expr(tg, 0)),
                        ("ContainerName".into(), self.expr(name, 0)),
                        ("ContainerPort".into(), Node::Int(80)),
                    ])
                })
                .collect();
            p.push(("LoadBalancers".into(), Node::Seq(lbs)));
        }
        if s.registries {
            p.push((
                "ServiceRegistries".into(),
                Node::Seq(vec![map(vec![(
                    "RegistryArn".into(),
                    Node::Str("arn:aws:servicediscovery:us-east-1:1:service/s".into()),
                )])]),
            ));
        }
    }

    fn task_definition(&self, t: &TaskDefinition, p: &mut Vec<(String, Node)>) {
        let containers = t.containers.iter().map(|c| self.container(c)).collect();
        p.push(("ContainerDefinitions".into(), Node::Seq(containers)));
        if let Some(role) = &t.task_role {
            p.push(("TaskRoleArn".into(), self.expr(role, 0)));
        }
        if let Some(role) = &t.execution_role {
            p.push(("ExecutionRoleArn".into(), self.expr(role, 0)));
        }
        if t.fargate {
            p.push((
                "RequiresCompatibilities".into(),
                Node::Seq(vec![Node::Str("FARGATE".into())]),
            ));
        }
    }

    fn container(&self, c: &Container) -> Node {
        let mut entries = vec![
            ("Name".to_owned(), self.expr(&c.name, 0)),
            ("Image".to_owned(), self.expr(&c.image, 0)),
        ];
        if c.health_check {
            entries.push((
                "HealthCheck".into(),
                map(vec![(
                    "Command".into(),
                    Node::Seq(vec![Node::Str("CMD".into()), Node::Str("true".into())]),
                )]),
            ));
        }
        if let Some(port) = &c.port {
            entries.push((
                "PortMappings".into(),
                Node::Seq(vec![map(vec![(
                    "ContainerPort".into(),
                    self.expr(port, 0),
                )])]),
            ));
        }
        map(entries)
    }

    fn custom(&self, c: &Custom) -> (String, Vec<(String, Node)>) {
        let mut p = Vec::new();
        if let Some(token) = &c.service_token {
            p.push(("ServiceToken".into(), self.expr(token, 0)));
        }
        if let Some(timeout) = &c.service_timeout {
            p.push(("ServiceTimeout".into(), self.expr(timeout, 0)));
        }
        for (k, v) in &c.properties {
            p.push((word(k), self.expr(v, 0)));
        }
        let type_name = if c.run_task {
            "Custom::EcsRunTask"
        } else {
            "AWS::CloudFormation::CustomResource"
        };
        (type_name.to_owned(), p)
    }

    fn role(&self, role: &Role, p: &mut Vec<(String, Node)>) {
        let service = if role.assumed_by_ecs {
            "ecs-tasks.amazonaws.com"
        } else {
            "lambda.amazonaws.com"
        };
        p.push((
            "AssumeRolePolicyDocument".into(),
            map(vec![(
                "Statement".into(),
                Node::Seq(vec![map(vec![
                    ("Effect".into(), Node::Str("Allow".into())),
                    (
                        "Principal".into(),
                        map(vec![("Service".into(), Node::Str(service.into()))]),
                    ),
                    ("Action".into(), Node::Str("sts:AssumeRole".into())),
                ])]),
            )]),
        ));
        if !role.statements.is_empty() {
            p.push((
                "Policies".into(),
                Node::Seq(vec![map(vec![
                    ("PolicyName".into(), Node::Str("inline".into())),
                    ("PolicyDocument".into(), self.document(&role.statements)),
                ])]),
            ));
        }
        if !role.managed_policies.is_empty() {
            let arns = role
                .managed_policies
                .iter()
                .map(|x| self.expr(x, 0))
                .collect();
            p.push(("ManagedPolicyArns".into(), Node::Seq(arns)));
        }
    }

    fn document(&self, statements: &[Statement]) -> Node {
        let statements = statements.iter().map(|s| self.statement(s)).collect();
        map(vec![
            ("Version".into(), Node::Str("2012-10-17".into())),
            ("Statement".into(), Node::Seq(statements)),
        ])
    }

    fn statement(&self, s: &Statement) -> Node {
        let effect = if s.allow { "Allow" } else { "Deny" };
        let action_key = if s.not_action { "NotAction" } else { "Action" };
        let mut entries = vec![
            ("Effect".to_owned(), Node::Str(effect.into())),
            (
                action_key.to_owned(),
                Node::Seq(s.actions.iter().map(|a| self.expr(a, 0)).collect()),
            ),
            (
                "Resource".to_owned(),
                Node::Seq(s.resources.iter().map(|r| self.expr(r, 0)).collect()),
            ),
        ];
        if let Some((operator, key, value)) = &s.condition {
            entries.push((
                "Condition".into(),
                map(vec![(
                    word(operator),
                    map(vec![(word(key), self.expr(value, 0))]),
                )]),
            ));
        }
        map(entries)
    }

    fn cond(&self, c: &CondExpr, depth: usize) -> Node {
        if depth > MAX_DEPTH {
            return Node::Null;
        }
        let list =
            |items: &[CondExpr]| Node::Seq(items.iter().map(|i| self.cond(i, depth + 1)).collect());
        match c {
            CondExpr::Equals(a, b) => Node::Call(
                "Fn::Equals",
                Box::new(Node::Seq(vec![
                    self.expr(a, depth + 1),
                    self.expr(b, depth + 1),
                ])),
            ),
            CondExpr::And(items) => Node::Call("Fn::And", Box::new(list(items))),
            CondExpr::Or(items) => Node::Call("Fn::Or", Box::new(list(items))),
            CondExpr::Not(inner) => Node::Call(
                "Fn::Not",
                Box::new(Node::Seq(vec![self.cond(inner, depth + 1)])),
            ),
            CondExpr::Condition(p) => {
                Node::Call("Condition", Box::new(Node::Str(self.condition(*p))))
            }
            CondExpr::Literal(b) => Node::Bool(*b),
            CondExpr::Malformed(f, args) => Node::Call(
                f.long_name(),
                Box::new(Node::Seq(
                    args.iter().map(|a| self.expr(a, depth + 1)).collect(),
                )),
            ),
        }
    }

    fn expr(&self, x: &Expr, depth: usize) -> Node {
        if depth > MAX_DEPTH {
            return Node::Null;
        }
        let e = |x: &Expr| self.expr(x, depth + 1);
        let call = |name: &'static str, argument: Node| Node::Call(name, Box::new(argument));
        match x {
            Expr::Scalar(s) => scalar(s),
            Expr::List(items) => Node::Seq(items.iter().map(e).collect()),
            Expr::Map(entries) => map(entries.iter().map(|(k, v)| (word(k), e(v))).collect()),
            Expr::Ref(p) => call("Ref", Node::Str(self.referable(*p))),
            Expr::GetAtt(p, attribute) => call(
                "Fn::GetAtt",
                Node::Seq(vec![
                    Node::Str(self.resource(*p)),
                    Node::Str(attribute.name().into()),
                ]),
            ),
            Expr::Sub(parts) => call("Fn::Sub", Node::Str(self.sub_text(parts))),
            Expr::SubWithVariables(parts, variables) => call(
                "Fn::Sub",
                Node::Seq(vec![
                    Node::Str(self.sub_text(parts)),
                    map(variables.iter().map(|(k, v)| (word(k), e(v))).collect()),
                ]),
            ),
            Expr::Join(separator, items) => call(
                "Fn::Join",
                Node::Seq(vec![
                    Node::Str(word(separator)),
                    Node::Seq(items.iter().map(e).collect()),
                ]),
            ),
            Expr::Select(index, list) => call("Fn::Select", Node::Seq(vec![e(index), e(list)])),
            Expr::Split(separator, text) => call(
                "Fn::Split",
                Node::Seq(vec![Node::Str(word(separator)), e(text)]),
            ),
            Expr::If(c, a, b) => call(
                "Fn::If",
                Node::Seq(vec![Node::Str(self.condition(*c)), e(a), e(b)]),
            ),
            Expr::FindInMap(key, value) => call(
                "Fn::FindInMap",
                Node::Seq(vec![Node::Str("M".into()), e(key), e(value)]),
            ),
            Expr::Base64(x) => call("Fn::Base64", e(x)),
            Expr::GetAzs(x) => call("Fn::GetAZs", e(x)),
            Expr::Cidr(a, b, c) => call("Fn::Cidr", Node::Seq(vec![e(a), e(b), e(c)])),
            Expr::ImportValue(x) => call("Fn::ImportValue", e(x)),
            Expr::NoValue => call("Ref", Node::Str("AWS::NoValue".into())),
            Expr::Malformed(f, argument) => call(f.long_name(), e(argument)),
        }
    }

    fn sub_text(&self, parts: &[SubPart]) -> String {
        let mut text = String::new();
        for part in parts {
            match part {
                SubPart::Text(w) => text.push_str(&word(w)),
                SubPart::Variable(p) => text.push_str(&format!("${{{}}}", self.referable(*p))),
                SubPart::Attribute(p, a) => {
                    text.push_str(&format!("${{{}.{}}}", self.resource(*p), a.name()))
                }
                SubPart::Literal => text.push_str("${!Literal}"),
                SubPart::Unclosed => text.push_str("${"),
            }
        }
        text
    }
}

fn kind_label(kind: &ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Cluster => "Cluster",
        ResourceKind::Service(_) => "Service",
        ResourceKind::TaskDefinition(_) => "TaskDef",
        ResourceKind::TargetGroup { .. } => "TargetGroup",
        ResourceKind::ListenerRule { .. } => "Rule",
        ResourceKind::Function { .. } => "Function",
        ResourceKind::Custom(_) => "Custom",
        ResourceKind::Role(_) => "Role",
        ResourceKind::Policy { .. } => "Policy",
        ResourceKind::Vpc => "Vpc",
        ResourceKind::Subnet { .. } => "Subnet",
        ResourceKind::Other { .. } => "Other",
    }
}

/// A mapping without repeated keys (the first value wins, as the parser keeps it).
fn map(entries: Vec<(String, Node)>) -> Node {
    let mut out: Vec<(String, Node)> = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        if !out.iter().any(|(k, _)| *k == key) {
            out.push((key, value));
        }
    }
    Node::Map(out)
}

fn word(w: &Word) -> String {
    match w {
        Word::Known(p) => KNOWN_WORDS[p.0 as usize % KNOWN_WORDS.len()].to_owned(),
        Word::Free(s) => s.clone(),
    }
}

fn scalar(s: &Scalar) -> Node {
    match s {
        Scalar::Word(w) => Node::Str(word(w)),
        Scalar::Int(i) => Node::Int(*i),
        Scalar::Small(n) => Node::Int(i64::from(*n)),
        Scalar::Float(f) if f.is_finite() => Node::Float(*f),
        Scalar::Float(f) => Node::Str(f.to_string()),
        Scalar::Bool(b) => Node::Bool(*b),
        Scalar::Null => Node::Null,
    }
}

/// A double-quoted string that YAML and JSON read alike: characters YAML does not allow
/// in a stream are escaped.
fn quote(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if printable(c) => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// YAML 1.2's c-printable.
fn printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c >= '\u{10000}'
}

fn scalar_text(node: &Node, out: &mut String) -> bool {
    match node {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Int(i) => out.push_str(&i.to_string()),
        Node::Float(f) => out.push_str(&format!("{f:?}")),
        Node::Str(s) => quote(s, out),
        _ => return false,
    }
    true
}

fn indent(level: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', level));
}

/// The entries of a mapping, one per line at `level`.
fn yaml_block_map(node: &Node, level: usize, short: bool, out: &mut String) {
    if let Node::Map(entries) = node {
        for (key, value) in entries {
            indent(level, out);
            quote(key, out);
            out.push(':');
            yaml_value(value, level, short, out);
        }
    }
}

/// A value after `key:` or `- ` (which sit at `level`): inline when it is a scalar or empty,
/// otherwise a block on the following lines, indented two more.
fn yaml_value(node: &Node, level: usize, short: bool, out: &mut String) {
    match node {
        Node::Seq(items) if items.is_empty() => out.push_str(" []\n"),
        Node::Map(entries) if entries.is_empty() => out.push_str(" {}\n"),
        Node::Seq(items) => {
            out.push('\n');
            for item in items {
                indent(level + 2, out);
                out.push('-');
                yaml_value(item, level + 2, short, out);
            }
        }
        Node::Map(_) => {
            out.push('\n');
            yaml_block_map(node, level + 2, short, out);
        }
        // `!GetAtt` splits its scalar at the first dot: only a two-item GetAtt reads the same.
        Node::Call("Fn::GetAtt", argument) if short => match get_att_dotted(argument) {
            Some(dotted) => {
                out.push_str(" !GetAtt ");
                quote(&dotted, out);
                out.push('\n');
            }
            None => long_form("Fn::GetAtt", argument, level, short, out),
        },
        // A node carries one tag: a call whose argument is a call stays in long form.
        Node::Call(name, argument) if short && !matches!(**argument, Node::Call(..)) => {
            out.push_str(" !");
            out.push_str(short_tag(name));
            yaml_value(argument, level, short, out);
        }
        Node::Call(name, argument) => long_form(name, argument, level, short, out),
        scalar => {
            out.push(' ');
            scalar_text(scalar, out);
            out.push('\n');
        }
    }
}

/// `"Fn::X":` and its argument on the following lines.
fn long_form(name: &str, argument: &Node, level: usize, short: bool, out: &mut String) {
    out.push('\n');
    indent(level + 2, out);
    quote(name, out);
    out.push(':');
    yaml_value(argument, level + 2, short, out);
}

/// The short-form tag of a call (`Fn::Select` → `Select`). Tagged plain scalars resolve like
/// untagged ones (`!Ref 1` is `{"Ref": 1}`), so every argument reads the same under the tag.
fn short_tag(name: &str) -> &str {
    name.strip_prefix("Fn::").unwrap_or(name)
}

/// `!GetAtt Name.Attribute` for a two-item GetAtt whose resource name has no dot.
fn get_att_dotted(argument: &Node) -> Option<String> {
    match argument {
        Node::Seq(items) => match items.as_slice() {
            [Node::Str(resource), Node::Str(attribute)] if !resource.contains('.') => {
                Some(format!("{resource}.{attribute}"))
            }
            _ => None,
        },
        _ => None,
    }
}

fn json_node(node: &Node, level: usize, out: &mut String) {
    let open = |out: &mut String, level: usize| {
        out.push('\n');
        indent(level + 2, out);
    };
    match node {
        Node::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                open(out, level);
                json_node(item, level + 2, out);
            }
            if !items.is_empty() {
                out.push('\n');
                indent(level, out);
            }
            out.push(']');
        }
        Node::Map(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                open(out, level);
                quote(key, out);
                out.push_str(": ");
                json_node(value, level + 2, out);
            }
            if !entries.is_empty() {
                out.push('\n');
                indent(level, out);
            }
            out.push('}');
        }
        Node::Call(name, argument) => json_node(
            &Node::Map(vec![(name.to_string(), (**argument).clone())]),
            level,
            out,
        ),
        scalar => {
            scalar_text(scalar, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_what_yaml_forbids() {
        let mut out = String::new();
        quote("a\"\\\n\u{7f}\u{ffff}é", &mut out);
        assert_eq!(out, "\"a\\\"\\\\\\n\\u007f\\uffffé\"");
    }

    #[test]
    fn short_form_getatt_is_dotted() {
        let node = Node::Map(vec![(
            "A".into(),
            Node::Call(
                "Fn::GetAtt",
                Box::new(Node::Seq(vec![
                    Node::Str("R".into()),
                    Node::Str("Arn".into()),
                ])),
            ),
        )]);
        let mut out = String::new();
        yaml_block_map(&node, 0, true, &mut out);
        assert_eq!(out, "\"A\": !GetAtt \"R.Arn\"\n");
    }
}
