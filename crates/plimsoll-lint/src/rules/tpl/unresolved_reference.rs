use crate::context::Context;
use crate::registry::Check;
use crate::view::{RefKind, Reference, Template};
use crate::{Diagnostic, declare_rule, suggest};
use plimsoll_template::ParseErrorKind;

declare_rule! {
    /// ### What it does
    /// Reports a `Ref`, `Fn::GetAtt`, `Fn::Sub` variable, `DependsOn`, `Condition` or
    /// `Fn::FindInMap` that names nothing the template defines.
    ///
    /// ### Why is this bad?
    /// CloudFormation rejects the template ("Unresolved resource dependencies") only when you
    /// deploy it, often after a slow review cycle. A typo in a name is caught here instead.
    /// References to resources are not checked when the template has a `Transform` or Rain
    /// directives (`!Rain::Module`), because SAM, macros and Rain add resources the template
    /// does not show; names that start with a module's name (`Type: …::MODULE`) are taken to
    /// be the module's resources.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Cluster:
    ///     Type: AWS::ECS::Cluster
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       Cluster: !Ref Clustr
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Cluster:
    ///     Type: AWS::ECS::Cluster
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       Cluster: !Ref Cluster
    /// ```
    pub struct UnresolvedReference {
        code: "TPL003",
        name: "unresolved-reference",
        severity: Error,
    }
}

/// Parameters every template has.
pub const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

impl Check for UnresolvedReference {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let template = cx.template;
        let generated = template.has_transform || has_rain_directives(cx);
        let modules: Vec<&str> = template
            .resources
            .iter()
            .filter(|r| r.type_name.is_some_and(|t| t.ends_with("::MODULE")))
            .map(|r| r.name)
            .collect();
        let in_module = |name: &str| modules.iter().any(|m| name.starts_with(m));
        for reference in &template.references {
            let name = reference.target;
            let what = match reference.kind {
                RefKind::Ref | RefKind::Sub if reference.attribute.is_none() => {
                    let exists = template.parameter(name).is_some()
                        || template.resource(name).is_some()
                        || PSEUDO_PARAMETERS.contains(&name)
                        || in_module(name);
                    if generated || exists {
                        continue;
                    }
                    Target::ParameterOrResource
                }
                RefKind::Ref | RefKind::Sub | RefKind::GetAtt | RefKind::DependsOn => {
                    if generated || template.resource(name).is_some() || in_module(name) {
                        continue;
                    }
                    Target::Resource
                }
                RefKind::Condition => {
                    if template.condition(name).is_some() {
                        continue;
                    }
                    Target::Condition
                }
                RefKind::FindInMap => {
                    if template.mapping(name).is_some() {
                        continue;
                    }
                    Target::Mapping
                }
            };
            out.push(diagnostic(cx, reference, what));
        }
    }
}

/// What kind of name a reference needs.
#[derive(Clone, Copy)]
enum Target {
    ParameterOrResource,
    Resource,
    Condition,
    Mapping,
}

impl Target {
    fn describe(self) -> &'static str {
        match self {
            Target::ParameterOrResource => "parameter or resource",
            Target::Resource => "resource",
            Target::Condition => "condition",
            Target::Mapping => "mapping",
        }
    }

    /// The names that would satisfy the reference, for "did you mean" (lazily: the search
    /// gives up early in huge templates).
    fn candidates<'a>(self, template: &'a Template<'_>) -> Box<dyn Iterator<Item = &'a str> + 'a> {
        let resources = template.resources.iter().map(|r| r.name);
        match self {
            Target::ParameterOrResource => Box::new(
                template
                    .parameters
                    .iter()
                    .map(|p| p.name)
                    .chain(resources)
                    .chain(PSEUDO_PARAMETERS.iter().copied()),
            ),
            Target::Resource => Box::new(resources),
            Target::Condition => Box::new(template.conditions.iter().map(|c| c.name)),
            Target::Mapping => Box::new(template.mappings.iter().map(|m| m.name)),
        }
    }
}

/// Rain (a CloudFormation tool) expands `!Rain::Module` and friends into more resources.
fn has_rain_directives(cx: &Context<'_>) -> bool {
    cx.parse_diagnostics.iter().any(
        |d| matches!(&d.kind, ParseErrorKind::UnknownTag { tag } if tag.starts_with("!Rain::")),
    )
}

fn diagnostic(cx: &Context<'_>, reference: &Reference<'_>, target: Target) -> Diagnostic {
    let name = reference.target;
    let what = target.describe();
    let (message, span) = match (&reference.sub_range, reference.node.as_str()) {
        (Some(range), Some(text)) => {
            let variable = text.get(range.clone()).unwrap_or(name);
            (
                format!("`{variable}`: `{name}` is not a {what} in this template"),
                cx.span_of_text_in(reference.node, variable),
            )
        }
        _ => (
            format!("`{name}` is not a {what} in this template"),
            reference.node.span(),
        ),
    };
    let builder = Diagnostic::builder(
        &UnresolvedReference::META,
        span,
        reference.node.path(),
        message,
    );
    let help = match suggest::closest(name, target.candidates(cx.template)) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("define the {what} `{name}`, or fix the name"),
    };
    builder.help(help).build()
}
