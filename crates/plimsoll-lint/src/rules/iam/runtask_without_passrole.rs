use crate::context::Context;
use crate::iam::arn::Arn;
use crate::iam::attachment::{self, Attachments};
use crate::iam::pass_role::{self, Cover, PassedRole};
use crate::iam::policy::{self, Effect, PolicyDocument, Statement};
use crate::iam::wildcard;
use crate::registry::Check;
use crate::{Diagnostic, declare_rule};
use plimsoll_template::NodeRef;
use std::collections::HashMap;

declare_rule! {
    /// ### What it does
    /// Reports a role of the template that is allowed `ecs:RunTask` (directly, or through
    /// `ecs:*` or `*`) for a task definition of the template whose task role or execution
    /// role it is not allowed to pass (`iam:PassRole` on that role's ARN, or on `*`).
    ///
    /// A role allowed `RunTask` on every task definition is reported for the task
    /// definitions whose roles it passes only in part, or for all of them when it passes
    /// none of their roles. The rule stays silent when the role has policies the template
    /// does not show (managed policies by ARN) or when a value it needs is not decided.
    ///
    /// ### Why is this bad?
    /// ECS hands the task definition's roles to the task on the caller's behalf, so the
    /// caller (a task runner Lambda, an EventBridge rule, a Step Functions state machine)
    /// needs `iam:PassRole` on them. Without it `RunTask` fails with AccessDenied — at
    /// deploy time when a custom resource runs a migration task, so the stack rolls back.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   TaskRole:
    ///     Type: AWS::IAM::Role
    ///     Properties:
    ///       AssumeRolePolicyDocument:
    ///         Statement:
    ///           - Effect: Allow
    ///             Principal: {Service: ecs-tasks.amazonaws.com}
    ///             Action: sts:AssumeRole
    ///   MigrateTask:
    ///     Type: AWS::ECS::TaskDefinition
    ///     Properties:
    ///       TaskRoleArn: !GetAtt TaskRole.Arn
    ///       ContainerDefinitions:
    ///         - Name: migrate
    ///           Image: app:1.4.2
    ///   RunnerRole:
    ///     Type: AWS::IAM::Role
    ///     Properties:
    ///       AssumeRolePolicyDocument:
    ///         Statement:
    ///           - Effect: Allow
    ///             Principal: {Service: lambda.amazonaws.com}
    ///             Action: sts:AssumeRole
    ///       Policies:
    ///         - PolicyName: run-tasks
    ///           PolicyDocument:
    ///             Statement:
    ///               - Effect: Allow
    ///                 Action: [ecs:RunTask, ecs:DescribeTasks]
    ///                 Resource: "*"
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   TaskRole:
    ///     Type: AWS::IAM::Role
    ///     Properties:
    ///       AssumeRolePolicyDocument:
    ///         Statement:
    ///           - Effect: Allow
    ///             Principal: {Service: ecs-tasks.amazonaws.com}
    ///             Action: sts:AssumeRole
    ///   MigrateTask:
    ///     Type: AWS::ECS::TaskDefinition
    ///     Properties:
    ///       TaskRoleArn: !GetAtt TaskRole.Arn
    ///       ContainerDefinitions:
    ///         - Name: migrate
    ///           Image: app:1.4.2
    ///   RunnerRole:
    ///     Type: AWS::IAM::Role
    ///     Properties:
    ///       AssumeRolePolicyDocument:
    ///         Statement:
    ///           - Effect: Allow
    ///             Principal: {Service: lambda.amazonaws.com}
    ///             Action: sts:AssumeRole
    ///       Policies:
    ///         - PolicyName: run-tasks
    ///           PolicyDocument:
    ///             Statement:
    ///               - Effect: Allow
    ///                 Action: [ecs:RunTask, ecs:DescribeTasks]
    ///                 Resource: "*"
    ///               - Effect: Allow
    ///                 Action: iam:PassRole
    ///                 Resource: !GetAtt TaskRole.Arn
    ///                 Condition:
    ///                   StringEquals:
    ///                     iam:PassedToService: ecs-tasks.amazonaws.com
    /// ```
    pub struct RuntaskWithoutPassrole {
        code: "IAM007",
        name: "runtask-without-passrole",
        severity: Warning,
    }
}

/// A task definition of the template and the roles it hands to its tasks.
struct TaskDefinition<'d> {
    name: &'d str,
    family: Option<String>,
    roles: Vec<TaskRole<'d>>,
}

struct TaskRole<'d> {
    role: PassedRole<'d>,
    node: NodeRef<'d>,
    kind: &'static str,
}

