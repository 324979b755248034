use crate::context::Context;
use crate::iam::actions::{ActionRef, list_some, qualified};
use crate::iam::data::{self, GLOBAL_CONDITION_KEYS, is_global_condition_key, template_match};
use crate::iam::policy::{self, Condition, Effect, Statement};
use crate::registry::Check;
use crate::{Diagnostic, declare_rule, suggest};
use std::collections::HashMap;

declare_rule! {
    /// ### What it does
    /// Reports a condition key in an Allow statement that some of the statement's actions do
    /// not support, or that does not exist at all (a typo, with the closest valid key as a
    /// suggestion). It names the actions the statement will never allow.
    ///
    /// Global keys (`aws:SourceIp`, `aws:PrincipalTag/…`) apply to every action; keys of
    /// identity providers (`saml:aud`, `token.actions.githubusercontent.com:sub`) are not
    /// judged, since the reference data lists only some of them. Operators
    /// that match a request without the key (`…IfExists`, `Null`, `ForAllValues:…`) are not
    /// reported. A wildcard action (`ecs:*`) is reported only when none of the actions it
    /// matches supports the key: `ecs:*` with `ecs:cluster` is a common way to say "what ECS
    /// allows for this cluster".
    ///
    /// ### Why is this bad?
    /// An Allow statement applies only when every condition in it matches, and a condition on
    /// a key the request does not carry never matches. The actions that do not support the
    /// key are silently not granted and fail with AccessDenied at run time. ECS examples:
    /// `ecs:RegisterTaskDefinition` and `ecs:DescribeTaskDefinition` do not support
    /// `ecs:cluster`.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   DeployPolicy:
    ///     Type: AWS::IAM::ManagedPolicy
    ///     Properties:
    ///       PolicyDocument:
    ///         Statement:
    ///           - Effect: Allow
    ///             Action: [ecs:UpdateService, ecs:RegisterTaskDefinition]
    ///             Resource: "*"
    ///             Condition:
    ///               ArnEquals:
    ///                 ecs:cluster: arn:aws:ecs:eu-west-1:123456789012:cluster/apps
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   DeployPolicy:
    ///     Type: AWS::IAM::ManagedPolicy
    ///     Properties:
    ///       PolicyDocument:
    ///         Statement:
    ///           - Effect: Allow
    ///             Action: ecs:UpdateService
    ///             Resource: "*"
    ///             Condition:
    ///               ArnEquals:
    ///                 ecs:cluster: arn:aws:ecs:eu-west-1:123456789012:cluster/apps
    ///           - Effect: Allow
    ///             Action: ecs:RegisterTaskDefinition
    ///             Resource: "*"
    /// ```
    pub struct InapplicableConditionKey {
        code: "IAM003",
        name: "inapplicable-condition-key",
        severity: Error,
        needs: IamData,
    }
}

/// The `aws:` keys that exist but apply only to actions that list them.
const AWS_TAG_KEYS: &[&str] = &[
    "aws:RequestTag/${TagKey}",
    "aws:ResourceTag/${TagKey}",
    "aws:TagKeys",
];

impl Check for InapplicableConditionKey {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut memo = Support::new();
        for document in policy::documents(cx) {
            for statement in &document.statements {
                if statement.effect != Effect::Allow || statement.action.negated {
                    continue;
                }
                for condition in statement.conditions.known() {
                    if condition.matches_missing_key()
                        || condition.key.contains("${")
                        || is_federation_key(condition.key)
                    {
                        continue;
                    }
                    if let Some(diagnostic) = check_key(&mut memo, statement, condition) {
                        out.push(diagnostic);
                    }
                }
            }
        }
    }
}

/// Keys that an identity provider puts in a federated session (`saml:aud`,
/// `token.actions.githubusercontent.com:sub`, `accounts.google.com:aud`): every OIDC provider
/// has `aud`, `sub` and more, and the reference data lists only some of them.
fn is_federation_key(key: &str) -> bool {
    key.split_once(':').is_some_and(|(prefix, _)| {
        prefix.contains(['.', '/']) || prefix.eq_ignore_ascii_case("saml")
    })
}

