//! Intrinsic functions evaluated to values.

use super::{Evaluator, MAX_DEPTH, Resolved, Val, conditions, text};
use plimsoll_template::{NodeRef, Value};
use std::collections::BTreeMap;

pub(super) fn eval<'d>(ev: &Evaluator<'_, 'd>, node: NodeRef<'d>, depth: usize) -> Resolved<'d> {
    if depth > MAX_DEPTH {
        return Resolved::unknown();
    }
    match node.value() {
        Value::Null => Resolved::known(Val::Null),
        Value::Bool(b) => Resolved::known(Val::Bool(*b)),
        Value::Int(i) => Resolved::known(Val::Int(*i)),
        Value::Float(f) => Resolved::known(Val::Float(*f)),
        Value::String(s) => Resolved::known(Val::Str(s.clone())),
        Value::Seq(_) => {
            let mut inputs = Vec::new();
            let mut items = Vec::new();
            for item in node.items() {
                let resolved = eval(ev, item, depth + 1);
                inputs.extend(resolved.inputs);
                match resolved.value {
                    Some(Val::NoValue) => {}
                    Some(value) => items.push(value),
                    None => return Resolved::unknown().with_inputs(inputs),
                }
            }
            Resolved::known(Val::List(items)).with_inputs(inputs)
        }
        Value::Map(_) => match node.intrinsic() {
            Some((function, argument)) => call(ev, function, argument, depth + 1),
            None => {
                let mut inputs = Vec::new();
                let mut map = BTreeMap::new();
                for (key, value) in node.entries() {
                    let resolved = eval(ev, value, depth + 1);
                    inputs.extend(resolved.inputs);
                    match resolved.value {
                        Some(Val::NoValue) => {}
                        Some(value) => {
                            map.insert(key.to_owned(), value);
                        }
                        None => return Resolved::unknown().with_inputs(inputs),
                    }
                }
                Resolved::known(Val::Map(map)).with_inputs(inputs)
            }
        },
    }
}

fn call<'d>(
    ev: &Evaluator<'_, 'd>,
    function: &str,
    argument: NodeRef<'d>,
    depth: usize,
) -> Resolved<'d> {
    match function {
        "Ref" => reference(ev, argument),
        "Fn::Sub" | "Fn::Join" => match text::eval_text_call(ev, function, argument, depth) {
            Some(text) => match text.known() {
                Some(known) => Resolved::known(Val::Str(known)).with_inputs(text.inputs),
                None => Resolved::unknown().with_inputs(text.inputs),
            },
            None => Resolved::unknown(),
        },
        "Fn::Select" => select(ev, argument, depth),
        "Fn::Split" => split(ev, argument, depth),
        "Fn::FindInMap" => find_in_map(ev, argument, depth),
        "Fn::If" => {
            let Some(name) = argument.at(0).and_then(NodeRef::as_str) else {
                return Resolved::unknown();
            };
            let branch = match conditions::named(ev, name, depth) {
                Some(true) => argument.at(1),
                Some(false) => argument.at(2),
                None => None,
            };
            branch.map_or_else(Resolved::unknown, |b| eval(ev, b, depth))
        }
        "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" | "Condition" => {
            let node = argument.parent().unwrap_or(argument);
            conditions::value(ev, node, depth)
                .map_or_else(Resolved::unknown, |b| Resolved::known(Val::Bool(b)))
        }
        _ => Resolved::unknown(),
    }
}

/// `Ref`: a parameter's value, `AWS::NoValue`, or unknown (resources, other pseudo parameters).
fn reference<'d>(ev: &Evaluator<'_, 'd>, argument: NodeRef<'d>) -> Resolved<'d> {
    let Some(name) = argument.as_str() else {
        return Resolved::unknown();
    };
    if name == "AWS::NoValue" {
        return Resolved::known(Val::NoValue);
    }
    match ev.parameter(name) {
        Some((value, used)) => Resolved::known(value.clone()).with_inputs([used.clone()]),
        None => Resolved::unknown(),
    }
}

fn select<'d>(ev: &Evaluator<'_, 'd>, argument: NodeRef<'d>, depth: usize) -> Resolved<'d> {
    let (Some(index), Some(list)) = (argument.at(0), argument.at(1)) else {
        return Resolved::unknown();
    };
    let index = eval(ev, index, depth);
    let list = eval(ev, list, depth);
    let inputs = index
        .inputs
        .iter()
        .chain(&list.inputs)
        .cloned()
        .collect::<Vec<_>>();
    let item = match (index.as_i64(), list.value) {
        (Some(i), Some(Val::List(items))) => {
            usize::try_from(i).ok().and_then(|i| items.get(i).cloned())
        }
        _ => None,
    };
    match item {
        Some(item) => Resolved::known(item).with_inputs(inputs),
        None => Resolved::unknown().with_inputs(inputs),
    }
}

fn split<'d>(ev: &Evaluator<'_, 'd>, argument: NodeRef<'d>, depth: usize) -> Resolved<'d> {
    let (Some(delimiter), Some(source)) = (argument.at(0), argument.at(1)) else {
        return Resolved::unknown();
    };
    let source = eval(ev, source, depth);
    match (delimiter.as_str(), source.as_str()) {
        (Some(d), Some(s)) if !d.is_empty() => {
            let items = s.split(d).map(|p| Val::Str(p.to_owned())).collect();
            Resolved::known(Val::List(items)).with_inputs(source.inputs)
        }
        _ => Resolved::unknown().with_inputs(source.inputs),
    }
}

/// `Fn::FindInMap: [Map, TopKey, SecondKey]` with known keys.
fn find_in_map<'d>(ev: &Evaluator<'_, 'd>, argument: NodeRef<'d>, depth: usize) -> Resolved<'d> {
    let (Some(map), Some(top), Some(second)) = (argument.at(0), argument.at(1), argument.at(2))
    else {
        return Resolved::unknown();
    };
    let map = eval(ev, map, depth);
    let top = eval(ev, top, depth);
    let second = eval(ev, second, depth);
    let inputs: Vec<_> = [&map, &top, &second]
        .iter()
        .flat_map(|r| r.inputs.iter().cloned())
        .collect();
    let found = (|| {
        let name = map.value.as_ref()?.to_text()?;
        let top = top.value.as_ref()?.to_text()?;
        let second = second.value.as_ref()?.to_text()?;
        ev.template().mapping(&name)?.get(&top)?.get(&second)
    })();
    match found {
        Some(node) => eval(ev, node, depth).with_inputs(inputs),
        None => Resolved::unknown().with_inputs(inputs),
    }
}
