//! What a custom resource's `ServiceToken` names: the Lambda function in the template that
//! backs it, its Timeout and the resource's ServiceTimeout, and whether a token string is a
//! Lambda function or SNS topic ARN.

use crate::eval::{Evaluator, Text, TextPart};
use crate::model::ecs_service::may_deploy;
use crate::model::pick::{Picked, pick, property};
use crate::model::property_value::{PropertyValue, resolve_int};
use crate::view::{RefKind, Resource, Template};
use plimsoll_template::NodeRef;

/// Resource types whose `Fn::GetAtt X.Arn` is a Lambda function ARN and whose `Ref` is its name.
pub const FUNCTION_TYPES: [&str; 2] = ["AWS::Lambda::Function", "AWS::Serverless::Function"];

/// CloudFormation's wait for a custom resource's answer when `ServiceTimeout` is omitted.
pub const DEFAULT_SERVICE_TIMEOUT: i64 = 3600;

/// Lambda's `Timeout` when omitted.
pub const DEFAULT_FUNCTION_TIMEOUT: i64 = 3;

pub fn is_function(resource: &Resource<'_>) -> bool {
    resource
        .type_name
        .is_some_and(|t| FUNCTION_TYPES.contains(&t))
}

/// Every custom resource whose `Condition` is not false.
pub fn custom_resources<'t, 'd>(
    ev: &'t Evaluator<'t, 'd>,
) -> impl Iterator<Item = &'t Resource<'d>> {
    let template: &'t Template<'d> = ev.template();
    template
        .resources
        .iter()
        .filter(move |r| r.is_custom() && may_deploy(ev, r))
}

/// The `ServiceToken` value, followed through decidable conditions.
pub fn service_token<'d>(ev: &Evaluator<'_, 'd>, custom: &Resource<'d>) -> Picked<'d> {
    property(ev, custom, "ServiceToken")
}

/// The Lambda function in the template whose ARN the token is: `!GetAtt F.Arn`,
/// `!Sub ${F.Arn}`, an alias or version of `F`, or an ARN built with `Fn::Sub` or `Fn::Join`
/// from `F`'s name (`arn:…:function:${F}`). `None` for anything else (a `!Ref F`, which is
/// the name and not the ARN, is CFR002's finding).
pub fn backing_function<'t, 'd>(
    ev: &'t Evaluator<'t, 'd>,
    custom: &Resource<'d>,
    token: NodeRef<'d>,
) -> Option<&'t Resource<'d>> {
    let template: &'t Template<'d> = ev.template();
    if let Some((target, attribute)) = template.referenced_resource(token) {
        return match target.type_name? {
            _ if is_function(target) => {
                (attribute.as_deref() == Some("Arn") && may_deploy(ev, target)).then_some(target)
            }
            // `Ref` of an alias or a version is its ARN.
            "AWS::Lambda::Alias" | "AWS::Lambda::Version" if attribute.is_none() => {
                let name = pick(ev, target.property("FunctionName")).node()?;
                let (function, _) = template.referenced_resource(name)?;
                (is_function(function) && may_deploy(ev, function)).then_some(function)
            }
            _ => None,
        };
    }
    // An ARN assembled from one function's name or ARN.
    let (function, _) = token.intrinsic()?;
    if function != "Fn::Sub" && function != "Fn::Join" {
        return None;
    }
    let span = token.span();
    let mut found: Option<(&'t Resource<'d>, Option<&str>)> = None;
    for reference in &template.references {
        if reference.from != Some(custom.name)
            || !span.contains(reference.node.span())
            || !matches!(
                reference.kind,
                RefKind::Ref | RefKind::GetAtt | RefKind::Sub
            )
        {
            continue;
        }
        let Some(target) = template.resource(reference.target) else {
            continue;
        };
        if !is_function(target) {
            continue;
        }
        match found {
            Some((seen, _)) if seen.name != target.name => return None,
            _ => found = Some((target, reference.attribute)),
        }
    }
    let (function, attribute) = found?;
    let by_arn = attribute == Some("Arn");
    let by_name = attribute.is_none()
        && ev.eval_text(token).is_some_and(|text| {
            text.parts
                .iter()
                .any(|p| matches!(p, TextPart::Known(k) if k.contains(":function:")))
        });
    ((by_arn || by_name) && may_deploy(ev, function)).then_some(function)
}