/// Whether a key exists, and if not, the closest one that does.
enum Existence {
    Exists,
    /// Does not exist; the closest key that does, if any is close.
    Missing(Option<String>),
    /// Not in the data (a provider's keys such as `saml:aud`): do not claim either way.
    Unknown,
}

fn existence(key: &str, statement_supports: bool) -> Existence {
    if statement_supports || is_global_condition_key(key) {
        return Existence::Exists;
    }
    let Some((prefix, _)) = key.split_once(':') else {
        return Existence::Unknown;
    };
    if prefix.eq_ignore_ascii_case("aws") {
        if AWS_TAG_KEYS.iter().any(|t| template_match(t, key)) {
            return Existence::Exists;
        }
        let candidates = GLOBAL_CONDITION_KEYS
            .iter()
            .copied()
            .chain(AWS_TAG_KEYS.iter().copied());
        // New global keys appear from time to time: only a near miss is called a typo.
        return match suggest::closest(key, candidates) {
            Some(close) => Existence::Missing(Some(close.to_owned())),
            None => Existence::Unknown,
        };
    }
    let Some(service) = data::catalog().service(prefix) else {
        return Existence::Unknown;
    };
    if service.condition_key(key).is_some() {
        return Existence::Exists;
    }
    let names = service.condition_keys.iter().map(|k| k.name);
    Existence::Missing(suggest::closest(key, names).map(str::to_owned))
}

/// For an action value and a condition key: whether the key is available for the action (for
/// a pattern, for one of the actions it matches) and how to name the action; `None` when the
/// value is not judged (`*`, unknown actions). Computed once per value and key.
type Support = HashMap<(String, String), Option<(bool, String)>>;

fn support(value: &str, key: &str) -> Option<(bool, String)> {
    match ActionRef::resolve(value)? {
        ActionRef::Exact { service, action } => Some((
            action.supports_condition_key(service, key),
            qualified(service, action),
        )),
        ActionRef::Pattern { service, matches } if !matches.is_empty() => Some((
            matches
                .iter()
                .any(|a| a.supports_condition_key(service, key)),
            value.to_owned(),
        )),
        _ => None,
    }
}

fn check_key(
    memo: &mut Support,
    statement: &Statement<'_>,
    condition: &Condition<'_>,
) -> Option<Diagnostic> {
    let key = condition.key;
    let mut never: Vec<String> = Vec::new();
    let mut judged = 0usize;
    let mut supported = false;
    for item in &statement.action.items {
        let verdict = memo
            .entry((item.value.to_string(), key.to_ascii_lowercase()))
            .or_insert_with(|| support(&item.value, key));
        if let Some((supports, name)) = verdict {
            judged += 1;
            if *supports {
                supported = true;
            } else {
                never.push(name.clone());
            }
        }
    }
    if judged == 0 {
        return None;
    }
    let rule = &InapplicableConditionKey::META;
    match existence(key, supported) {
        Existence::Missing(close) => {
            let help = match close {
                Some(close) => format!("did you mean `{close}`?"),
                None => "the service authorization reference lists each service's condition keys"
                    .to_owned(),
            };
            let allows = if statement.action.is_complete() && never.len() == judged {
                "allows none of its actions".to_owned()
            } else {
                format!("never allows {}", list_some(&never, 4))
            };
            Some(
                Diagnostic::builder(
                    rule,
                    condition.key_span,
                    condition.value.path(),
                    format!(
                        "condition key `{key}` does not exist, so this condition never matches: {} {allows}",
                        statement.describe()
                    ),
                )
                .help(help)
                .build(),
            )
        }
        Existence::Exists | Existence::Unknown if !never.is_empty() => {
            let them = if never.len() == 1 { "it" } else { "them" };
            Some(
                Diagnostic::builder(
                    rule,
                    condition.key_span,
                    condition.value.path(),
                    format!(
                        "condition key `{key}` is not available for {}, so {} never allows {them}",
                        list_some(&never, 4),
                        statement.describe()
                    ),
                )
                .help(format!("move {them} to a statement without this condition"))
                .build(),
            )
        }
        _ => None,
    }
}
