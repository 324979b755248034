use super::Dispatch;
use crate::state::{Action, SeverityFilter};
use plimsoll_lint::Severity;
use plimsoll_report::Counts;
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct SummaryBarProps {
    pub counts: Counts,
    pub filter: SeverityFilter,
    /// A lint is running.
    pub busy: bool,
    /// The findings shown are the current text's, cfn-guard's are still to come.
    pub awaits_guard: bool,
    /// The findings belong to older text than the editor shows.
    pub stale: bool,
    pub lint_millis: Option<f64>,
    pub dispatch: Dispatch,
}

/// Counts per severity, each a toggle for the findings list, and the lint's state.
#[component]
pub fn SummaryBar(props: &SummaryBarProps) -> Html {
    let toggle = |severity: Severity, count: usize, label: &str| {
        let dispatch = props.dispatch.clone();
        let on = props.filter.shows(severity);
        html! {
            <button
                type="button"
                class={classes!("count", severity.as_str())}
                aria-pressed={on.to_string()}
                data-severity={severity.as_str()}
                title={format!("{} {label}", if on { "Hide" } else { "Show" })}
                onclick={Callback::from(move |_| dispatch.emit(Action::ToggleSeverity(severity)))}
            >
                <span class="count-number">{count}</span>{" "}{label}
            </button>
        }
    };
    let status = if props.awaits_guard {
        "Running guard rules…".to_owned()
    } else if props.busy {
        "Linting…".to_owned()
    } else if props.stale {
        "Waiting for you to pause…".to_owned()
    } else {
        props
            .lint_millis
            .map(|ms| format!("Linted in {ms:.0} ms"))
            .unwrap_or_default()
    };
    html! {
        <div class="summary-bar" role="group" aria-label="Findings by severity">
            { toggle(Severity::Error, props.counts.errors, "errors") }
            { toggle(Severity::Warning, props.counts.warnings, "warnings") }
            { toggle(Severity::Info, props.counts.infos, "infos") }
            <span
                class={classes!("lint-status", props.busy.then_some("busy"))}
                role="status"
                aria-live="polite"
                data-busy={props.busy.to_string()}
                data-lint-ms={props.lint_millis.map(|ms| format!("{ms:.2}"))}
            >
                { status }
            </span>
        </div>
    }
}
