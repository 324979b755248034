//! The page's behaviour as the reducer defines it: edits, loads, lint results arriving out of
//! order, selection, filters and parameters.

use plimsoll_lint::Severity;
use plimsoll_report::editor::{Finding, LintResult, Location, Range};
use plimsoll_web::lint_job::GuardError;
use plimsoll_web::state::{Action, AppState, LintInput, ShareSide, Tab, first_visit};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

fn finding(code: &str, line: u32, severity: Severity) -> Finding {
    let at = |column| Location {
        line,
        column,
        offset: line * 10 + column,
    };
    Finding {
        code: code.into(),
        rule: "rule".into(),
        severity,
        message: format!("{code} message"),
        help: None,
        path: format!("/Resources/R{line}"),
        cdk_path: None,
        range: Range {
            start: at(3),
            end: at(9),
        },
        labels: Vec::new(),
        fix: None,
    }
}

fn report(findings: Vec<Finding>) -> Rc<LintResult> {
    Rc::new(LintResult {
        counts: plimsoll_report::Counts::of(findings.iter().map(|f| f.severity)),
        findings,
        ..LintResult::default()
    })
}

fn finished(revision: u64, report: Rc<LintResult>) -> Action {
    Action::LintFinished {
        revision,
        report,
        complete: true,
        guard_error: None,
        guard_unavailable: false,
        millis: Some(1.0),
    }
}

fn quick(revision: u64, report: Rc<LintResult>) -> Action {
    Action::LintFinished {
        revision,
        report,
        complete: false,
        guard_error: None,
        guard_unavailable: false,
        millis: Some(1.0),
    }
}

fn apply(state: &mut AppState, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        state.apply(action);
    }
}

#[test]
fn typing_bumps_the_revision_and_marks_findings_stale() {
    let mut s = AppState::default();
    apply(&mut s, [Action::Edit(Rc::from("a: 1"))]);
    assert_eq!(s.revision, 1);
    assert!(s.typing);
    assert!(s.is_stale());
    apply(&mut s, [finished(1, report(vec![]))]);
    assert!(!s.is_stale());
    // The same text again changes nothing.
    apply(&mut s, [Action::Edit(Rc::from("a: 1"))]);
    assert_eq!(s.revision, 1);
}

#[test]
fn loads_lint_at_once_and_replace_parameters() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [
            Action::SetParameter {
                name: "Tag".into(),
                value: "x".into(),
            },
            Action::Load {
                source: Rc::from("Resources: {}"),
                name: Some("stack.yml".into()),
                parameters: BTreeMap::from([("Count".into(), "2".into())]),
            },
        ],
    );
    assert!(!s.typing);
    assert_eq!(s.loads, 1);
    assert_eq!(s.file_name.as_deref(), Some("stack.yml"));
    assert_eq!(
        s.input.parameters,
        BTreeMap::from([("Count".into(), "2".into())])
    );
}

#[test]
fn late_results_never_replace_newer_ones() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [
            Action::Edit(Rc::from("one")),
            Action::LintStarted(1),
            Action::Edit(Rc::from("two")),
        ],
    );
    assert!(s.is_busy());
    let newer = report(vec![finding("TPL003", 2, Severity::Error)]);
    let older = report(vec![finding("ECS001", 1, Severity::Error)]);
    apply(&mut s, [finished(2, newer.clone())]);
    assert!(!s.is_busy());
    apply(&mut s, [finished(1, older)]);
    assert_eq!(s.report, newer);
    assert_eq!(s.report_revision, Some(2));
    // A result from the future (impossible) is ignored too.
    apply(&mut s, [finished(9, report(vec![]))]);
    assert_eq!(s.report, newer);
}

#[test]
fn an_older_result_still_shows_while_typing_continues() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [
            Action::Edit(Rc::from("one")),
            Action::Edit(Rc::from("two")),
            finished(1, report(vec![finding("TPL003", 1, Severity::Error)])),
        ],
    );
    assert_eq!(s.report.findings.len(), 1);
    assert!(s.is_stale());
    // A stale report is not highlighted: its ranges may no longer match the text.
    apply(&mut s, [Action::Select(0)]);
    assert_eq!(s.highlight(), None);
}

