//! Conditions: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` and named conditions.

use super::{Evaluator, MAX_DEPTH, Val, functions};
use plimsoll_template::NodeRef;

/// A named condition's value, memoized; `None` when undecidable or part of a cycle.
pub(super) fn named(ev: &Evaluator<'_, '_>, name: &str, depth: usize) -> Option<bool> {
    if let Some(&known) = ev.conditions.borrow().get(name) {
        return known;
    }
    let node = ev.template().condition(name)?;
    // Mark as in progress: a condition that refers back to itself is undecidable.
    ev.conditions.borrow_mut().insert(name.to_owned(), None);
    let result = value(ev, node, depth + 1);
    ev.conditions.borrow_mut().insert(name.to_owned(), result);
    result
}

/// The value of a condition expression.
pub(super) fn value<'d>(ev: &Evaluator<'_, 'd>, node: NodeRef<'d>, depth: usize) -> Option<bool> {
    if depth > MAX_DEPTH {
        return None;
    }
    let Some((function, argument)) = node.intrinsic() else {
        return node.as_bool();
    };
    match function {
        "Condition" => named(ev, argument.as_str()?, depth),
        "Fn::Equals" => {
            let (a, b) = (argument.at(0)?, argument.at(1)?);
            let known_a = functions::eval(ev, a, depth + 1).value;
            let known_b = functions::eval(ev, b, depth + 1).value;
            match (known_a, known_b) {
                (Some(x), Some(y)) => Some(equal(&x, &y)),
                // A value chosen unlike every known one equals none of them.
                (None, Some(_)) if ev.refers_to_unlike(a) => Some(false),
                (Some(_), None) if ev.refers_to_unlike(b) => Some(false),
                _ => None,
            }
        }
        "Fn::Not" => value(ev, argument.at(0)?, depth + 1).map(|b| !b),
        "Fn::And" => fold(ev, argument, depth, false),
        "Fn::Or" => fold(ev, argument, depth, true),
        _ => None,
    }
}

/// `And` (short-circuits on false) or `Or` (short-circuits on true).
fn fold<'d>(
    ev: &Evaluator<'_, 'd>,
    argument: NodeRef<'d>,
    depth: usize,
    short_circuit_on: bool,
) -> Option<bool> {
    let mut undecided = false;
    for item in argument.items() {
        match value(ev, item, depth + 1) {
            Some(b) if b == short_circuit_on => return Some(b),
            Some(_) => {}
            None => undecided = true,
        }
    }
    (!undecided).then_some(!short_circuit_on)
}

/// CloudFormation compares values as strings: `!Equals [!Ref Count, 0]` with Count "0" is true.
fn equal(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::List(a), Val::List(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equal(x, y))
        }
        _ => match (a.to_text(), b.to_text()) {
            (Some(a), Some(b)) => a == b,
            _ => a == b,
        },
    }
}
