use crate::context::Context;
use crate::model::custom_resource::{backing, custom_resources, suggested_service_timeout};
use crate::model::property_value::{Source, parameter_labels};
use crate::registry::Check;
use crate::{Applicability, Diagnostic, Edit, Fix, declare_rule};

declare_rule! {
    /// ### What it does
    /// Reports a custom resource whose `ServiceTimeout` is not longer than the `Timeout` of
    /// the Lambda function in the template that backs it (3 s when omitted; for SAM functions
    /// also `Globals.Function.Timeout`).
    ///
    /// ### Why is this bad?
    /// CloudFormation stops waiting before the function may finish: a run that takes longer
    /// than ServiceTimeout but succeeds within its own Timeout still fails the stack, which
    /// then rolls back work that was done. Database migrations, the usual job of such a
    /// function, are exactly the slow runs that hit this.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Runner:
    ///     Type: AWS::Lambda::Function
    ///     Properties:
    ///       Handler: index.handler
    ///       Runtime: python3.12
    ///       Timeout: 300
    ///       Role: arn:aws:iam::123456789012:role/runner
    ///       Code:
    ///         ZipFile: "def handler(event, context): pass"
    ///   Migrate:
    ///     Type: Custom::Migrate
    ///     Properties:
    ///       ServiceToken: !GetAtt Runner.Arn
    ///       ServiceTimeout: 120
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
    ///       Timeout: 300
    ///       Role: arn:aws:iam::123456789012:role/runner
    ///       Code:
    ///         ZipFile: "def handler(event, context): pass"
    ///   Migrate:
    ///     Type: Custom::Migrate
    ///     Properties:
    ///       ServiceToken: !GetAtt Runner.Arn
    ///       ServiceTimeout: 360
    /// ```
    pub struct ServiceTimeoutShorterThanFunction {
        code: "CFR004",
        name: "service-timeout-shorter-than-function",
        severity: Warning,
    }
}

impl Check for ServiceTimeoutShorterThanFunction {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for custom in custom_resources(cx.eval) {
            let Some(backing) = backing(cx.eval, custom) else {
                continue;
            };
            let (timeout, service_timeout) = (&backing.timeout, &backing.service_timeout);
            let Some(location) = &service_timeout.location else {
                continue; // omitted: CFR005
            };
            if timeout.value < service_timeout.value {
                continue;
            }
            let function = backing.function.name;
            let suggestion = suggested_service_timeout(cx.eval, custom, timeout.value);
            let suggested = suggestion.seconds;
            let inputs = service_timeout.parameters.iter().chain(&timeout.parameters);
            let message = format!(
                "CloudFormation stops waiting for `{}` after ServiceTimeout {} s, but `{function}` \
                 may run for {} s (its Timeout{}): a slow run that succeeds still fails the \
                 stack{}",
                custom.name,
                service_timeout.value,
                timeout.value,
                if timeout.source == Source::Default {
                    ", the default"
                } else {
                    ""
                },
                crate::model::property_value::provenance(inputs.clone()),
            );
            let help = if suggested > timeout.value {
                format!(
                    "raise ServiceTimeout to {suggested} ({}), or lower the function's Timeout",
                    suggestion.basis
                )
            } else {
                "lower the function's Timeout below the ServiceTimeout".to_owned()
            };
            let mut builder = Diagnostic::builder(
                &ServiceTimeoutShorterThanFunction::META,
                location.span,
                location.path.clone(),
                message,
            )
            .help(help);
            if let Some(node) = backing.function.property("Timeout")
                && timeout.location.is_some()
            {
                builder = builder.label(node.span(), format!("`{function}` may run this long"));
            }
            // A written number is replaced; a value from a parameter is left to its owner.
            if service_timeout.source == Source::Template
                && suggested > timeout.value
                && let Some(node) = custom.property("ServiceTimeout").filter(|n| n.is_scalar())
            {
                builder = builder.fix(Fix {
                    message: format!("set ServiceTimeout to {suggested}"),
                    applicability: Applicability::Safe,
                    edits: vec![Edit {
                        span: node.span(),
                        replacement: suggested.to_string(),
                    }],
                });
            }
            for label in parameter_labels(cx.template, inputs) {
                builder = builder.label(label.span, label.message);
            }
            out.push(builder.build());
        }
    }
}
