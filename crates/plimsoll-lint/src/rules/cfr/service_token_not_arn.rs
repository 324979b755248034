use crate::context::Context;
use crate::model::custom_resource::{
    FUNCTION_TYPES, arn_problem, custom_resources, prefix_problem, service_token,
};
use crate::model::pick::deciding_parameters;
use crate::model::property_value::{ParameterInput, display, parameter_labels, provenance};
use crate::registry::Check;
use crate::view::Resource;
use crate::{Applicability, Diagnostic, Edit, Fix, declare_rule};
use plimsoll_template::{Format, NodeRef};

declare_rule! {
    /// ### What it does
    /// Reports a custom resource whose `ServiceToken` is not the ARN of a Lambda function or
    /// an SNS topic: `!Ref` of an `AWS::Lambda::Function` (which gives the function's name),
    /// a `Fn::GetAtt` of an attribute that is not the ARN (`!GetAtt Topic.TopicName`), or a
    /// string, written or from a parameter's value, that is not of the form
    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME` or `arn:aws:sns:REGION:ACCOUNT:TOPIC`.
    /// A token the template does not decide (an import, a parameter without a value) is not
    /// reported.
    ///
    /// ### Why is this bad?
    /// CloudFormation cannot send the request anywhere: creating the stack fails at the custom
    /// resource and rolls back everything created before it. The mistake is easy to make
    /// because `!Ref` of an SNS topic is its ARN but `!Ref` of a Lambda function is not.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Runner:
    ///     Type: AWS::Lambda::Function
    ///     Properties:
    ///       Handler: index.handler
    ///       Runtime: python3.12
    ///       Role: arn:aws:iam::123456789012:role/runner
    ///       Code:
    ///         ZipFile: "def handler(event, context): pass"
    ///   Migrate:
    ///     Type: Custom::Migrate
    ///     Properties:
    ///       ServiceToken: !Ref Runner
    ///       ServiceTimeout: 60
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Runner:
    ///     Type: AWS::Lambda::Function
    ///     Properties:
    ///       Handler: index.handler
    ///       Runtime: python3.12
    ///       Role: arn:aws:iam::123456789012:role/runner
    ///       Code:
    ///         ZipFile: "def handler(event, context): pass"
    ///   Migrate:
    ///     Type: Custom::Migrate
    ///     Properties:
    ///       ServiceToken: !GetAtt Runner.Arn
    ///       ServiceTimeout: 60
    /// ```
    pub struct ServiceTokenNotArn {
        code: "CFR002",
        name: "service-token-not-arn",
        severity: Error,
    }
}

impl Check for ServiceTokenNotArn {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for custom in custom_resources(cx.eval) {
            let Some(token) = service_token(cx.eval, custom).node() else {
                continue;
            };
            if let Some(diagnostic) = check_token(cx, custom, token) {
                out.push(diagnostic);
            }
        }
    }
}

fn check_token<'d>(
    cx: &Context<'d>,
    custom: &Resource<'d>,
    token: NodeRef<'d>,
) -> Option<Diagnostic> {
    if let Some((target, attribute)) = cx.template.referenced_resource(token) {
        return reference_problem(cx, custom, token, target, attribute.as_deref());
    }
    let text = cx.eval.eval_text(token)?;
    if text
        .parts
        .iter()
        .any(|p| matches!(p, crate::eval::TextPart::Known(k) if k.contains("{{resolve:")))
    {
        // A dynamic reference, resolved at deploy time.
        return None;
    }
    let (shown, problem) = match text.known() {
        Some(known) => {
            let problem = arn_problem(&known)?;
            (known, problem)
        }
        None => (display(&text), prefix_problem(&text)?),
    };
    let inputs: Vec<ParameterInput> = text
        .inputs
        .iter()
        .cloned()
        .chain(deciding_parameters(cx.eval, token))
        .fold(Vec::new(), |mut all, used| {
            let used = ParameterInput::from_use(&used);
            if !all.contains(&used) {
                all.push(used);
            }
            all
        });
    let message = format!(
        "ServiceToken `{shown}` of `{}` is not a Lambda function or SNS topic ARN: \
         {problem}{}",
        custom.name,
        provenance(&inputs),
    );
    let mut builder = Diagnostic::at(&ServiceTokenNotArn::META, token, message).help(
        "use `!GetAtt Function.Arn` of a function in this template, or the full ARN \
         `arn:aws:lambda:REGION:ACCOUNT:function:NAME` (an SNS topic: \
         `arn:aws:sns:REGION:ACCOUNT:TOPIC`)",
    );
    for label in parameter_labels(cx.template, &inputs) {
        builder = builder.label(label.span, label.message);
    }
    Some(builder.build())
}

/// `!Ref`, `!GetAtt` or `!Sub ${…}` of a resource in the template.
fn reference_problem<'d>(
    cx: &Context<'d>,
    custom: &Resource<'d>,
    token: NodeRef<'d>,
    target: &Resource<'d>,
    attribute: Option<&str>,
) -> Option<Diagnostic> {
    let type_name = target.type_name?;
    let (gives, right) = if FUNCTION_TYPES.contains(&type_name) {
        match attribute {
            Some("Arn") => return None,
            None => ("the function's name".to_owned(), "Arn"),
            Some(other) => (format!("its `{other}` attribute"), "Arn"),
        }
    } else if type_name == "AWS::SNS::Topic" {
        match attribute {
            None | Some("TopicArn") => return None,
            Some(other) => (format!("its `{other}` attribute"), "TopicArn"),
        }
    } else {
        return None;
    };
    let written = written(cx, token);
    let message = format!(
        "ServiceToken {written} of `{}` gives {gives}, not the ARN of `{}`: CloudFormation \
         cannot invoke it and the stack fails at this resource",
        custom.name, target.name,
    );
    let replacement = match cx.document.format() {
        Format::Json => format!("{{\"Fn::GetAtt\": [\"{}\", \"{right}\"]}}", target.name),
        Format::Yaml => format!("!GetAtt {}.{right}", target.name),
    };
    let help = format!("use `!GetAtt {}.{right}`", target.name);
    Some(
        Diagnostic::at(&ServiceTokenNotArn::META, token, message)
            .help(help.clone())
            .label(
                target.name_span(),
                format!("`{}` is of type `{type_name}`", target.name),
            )
            .fix(Fix {
                message: help,
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    span: token.span(),
                    replacement,
                }],
            })
            .build(),
    )
}

/// How the token is written, for messages: `` `!Ref Runner` ``.
fn written(cx: &Context<'_>, token: NodeRef<'_>) -> String {
    let text = token.span().text(cx.source);
    if !text.is_empty() && !text.contains('\n') && text.len() <= 80 {
        format!("`{text}`")
    } else {
        match token.intrinsic() {
            Some((function, _)) => format!("`{function}`"),
            None => "value".to_owned(),
        }
    }
}
