//! Strings made of known and unknown parts.

use super::{Evaluator, MAX_DEPTH, ParamUse, Val, conditions, functions};
use crate::view::sub::{self, SubPart};
use plimsoll_template::NodeRef;

/// A piece of an evaluated string.
#[derive(Clone, Debug, PartialEq)]
pub enum TextPart {
    Known(String),
    /// Something the template does not decide (`${AWS::AccountId}`, `!GetAtt Db.Address`).
    Unknown,
}

/// A string whose parts may be unknown, and the parameters that decided the known ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Text<'d> {
    pub parts: Vec<TextPart>,
    pub inputs: Vec<ParamUse<'d>>,
}

impl<'d> Text<'d> {
    fn push_known(&mut self, text: &str) {
        if let Some(TextPart::Known(last)) = self.parts.last_mut() {
            last.push_str(text);
        } else if !text.is_empty() {
            self.parts.push(TextPart::Known(text.to_owned()));
        }
    }

    fn push_unknown(&mut self) {
        if self.parts.last() != Some(&TextPart::Unknown) {
            self.parts.push(TextPart::Unknown);
        }
    }

    fn append(&mut self, other: Text<'d>) {
        for part in other.parts {
            match part {
                TextPart::Known(text) => self.push_known(&text),
                TextPart::Unknown => self.push_unknown(),
            }
        }
        self.add_inputs(other.inputs);
    }

    fn add_inputs(&mut self, inputs: Vec<ParamUse<'d>>) {
        for input in inputs {
            if !self.inputs.contains(&input) {
                self.inputs.push(input);
            }
        }
    }

    /// The whole string, when every part is known.
    pub fn known(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                TextPart::Known(text) => out.push_str(text),
                TextPart::Unknown => return None,
            }
        }
        Some(out)
    }

    /// The known text after the last unknown part (the whole string when all is known).
    pub fn known_suffix(&self) -> &str {
        match self.parts.last() {
            Some(TextPart::Known(text)) => text,
            _ => "",
        }
    }

    /// Whether every part is known.
    pub fn is_known(&self) -> bool {
        !self.parts.contains(&TextPart::Unknown)
    }
}

pub(super) fn eval_text<'d>(
    ev: &Evaluator<'_, 'd>,
    node: NodeRef<'d>,
    depth: usize,
) -> Option<Text<'d>> {
    if depth > MAX_DEPTH {
        return None;
    }
    if let Some((function, argument)) = node.intrinsic()
        && let Some(text) = eval_text_call(ev, function, argument, depth + 1)
    {
        return Some(text);
    }
    let resolved = functions::eval(ev, node, depth + 1);
    let mut text = Text::default();
    match resolved.value.as_ref() {
        Some(Val::List(_) | Val::Map(_) | Val::NoValue) => return None,
        Some(value) => text.push_known(&value.to_text().unwrap_or_default()),
        None => text.push_unknown(),
    }
    text.add_inputs(resolved.inputs);
    Some(text)
}

/// Sub, Join and If as text; `None` for other functions (evaluate those as values).
pub(super) fn eval_text_call<'d>(
    ev: &Evaluator<'_, 'd>,
    function: &str,
    argument: NodeRef<'d>,
    depth: usize,
) -> Option<Text<'d>> {
    match function {
        "Fn::Sub" => eval_sub(ev, argument, depth),
        "Fn::Join" => eval_join(ev, argument, depth),
        "Fn::If" => {
            let name = argument.at(0)?.as_str()?;
            let branch = match conditions::named(ev, name, depth) {
                Some(true) => argument.at(1)?,
                Some(false) => argument.at(2)?,
                None => {
                    let mut text = Text::default();
                    text.push_unknown();
                    return Some(text);
                }
            };
            eval_text(ev, branch, depth + 1)
        }
        _ => None,
    }
}

fn eval_sub<'d>(ev: &Evaluator<'_, 'd>, argument: NodeRef<'d>, depth: usize) -> Option<Text<'d>> {
    let (template, variables) = match argument.at(0) {
        Some(first) => (first, argument.at(1)),
        None => (argument, None),
    };
    let source = template.as_str()?;
    let mut text = Text::default();
    for part in sub::parse(source) {
        match part {
            SubPart::Text(literal) => text.push_known(&literal),
            SubPart::Variable(variable) => {
                if let Some(value) = variables.and_then(|v| v.get(variable.name)) {
                    match eval_text(ev, value, depth + 1) {
                        Some(value) => text.append(value),
                        None => text.push_unknown(),
                    }
                } else if let Some((value, used)) = ev.parameter(variable.name) {
                    match value.to_text() {
                        Some(value) => {
                            text.push_known(&value);
                            text.add_inputs(vec![used.clone()]);
                        }
                        None => text.push_unknown(),
                    }
                } else {
                    text.push_unknown();
                }
            }
        }
    }
    Some(text)
}

fn eval_join<'d>(ev: &Evaluator<'_, 'd>, argument: NodeRef<'d>, depth: usize) -> Option<Text<'d>> {
    let delimiter = argument.at(0)?.as_str()?;
    let list = argument.at(1)?;
    let mut text = Text::default();
    if list.is_seq() {
        for (i, item) in list.items().enumerate() {
            if i > 0 {
                text.push_known(delimiter);
            }
            match eval_text(ev, item, depth + 1) {
                Some(item) => text.append(item),
                None => text.push_unknown(),
            }
        }
        return Some(text);
    }
    let resolved = functions::eval(ev, list, depth + 1);
    match resolved.value {
        Some(Val::List(items)) => {
            let texts: Option<Vec<String>> = items.iter().map(Val::to_text).collect();
            match texts {
                Some(texts) => text.push_known(&texts.join(delimiter)),
                None => text.push_unknown(),
            }
        }
        _ => text.push_unknown(),
    }
    text.add_inputs(resolved.inputs);
    Some(text)
}
