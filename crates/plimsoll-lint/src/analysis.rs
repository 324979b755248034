//! Everything the browser checker shows besides the findings: the template's parameters (for
//! the parameters panel) and its ECS services' rolling deployments (for the rollout picture).
//! Computed in the same pass as the lint.

use crate::view::Template;
use plimsoll_template::{NodeRef, Span};
use serde::Serialize;

/// One parameter of the template, as the parameters panel shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterInfo {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_values: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub no_echo: bool,
    /// The parameter's name in the source.
    pub span: Span,
}

/// The result of linting one template: findings plus what the template declares.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Analysis {
    pub diagnostics: Vec<crate::Diagnostic>,
    pub parameters: Vec<ParameterInfo>,
    pub services: Vec<crate::rollout::ServiceRollout>,
    /// Whether the template parsed into a mapping and its parameters were read: only then is
    /// `parameters` all it declares (the CLI's check of shared parameter values relies on it).
    #[serde(skip)]
    pub parameters_known: bool,
}

pub(crate) fn parameters(template: &Template<'_>) -> Vec<ParameterInfo> {
    let text =
        |node: Option<NodeRef<'_>>| node.and_then(|n| n.scalar_text()).map(|t| t.into_owned());
    template
        .parameters
        .iter()
        .map(|p| ParameterInfo {
            name: p.name.to_owned(),
            type_name: p.type_name.map(str::to_owned),
            default: text(p.default).or_else(|| {
                let items: Option<Vec<String>> = p
                    .default?
                    .items()
                    .map(|i| i.scalar_text().map(|t| t.into_owned()))
                    .collect();
                items.map(|i| i.join(","))
            }),
            allowed_values: p
                .node
                .get("AllowedValues")
                .map(|v| v.items().filter_map(|i| text(Some(i))).collect())
                .unwrap_or_default(),
            description: text(p.node.get("Description")),
            no_echo: p
                .node
                .get("NoEcho")
                .and_then(NodeRef::as_bool)
                .unwrap_or(false),
            span: p.node.key_span(),
        })
        .collect()
}
