//! Property values: a property's value after evaluation, where it comes from (omitted and
//! defaulted, written, or decided by parameters) and where it is written, so messages can say
//! "with the parameter default DesiredCount=1" and point at the value.

use crate::Label;
use crate::eval::{Evaluator, ParamUse, Resolved, Text, TextPart, Val, ValueSource};
use crate::model::pick::Picked;
use crate::view::Template;
use plimsoll_template::{NodeRef, Span};
use serde::Serialize;

/// A place in the template: byte span and JSON pointer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub span: Span,
    pub path: String,
}

impl Location {
    pub fn of(node: NodeRef<'_>) -> Location {
        Location {
            span: node.span(),
            path: node.path(),
        }
    }
}

/// Where a property's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The property is omitted: the service default applies.
    Default,
    /// Written in the template (possibly through a mapping or a decided condition).
    Template,
    /// Decided by parameter values (defaults or overrides).
    Parameter,
}

/// A parameter value that decided a property's value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterInput {
    pub name: String,
    pub value: String,
    /// The parameter's default (true) or an override (false).
    pub is_default: bool,
    /// A value assumed by a scenario that deploys a conditional resource, not the user's.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub assumed: bool,
}

impl ParameterInput {
    pub fn from_use(used: &ParamUse<'_>) -> ParameterInput {
        ParameterInput {
            name: used.name.to_owned(),
            value: used.value.clone(),
            is_default: used.source == ValueSource::Default,
            assumed: used.source == ValueSource::Assumed,
        }
    }

    fn as_use(&self) -> ParamUse<'_> {
        ParamUse {
            name: &self.name,
            value: self.value.clone(),
            source: if self.is_default {
                ValueSource::Default
            } else if self.assumed {
                ValueSource::Assumed
            } else {
                ValueSource::Override
            },
        }
    }
}

/// A property's value after evaluation: the value, where it comes from and where it is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PropertyValue<T> {
    pub value: T,
    pub source: Source,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParameterInput>,
    /// The value's node; `None` when the property is omitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl<T> PropertyValue<T> {
    fn default_value(value: T) -> PropertyValue<T> {
        PropertyValue {
            value,
            source: Source::Default,
            parameters: Vec::new(),
            location: None,
        }
    }

    /// " (with the parameter default X=1)" when parameters decided the value, else "".
    pub fn provenance(&self) -> String {
        provenance(self.parameters.iter())
    }
}

/// The provenance of several property values at once, each parameter named once.
pub fn provenance<'a>(inputs: impl IntoIterator<Item = &'a ParameterInput>) -> String {
    Resolved::unknown()
        .with_inputs(inputs.into_iter().map(ParameterInput::as_use))
        .provenance()
}

/// Resolves a picked value: the default when absent, `None` when unknown or not parseable.
pub fn resolve<'d, T>(
    ev: &Evaluator<'_, 'd>,
    picked: Picked<'d>,
    default: T,
    parse: impl FnOnce(&Val) -> Option<T>,
) -> Option<PropertyValue<T>> {
    let node = match picked {
        Picked::Absent => return Some(PropertyValue::default_value(default)),
        Picked::Unknown => return None,
        Picked::Node(node) => node,
    };
    let resolved = ev
        .eval(node)
        .with_inputs(crate::model::pick::deciding_parameters(ev, node));
    let value = match resolved.value.as_ref()? {
        Val::NoValue => return Some(PropertyValue::default_value(default)),
        value => parse(value)?,
    };
    Some(PropertyValue {
        value,
        source: if resolved.inputs.is_empty() {
            Source::Template
        } else {
            Source::Parameter
        },
        parameters: resolved
            .inputs
            .iter()
            .map(ParameterInput::from_use)
            .collect(),
        location: Some(Location::of(node)),
    })
}

/// Most parameters [`parameters_without_value`] names for one value.
const MAX_UNSET: usize = 4;

/// The template's parameters that a picked value refers to (`Ref`, at any depth) and that
/// have neither a default nor an override: giving them a value may decide it. In the order
/// they appear, each once, at most [`MAX_UNSET`].
pub fn parameters_without_value<'d>(ev: &Evaluator<'_, 'd>, picked: Picked<'d>) -> Vec<&'d str> {
    let mut names: Vec<&'d str> = Vec::new();
    let Picked::Node(node) = picked else {
        return names;
    };
    // An explicit stack: the parser bounds nesting, but a walk need not recurse.
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        if names.len() == MAX_UNSET {
            break;
        }
        if let Some(("Ref", argument)) = node.intrinsic() {
            if let Some(name) = argument.as_str() {
                let unset = ev.template().parameter(name).is_some() && ev.parameter(name).is_none();
                if unset && !names.contains(&name) {
                    names.push(name);
                }
            }
            continue;
        }
        let children: Vec<NodeRef<'d>> = if node.is_map() {
            node.entries().map(|(_, child)| child).collect()
        } else {
            node.items().collect()
        };
        stack.extend(children.into_iter().rev());
    }
    names
}

/// An integer property (`Val::as_i64` accepts "100" and 100.0 as CloudFormation does).
pub fn resolve_int<'d>(
    ev: &Evaluator<'_, 'd>,
    picked: Picked<'d>,
    default: i64,
) -> Option<PropertyValue<i64>> {
    resolve(ev, picked, default, Val::as_i64)
}

/// Labels at the parameters whose values decided a finding ("DesiredCount defaults to 1").
pub fn parameter_labels<'a>(
    template: &Template<'_>,
    inputs: impl IntoIterator<Item = &'a ParameterInput>,
) -> Vec<Label> {
    let mut labels: Vec<Label> = Vec::new();
    for input in inputs {
        let Some(parameter) = template.parameter(&input.name) else {
            continue;
        };
        let (span, message) = match (input.is_default, parameter.default) {
            _ if input.assumed => (
                parameter.node.key_span(),
                format!("`{}` is {} (an assumed value)", input.name, input.value),
            ),
            (true, Some(default)) => (
                default.span(),
                format!("`{}` defaults to {}", input.name, input.value),
            ),
            _ => (
                parameter.node.key_span(),
                format!("`{}` is {} (a parameter value)", input.name, input.value),
            ),
        };
        if !labels.iter().any(|l| l.span == span) {
            labels.push(Label { span, message });
        }
    }
    labels
}

/// An evaluated string for messages, with `…` for the parts the template does not decide.
pub fn display(text: &Text<'_>) -> String {
    text.parts
        .iter()
        .map(|part| match part {
            TextPart::Known(known) => known.as_str(),
            TextPart::Unknown => "…",
        })
        .collect()
}