impl Check for RuntaskWithoutPassrole {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let task_definitions = task_definitions(cx);
        if task_definitions.iter().all(|t| t.roles.is_empty()) {
            return;
        }
        let documents = policy::documents(cx);
        let attachments = attachment::attachments(cx, &documents);
        let mut families: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, task) in task_definitions.iter().enumerate() {
            if let Some(family) = &task.family {
                families.entry(family.as_str()).or_default().push(i);
            }
        }
        // The first of repeated names, as a search from the start would find.
        let by_name = task_definitions
            .iter()
            .enumerate()
            .rev()
            .map(|(i, t)| (t.name, i))
            .collect();
        let checker = Checker {
            cx,
            documents: &documents,
            attachments: &attachments,
            task_definitions: &task_definitions,
            families,
            by_name,
        };
        for role in cx.template.resources_of_type("AWS::IAM::Role") {
            let Some(policies) = attachments.of(role.name) else {
                continue;
            };
            if policies.external {
                continue;
            }
            // Whether the role may pass each task definition's roles: worked out once per
            // role and task definition, and only for the task definitions it may run, so a
            // template of many services with a runner role each stays linear.
            let mut covers = vec![None; task_definitions.len()];
            for &(index, certain) in &policies.documents {
                let Some(document) = documents.get(index).filter(|_| certain) else {
                    continue;
                };
                for statement in &document.statements {
                    let Some(run) = checker.runs_tasks(statement) else {
                        continue;
                    };
                    if let Some(diagnostic) = checker.check(role.name, statement, run, &mut covers)
                    {
                        out.push(diagnostic);
                    }
                }
            }
        }
    }
}

fn task_definitions<'d>(cx: &Context<'d>) -> Vec<TaskDefinition<'d>> {
    cx.template
        .resources_of_type("AWS::ECS::TaskDefinition")
        .filter(|t| cx.eval.is_deployed(t.condition) == Some(true))
        .map(|t| {
            let roles = [
                ("TaskRoleArn", "task role"),
                ("ExecutionRoleArn", "execution role"),
            ]
            .into_iter()
            .filter_map(|(property, kind)| {
                let node = t.property(property)?;
                let role = pass_role::passed_role(cx, node)?;
                Some(TaskRole { role, node, kind })
            })
            .collect();
            TaskDefinition {
                name: t.name,
                family: t
                    .property("Family")
                    .and_then(|f| cx.eval.eval(f).value)
                    .and_then(|v| v.to_text()),
                roles,
            }
        })
        .collect()
}

struct Checker<'c, 'd> {
    cx: &'c Context<'d>,
    documents: &'c [PolicyDocument<'d>],
    attachments: &'c Attachments<'d>,
    task_definitions: &'c [TaskDefinition<'d>],
    /// Task definitions by family, for resource ARNs that name one without wildcards.
    families: HashMap<&'c str, Vec<usize>>,
    /// Task definitions by logical name.
    by_name: HashMap<&'d str, usize>,
}

