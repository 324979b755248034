use crate::context::Context;
use crate::model::custom_resource::{backing, custom_resources, suggested_service_timeout};
use crate::model::property_value::{Source, parameter_labels};
use crate::registry::Check;
use crate::view::Resource;
use crate::{Applicability, Diagnostic, Edit, Fix, declare_rule};
use plimsoll_template::{Format, Span};

declare_rule! {
    /// ### What it does
    /// Reports a custom resource backed by a Lambda function in the template that does not
    /// set `ServiceTimeout`, and suggests the function's `Timeout` (3 s when omitted) plus
    /// 60 seconds.
    ///
    /// ### Why is this bad?
    /// CloudFormation waits for the function to answer at the response URL. If the function
    /// crashes, times out or forgets to answer, the stack waits the default ServiceTimeout of
    /// 3600 seconds, an hour, before it fails, and the rollback's Delete request can wait as
    /// long again. A function cannot answer after its own Timeout, so waiting longer than that
    /// plus a margin only delays the failure. (A function that hands the answer to something
    /// that runs longer, such as a task that calls the response URL itself, needs a longer
    /// ServiceTimeout; set it to what that takes. plimsoll-runner's `Custom::EcsRunTask`
    /// waits across invocations of its function, so for it the suggestion is its
    /// `TimeoutSeconds` plus 60 seconds.)
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
    ///       ServiceTimeout: 360
    ///       ServiceToken: !GetAtt Runner.Arn
    /// ```
    pub struct MissingServiceTimeout {
        code: "CFR005",
        name: "missing-service-timeout",
        severity: Info,
    }
}

impl Check for MissingServiceTimeout {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for custom in custom_resources(cx.eval) {
            let Some(backing) = backing(cx.eval, custom) else {
                continue;
            };
            if backing.service_timeout.source != Source::Default {
                continue;
            }
            let timeout = &backing.timeout;
            let suggested = suggested_service_timeout(cx.eval, custom, timeout.value);
            let function = backing.function.name;
            let timeout_text = match timeout.source {
                Source::Default => format!("Timeout {} s, the default", timeout.value),
                _ => format!("Timeout {} s", timeout.value),
            };
            let message = format!(
                "`{}` sets no ServiceTimeout: if `{function}` ({timeout_text}) fails without \
                 answering, CloudFormation waits 3600 s (an hour) before the stack fails, and \
                 its rollback may wait as long again{}",
                custom.name,
                timeout.provenance(),
            );
            let help = format!(
                "set ServiceTimeout to {} ({}), or to how long the work takes when the function \
                 hands it on (polling, a task that answers itself)",
                suggested.seconds, suggested.basis
            );
            let mut builder = Diagnostic::builder(
                &MissingServiceTimeout::META,
                custom.name_span(),
                custom.node.path(),
                message,
            )
            .help(help);
            if let Some(fix) = insert_service_timeout(cx, custom, suggested.seconds) {
                builder = builder.fix(fix);
            }
            for label in parameter_labels(cx.template, &timeout.parameters) {
                builder = builder.label(label.span, label.message);
            }
            out.push(builder.build());
        }
    }
}

/// An edit that adds `ServiceTimeout: seconds` just before the `ServiceToken` key, in the
/// style of the surrounding mapping (block YAML, flow YAML or JSON).
fn insert_service_timeout(cx: &Context<'_>, custom: &Resource<'_>, seconds: i64) -> Option<Fix> {
    let properties = custom.properties?;
    let key = custom.property("ServiceToken")?.key_span();
    let source = cx.source;
    let start = key.start as usize;
    let line_start = source.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let indent = source.get(line_start..start)?;
    let own_line = indent.bytes().all(|b| b == b' ' || b == b'\t');
    let flow = properties.span().text(source).starts_with('{');
    let (at, text) = match (cx.document.format(), own_line, flow) {
        (Format::Yaml, true, false) => (line_start, format!("{indent}ServiceTimeout: {seconds}\n")),
        (Format::Yaml, _, _) => (start, format!("ServiceTimeout: {seconds}, ")),
        (Format::Json, true, _) => (start, format!("\"ServiceTimeout\": {seconds},\n{indent}")),
        (Format::Json, false, _) => (start, format!("\"ServiceTimeout\": {seconds}, ")),
    };
    let at = u32::try_from(at).ok()?;
    Some(Fix {
        message: format!("add `ServiceTimeout: {seconds}`"),
        // A function that hands its answer to a longer-running job needs more time.
        applicability: Applicability::Unsafe,
        edits: vec![Edit {
            span: Span::at(at),
            replacement: text,
        }],
    })
}
