//! The search for values that make one condition true: fewest changed parameters first,
//! within a budget of evaluations.

use super::Assignment;
use super::candidates::Choices;

/// The first assignment (fewest parameters changed, then in the order of `choices`) for which
/// `holds` is true, or `None` when there is none or `budget` evaluations did not find one.
pub fn search<'d>(
    choices: &[Choices<'d>],
    budget: usize,
    mut holds: impl FnMut(&Assignment<'d>) -> bool,
) -> Option<Assignment<'d>> {
    let mut spent = 0;
    for size in 1..=choices.len() {
        let mut combination: Vec<usize> = (0..size).collect();
        loop {
            let mut picks = vec![0; size];
            loop {
                if spent == budget {
                    return None;
                }
                spent += 1;
                let mut assumed: Assignment<'d> = combination
                    .iter()
                    .zip(&picks)
                    .map(|(&c, &v)| (choices[c].name, choices[c].values[v].clone()))
                    .collect();
                assumed.sort();
                if holds(&assumed) {
                    return Some(assumed);
                }
                if !next_pick(&mut picks, |at| choices[combination[at]].values.len()) {
                    break;
                }
            }
            if !next_combination(&mut combination, choices.len()) {
                break;
            }
        }
    }
    None
}

/// The next value of a mixed-radix counter; false after the last.
fn next_pick(picks: &mut [usize], radix: impl Fn(usize) -> usize) -> bool {
    for at in (0..picks.len()).rev() {
        picks[at] += 1;
        if picks[at] < radix(at) {
            return true;
        }
        picks[at] = 0;
    }
    false
}

/// The next `k`-subset of `0..n` in lexicographic order; false after the last.
fn next_combination(combination: &mut [usize], n: usize) -> bool {
    let k = combination.len();
    for at in (0..k).rev() {
        if combination[at] < n - k + at {
            combination[at] += 1;
            for next in at + 1..k {
                combination[next] = combination[next - 1] + 1;
            }
            return true;
        }
    }
    false
}
