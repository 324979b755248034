use crate::context::Context;
use crate::eval::TextPart;
use crate::iam::arn::Arn;
use crate::iam::policy::{self, Condition, alternatives};
use crate::iam::wildcard;
use crate::registry::Check;
use crate::view::sub::{self, SubPart};
use crate::{Applicability, Diagnostic, Edit, Fix, declare_rule};
use plimsoll_template::{NodeRef, Span};

declare_rule! {
    /// ### What it does
    /// Reports an `ecs:cluster` condition whose value is not a cluster ARN: `!Ref` of an
    /// `AWS::ECS::Cluster` (which returns the cluster's name), `!Sub ${Cluster}`, or a literal
    /// such as `my-cluster` that no cluster ARN can match.
    ///
    /// ### Why is this bad?
    /// ECS puts the cluster's ARN (`arn:aws:ecs:region:account:cluster/name`) in the request's
    /// `ecs:cluster` key. A condition that compares it with a name never matches, so the
    /// statement never applies: an Allow grants nothing and the task runner fails with
    /// AccessDenied at deploy time; a Deny protects nothing.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Cluster:
    ///     Type: AWS::ECS::Cluster
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
    ///                 Action: ecs:RunTask
    ///                 Resource: "*"
    ///                 Condition:
    ///                   ArnEquals:
    ///                     ecs:cluster: !Ref Cluster
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Cluster:
    ///     Type: AWS::ECS::Cluster
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
    ///                 Action: ecs:RunTask
    ///                 Resource: "*"
    ///                 Condition:
    ///                   ArnEquals:
    ///                     ecs:cluster: !GetAtt Cluster.Arn
    /// ```
    pub struct ClusterConditionNotArn {
        code: "IAM005",
        name: "cluster-condition-not-arn",
        severity: Error,
    }
}

impl Check for ClusterConditionNotArn {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for document in policy::documents(cx) {
            for statement in &document.statements {
                for condition in statement.conditions.known() {
                    if !condition.key.eq_ignore_ascii_case("ecs:cluster")
                        || condition.base_operator().eq_ignore_ascii_case("Null")
                    {
                        continue;
                    }
                    for (value, _) in alternatives(cx.eval, condition.value) {
                        for item in value.one_or_many() {
                            for (item, _) in alternatives(cx.eval, item) {
                                check_value(cx, condition, item, out);
                            }
                        }
                    }
                }
            }
        }
    }
}

fn check_value<'d>(
    cx: &Context<'d>,
    condition: &Condition<'d>,
    value: NodeRef<'d>,
    out: &mut Vec<Diagnostic>,
) {
    if let Some((resource, attribute)) = cx.template.referenced_resource(value) {
        if resource.type_name == Some("AWS::ECS::Cluster") && attribute.is_none() {
            out.push(cluster_name(cx, condition, value, resource.name));
        }
        return;
    }
    let Some(text) = cx.eval.eval_text(value) else {
        return;
    };
    if !text.parts.iter().any(|p| matches!(p, TextPart::Known(_))) {
        return;
    }
    let pattern: String = text
        .parts
        .iter()
        .map(|part| match part {
            TextPart::Known(known) => known.as_str(),
            TextPart::Unknown => "*",
        })
        .collect();
    if may_match_cluster_arn(&pattern) {
        return;
    }
    let outcome = outcome(condition);
    let shown = text.known().unwrap_or_else(|| pattern.clone());
    let provenance = crate::eval::Resolved {
        value: None,
        inputs: text.inputs.clone(),
    }
    .provenance();
    let what = if pattern.contains(':') {
        "is not a cluster ARN"
    } else {
        "looks like a cluster name, not a cluster ARN"
    };
    let help = match named_cluster(cx, &shown) {
        Some(cluster) => format!("use the cluster's ARN: `!GetAtt {cluster}.Arn`"),
        None => format!(
            "use a cluster ARN, e.g. `!Sub arn:${{AWS::Partition}}:ecs:${{AWS::Region}}:${{AWS::AccountId}}:cluster/{}`",
            if pattern.contains(':') {
                "NAME"
            } else {
                &shown
            }
        ),
    };
    out.push(
        Diagnostic::at(
            &ClusterConditionNotArn::META,
            value,
            format!(
                "`{shown}`{provenance} {what}: ECS compares `{}` with the cluster's ARN, so this condition {outcome}",
                condition.key
            ),
        )
        .help(help)
        .build(),
    );
}

fn cluster_name<'d>(
    cx: &Context<'d>,
    condition: &Condition<'d>,
    value: NodeRef<'d>,
    cluster: &str,
) -> Diagnostic {
    let written = match value.intrinsic() {
        Some(("Fn::Sub", _)) => format!("`${{{cluster}}}`"),
        _ => "`Ref`".to_owned(),
    };
    let mut builder = Diagnostic::at(
        &ClusterConditionNotArn::META,
        value,
        format!(
            "{written} of the cluster `{cluster}` gives its name, but ECS compares `{}` with the cluster's ARN: this condition {}",
            condition.key,
            outcome(condition)
        ),
    )
    .help(format!("use `!GetAtt {cluster}.Arn`"));
    if let Some(edit) = arn_edit(cx, value, cluster) {
        builder = builder.fix(Fix {
            message: format!("use `!GetAtt {cluster}.Arn`"),
            applicability: Applicability::Safe,
            edits: vec![edit],
        });
    }
    builder.build()
}

