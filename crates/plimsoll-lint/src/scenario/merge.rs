//! Packing the assignments found for several conditions into few scenarios.

use super::{Assignment, Scenario};

/// Adds `assumed` (found for `target`) to the first scenario it agrees with on every shared
/// parameter and under which `target` and that scenario's conditions all still hold; else to
/// a new scenario while there are fewer than `cap`; else drops it.
pub fn merge<'d>(
    scenarios: &mut Vec<Scenario<'d>>,
    target: &'d str,
    assumed: Assignment<'d>,
    cap: usize,
    holds: impl Fn(&Assignment<'d>, &str) -> bool,
) {
    for scenario in scenarios.iter_mut() {
        let Some(joined) = join(&scenario.assumed, &assumed) else {
            continue;
        };
        let all_hold = std::iter::once(target)
            .chain(scenario.conditions.iter().copied())
            .all(|condition| holds(&joined, condition));
        if all_hold {
            scenario.assumed = joined;
            scenario.conditions.push(target);
            return;
        }
    }
    if scenarios.len() < cap {
        scenarios.push(Scenario {
            assumed,
            conditions: vec![target],
        });
    }
}

/// Both assignments at once, sorted by name, or `None` when they differ on a parameter.
fn join<'d>(a: &Assignment<'d>, b: &Assignment<'d>) -> Option<Assignment<'d>> {
    let mut joined = a.clone();
    for (name, value) in b {
        match a.iter().find(|(n, _)| n == name) {
            Some((_, v)) if v != value => return None,
            Some(_) => {}
            None => joined.push((name, value.clone())),
        }
    }
    joined.sort();
    Some(joined)
}