/// The function's `Timeout` (for SAM functions also `Globals.Function.Timeout`), 3 s when
/// omitted.
pub fn function_timeout<'d>(
    ev: &Evaluator<'_, 'd>,
    function: &Resource<'d>,
) -> Option<PropertyValue<i64>> {
    let mut timeout = property(ev, function, "Timeout");
    if timeout == Picked::Absent && function.type_name == Some("AWS::Serverless::Function") {
        let globals = ev.template().root.get_path(&["Globals", "Function"]);
        timeout = pick(ev, globals).get(ev, "Timeout");
    }
    resolve_int(ev, timeout, DEFAULT_FUNCTION_TIMEOUT)
}

/// The custom resource's `ServiceTimeout`, 3600 s when omitted.
pub fn service_timeout<'d>(
    ev: &Evaluator<'_, 'd>,
    custom: &Resource<'d>,
) -> Option<PropertyValue<i64>> {
    resolve_int(
        ev,
        property(ev, custom, "ServiceTimeout"),
        DEFAULT_SERVICE_TIMEOUT,
    )
}

/// A custom resource backed by a Lambda function in the template, with both timeouts.
#[derive(Debug)]
pub struct Backing<'t, 'd> {
    pub function: &'t Resource<'d>,
    /// The function's `Timeout`.
    pub timeout: PropertyValue<i64>,
    /// The custom resource's `ServiceTimeout`.
    pub service_timeout: PropertyValue<i64>,
}

/// The backing function and timeouts of a custom resource, when the template decides them.
pub fn backing<'t, 'd>(
    ev: &'t Evaluator<'t, 'd>,
    custom: &Resource<'d>,
) -> Option<Backing<'t, 'd>> {
    let token = service_token(ev, custom).node()?;
    let function = backing_function(ev, custom, token)?;
    Some(Backing {
        function,
        timeout: function_timeout(ev, function)?,
        service_timeout: service_timeout(ev, custom)?,
    })
}

/// The resource type of plimsoll-runner, which waits for its ECS task across invocations of
/// its function, for up to its `TimeoutSeconds`: its answer can come long after the
/// function's Timeout.
const RUNNER_TYPE: &str = "Custom::EcsRunTask";

/// A ServiceTimeout to suggest, and what it is made of (for the help text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuggestedServiceTimeout {
    pub seconds: i64,
    pub basis: &'static str,
}

/// The ServiceTimeout to suggest for `custom`, backed by a function whose Timeout is
/// `function_timeout`: a minute more than the longest the answer may take, within the
/// allowed 1..=3600. For plimsoll-runner that is its `TimeoutSeconds`, otherwise the
/// function's Timeout.
pub fn suggested_service_timeout(
    ev: &Evaluator<'_, '_>,
    custom: &Resource<'_>,
    function_timeout: i64,
) -> SuggestedServiceTimeout {
    let runner_wait = (custom.type_name == Some(RUNNER_TYPE))
        .then(|| resolve_int(ev, property(ev, custom, "TimeoutSeconds"), 0))
        .flatten()
        .filter(|wait| wait.location.is_some());
    let (longest, basis) = match runner_wait {
        Some(wait) => (
            wait.value,
            "its TimeoutSeconds + 60 s: plimsoll-runner waits across invocations of the function",
        ),
        None => (function_timeout, "the function's Timeout + 60 s"),
    };
    SuggestedServiceTimeout {
        seconds: longest.saturating_add(60).clamp(1, DEFAULT_SERVICE_TIMEOUT),
        basis,
    }
}

