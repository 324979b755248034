//! Scenarios: parameter values under which resources that the base evaluation leaves out
//! (their `Condition` is false with the overrides and defaults) are deployed, so the rules
//! check them too, as cfn-lint does.
//!
//! The base scenario is the user's values and the defaults. For each condition of a resource
//! that is false there (a target), [`search`] looks for values of the parameters that condition
//! reads which make it true, fewest changes first, within [`BUDGET`] evaluations; values the
//! caller gave are never changed. [`merge`] then packs the assignments found into as few
//! scenarios as it can, at most [`MAX_SCENARIOS`] per template, for at most [`MAX_TARGETS`]
//! targets. Each target costs at most `BUDGET` evaluations to search and one evaluation per
//! condition of at most `MAX_SCENARIOS` scenarios to merge, so the work is linear in the
//! number of targets (at most `MAX_TARGETS × (BUDGET + MAX_SCENARIOS × (MAX_TARGETS + 2))`
//! condition evaluations per template), never exponential in the number of conditions, and a
//! template whose resources are all deployed at base costs nothing more.

mod candidates;
mod findings;
mod merge;
mod run;
mod search;
#[cfg(test)]
mod tests;

pub(crate) use findings::keep;

use crate::eval::Evaluator;
use crate::settings::ParameterLookup;
use crate::view::Template;

/// Condition evaluations the search may spend on one target condition before giving up.
pub const BUDGET: usize = 64;
/// Extra scenarios per template at most.
pub const MAX_SCENARIOS: usize = 8;
/// Target conditions per template at most (the first ones, in resource order).
pub const MAX_TARGETS: usize = 64;

/// Values assumed for some parameters, sorted by name: `Some` a value the template names
/// (an allowed value, the default, a literal it is compared with), `None` a value unlike all
/// of them.
pub type Assignment<'d> = Vec<(&'d str, Option<String>)>;

/// One extra set of parameter values and the target conditions it makes true.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario<'d> {
    pub assumed: Assignment<'d>,
    pub conditions: Vec<&'d str>,
}

/// The extra scenarios for one template, given its base evaluator and the caller's values.
pub fn plan<'d, P: ParameterLookup + ?Sized>(
    template: &Template<'d>,
    base: &Evaluator<'_, 'd>,
    overrides: &P,
) -> Vec<Scenario<'d>> {
    let targets = targets(template, base);
    if targets.is_empty() {
        return Vec::new();
    }
    let compared = candidates::compared_literals(template);
    let mut scenarios: Vec<Scenario<'d>> = Vec::new();
    for target in targets {
        let holds = |assumed: &Assignment<'d>, condition: &str| {
            Evaluator::assuming(template, overrides, assumed).condition(condition) == Some(true)
        };
        if let Some(s) = scenarios.iter_mut().find(|s| holds(&s.assumed, target)) {
            s.conditions.push(target);
            continue;
        }
        let choices = candidates::choices(template, base, overrides, &compared, target);
        let found = search::search(&choices, BUDGET, |assumed| holds(assumed, target));
        if let Some(assumed) = found {
            merge::merge(&mut scenarios, target, assumed, MAX_SCENARIOS, holds);
        }
    }
    scenarios
}

/// The distinct conditions of resources that are not deployed at base, in resource order.
fn targets<'d>(template: &Template<'d>, base: &Evaluator<'_, 'd>) -> Vec<&'d str> {
    let mut targets: Vec<&'d str> = Vec::new();
    for resource in &template.resources {
        let Some(condition) = resource.condition else {
            continue;
        };
        if targets.len() == MAX_TARGETS {
            break;
        }
        if !targets.contains(&condition) && base.condition(condition) == Some(false) {
            targets.push(condition);
        }
    }
    targets
}
