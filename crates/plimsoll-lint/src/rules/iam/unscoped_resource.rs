use crate::context::Context;
use crate::iam::actions::{ActionRef, list_some, qualified};
use crate::iam::data::{Action, Service};
use crate::iam::policy::{self, Conditions, Effect, Item, Statement};
use crate::registry::Check;
use crate::{Diagnostic, declare_rule};
use plimsoll_template::Format;
use std::collections::HashMap;

declare_rule! {
    /// ### What it does
    /// Reports an Allow statement with `Resource: "*"` whose actions could be limited to the
    /// resources they need — they accept resource ARNs, or (for ECS) the `ecs:cluster`
    /// condition key — when the statement has no condition that does so. A wildcard action
    /// is reported when most of the actions it matches could be limited: `ecs:Describe*`
    /// is, `ec2:Describe*` (mostly calls that accept only `"*"`) is not.
    ///
    /// Actions that accept only `"*"` (`ecs:DescribeTaskDefinition`,
    /// `ecr:GetAuthorizationToken`, `logs:DescribeLogGroups`, `sts:GetCallerIdentity`) are
    /// not reported, nor are actions whose resource types are all optional
    /// (`cloudwatch:PutMetricData`, `translate:TranslateText`), nor `Action: "*"` (IAM001's concern) or
    /// `iam:PassRole` (IAM004's). A statement with a
    /// condition on a service key, on tags (`aws:ResourceTag/…`, `aws:RequestTag/…`,
    /// `aws:TagKeys`), on the resource's account or organization, or on calls made through an
    /// AWS service (`aws:ViaAWSService`, `aws:CalledVia…`) counts as scoped.
    ///
    /// ### Why is this bad?
    /// The role may act on every resource of that kind in the account: a task runner allowed
    /// `ecs:RunTask` and `ecs:StopTask` on `"*"` can start and stop tasks in every cluster,
    /// not just its own. Least privilege limits the damage a leaked credential or a bug can do.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Cluster:
    ///     Type: AWS::ECS::Cluster
    ///   RunnerPolicy:
    ///     Type: AWS::IAM::ManagedPolicy
    ///     Properties:
    ///       PolicyDocument:
    ///         Statement:
    ///           - Effect: Allow
    ///             Action: [ecs:RunTask, ecs:DescribeTasks]
    ///             Resource: "*"
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Cluster:
    ///     Type: AWS::ECS::Cluster
    ///   RunnerPolicy:
    ///     Type: AWS::IAM::ManagedPolicy
    ///     Properties:
    ///       PolicyDocument:
    ///         Statement:
    ///           - Effect: Allow
    ///             Action: [ecs:RunTask, ecs:DescribeTasks]
    ///             Resource: "*"
    ///             Condition:
    ///               ArnEquals:
    ///                 ecs:cluster: !GetAtt Cluster.Arn
    /// ```
    pub struct UnscopedResource {
        code: "IAM002",
        name: "unscoped-resource",
        severity: Warning,
        needs: IamData,
    }
}

/// Global keys (prefixes) that limit which resources a statement applies to: tags on the
/// resource or on the request that creates it, the resource's account or organization, or
/// calls that only an AWS service makes on the principal's behalf.
const SCOPING_GLOBAL_KEYS: &[&str] = &[
    "aws:ResourceTag/",
    "aws:RequestTag/",
    "aws:TagKeys",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
    "aws:ViaAWSService",
    "aws:CalledVia",
];

/// The ECS condition key that scopes actions to a cluster.
const CLUSTER_KEY: &str = "ecs:cluster";

impl Check for UnscopedResource {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut judged = Judged::new();
        for document in policy::documents(cx) {
            for statement in &document.statements {
                if let Some(diagnostic) = check_statement(cx, statement, &mut judged) {
                    out.push(diagnostic);
                }
            }
        }
    }
}

/// Which of the actions a value names `ecs:cluster` can limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ByCluster {
    None,
    /// Some of the actions a pattern matches.
    Some,
    All,
}

/// For each action value that could be limited to some resources: how to name it and whether
/// `ecs:cluster` can limit it; `None` when it cannot be limited. Computed once per value.
type Judged = HashMap<String, Option<(String, ByCluster)>>;