#[test]
fn selection_reveals_and_follows_the_same_finding_across_lints() {
    let mut s = AppState::default();
    let a = finding("ECS007", 5, Severity::Warning);
    let b = finding("CFR005", 9, Severity::Info);
    apply(
        &mut s,
        [
            Action::Edit(Rc::from("x")),
            finished(1, report(vec![a.clone(), b.clone()])),
            Action::Select(1),
        ],
    );
    assert_eq!(s.reveals, 1);
    assert_eq!(s.highlight(), Some(b.range));
    // Out of range: ignored.
    apply(&mut s, [Action::Select(7)]);
    assert_eq!((s.selected, s.reveals), (Some(1), 1));
    // A new lint where the finding moved to index 0 keeps it selected.
    apply(
        &mut s,
        [
            Action::Edit(Rc::from("y")),
            finished(2, report(vec![b.clone()])),
        ],
    );
    assert_eq!(s.selected, Some(0));
    // And drops the selection when the finding is gone.
    apply(
        &mut s,
        [Action::Edit(Rc::from("z")), finished(3, report(vec![a]))],
    );
    assert_eq!(s.selected, None);
}

#[test]
fn the_filter_hides_severities_and_their_selection() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [
            Action::Edit(Rc::from("x")),
            finished(
                1,
                report(vec![
                    finding("ECS001", 1, Severity::Error),
                    finding("ECS007", 2, Severity::Warning),
                    finding("CFR005", 3, Severity::Info),
                ]),
            ),
            Action::Select(2),
        ],
    );
    assert_eq!(s.visible(), vec![0, 1, 2]);
    apply(&mut s, [Action::ToggleSeverity(Severity::Info)]);
    assert_eq!(s.visible(), vec![0, 1]);
    assert_eq!(s.selected, None);
    apply(
        &mut s,
        [
            Action::ToggleSeverity(Severity::Error),
            Action::ToggleSeverity(Severity::Info),
        ],
    );
    assert_eq!(s.visible(), vec![1, 2]);
}

#[test]
fn parameters_change_the_input_only_when_their_value_does() {
    let mut s = AppState::default();
    let set = |value: &str| Action::SetParameter {
        name: "ApplicationImageTag".into(),
        value: value.into(),
    };
    apply(&mut s, [set("97e4abf")]);
    assert_eq!(s.revision, 1);
    apply(&mut s, [set("97e4abf")]);
    assert_eq!(s.revision, 1);
    apply(&mut s, [set("")]);
    assert_eq!(s.revision, 2);
    assert!(s.input.parameters.is_empty());
    apply(&mut s, [Action::ClearParameters]);
    assert_eq!(s.revision, 2);
}

#[test]
fn reduce_keeps_the_same_state_when_nothing_changes() {
    let state = Rc::new(AppState::default());
    let same = state.clone().reduce(Action::CloseDocs);
    assert!(Rc::ptr_eq(&state, &same));
    let other = state.clone().reduce(Action::SetTab(Tab::Rollout));
    assert_eq!(other.tab, Tab::Rollout);
    assert!(!Rc::ptr_eq(&state, &other));
}

#[test]
fn guard_rules_are_part_of_the_input() {
    let mut s = AppState::default();
    apply(&mut s, [Action::SetGuardRules(Rc::from("rule x { }"))]);
    assert_eq!(s.revision, 1);
    let error = GuardError {
        line: 1,
        column: 10,
        message: "syntax error: expected a clause".into(),
    };
    apply(
        &mut s,
        [Action::LintFinished {
            revision: 1,
            report: report(vec![]),
            complete: true,
            guard_error: Some(error.clone()),
            guard_unavailable: false,
            millis: None,
        }],
    );
    assert_eq!(s.guard_error.as_ref(), Some(&error));
    // The next quick lint knows nothing of the rules: the error stays until a complete lint.
    apply(
        &mut s,
        [Action::Edit(Rc::from("a: 2")), quick(2, report(vec![]))],
    );
    assert_eq!(s.guard_error.as_ref(), Some(&error));
    apply(&mut s, [finished(2, report(vec![]))]);
    assert_eq!(s.guard_error, None);
}

