use super::{Dispatch, FindingRow, SummaryBar};
use crate::state::AppState;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct FindingsProps {
    pub state: Rc<AppState>,
    pub dispatch: Dispatch,
}

/// The summary bar and the findings the severity filter lets through.
#[component]
pub fn Findings(props: &FindingsProps) -> Html {
    let state = &props.state;
    let visible = state.visible();
    let total = state.report.findings.len();
    let empty = if state.report_revision.is_none() {
        "Paste a template, open a file, or pick an example."
    } else if total == 0 {
        "No findings."
    } else {
        "Every finding is filtered out."
    };
    html! {
        <section class="findings" aria-label="Findings">
            <SummaryBar
                counts={state.report.counts}
                filter={state.filter}
                busy={state.is_busy()}
                awaits_guard={state.awaits_guard()}
                stale={state.is_stale() && state.report_revision.is_some()}
                lint_millis={state.lint_millis}
                dispatch={props.dispatch.clone()}
            />
            if state.guard_unavailable {
                <p class="guard-unavailable" role="status">
                    { "The guard rules could not be loaded: these are the Rust rules' findings only, without the built-in guard packs', your own rules', the resource schema checks (SCH) or the IAM reference data checks (IAM002, IAM003, IAM006)." }
                </p>
            }
            if let Some(error) = &state.guard_error {
                <p class="guard-error" role="alert">
                    { format!("Your guard rules, line {}, column {}: {}", error.line, error.column, error.message) }
                </p>
            }
            if visible.is_empty() {
                <p class="empty">{ empty }</p>
            } else {
                <ul class="finding-list">
                    { for visible.iter().map(|&i| html! {
                        <FindingRow
                            key={i}
                            finding={state.report.findings[i].clone()}
                            index={i}
                            selected={state.selected == Some(i)}
                            dispatch={props.dispatch.clone()}
                        />
                    }) }
                </ul>
            }
        </section>
    }
}