/// What is wrong with a token string, if it is not a Lambda function or SNS topic ARN
/// (`arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`,
/// `arn:PARTITION:sns:REGION:ACCOUNT:TOPIC`).
pub fn arn_problem(token: &str) -> Option<String> {
    let parts: Vec<&str> = token.split(':').collect();
    if parts.first() != Some(&"arn") || parts.len() < 3 {
        return Some("it is not an ARN".to_owned());
    }
    if let Some(problem) = head_problem(&parts) {
        return Some(problem);
    }
    let lambda = parts[2] == "lambda";
    let form = if lambda {
        "a Lambda function ARN has the form `arn:aws:lambda:REGION:ACCOUNT:function:NAME`"
    } else {
        "an SNS topic ARN has the form `arn:aws:sns:REGION:ACCOUNT:TOPIC`"
    };
    if parts.len() < 6 {
        return Some(form.to_owned());
    }
    let (region, account) = (parts[3], parts[4]);
    let region_ok = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !region_ok {
        return Some(format!("`{region}` is not a region"));
    }
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!("`{account}` is not a 12-digit account id"));
    }
    let name_ok = |name: &str, extra: &[u8]| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || extra.contains(&b))
    };
    let ok = if lambda {
        (7..=8).contains(&parts.len())
            && parts[5] == "function"
            && name_ok(parts[6], b"")
            && parts.get(7).is_none_or(|q| name_ok(q, b"$"))
    } else {
        parts.len() == 6 && name_ok(parts[5], b".")
    };
    (!ok).then(|| form.to_owned())
}

/// Partition and service, the parts every ARN prefix can be judged by.
fn head_problem(parts: &[&str]) -> Option<String> {
    let partition = parts.get(1)?;
    if *partition != "aws" && !partition.starts_with("aws-") {
        return Some(format!("`{partition}` is not an AWS partition"));
    }
    let service = parts.get(2)?;
    (*service != "lambda" && *service != "sns").then(|| {
        format!("it is an ARN of the `{service}` service, not of a Lambda function or SNS topic")
    })
}

/// What is wrong with a token whose end is unknown (`arn:aws:s3:::${Bucket}`), judged by its
/// known beginning only.
pub fn prefix_problem(text: &Text<'_>) -> Option<String> {
    let Some(TextPart::Known(prefix)) = text.parts.first() else {
        return None;
    };
    if !prefix.starts_with("arn:") {
        return (!"arn:".starts_with(prefix.as_str())).then(|| "it is not an ARN".to_owned());
    }
    // Judge only the parts followed by a `:` (complete), never the one cut by the unknown.
    let mut complete: Vec<&str> = prefix.split(':').collect();
    complete.pop();
    head_problem(&complete)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambda_and_sns_arns() {
        let good = [
            "arn:aws:lambda:us-east-1:123456789012:function:runner",
            "arn:aws:lambda:eu-west-1:123456789012:function:runner:live",
            "arn:aws:lambda:eu-west-1:123456789012:function:runner:$LATEST",
            "arn:aws-cn:lambda:cn-north-1:123456789012:function:runner:3",
            "arn:aws-us-gov:sns:us-gov-west-1:123456789012:topic",
            "arn:aws:sns:us-east-1:123456789012:orders.fifo",
        ];
        for arn in good {
            assert_eq!(arn_problem(arn), None, "{arn}");
        }
        let bad = [
            "runner",
            "arn:aws:s3:::bucket",
            "arn:aws:lambda:us-east-1:123456789012:runner",
            "arn:aws:lambda:us-east-1:1234:function:runner",
            "arn:aws:lambda:us-east-1:123456789012:function:",
            "arn:aws:sns:us-east-1:123456789012",
            "arn:azure:lambda:us-east-1:123456789012:function:f",
            "123456789012:function:runner",
        ];
        for arn in bad {
            assert!(arn_problem(arn).is_some(), "{arn}");
        }
    }

    fn text(parts: &[Option<&str>]) -> Text<'static> {
        Text {
            parts: parts
                .iter()
                .map(|p| p.map_or(TextPart::Unknown, |k| TextPart::Known(k.to_owned())))
                .collect(),
            inputs: Vec::new(),
        }
    }

    #[test]
    fn prefixes() {
        assert_eq!(
            prefix_problem(&text(&[Some("arn:aws:lambda:"), None])),
            None
        );
        assert_eq!(prefix_problem(&text(&[Some("arn:"), None])), None);
        assert_eq!(prefix_problem(&text(&[Some("ar"), None])), None);
        assert_eq!(prefix_problem(&text(&[None, Some("-function")])), None);
        assert!(prefix_problem(&text(&[Some("arn:aws:s3:::"), None])).is_some());
        assert!(prefix_problem(&text(&[Some("my-"), None])).is_some());
        // The service part is cut by the unknown: not judged.
        assert_eq!(prefix_problem(&text(&[Some("arn:aws:lam"), None])), None);
    }
}
