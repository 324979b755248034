//! Pairing cfn-lint's findings with Plimsoll's, row by row of the code table.
//!
//! A cfn-lint finding is *found* when Plimsoll reports, in the same template, a code of the
//! same row that starts on the same line or has the same JSON pointer (cfn-lint's `Path`
//! against Plimsoll's `path`). The pairing is not one to one: cfn-lint reports each missing
//! required property apart where Plimsoll names them all in one finding, so one Plimsoll
//! finding may find several. A Plimsoll finding that no cfn-lint finding of its row pairs with
//! is *Plimsoll-only*. Templates either tool cannot read, and templates a macro or Rain rewrites
//! (`rewritten`), are left out of both counts.

use super::codes::{self, Row};
use super::finding::Finding;
use std::collections::HashSet;

/// One row's counts and the findings behind them.
#[derive(Debug)]
pub struct RowResult<'f> {
    pub row: Row,
    pub cfn_lint: usize,
    pub misses: Vec<&'f Finding>,
    pub plimsoll: usize,
    pub plimsoll_only: Vec<&'f Finding>,
}

impl RowResult<'_> {
    pub fn found(&self) -> usize {
        self.cfn_lint - self.misses.len()
    }
}

/// Whether two findings are the same problem (codes aside): the same line, or the same
/// place, or cfn-lint's on a list whose item Plimsoll's is on (cfn-lint reports a list that
/// matches none of a `oneOf`'s branches at the list, and again at the item).
pub fn pairs(lint: &Finding, plimsoll: &Finding) -> bool {
    lint.file == plimsoll.file
        && (lint.line == plimsoll.line
            || !lint.pointer.is_empty()
                && (lint.pointer == plimsoll.pointer || item_of(&plimsoll.pointer, &lint.pointer)))
}

/// Whether `pointer` is an item (`…/KeySchema/0`) of the list at `list`.
fn item_of(pointer: &str, list: &str) -> bool {
    pointer
        .strip_prefix(list)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|index| !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()))
}

/// The templates left out: those either tool could not read (cfn-lint's `E0000`, Plimsoll's
/// `TPL001`), those cfn-lint failed on without a report, and `others` (those a macro or Rain rewrites).
pub fn left_out<'f>(
    lint: &'f [Finding],
    plimsoll: &'f [Finding],
    others: &'f [String],
) -> HashSet<&'f str> {
    lint.iter()
        .filter(|f| f.code == codes::CFN_LINT_UNPARSABLE)
        .chain(
            plimsoll
                .iter()
                .filter(|f| f.code == codes::PLIMSOLL_UNPARSABLE),
        )
        .map(|f| f.file.as_str())
        .chain(others.iter().map(String::as_str))
        .collect()
}

