//! Components rendered natively (server-side rendering): what the guard tab and the summary
//! bar show for the states the reducer produces.

use plimsoll_web::components::{
    About, Findings, FindingsProps, GuardTab, GuardTabProps, RulesTab, RulesTabProps, SummaryBar,
    SummaryBarProps,
};
use plimsoll_web::lint_job::GuardError;
use plimsoll_web::rule_settings::RuleSettings;
use plimsoll_web::state::{AppState, SeverityFilter};
use std::rc::Rc;
use yew::{Callback, LocalServerRenderer};

fn render<C>(props: C::Properties) -> String
where
    C: yew::BaseComponent,
{
    futures::executor::block_on(
        LocalServerRenderer::<C>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

#[test]
fn the_guard_tab_shows_a_broken_rule_file_at_its_position() {
    let html = render::<GuardTab>(GuardTabProps {
        rules: Rc::from("rule x {\n  Resources.\n}\n"),
        error: Some(GuardError {
            line: 2,
            column: 3,
            message: "syntax error: unexpected `Resources.`".into(),
        }),
        findings: 0,
        unavailable: false,
        dispatch: Callback::noop(),
    });
    assert!(html.contains(r#"data-line="2""#), "{html}");
    assert!(html.contains("Line 2, column 3"), "{html}");
    assert!(
        html.contains("syntax error: unexpected `Resources.`"),
        "{html}"
    );
    assert!(html.contains(r#"aria-invalid="true""#), "{html}");
    assert!(!html.contains("guard-ok"), "{html}");
}

#[test]
fn the_guard_tab_never_says_rules_pass_when_they_did_not_run() {
    let html = render::<GuardTab>(GuardTabProps {
        rules: Rc::from("rule x { Resources exists }"),
        error: None,
        findings: 0,
        unavailable: true,
        dispatch: Callback::noop(),
    });
    assert!(html.contains("Your rules did not run"), "{html}");
    assert!(!html.contains("pass"), "{html}");
}

#[test]
fn the_guard_tab_counts_the_findings_of_working_rules() {
    let props = |findings| GuardTabProps {
        rules: Rc::from("rule x { Resources exists }"),
        error: None,
        findings,
        unavailable: false,
        dispatch: Callback::noop(),
    };
    assert!(render::<GuardTab>(props(0)).contains("Your rules pass on this template."));
    assert!(render::<GuardTab>(props(3)).contains("Your rules report 3 findings"));
    let empty = render::<GuardTab>(GuardTabProps {
        rules: Rc::from(""),
        ..props(0)
    });
    assert!(
        !empty.contains("guard-ok") && !empty.contains("guard-error"),
        "{empty}"
    );
}

#[test]
fn the_summary_bar_says_when_guard_rules_are_still_running() {
    let props = |busy, awaits_guard| SummaryBarProps {
        counts: plimsoll_report::Counts {
            errors: 1,
            warnings: 2,
            infos: 0,
        },
        filter: SeverityFilter::default(),
        busy,
        awaits_guard,
        stale: false,
        lint_millis: Some(12.3),
        dispatch: Callback::noop(),
    };
    let waiting = render::<SummaryBar>(props(true, true));
    assert!(waiting.contains("Running guard rules…"), "{waiting}");
    assert!(waiting.contains(r#"data-busy="true""#), "{waiting}");
    let done = render::<SummaryBar>(props(false, false));
    assert!(done.contains("Linted in 12 ms"), "{done}");
    assert!(done.contains(r#"data-busy="false""#), "{done}");
}

#[test]
fn the_findings_say_when_the_guard_rules_could_not_be_loaded() {
    let props = |guard_unavailable| FindingsProps {
        state: Rc::new(AppState {
            report_revision: Some(0),
            report_complete: true,
            guard_unavailable,
            ..AppState::default()
        }),
        dispatch: Callback::noop(),
    };
    let without = render::<Findings>(props(true));
    assert!(
        without.contains("guard rules could not be loaded"),
        "{without}"
    );
    let with = render::<Findings>(props(false));
    assert!(!with.contains("guard-unavailable"), "{with}");
}

#[test]
fn the_rule_settings_list_the_catalog_with_labelled_controls() {
    let mut rules = RuleSettings::default();
    rules.set_enabled("ECS002", false);
    rules.set_severity("ECS007", plimsoll_lint::Severity::Error);
    let html = render::<RulesTab>(RulesTabProps {
        rules,
        on_export: Callback::noop(),
        dispatch: Callback::noop(),
    });
    let rows = html.matches("<tr data-code=").count();
    assert_eq!(rows, plimsoll_lint::catalog().len(), "{html}");
    // Every checkbox has its label and every select its name.
    assert_eq!(
        html.matches(r#"type="checkbox""#).count(),
        html.matches(r#"<label for="rule-on-"#).count()
    );
    assert!(
        html.contains(r#"aria-label="Severity of ECS007""#),
        "{html}"
    );
    assert!(
        html.contains(r#"data-code="ECS002" class="rule-setting off""#),
        "{html}"
    );
    assert!(html.contains("Export plimsoll.toml"), "{html}");
}

#[test]
fn the_footer_names_the_version_and_links_the_docs_and_the_cli() {
    let html = render::<About>(());
    assert!(
        html.contains(&format!("Plimsoll {}", env!("CARGO_PKG_VERSION"))),
        "{html}"
    );
    assert!(html.contains("/docs/rules/README.md"), "{html}");
    assert!(html.contains("#readme"), "{html}");
}