#[test]
fn the_complete_lint_replaces_the_quick_one_never_the_reverse() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [
            Action::Edit(Rc::from("a: 1")),
            quick(1, report(vec![finding("ECS007", 2, Severity::Warning)])),
            Action::LintStarted(1),
        ],
    );
    assert!(!s.is_stale());
    assert!(!s.report_complete);
    assert!(s.awaits_guard());
    let both = report(vec![
        finding("ECS007", 2, Severity::Warning),
        finding("ECS004", 5, Severity::Error),
    ]);
    apply(&mut s, [finished(1, both.clone())]);
    assert!(s.report_complete);
    assert!(!s.is_busy());
    assert_eq!(s.report.findings.len(), 2);
    // A late quick answer for the same revision does not take the guard findings away.
    apply(&mut s, [quick(1, report(vec![]))]);
    assert!(Rc::ptr_eq(&s.report, &both));
}

#[test]
fn a_complete_lint_of_an_older_revision_leaves_the_newer_quick_one() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [
            Action::Edit(Rc::from("a: 1")),
            Action::LintStarted(1),
            Action::Edit(Rc::from("a: 2")),
            quick(2, report(vec![])),
            Action::LintStarted(2),
            finished(1, report(vec![finding("ECS004", 5, Severity::Error)])),
        ],
    );
    assert_eq!(s.report_revision, Some(2));
    assert!(s.report.findings.is_empty());
    assert!(s.awaits_guard(), "revision 2's complete lint still runs");
    apply(&mut s, [finished(2, report(vec![]))]);
    assert!(!s.is_busy());
}

#[test]
fn a_complete_lint_without_guard_says_so_and_a_quick_one_does_not_change_that() {
    let mut s = AppState::default();
    let without_guard = |revision| Action::LintFinished {
        revision,
        report: report(vec![]),
        complete: true,
        guard_error: None,
        guard_unavailable: true,
        millis: None,
    };
    apply(&mut s, [Action::Edit(Rc::from("a: 1")), without_guard(1)]);
    assert!(s.guard_unavailable);
    assert!(s.report_complete);
    apply(
        &mut s,
        [Action::Edit(Rc::from("a: 2")), quick(2, report(vec![]))],
    );
    assert!(s.guard_unavailable);
    apply(&mut s, [finished(2, report(vec![]))]);
    assert!(!s.guard_unavailable);
}

#[test]
fn a_fix_is_asked_of_the_editor_only_for_the_text_it_was_found_in() {
    use plimsoll_report::editor::{Edit, Fix};
    let mut s = AppState::default();
    let mut fixable = finding("CFR005", 4, Severity::Info);
    let edit = Edit {
        range: fixable.range,
        replacement: "ServiceTimeout: 360".into(),
    };
    fixable.fix = Some(Fix {
        message: "set ServiceTimeout".into(),
        applicability: plimsoll_lint::Applicability::Safe,
        edits: vec![edit.clone()],
    });
    apply(
        &mut s,
        [
            Action::Edit(Rc::from("x")),
            finished(
                1,
                report(vec![finding("ECS007", 2, Severity::Warning), fixable]),
            ),
        ],
    );
    // A finding without a fix, or out of range: nothing to apply.
    apply(&mut s, [Action::ApplyFix(0), Action::ApplyFix(9)]);
    assert_eq!((s.fixes, s.fix.is_none()), (0, true));
    apply(&mut s, [Action::ApplyFix(1)]);
    assert_eq!(s.fixes, 1);
    assert_eq!(s.fix.as_deref(), Some(&vec![edit]));
    // Once the text changed, the report's positions are off: no fix from it.
    apply(&mut s, [Action::Edit(Rc::from("y")), Action::ApplyFix(1)]);
    assert_eq!(s.fixes, 1);
}

fn work(source: &str) -> LintInput {
    LintInput {
        source: Rc::from(source),
        ..LintInput::default()
    }
}

