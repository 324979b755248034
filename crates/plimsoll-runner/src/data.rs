//! `Data`: the attributes `Fn::GetAtt` reads from an answer.
//!
//! Every SUCCESS carries the same keys, whether the task ran or the request was skipped, so a
//! template's `!GetAtt Migrate.TaskArn` never fails an Update with "Vendor response doesn't
//! contain TaskArn key".

use crate::judge::TaskVerdict;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The result of a task that succeeded: what `Data` reports of it. Carried across a
/// hand-over, so the last invocation's answer still lists tasks that finished earlier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TaskResult {
    /// Task ARN.
    pub arn: String,
    /// Exit codes of the judged containers, in the task's order.
    pub exit_codes: Vec<(String, i32)>,
}

impl From<&TaskVerdict> for TaskResult {
    fn from(v: &TaskVerdict) -> Self {
        Self {
            arn: v.arn.clone(),
            exit_codes: v.exit_codes.clone(),
        }
    }
}

/// `Data` when tasks ran: `TaskArn` (the first), `TaskArns` (comma-separated), `ExitCodes`
/// (`<task id>/<container>=<code>`, comma-separated) and `Ran` = `true`.
pub fn ran(results: &[TaskResult]) -> BTreeMap<String, String> {
    let codes: Vec<String> = results
        .iter()
        .flat_map(|r| {
            let id = task_id(&r.arn);
            r.exit_codes
                .iter()
                .map(move |(container, code)| format!("{id}/{container}={code}"))
        })
        .collect();
    let arns: Vec<&str> = results.iter().map(|r| r.arn.as_str()).collect();
    data(
        arns.first().copied().unwrap_or_default(),
        &arns.join(","),
        &codes.join(","),
        true,
    )
}

/// `Data` when no task ran for the request (RunOn, a timing-only change, a rollback): the
/// same keys, empty, and `Ran` = `false`.
pub fn skipped() -> BTreeMap<String, String> {
    data("", "", "", false)
}

fn data(task_arn: &str, task_arns: &str, exit_codes: &str, ran: bool) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("TaskArn".to_owned(), task_arn.to_owned()),
        ("TaskArns".to_owned(), task_arns.to_owned()),
        ("ExitCodes".to_owned(), exit_codes.to_owned()),
        ("Ran".to_owned(), ran.to_string()),
    ])
}

/// `results` in the order of `arns` (the order the tasks were started in).
pub fn in_start_order(arns: &[String], results: Vec<TaskResult>) -> Vec<TaskResult> {
    let mut results = results;
    results.sort_by_key(|r| arns.iter().position(|a| *a == r.arn).unwrap_or(usize::MAX));
    results
}

/// The last path segment of a task ARN (its id).
pub fn task_id(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(id: &str, codes: &[(&str, i32)]) -> TaskResult {
        TaskResult {
            arn: format!("arn:aws:ecs:eu-west-1:123456789012:task/c/{id}"),
            exit_codes: codes.iter().map(|(c, n)| ((*c).to_owned(), *n)).collect(),
        }
    }

    #[test]
    fn ran_and_skipped_carry_the_same_keys() {
        let ran = ran(&[result("a", &[("migrate", 0)])]);
        let skipped = skipped();
        assert_eq!(
            ran.keys().collect::<Vec<_>>(),
            skipped.keys().collect::<Vec<_>>()
        );
        assert_eq!(ran["Ran"], "true");
        assert_eq!(ran["ExitCodes"], "a/migrate=0");
        assert_eq!(skipped["Ran"], "false");
        assert_eq!(skipped["TaskArn"], "");
    }

    #[test]
    fn results_follow_the_start_order() {
        let (a, b) = (result("a", &[]), result("b", &[]));
        let arns = [a.arn.clone(), b.arn.clone()];
        let ordered = in_start_order(&arns, vec![b.clone(), a.clone()]);
        assert_eq!(ordered, [a, b]);
    }
}
