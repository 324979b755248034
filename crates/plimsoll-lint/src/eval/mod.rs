//! Evaluation: what values a template would deploy with, as far as the template decides them.
//!
//! Parameters take their override or their default; `Fn::FindInMap`, `Fn::Sub`, `Fn::Join`,
//! `Fn::Select`, `Fn::Split`, `Fn::If` and conditions are computed when their inputs are known.
//! Everything else (resource attributes, pseudo parameters like `AWS::Region`, imports, SSM
//! parameters) is unknown, and unknown stays unknown: rules never guess.

mod conditions;
mod functions;
mod text;
mod value;

pub use text::{Text, TextPart};
pub use value::Val;

use crate::settings::ParameterLookup;
use crate::view::{Parameter, Template};
use plimsoll_template::NodeRef;
use std::cell::RefCell;
use std::collections::HashMap;

/// Where a parameter's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueSource {
    Default,
    Override,
    /// Chosen by a scenario (see `crate::scenario`): neither the user's value nor the default.
    Assumed,
}

/// A parameter value used in an evaluation, so messages can name it
/// ("with the parameter default DesiredCount=1").
#[derive(Clone, Debug, PartialEq)]
pub struct ParamUse<'d> {
    pub name: &'d str,
    pub value: String,
    pub source: ValueSource,
}

impl ParamUse<'_> {
    /// "the parameter default X=1" or "the parameter value X=1".
    pub fn describe(&self) -> String {
        let kind = match self.source {
            ValueSource::Default => "the parameter default",
            ValueSource::Override => "the parameter value",
            ValueSource::Assumed => "the assumed parameter value",
        };
        format!("{kind} {}={}", self.name, self.value)
    }
}

/// The result of evaluating a node: a value, or unknown, and the parameters it used.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resolved<'d> {
    pub value: Option<Val>,
    pub inputs: Vec<ParamUse<'d>>,
}

impl<'d> Resolved<'d> {
    pub fn known(value: Val) -> Resolved<'d> {
        Resolved {
            value: Some(value),
            inputs: Vec::new(),
        }
    }

    pub fn unknown() -> Resolved<'d> {
        Resolved::default()
    }

    pub fn with_inputs(mut self, inputs: impl IntoIterator<Item = ParamUse<'d>>) -> Self {
        for input in inputs {
            if !self.inputs.contains(&input) {
                self.inputs.push(input);
            }
        }
        self
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.value.as_ref().and_then(Val::as_i64)
    }

    pub fn as_f64(&self) -> Option<f64> {
        self.value.as_ref().and_then(Val::as_f64)
    }

    pub fn as_str(&self) -> Option<&str> {
        self.value.as_ref().and_then(Val::as_str)
    }

    pub fn as_bool(&self) -> Option<bool> {
        self.value.as_ref().and_then(Val::as_bool)
    }

    /// " (with the parameter default X=1)" when parameters decided the value, else "".
    pub fn provenance(&self) -> String {
        if self.inputs.is_empty() {
            return String::new();
        }
        let uses: Vec<String> = self.inputs.iter().map(ParamUse::describe).collect();
        format!(" (with {})", uses.join(", "))
    }
}

/// A parameter's effective value.
#[derive(Clone, Debug)]
struct ParamValue<'d> {
    value: Val,
    used: ParamUse<'d>,
}

/// Evaluates nodes of one template under one set of parameter values.
#[derive(Debug)]
pub struct Evaluator<'t, 'd> {
    template: &'t Template<'d>,
    parameters: HashMap<&'d str, ParamValue<'d>>,
    /// Names given a value for this template that it does not declare, in the order given.
    undeclared: Vec<String>,
    /// Memoized conditions; `None` while being evaluated (cycle guard) or when undecidable.
    /// Owned keys keep the evaluator covariant in `'d`.
    conditions: RefCell<HashMap<String, Option<bool>>>,
    /// Parameters a scenario gave a value unlike any literal the template compares them with:
    /// unknown everywhere, except that `Fn::Equals` with a known value is false.
    unlike_all: Vec<&'d str>,
}

impl<'t, 'd> Evaluator<'t, 'd> {
    pub fn new<P: ParameterLookup + ?Sized>(
        template: &'t Template<'d>,
        overrides: &P,
    ) -> Evaluator<'t, 'd> {
        let parameters = template
            .parameters
            .iter()
            .filter_map(|p| parameter_value(p, overrides).map(|v| (p.name, v)))
            .collect();
        let undeclared = overrides
            .given_names()
            .into_iter()
            .filter(|name| template.parameter(name).is_none())
            .map(str::to_owned)
            .collect();
        Evaluator {
            template,
            parameters,
            undeclared,
            conditions: RefCell::new(HashMap::new()),
            unlike_all: Vec::new(),
        }
    }