#[test]
fn a_share_link_asks_before_replacing_a_different_draft() {
    let shared = work("shared: 1");
    // Nothing stored, or the same work stored: the link opens.
    assert_eq!(
        first_visit(Some(shared.clone()), LintInput::default()),
        Some(Action::Restore(shared.clone()))
    );
    let mut same = shared.clone();
    same.parameters.clear();
    assert_eq!(
        first_visit(Some(shared.clone()), same),
        Some(Action::Restore(shared.clone()))
    );
    // Guard rules alone are a draft too.
    let draft = LintInput {
        guard_rules: Rc::from("rule mine { Resources exists }"),
        ..LintInput::default()
    };
    assert_eq!(
        first_visit(Some(shared.clone()), draft.clone()),
        Some(Action::ShareConflict {
            shared: shared.clone(),
            draft: draft.clone()
        })
    );
    // No link: the stored draft, if any.
    assert_eq!(
        first_visit(None, draft.clone()),
        Some(Action::Restore(draft))
    );
    assert_eq!(first_visit(None, LintInput::default()), None);
}

#[test]
fn either_side_of_a_share_choice_stays_a_click_away_with_its_edits() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [Action::ShareConflict {
            shared: work("shared: 1"),
            draft: work("draft: 1"),
        }],
    );
    // The draft shows while the page asks.
    assert_eq!(&*s.input.source, "draft: 1");
    assert_eq!(s.loads, 1);
    assert_eq!(s.share_choice.as_ref().unwrap().chosen, None);
    apply(&mut s, [Action::ChooseShare(ShareSide::Shared)]);
    assert_eq!(&*s.input.source, "shared: 1");
    assert_eq!(s.loads, 2);
    apply(
        &mut s,
        [
            Action::Edit(Rc::from("shared: 2")),
            Action::SetGuardRules(Rc::from("rule x { Resources exists }")),
            Action::ChooseShare(ShareSide::Draft),
        ],
    );
    assert_eq!(&*s.input.source, "draft: 1");
    assert!(s.input.guard_rules.is_empty());
    apply(&mut s, [Action::ChooseShare(ShareSide::Shared)]);
    assert_eq!(&*s.input.source, "shared: 2");
    assert_eq!(&*s.input.guard_rules, "rule x { Resources exists }");
    // Choosing the side shown changes nothing.
    let loads = s.loads;
    apply(&mut s, [Action::ChooseShare(ShareSide::Shared)]);
    assert_eq!(s.loads, loads);
    apply(&mut s, [Action::DismissShareChoice]);
    assert_eq!(s.share_choice, None);
    assert_eq!(&*s.input.source, "shared: 2");
    // Keeping the draft at once reloads nothing.
    let mut s = AppState::default();
    apply(
        &mut s,
        [
            Action::ShareConflict {
                shared: work("shared: 1"),
                draft: work("draft: 1"),
            },
            Action::ChooseShare(ShareSide::Draft),
        ],
    );
    assert_eq!((s.loads, &*s.input.source), (1, "draft: 1"));
}

#[test]
fn rule_settings_are_input_and_ask_for_a_lint() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [Action::SetRuleEnabled {
            code: "ECS002".into(),
            enabled: false,
        }],
    );
    assert_eq!(s.revision, 1);
    assert!(!s.typing);
    assert!(!s.input.rules.is_enabled("ECS002"));
    // Unknown codes and no-op changes leave the revision alone.
    apply(
        &mut s,
        [
            Action::SetRuleEnabled {
                code: "NOPE01".into(),
                enabled: false,
            },
            Action::SetRuleEnabled {
                code: "ECS002".into(),
                enabled: false,
            },
            Action::SetRuleSeverity {
                code: "ECS002".into(),
                severity: Severity::Warning,
            },
        ],
    );
    assert_eq!(s.revision, 1);
    apply(
        &mut s,
        [Action::SetRuleSeverity {
            code: "ECS007".into(),
            severity: Severity::Error,
        }],
    );
    assert_eq!(s.revision, 2);
    assert_eq!(s.input.rules.severity["ECS007"], Severity::Error);
    apply(&mut s, [Action::ResetRules, Action::ResetRules]);
    assert_eq!(s.revision, 3);
    assert!(s.input.rules.is_default());
    assert_eq!(Tab::ALL.last(), Some(&Tab::Rules));
}