fn judge(value: &str) -> Option<(String, ByCluster)> {
    match ActionRef::resolve(value)? {
        // `iam:PassRole` on "*" is IAM004's finding (an error), not reported twice.
        ActionRef::Exact { service, action }
            if scopable(service, action) && qualified(service, action) != "iam:PassRole" =>
        {
            let by_cluster = match action.supports_condition_key(service, CLUSTER_KEY) {
                true => ByCluster::All,
                false => ByCluster::None,
            };
            Some((qualified(service, action), by_cluster))
        }
        ActionRef::Pattern { service, matches } => {
            // `iam:PassRole` on "*" is IAM004's, also through a pattern (`iam:Pas*`).
            let matches: Vec<_> = matches
                .into_iter()
                .filter(|a| qualified(service, a) != "iam:PassRole")
                .collect();
            if matches.is_empty() {
                return None;
            }
            let scopable = matches.iter().filter(|a| scopable(service, a)).count();
            // `ec2:Describe*` means "every describe call", most of which accept only "*".
            (scopable * 2 > matches.len()).then(|| {
                let supporting = matches
                    .iter()
                    .filter(|a| a.supports_condition_key(service, CLUSTER_KEY))
                    .count();
                let by_cluster = match supporting {
                    0 => ByCluster::None,
                    n if n == matches.len() => ByCluster::All,
                    _ => ByCluster::Some,
                };
                (value.to_owned(), by_cluster)
            })
        }
        _ => None,
    }
}

fn check_statement(
    cx: &Context<'_>,
    statement: &Statement<'_>,
    judged: &mut Judged,
) -> Option<Diagnostic> {
    if statement.effect != Effect::Allow || statement.action.negated {
        return None;
    }
    let resources = statement.resource.as_ref().filter(|r| !r.negated)?;
    let star = resources.items.iter().find(|i| i.value == "*")?;
    if is_scoped(&statement.conditions) {
        return None;
    }
    let mut concerned: Vec<String> = Vec::new();
    let mut by_cluster: Vec<String> = Vec::new();
    let mut partly: Vec<String> = Vec::new();
    for item in &statement.action.items {
        let verdict = match judged.get(&*item.value) {
            Some(verdict) => verdict,
            None => judged
                .entry(item.value.to_string())
                .or_insert_with(|| judge(&item.value)),
        };
        if let Some((name, cluster)) = verdict {
            concerned.push(name.clone());
            match cluster {
                ByCluster::All => by_cluster.push(name.clone()),
                ByCluster::Some => partly.push(name.clone()),
                ByCluster::None => {}
            }
        }
    }
    if concerned.is_empty() {
        return None;
    }
    let total = statement.action.items.len() + statement.action.unknown.len();
    Some(diagnostic(
        cx,
        star,
        total,
        &concerned,
        &by_cluster,
        &partly,
    ))
}

fn diagnostic(
    cx: &Context<'_>,
    star: &Item<'_>,
    total: usize,
    concerned: &[String],
    by_cluster: &[String],
    partly: &[String],
) -> Diagnostic {
    let condition = match cx.document.format() {
        Format::Yaml => format!(
            "`Condition: {{ArnEquals: {{ecs:cluster: {}}}}}`",
            cluster_arn(cx)
        ),
        Format::Json => format!(
            "`\"Condition\": {{\"ArnEquals\": {{\"ecs:cluster\": {}}}}}`",
            cluster_arn(cx)
        ),
    };
    let help = if by_cluster.is_empty() && partly.is_empty() {
        let examples = match cx.document.format() {
            Format::Yaml => "`!GetAtt Queue.Arn`, `!Sub arn:${AWS::Partition}:…`",
            Format::Json => {
                "`{\"Fn::GetAtt\": [\"Queue\", \"Arn\"]}`, `{\"Fn::Sub\": \"arn:${AWS::Partition}:…\"}`"
            }
        };
        format!("name the resources these actions need by ARN in `Resource` ({examples})")
    } else if by_cluster.len() == total {
        format!("limit them to the cluster with {condition}")
    } else {
        let mut help = String::from("limit the ECS actions that support `ecs:cluster`");
        if !by_cluster.is_empty() {
            help.push_str(&format!(" ({})", list_some(by_cluster, 3)));
        }
        help.push_str(&format!(" to the cluster with {condition}"));
        if !partly.is_empty() {
            help.push_str(&format!(
                ", listing them instead of {} (actions without `ecs:cluster` would never be allowed)",
                list_some(partly, 3)
            ));
        }
        if by_cluster.len() + partly.len() < total {
            help.push_str(", in a statement of their own");
        }
        if by_cluster.len() + partly.len() < concerned.len() {
            help.push_str(", and name the resources of the others by ARN in `Resource`");
        }
        help
    };
    // One action is "it"; a pattern such as `ecs:Describe*` stands for several.
    let (they, need) = match concerned {
        [one] if !one.contains('*') => ("it", "needs"),
        _ => ("they", "need"),
    };
    Diagnostic::at(
            &UnscopedResource::META,
            star.node,
            format!(
                "`Resource: \"*\"`{} allows {} on every resource, though {they} can be limited to the resources {they} {need}",
                star.provenance(),
                list_some(concerned, 3)
            ),
        )
    .help(help)
    .build()
}

