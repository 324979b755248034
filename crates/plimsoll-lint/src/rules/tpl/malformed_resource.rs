use super::malformed_intrinsic::kind;
use crate::context::Context;
use crate::registry::Check;
use crate::{Diagnostic, declare_rule};
use plimsoll_template::{NodeRef, Span};

declare_rule! {
    /// ### What it does
    /// Reports a `Resources` section that CloudFormation cannot read: missing, empty, or not a
    /// mapping (a list, a string, nothing after `Resources:`), and a resource that is not a
    /// mapping or has no `Type`, or a `Type` that is not a literal string (empty, a number, a
    /// list, an intrinsic function).
    ///
    /// Templates with a transform other than SAM's or `AWS::LanguageExtensions` (a macro may
    /// write the section) are not checked, nor are `Fn::ForEach::…` and `Fn::Transform`
    /// entries, which expand into resources, nor a `Type` that is a mapping of a preprocessor
    /// (`{Rain::Module: …}`).
    ///
    /// ### Why is this bad?
    /// CloudFormation rejects the template before it creates anything ("Template format
    /// error: Every Resources object must contain a Type member"), and Plimsoll's other rules
    /// see no resources to check, so they stay silent about everything else.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Queue:
    ///     Properties:
    ///       DelaySeconds: 5
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Queue:
    ///     Type: AWS::SQS::Queue
    ///     Properties:
    ///       DelaySeconds: 5
    /// ```
    pub struct MalformedResource {
        code: "TPL007",
        name: "malformed-resource",
        severity: Error,
    }
}

/// Transforms that leave the `Resources` section as written (their entries still need a
/// `Type`).
const KNOWN_TRANSFORMS: [&str; 2] = ["AWS::Serverless-2016-10-31", "AWS::LanguageExtensions"];

impl Check for MalformedResource {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let root = cx.template.root;
        if transformed_by_macro(root) {
            return;
        }
        let Some(section) = root.get("Resources") else {
            out.push(
                Diagnostic::builder(
                    &Self::META,
                    Span::at(root.span().start),
                    "",
                    "the template has no `Resources` section; CloudFormation needs at least \
                     one resource",
                )
                .build(),
            );
            return;
        };
        if !section.is_map() {
            let (span, message) = if section.is_null() {
                (
                    section.key_span(),
                    "`Resources` is empty; CloudFormation needs at least one resource".to_owned(),
                )
            } else {
                (
                    section.span(),
                    format!(
                        "`Resources` must be a mapping of logical IDs to resources, not {}",
                        kind(section)
                    ),
                )
            };
            out.push(Diagnostic::builder(&Self::META, span, section.path(), message).build());
            return;
        }
        if section.is_empty() {
            out.push(
                Diagnostic::builder(
                    &Self::META,
                    section.key_span(),
                    section.path(),
                    "`Resources` is empty; CloudFormation needs at least one resource",
                )
                .build(),
            );
            return;
        }
        for (name, resource) in section.entries() {
            // `Fn::ForEach::Loop` (language extensions) and `Fn::Transform` (AWS::Include)
            // expand into resources; they are not resources themselves.
            if name.starts_with("Fn::") {
                continue;
            }
            if let Some(problem) = problem(name, resource) {
                out.push(problem.build());
            }
        }
    }
}

/// What is wrong with one resource, if anything.
fn problem(name: &str, resource: NodeRef<'_>) -> Option<crate::DiagnosticBuilder> {
    let meta = &MalformedResource::META;
    if !resource.is_map() {
        return Some(Diagnostic::builder(
            meta,
            resource.key_span(),
            resource.path(),
            format!(
                "resource `{name}` must be a mapping with a `Type`, not {}",
                kind(resource)
            ),
        ));
    }
    let Some(type_node) = resource.get("Type") else {
        return Some(
            Diagnostic::builder(
                meta,
                resource.key_span(),
                resource.path(),
                format!("resource `{name}` has no `Type`"),
            )
            .help("add the resource type, such as `Type: AWS::SQS::Queue`"),
        );
    };
    // A mapping that is no function belongs to a preprocessor (Rain's `{Rain::Module: …}`).
    if type_node.is_map() && type_node.intrinsic().is_none() {
        return None;
    }
    let message = match type_node.as_str() {
        Some(type_name) if !type_name.trim().is_empty() => return None,
        Some(_) => format!("the `Type` of resource `{name}` is empty"),
        None => format!(
            "the `Type` of resource `{name}` must be a literal string such as \
             `AWS::SQS::Queue`, not {}",
            kind(type_node)
        ),
    };
    Some(Diagnostic::at(meta, type_node, message))
}

/// Whether a transform other than SAM and the language extensions (a macro) processes the
/// template.
fn transformed_by_macro(root: NodeRef<'_>) -> bool {
    root.get("Transform").is_some_and(|t| {
        t.one_or_many()
            .any(|name| name.as_str().is_none_or(|n| !KNOWN_TRANSFORMS.contains(&n)))
    })
}