impl<'d> Checker<'_, 'd> {
    /// The `ecs:RunTask` entry of a statement that certainly allows it.
    fn runs_tasks<'s>(&self, statement: &'s Statement<'d>) -> Option<&'s policy::Item<'d>> {
        if !statement.certain || statement.effect != Effect::Allow || statement.action.negated {
            return None;
        }
        statement
            .action
            .items
            .iter()
            .find(|i| wildcard::matches(&i.value, "ecs:RunTask", true))
    }

    /// Whether `holder` may pass each role of task definition `i`.
    fn cover(&self, holder: &str, i: usize) -> Vec<Cover> {
        self.task_definitions[i]
            .roles
            .iter()
            .map(|r| {
                pass_role::can_pass(self.cx, self.documents, self.attachments, holder, &r.role)
            })
            .collect()
    }

    /// The finding for one RunTask statement of `holder`'s policies, if it allows running task
    /// definitions whose roles `holder` may not pass.
    fn check(
        &self,
        holder: &str,
        statement: &Statement<'d>,
        run: &policy::Item<'d>,
        covers: &mut [Option<Vec<Cover>>],
    ) -> Option<Diagnostic> {
        let (mut explicit, any) = self.runnable(statement)?;
        explicit.sort_unstable();
        explicit.dedup();
        let candidates: Vec<usize> = if any {
            (0..self.task_definitions.len()).collect()
        } else {
            explicit.clone()
        };
        for &i in &candidates {
            if covers[i].is_none() {
                covers[i] = Some(self.cover(holder, i));
            }
        }
        let cover = |i: usize| covers[i].as_deref().unwrap_or_default();
        let passes_some = candidates.iter().any(|&i| cover(i).contains(&Cover::Yes));
        let mut missing: Vec<(&TaskDefinition<'d>, &TaskRole<'d>)> = Vec::new();
        for &i in &candidates {
            let task = &self.task_definitions[i];
            let passes_own = cover(i).contains(&Cover::Yes);
            // On `*`, a role that passes the roles of other task definitions but none of
            // these may simply never run this one.
            if explicit.binary_search(&i).is_err() && !passes_own && passes_some {
                continue;
            }
            for (role, cover) in task.roles.iter().zip(cover(i)) {
                if *cover == Cover::No {
                    missing.push((task, role));
                }
            }
        }
        if missing.is_empty() {
            return None;
        }
        Some(self.diagnostic(holder, run, &missing))
    }

    /// The task definitions of the template a RunTask statement names explicitly, and
    /// whether it allows every task definition. `None` when its resources are not decided.
    fn runnable(&self, statement: &Statement<'d>) -> Option<(Vec<usize>, bool)> {
        let resources = statement.resource.as_ref().filter(|r| !r.negated)?;
        let mut explicit = Vec::new();
        let mut any = false;
        for item in &resources.items {
            if item.value == "*" {
                any = true;
                continue;
            }
            let Some(arn) = Arn::parse(&item.value) else {
                continue;
            };
            if !wildcard::matches(arn.service, "ecs", false) {
                continue;
            }
            if arn.resource == "*" || arn.resource.starts_with("task-definition/*") {
                any = true;
                continue;
            }
            let Some(family) = arn.resource.strip_prefix("task-definition/") else {
                continue;
            };
            let family = family.split(':').next().unwrap_or(family);
            if family.contains(['*', '?']) {
                for (i, task) in self.task_definitions.iter().enumerate() {
                    if task
                        .family
                        .as_deref()
                        .is_some_and(|f| wildcard::matches(family, f, false))
                    {
                        explicit.push(i);
                    }
                }
            } else if let Some(tasks) = self.families.get(family) {
                explicit.extend(tasks);
            }
        }
        for &node in &resources.unknown {
            let Some((resource, None)) = self.cx.template.referenced_resource(node) else {
                continue;
            };
            if let Some(&i) = self.by_name.get(resource.name) {
                explicit.push(i);
            }
        }
        Some((explicit, any))
    }

    fn diagnostic(
        &self,
        holder: &str,
        run: &policy::Item<'d>,
        missing: &[(&TaskDefinition<'d>, &TaskRole<'d>)],
    ) -> Diagnostic {
        let mut tasks: Vec<&str> = missing.iter().map(|(t, _)| t.name).collect();
        tasks.dedup();
        let mut roles: Vec<&PassedRole<'d>> = Vec::new();
        for (_, role) in missing {
            if !roles.contains(&&role.role) {
                roles.push(&role.role);
            }
        }
        let through = if run.value.eq_ignore_ascii_case("ecs:RunTask") {
            String::new()
        } else {
            format!(" (through `{}`)", run.value)
        };
        let task_list = quoted(&tasks);
        let role_list: Vec<String> = roles.iter().map(|r| r.describe()).collect();
        let (tasks_phrase, roles_phrase) = match (tasks.len(), roles.len()) {
            (1, 1) => (
                format!("the task definition {task_list}"),
                format!("its role {}", role_list.join(", ")),
            ),
            (1, _) => (
                format!("the task definition {task_list}"),
                format!("its roles {}", role_list.join(", ")),
            ),
            (_, 1) => (
                format!("the task definitions {task_list}"),
                format!("their role {}", role_list.join(", ")),
            ),
            _ => (
                format!("the task definitions {task_list}"),
                format!("their roles {}", role_list.join(", ")),
            ),
        };
        let it = if tasks.len() == 1 { "it" } else { "them" };
        let resources: Vec<String> = roles.iter().map(|r| r.resource_text()).collect();
        let mut builder = Diagnostic::at(
            &RuntaskWithoutPassrole::META,
            run.node,
            format!(
                "`{holder}` is allowed ecs:RunTask{through} for {tasks_phrase}, but not iam:PassRole on {roles_phrase}: running {it} fails with AccessDenied"
            ),
        )
        .help(format!(
            "allow `{holder}` to pass {}: `{{Effect: Allow, Action: iam:PassRole, Resource: [{}]}}`",
            if roles.len() == 1 { "it" } else { "them" },
            resources.join(", ")
        ));
        for (task, role) in missing {
            builder = builder.label(
                role.node.span(),
                format!("{} of `{}`", role.kind, task.name),
            );
        }
        builder.build()
    }
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