/// Whether the statement has a condition that may limit it to some resources (or one that the
/// template does not decide).
fn is_scoped(conditions: &Conditions<'_>) -> bool {
    match conditions {
        Conditions::Absent => false,
        Conditions::Unknown => true,
        Conditions::Known(conditions) => conditions.iter().any(|c| {
            let key = c.key;
            let global = key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:"));
            !global
                || SCOPING_GLOBAL_KEYS.iter().any(|k| {
                    key.get(..k.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(k))
                })
        }),
    }
}

/// Actions whose resource types are all optional inputs: a call may name none of them, and
/// only `"*"` allows that call (`translate:TranslateText` without a terminology or parallel
/// data; the SSM agent reporting on its own instance). The service reference lists them like
/// the thousand actions whose optional types are a choice, one of which every call names
/// (`s3:GetObject` on an object or on an access point's object, `ecs:TagResource`), so they are
/// named here.
const CALLABLE_WITHOUT_RESOURCE: &[&str] = &[
    "ssm:UpdateInstanceInformation",
    "translate:StartTextTranslationJob",
    "translate:TranslateText",
];

/// Whether a policy can limit the action to some resources: a resource type it requires, a
/// choice between several that every call makes, or (ECS) the `ecs:cluster` key. An action
/// whose only resource type is optional is usually called without one
/// (`cloudwatch:PutMetricData`), as are the [`CALLABLE_WITHOUT_RESOURCE`] actions.
fn scopable(service: &Service<'_>, action: &Action<'_>) -> bool {
    let chosen = action.resource_types.len() > 1
        && !CALLABLE_WITHOUT_RESOURCE
            .iter()
            .any(|name| name.eq_ignore_ascii_case(&qualified(service, action)));
    action.resource_types.iter().any(|r| r.required)
        || chosen
        || action.supports_condition_key(service, CLUSTER_KEY)
}

/// How the help names the cluster's ARN, in the template's own syntax: the template's cluster
/// if it has one.
fn cluster_arn(cx: &Context<'_>) -> String {
    let mut clusters = cx.template.resources_of_type("AWS::ECS::Cluster");
    let any = "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/NAME";
    match (clusters.next(), cx.document.format()) {
        (Some(cluster), Format::Yaml) => format!("!GetAtt {}.Arn", cluster.name),
        (Some(cluster), Format::Json) => {
            format!(
                "{{\"Fn::GetAtt\": [{}, \"Arn\"]}}",
                json_string(cluster.name)
            )
        }
        (None, Format::Yaml) => format!("!Sub {any}"),
        (None, Format::Json) => format!("{{\"Fn::Sub\": \"{any}\"}}"),
    }
}

/// A name as a JSON string literal.
fn json_string(name: &str) -> String {
    serde_json::to_string(name).unwrap_or_else(|_| format!("\"{name}\""))
}

#[cfg(test)]
#[cfg(feature = "iam-data")]
mod tests {
    use super::*;
    use crate::iam::data::catalog;

    #[test]
    fn actions_callable_without_a_resource_exist_and_list_only_optional_types() {
        for name in CALLABLE_WITHOUT_RESOURCE {
            let (service, action) = catalog().action(name).expect(name);
            assert!(action.resource_types.len() > 1, "{name}");
            assert!(action.resource_types.iter().all(|r| !r.required), "{name}");
            assert!(!scopable(service, action), "{name}");
        }
        let (service, get_object) = catalog().action("s3:GetObject").unwrap();
        assert!(
            scopable(service, get_object),
            "a choice of object types is still scopable"
        );
    }
}