    /// An evaluator for one scenario: the overrides and defaults, then the assumed values
    /// (`None`: a value unlike every literal the template compares the parameter with).
    pub fn assuming<P: ParameterLookup + ?Sized>(
        template: &'t Template<'d>,
        overrides: &P,
        assumed: &[(&'d str, Option<String>)],
    ) -> Evaluator<'t, 'd> {
        let mut ev = Evaluator::new(template, overrides);
        for (name, value) in assumed {
            let Some(p) = template.parameter(name) else {
                continue;
            };
            match value {
                Some(text) => {
                    let value = typed_value(p, text);
                    let used = ParamUse {
                        name: p.name,
                        value: text.clone(),
                        source: ValueSource::Assumed,
                    };
                    ev.parameters.insert(p.name, ParamValue { value, used });
                }
                None => {
                    ev.parameters.remove(p.name);
                    ev.unlike_all.push(p.name);
                }
            }
        }
        ev
    }

    /// Whether `node` is a `Ref` to a parameter whose assumed value is unlike every literal.
    fn refers_to_unlike(&self, node: NodeRef<'_>) -> bool {
        node.intrinsic().is_some_and(|(function, argument)| {
            function == "Ref"
                && argument
                    .as_str()
                    .is_some_and(|name| self.unlike_all.contains(&name))
        })
    }

    pub fn template(&self) -> &'t Template<'d> {
        self.template
    }

    /// The value a parameter takes (override or default), if the template decides it.
    pub fn parameter(&self, name: &str) -> Option<(&Val, &ParamUse<'d>)> {
        self.parameters.get(name).map(|p| (&p.value, &p.used))
    }

    /// The names given a value for this template (see `ParameterLookup::given_names`) that
    /// it does not declare.
    pub fn undeclared_overrides(&self) -> &[String] {
        &self.undeclared
    }

    /// Evaluates a node.
    pub fn eval(&self, node: NodeRef<'d>) -> Resolved<'d> {
        functions::eval(self, node, 0)
    }

    /// Evaluates a node to text made of known and unknown parts, for checks on part of a
    /// string (the tag at the end of an image whose registry comes from `${AWS::AccountId}`).
    pub fn eval_text(&self, node: NodeRef<'d>) -> Option<Text<'d>> {
        text::eval_text(self, node, 0)
    }

    /// The value of a named condition, when it can be decided.
    pub fn condition(&self, name: &str) -> Option<bool> {
        conditions::named(self, name, 0)
    }

    /// Whether a resource is deployed: its `Condition` is absent or true. `None` when undecided.
    pub fn is_deployed(&self, condition: Option<&str>) -> Option<bool> {
        match condition {
            None => Some(true),
            Some(name) => self.condition(name),
        }
    }
}

/// The depth at which evaluation gives up (well above the parser's nesting limit, so it only
/// guards against pathological chains).
const MAX_DEPTH: usize = 256;

fn parameter_value<'d, P: ParameterLookup + ?Sized>(
    p: &Parameter<'d>,
    overrides: &P,
) -> Option<ParamValue<'d>> {
    if p.is_ssm() {
        return None;
    }
    let (text, source) = match overrides.lookup(p.name) {
        Some(v) => (v.to_owned(), ValueSource::Override),
        None => {
            let default = p.default?;
            let text = match default.scalar_text() {
                Some(t) => t.into_owned(),
                None => {
                    let items: Option<Vec<String>> = default
                        .items()
                        .map(|i| i.scalar_text().map(|t| t.into_owned()))
                        .collect();
                    items?.join(",")
                }
            };
            (text, ValueSource::Default)
        }
    };
    Some(ParamValue {
        value: typed_value(p, &text),
        used: ParamUse {
            name: p.name,
            value: text,
            source,
        },
    })
}

/// A parameter's text as the value its type gives it.
fn typed_value(p: &Parameter<'_>, text: &str) -> Val {
    if p.is_list() {
        Val::List(
            text.split(',')
                .map(|s| Val::Str(s.trim().to_owned()))
                .collect(),
        )
    } else if p.type_name == Some("Number") {
        Val::number_or_string(text)
    } else {
        Val::Str(text.to_owned())
    }
}