/// Every row of the code table, compared over the templates not in `skip`.
pub fn compare<'f>(
    lint: &'f [Finding],
    plimsoll: &'f [Finding],
    skip: &HashSet<&str>,
) -> Vec<RowResult<'f>> {
    codes::ROWS
        .iter()
        .map(|row| {
            let of = |findings: &'f [Finding], in_row: &'static [&'static str]| {
                findings
                    .iter()
                    .filter(|f| {
                        in_row.contains(&f.code.as_str()) && !skip.contains(f.file.as_str())
                    })
                    .collect::<Vec<_>>()
            };
            let (ours, theirs) = (of(plimsoll, row.plimsoll), of(lint, row.cfn_lint));
            let elsewhere = of(plimsoll, row.also);
            let misses: Vec<&Finding> = theirs
                .iter()
                .filter(|l| !ours.iter().chain(&elsewhere).any(|p| pairs(l, p)))
                .copied()
                .collect();
            let plimsoll_only: Vec<&Finding> = ours
                .iter()
                .filter(|p| !theirs.iter().any(|l| pairs(l, p)))
                .copied()
                .collect();
            RowResult {
                row: *row,
                cfn_lint: theirs.len(),
                misses,
                plimsoll: ours.len(),
                plimsoll_only,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(file: &str, code: &str, line: u64, pointer: &str) -> Finding {
        Finding {
            file: file.into(),
            code: code.into(),
            line,
            pointer: pointer.into(),
            message: String::new(),
        }
    }

    #[test]
    fn pairs_by_line_or_pointer_in_the_same_file() {
        let lint = finding("a", "E3002", 7, "/Resources/S/Properties/X");
        assert!(pairs(&lint, &finding("a", "SCH002", 7, "")));
        assert!(pairs(
            &lint,
            &finding("a", "SCH002", 9, "/Resources/S/Properties/X")
        ));
        assert!(!pairs(&lint, &finding("a", "SCH002", 9, "/Resources/S")));
        assert!(!pairs(
            &lint,
            &finding("b", "SCH002", 7, "/Resources/S/Properties/X")
        ));
        // No pointer on either side is no evidence.
        assert!(!pairs(
            &finding("a", "E3002", 7, ""),
            &finding("a", "SCH002", 8, "")
        ));
    }

    #[test]
    fn counts_found_misses_and_plimsoll_only_per_row() {
        let lint = vec![
            finding("a", "E3003", 5, "/Resources/T/Properties"),
            finding("a", "E3003", 5, "/Resources/T/Properties"),
            finding("a", "E3002", 9, "/Resources/T/Properties/Y"),
            finding("a", "E3030", 3, ""),
            finding("bad", "E3002", 1, ""),
            finding("bad", "E0000", 1, ""),
        ];
        let plimsoll = vec![
            // One finding for both missing properties.
            finding("a", "SCH003", 4, "/Resources/T/Properties"),
            // Right line, wrong row: not a pairing.
            finding("a", "SCH005", 9, ""),
            finding("a", "SCH002", 12, "/Resources/T/Properties/Z"),
        ];
        let macro_processed = ["m".to_owned()];
        let skip = left_out(&lint, &plimsoll, &macro_processed);
        assert_eq!(skip, HashSet::from(["bad", "m"]));
        let rows = compare(&lint, &plimsoll, &skip);
        let row = |code: &str| {
            rows.iter()
                .find(|r| r.row.cfn_lint.contains(&code))
                .unwrap()
        };
        let required = row("E3003");
        assert_eq!(
            (
                required.cfn_lint,
                required.found(),
                required.plimsoll_only.len()
            ),
            (2, 2, 0)
        );
        let unknown = row("E3002");
        assert_eq!(
            (
                unknown.cfn_lint,
                unknown.found(),
                unknown.plimsoll_only.len()
            ),
            (1, 0, 1)
        );
        let enums = row("E3030");
        assert_eq!(
            (enums.cfn_lint, enums.found(), enums.plimsoll_only.len()),
            (1, 0, 1)
        );
    }

    #[test]
    fn another_code_for_the_same_problem_finds_without_counting_its_others() {
        let lint = vec![finding("a", "E1010", 7, "")];
        let plimsoll = vec![
            // `!GetAtt Missing.Arn`: the resource does not exist.
            finding("a", "TPL003", 7, ""),
            finding("a", "TPL003", 20, ""),
        ];
        let rows = compare(&lint, &plimsoll, &HashSet::new());
        let getatt = rows
            .iter()
            .find(|r| r.row.cfn_lint.contains(&"E1010"))
            .unwrap();
        assert_eq!(
            (
                getatt.cfn_lint,
                getatt.found(),
                getatt.plimsoll,
                getatt.plimsoll_only.len()
            ),
            (1, 1, 0, 0)
        );
    }

    #[test]
    fn a_list_pairs_with_a_finding_on_its_item() {
        let list = finding("a", "E3012", 6, "/Resources/T/Properties/KeySchema");
        let item = finding("a", "SCH004", 7, "/Resources/T/Properties/KeySchema/0");
        let other = finding("a", "SCH004", 9, "/Resources/T/Properties/KeySchemaX/0");
        assert!(pairs(&list, &item));
        assert!(!pairs(&list, &other));
        assert!(!item_of("/a/b/c", "/a/b"));
    }
}
