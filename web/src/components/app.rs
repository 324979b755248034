use super::{
    About, Editor, Findings, Gallery, GuardTab, Parameters, RolloutPanel, RuleDocs, RulesTab,
    ShareChoiceBar, Tabs, Toolbar,
};
use crate::hooks::{Linter, use_linter};
use crate::state::{AppState, Tab};
use std::rc::Rc;
use yew::prelude::*;

/// The page: toolbar, editor, and the side panel with findings, parameters, rollout and guard
/// rules; the state and its effects come from [`use_linter`].
#[component]
pub fn App() -> Html {
    let Linter {
        state,
        dispatch,
        open,
        share: on_share,
        export: on_export,
        edit: on_edit,
        choose_share,
        export_config,
    } = use_linter();
    let snapshot: Rc<AppState> = Rc::new((*state).clone());
    let badges = vec![
        (Tab::Findings, state.report.findings.len()),
        (Tab::Parameters, state.report.parameters.len()),
        (Tab::Rollout, state.report.services.len()),
    ];
    // Findings of codes outside the catalog come from the user's rules.
    let own_findings = state
        .report
        .findings
        .iter()
        .filter(|f| plimsoll_lint::lookup(&f.code).is_none())
        .count();
    let panel = match state.tab {
        Tab::Findings => {
            html! { <Findings state={snapshot.clone()} dispatch={dispatch.clone()} /> }
        }
        Tab::Parameters => html! {
            <Parameters
                parameters={state.report.parameters.clone()}
                overrides={state.input.parameters.clone()}
                dispatch={dispatch.clone()}
            />
        },
        Tab::Rollout => html! {
            <RolloutPanel services={state.report.services.clone()} dispatch={dispatch.clone()} />
        },
        Tab::Guard => html! {
            <GuardTab
                rules={state.input.guard_rules.clone()}
                error={state.guard_error.clone()}
                findings={own_findings}
                unavailable={state.guard_unavailable}
                dispatch={dispatch.clone()}
            />
        },
        Tab::Rules => html! {
            <RulesTab
                rules={state.input.rules.clone()}
                on_export={export_config}
                dispatch={dispatch.clone()}
            />
        },
    };
    html! {
        <div
            class="app"
            data-revision={state.revision.to_string()}
            data-report-revision={state.report_revision.map(|r| r.to_string())}
            data-report-complete={state.report_complete.to_string()}
        >
            <Toolbar
                theme={state.theme}
                busy={state.is_busy()}
                on_open={open.clone()}
                {on_share}
                {on_export}
                dispatch={dispatch.clone()}
            />
            if let Some(choice) = &state.share_choice {
                <ShareChoiceBar
                    choice={choice.clone()}
                    on_choose={choose_share}
                    dispatch={dispatch.clone()}
                />
            }
            <main class="workspace">
                <Editor
                    source={state.input.source.clone()}
                    loads={state.loads}
                    report={state.report.clone()}
                    current={!state.is_stale()}
                    highlight={state.highlight()}
                    reveals={state.reveals}
                    fix={state.fix.clone()}
                    fixes={state.fixes}
                    {on_edit}
                    on_drop_file={open}
                />
                <aside class="panel">
                    <Tabs current={state.tab} {badges} dispatch={dispatch.clone()} />
                    <div
                        class="tab-panel"
                        role="tabpanel"
                        id={format!("panel-{}", state.tab.id())}
                        aria-labelledby={format!("tab-{}", state.tab.id())}
                    >
                        { panel }
                    </div>
                    if state.input.source.trim().is_empty() {
                        <Gallery dispatch={dispatch.clone()} />
                    }
                </aside>
                if let Some(code) = &state.docs {
                    <RuleDocs code={code.clone()} dispatch={dispatch.clone()} />
                }
            </main>
            <footer class="status">
                <span class="notice" role="status" aria-live="polite">
                    { state.notice.clone().unwrap_or_default() }
                </span>
                <span class="privacy">{ "Everything runs in your browser; nothing is uploaded." }</span>
                <About />
            </footer>
        </div>
    }
}
