use crate::context::Context;
use crate::iam::actions::ActionRef;
use crate::iam::data;
use crate::iam::policy::{self, Item};
use crate::registry::Check;
use crate::{Applicability, Diagnostic, Edit, Fix, declare_rule, suggest};
use std::collections::HashMap;

declare_rule! {
    /// ### What it does
    /// Reports an `Action` or `NotAction` of an identity policy that names no action AWS
    /// defines: an unknown service prefix (`ecz:RunTask`), an action the service does not
    /// have (`ecs:RunTasks`), a wildcard pattern that matches none of the service's actions
    /// (`ecs:Descibe*`), or a value that is not `service:Action` at all. It suggests the
    /// closest action.
    ///
    /// Actions are looked up in the IAM service authorization data that Plimsoll ships,
    /// ignoring case as IAM does.
    ///
    /// ### Why is this bad?
    /// IAM accepts most such policies without a word, and the misspelt action is simply never
    /// granted: the call fails with AccessDenied at run time, far from the typo. In a
    /// `NotAction` or a Deny, the action the author meant is not excluded or denied.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   RunnerPolicy:
    ///     Type: AWS::IAM::ManagedPolicy
    ///     Properties:
    ///       PolicyDocument:
    ///         Statement:
    ///           - Effect: Allow
    ///             Action: [ecs:RunTasks, ecs:DescribeTasks]
    ///             Resource: "*"
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   RunnerPolicy:
    ///     Type: AWS::IAM::ManagedPolicy
    ///     Properties:
    ///       PolicyDocument:
    ///         Statement:
    ///           - Effect: Allow
    ///             Action: [ecs:RunTask, ecs:DescribeTasks]
    ///             Resource: "*"
    /// ```
    pub struct UnknownAction {
        code: "IAM006",
        name: "unknown-action",
        severity: Warning,
        needs: IamData,
    }
}

impl Check for UnknownAction {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // Policies repeat the same actions: judge each value once.
        let mut verdicts: HashMap<String, Option<Verdict>> = HashMap::new();
        for document in policy::documents(cx) {
            for statement in &document.statements {
                for item in &statement.action.items {
                    let verdict = match verdicts.get(&*item.value) {
                        Some(verdict) => verdict,
                        None => verdicts
                            .entry(item.value.to_string())
                            .or_insert_with(|| verdict(&item.value)),
                    };
                    if let Some(verdict) = verdict {
                        out.push(diagnostic(cx, item, verdict));
                    }
                }
            }
        }
    }
}

/// Why a value names no action, and the closest action that exists.
struct Verdict {
    /// The message after "`value` (provenance)".
    problem: String,
    suggestion: Option<String>,
}

fn verdict(value: &str) -> Option<Verdict> {
    let (problem, suggestion) = match ActionRef::resolve(value)? {
        ActionRef::Everything | ActionRef::Exact { .. } => return None,
        ActionRef::Pattern { matches, service } => {
            if !matches.is_empty() {
                return None;
            }
            let problem = format!(
                " matches no action of `{}` ({})",
                service.prefix, service.name
            );
            (problem, None)
        }
        ActionRef::UnknownService { prefix } => {
            let name = value.get(prefix.len() + 1..).unwrap_or("");
            let services = data::catalog().services();
            // Prefer a service that has the action: `ecz:StopTask` is `ecs:StopTask`.
            let having = services
                .iter()
                .filter(|s| s.actions_matching(name).next().is_some())
                .map(|s| s.prefix);
            let close = suggest::closest(&prefix, having)
                .or_else(|| suggest::closest(&prefix, services.iter().map(|s| s.prefix)));
            let suggestion = close.map(|close| format!("{close}:{name}"));
            (
                format!(": no AWS service has the prefix `{prefix}`"),
                suggestion,
            )
        }
        ActionRef::UnknownAction { service } => {
            let name = value.split_once(':').map_or(value, |(_, name)| name);
            let names = service.actions.iter().map(|a| a.name);
            let suggestion =
                suggest::closest(name, names).map(|close| format!("{}:{close}", service.prefix));
            let problem = format!(
                " is not an action of `{}` ({})",
                service.prefix, service.name
            );
            (problem, suggestion)
        }
        ActionRef::Unjudged => {
            if value.contains(':') || value.is_empty() {
                return None;
            }
            // `DescribeTasks` alone: name the service when one service has the action.
            let mut having = data::catalog()
                .services()
                .iter()
                .filter_map(|s| s.action(value).map(|a| format!("{}:{}", s.prefix, a.name)));
            let suggestion = match (having.next(), having.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            };
            let problem = " is not an action: actions are written `service:Action`".to_owned();
            (problem, suggestion)
        }
    };
    Some(Verdict {
        problem,
        suggestion,
    })
}

fn diagnostic(cx: &Context<'_>, item: &Item<'_>, verdict: &Verdict) -> Diagnostic {
    let value: &str = &item.value;
    let message = format!("`{value}`{}{}", item.provenance(), verdict.problem);
    let mut builder = Diagnostic::at(&UnknownAction::META, item.node, message);
    builder = match &verdict.suggestion {
        Some(close) => builder.help(format!("did you mean `{close}`?")),
        None => builder.help("the service authorization reference lists each service's actions"),
    };
    // Offer the replacement only where the value is written literally.
    let span = cx.span_of_text_in(item.node, value);
    if let Some(close) = &verdict.suggestion
        && item.node.as_str() == Some(value)
        && span.text(cx.source) == value
    {
        builder = builder.fix(Fix {
            message: format!("replace with `{close}`"),
            applicability: Applicability::Unsafe,
            edits: vec![Edit {
                span,
                replacement: close.clone(),
            }],
        });
    }
    builder.build()
}

#[cfg(test)]
#[cfg(feature = "iam-data")]
mod tests {

    /// The source with every IAM006 fix applied.
    fn fixed(source: &str) -> String {
        crate::test_support::fixed("IAM006", source)
    }

    #[test]
    fn fixes_replace_the_misspelt_action() {
        let yaml = "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: [ecs:RunTasks, 'ecz:StopTask', DescribeTasks]\n            Resource: '*'\n";
        assert_eq!(
            fixed(yaml),
            yaml.replace("ecs:RunTasks", "ecs:RunTask")
                .replace("ecz:StopTask", "ecs:StopTask")
                .replace("DescribeTasks]", "ecs:DescribeTasks]")
        );
        let json = r#"{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvent", "Resource": "*"}]}}}}}"#;
        assert_eq!(fixed(json), json.replace("PutLogEvent", "PutLogEvents"));
    }
}