/// What a condition comparing the ARN with something else does: a negated operator
/// (`ArnNotEquals`) is always true, the others never.
fn outcome(condition: &Condition<'_>) -> &'static str {
    if condition
        .base_operator()
        .to_ascii_lowercase()
        .contains("not")
    {
        "always matches"
    } else {
        "never matches"
    }
}

/// The edit that turns a reference to the cluster's name into its ARN, where the text has
/// one of the usual shapes.
fn arn_edit(cx: &Context<'_>, value: NodeRef<'_>, cluster: &str) -> Option<Edit> {
    let span = value.span();
    let text = span.text(cx.source);
    if let Some(("Fn::Sub", argument)) = value.intrinsic() {
        let variable = sub::parse(argument.as_str()?)
            .into_iter()
            .find_map(|part| match part {
                SubPart::Variable(v) if v.name == cluster => Some(v),
                _ => None,
            })?;
        let written = format!("${{{}}}", variable.name);
        let at = cx.span_of_text_in(argument, &written);
        return (at != argument.span()).then(|| Edit {
            span: at,
            replacement: format!("${{{cluster}.Arn}}"),
        });
    }
    let replacement = if text.starts_with("!Ref") {
        format!("!GetAtt {cluster}.Arn")
    } else if text.starts_with('{') && text.ends_with('}') {
        format!("{{\"Fn::GetAtt\": [\"{cluster}\", \"Arn\"]}}")
    } else if text.starts_with("Ref:") && !text.contains('\n') {
        format!("Fn::GetAtt: [{cluster}, Arn]")
    } else {
        return None;
    };
    Some(Edit {
        span: Span::new(span.start, span.end),
        replacement,
    })
}

/// The cluster of the template whose `ClusterName` is `name`.
fn named_cluster<'d>(cx: &Context<'d>, name: &str) -> Option<&'d str> {
    cx.template
        .resources_of_type("AWS::ECS::Cluster")
        .find(|c| {
            c.property("ClusterName")
                .and_then(|n| cx.eval.eval(n).value)
                .and_then(|v| v.to_text())
                .is_some_and(|n| n == name)
        })
        .map(|c| c.name)
}

/// Whether some cluster ARN could match the pattern (`*` and `?` are wildcards). Errs towards
/// yes: a `*` before the resource part may stand for anything, colons included.
fn may_match_cluster_arn(pattern: &str) -> bool {
    let Some(arn) = Arn::parse(pattern) else {
        // Not `arn:…` with six parts: only a wildcard could still make it match.
        return pattern.contains('*');
    };
    let head = [arn.partition, arn.service, arn.region, arn.account];
    if head.iter().any(|part| part.contains('*')) {
        return true;
    }
    !arn.partition.is_empty()
        && wildcard::matches(arn.service, "ecs", false)
        && wildcard::may_start_with(arn.resource, "cluster/")
        && arn.resource != "cluster/"
}

#[cfg(test)]
mod tests {
    use super::may_match_cluster_arn;
    use crate::Settings;

    /// The source with every IAM005 fix applied.
    fn fixed(source: &str) -> String {
        crate::test_support::fixed("IAM005", source)
    }

    const POLICY: &str = "Resources:\n  Cluster:\n    Type: AWS::ECS::Cluster\n  Runner:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: ecs:RunTask\n            Resource: '*'\n            Condition:\n              ArnEquals:\n                ecs:cluster: VALUE\n";

    #[test]
    fn fixes_turn_the_name_into_the_arn() {
        for (before, after) in [
            ("!Ref Cluster", "!GetAtt Cluster.Arn"),
            ("{Ref: Cluster}", "{\"Fn::GetAtt\": [\"Cluster\", \"Arn\"]}"),
            ("!Sub '${Cluster}'", "!Sub '${Cluster.Arn}'"),
            (
                "\n                  Ref: Cluster",
                "\n                  Fn::GetAtt: [Cluster, Arn]",
            ),
        ] {
            let source = POLICY.replace("VALUE", before);
            let expected = POLICY.replace("VALUE", after);
            assert_eq!(fixed(&source), expected, "{before}");
            assert!(
                crate::lint(&expected, &Settings::default())
                    .iter()
                    .all(|d| d.code != "IAM005")
            );
        }
    }

    #[test]
    fn fixes_json() {
        let source = r#"{"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster"}, "P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*", "Condition": {"ArnEquals": {"ecs:cluster": {"Ref": "Cluster"}}}}]}}}}}"#;
        let expected = source.replace(
            r#"{"Ref": "Cluster"}"#,
            r#"{"Fn::GetAtt": ["Cluster", "Arn"]}"#,
        );
        assert_eq!(fixed(source), expected);
    }

    #[test]
    fn cluster_arn_patterns() {
        for good in [
            "arn:aws:ecs:eu-west-1:123456789012:cluster/app",
            "arn:aws:ecs:*:*:cluster/*",
            "arn:aws-cn:ecs:cn-north-1:123456789012:cluster/app",
            "arn:*:ecs:*:*:*",
            "*",
            "*cluster/app",
        ] {
            assert!(may_match_cluster_arn(good), "{good}");
        }
        for bad in [
            "app",
            "arn:aws:ecs:eu-west-1:123456789012:service/app",
            "arn:aws:ec2:eu-west-1:123456789012:cluster/app",
            "arn:aws:ecs:eu-west-1:123456789012:app",
            "arn:aws:ecs:eu-west-1:123456789012:cluster/",
        ] {
            assert!(!may_match_cluster_arn(bad), "{bad}");
        }
    }
}
