use super::{
    Editor, Findings, Gallery, GuardTab, Parameters, RolloutPanel, RuleDocs, Tabs, Toolbar,
};
use crate::browser::{self, LintWorker};
use crate::gutter::marks;
use crate::lint_job::{self, Export, Request, WORKER_THRESHOLD};
use crate::share::{self, Shared};
use crate::state::{Action, AppState, LintInput, Tab, Theme};
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// How long typing must pause before a lint starts.
const DEBOUNCE_MS: u32 = 150;
/// Files larger than this are not opened: the page would crawl, and CloudFormation accepts
/// at most 1 MB anyway. The CLI reads anything.
const MAX_FILE: f64 = 8.0 * 1024.0 * 1024.0;

/// The page: toolbar, editor, and the side panel with findings, parameters, rollout and guard
/// rules; the effects that lint, store and load live here.
#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let dispatch: Callback<Action> = {
        let state = state.clone();
        Callback::from(move |action| state.dispatch(action))
    };
    let worker: Rc<RefCell<Option<LintWorker>>> = use_mut_ref(|| None);
    let reader: Rc<RefCell<Option<FileReader>>> = use_mut_ref(|| None);

    // First visit: a shared link wins over the stored template; the theme follows the system
    // unless chosen.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            browser::mark("plimsoll:first-effect");
            let theme = browser::stored_theme()
                .and_then(|t| Theme::parse(&t))
                .unwrap_or(if browser::prefers_dark() {
                    Theme::Dark
                } else {
                    Theme::Light
                });
            dispatch.emit(Action::SetTheme(theme));
            if let Some(shared) = share::decode(&browser::fragment()) {
                dispatch.emit(Action::Load {
                    source: Rc::from(shared.source),
                    name: None,
                    parameters: shared.parameters,
                });
            } else if let Some(stored) = browser::stored_template().filter(|s| !s.is_empty()) {
                dispatch.emit(Action::Load {
                    source: Rc::from(stored),
                    name: None,
                    parameters: BTreeMap::new(),
                });
            }
        });
    }

    {
        let theme = state.theme;
        use_effect_with(theme, move |theme| {
            browser::apply_theme(theme.as_str());
            browser::store_theme(theme.as_str());
        });
    }

    // Lint after every change: at once for loads, after a pause for typing; cfn-guard and
    // large templates in the worker so typing never waits.
    {
        let state = state.clone();
        let worker = worker.clone();
        use_effect_with(state.revision, move |&revision| {
            let dispatcher = state.dispatcher();
            let input = state.input.clone();
            let delay = if state.typing { DEBOUNCE_MS } else { 0 };
            let timeout = (revision > 0).then(|| {
                Timeout::new(delay, move || {
                    lint(&worker, &dispatcher, revision, &input);
                    browser::store_template(&input.source);
                })
            });
            move || drop(timeout)
        });
    }

    let open = {
        let dispatch = dispatch.clone();
        let reader = reader.clone();
        Callback::from(move |file: web_sys::File| {
            let file = gloo::file::File::from(file);
            if file.size() as f64 > MAX_FILE {
                dispatch.emit(Action::Notice(Some(format!(
                    "{} is too large for the page ({} MB); use the plimsoll CLI.",
                    file.name(),
                    file.size() / (1024 * 1024)
                ))));
                return;
            }
            let name = file.name();
            let dispatch = dispatch.clone();
            let task = gloo::file::callbacks::read_as_bytes(&file, move |bytes| match bytes {
                Ok(bytes) => dispatch.emit(Action::Load {
                    source: Rc::from(String::from_utf8_lossy(&bytes).into_owned()),
                    name: Some(name),
                    parameters: BTreeMap::new(),
                }),
                Err(e) => dispatch.emit(Action::Notice(Some(format!("Cannot read the file: {e}")))),
            });
            *reader.borrow_mut() = Some(task);
        })
    };

    let on_share = {
        let state = state.clone();
        Callback::from(move |()| {
            let fragment = share::encode(&Shared {
                source: state.input.source.to_string(),
                parameters: state.input.parameters.clone(),
            });
            let notice = match browser::set_fragment(&fragment) {
                Some(url) => {
                    browser::copy(&url);
                    "Link copied. The template travels in the link's fragment, which browsers never send to a server."
                }
                None => "Cannot change this page's address.",
            };
            state.dispatch(Action::Notice(Some(notice.to_owned())));
        })
    };

    // Exports hold the complete findings, so the worker (which has cfn-guard) makes them.
    let on_export = {
        let state = state.clone();
        let worker = worker.clone();
        Callback::from(move |format: Export| {
            let save_as = lint_job::export_name(state.file_name.as_deref(), format);
            let request = Request::export(
                state.revision,
                &state.input,
                format,
                state.file_name.as_deref().unwrap_or("template.yaml"),
                &save_as,
            );
            let dispatcher = state.dispatcher();
            if !post_to_worker(&worker, &request, &dispatcher) {
                answered(&dispatcher, lint_job::run(&request), 0.0);
            }
        })
    };

    let on_edit = {
        let dispatch = dispatch.clone();
        Callback::from(move |text: Rc<str>| dispatch.emit(Action::Edit(text)))
    };

    let snapshot: Rc<AppState> = Rc::new((*state).clone());
    // Marks from the last lint stay while typing: rebuilding a long gutter on every key
    // would relayout it twice per keystroke.
    let marks = use_memo(state.report.clone(), |report| marks(&report.findings));
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
        Tab::Rollout => html! { <RolloutPanel services={state.report.services.clone()} /> },
        Tab::Guard => html! {
            <GuardTab
                rules={state.input.guard_rules.clone()}
                error={state.guard_error.clone()}
                findings={own_findings}
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
            <main class="workspace">
                <Editor
                    source={state.input.source.clone()}
                    loads={state.loads}
                    {marks}
                    highlight={state.highlight()}
                    reveals={state.reveals}
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
            </footer>
        </div>
    }
}

/// Lints one revision: the quick lint (Rust rules) at once on the main thread, unless the
/// template is large, and then the complete one (with cfn-guard) in the worker. Without a
/// worker, both run here (the complete one then says guard is unavailable).
fn lint(
    worker: &Rc<RefCell<Option<LintWorker>>>,
    dispatcher: &UseReducerDispatcher<AppState>,
    revision: u64,
    input: &LintInput,
) {
    let quick = Request::new(revision, input, false);
    let complete = Request::new(revision, input, true);
    let large = input.source.len() >= WORKER_THRESHOLD;
    let run_here = |request: &Request| {
        let started = browser::now();
        let response = lint_job::run(request);
        answered(dispatcher, response, browser::now() - started);
    };
    if !(large && post_to_worker(worker, &quick, dispatcher)) {
        browser::mark("plimsoll:quick-lint-start");
        run_here(&quick);
        browser::mark("plimsoll:quick-lint-end");
    }
    // After the quick findings render: the worker's first complete lint loads cfn-guard's
    // module, which must not compete with the page's first findings.
    let worker = worker.clone();
    let dispatcher = dispatcher.clone();
    Timeout::new(0, move || {
        if post_to_worker(&worker, &complete, &dispatcher) {
            dispatcher.dispatch(Action::LintStarted(revision));
        } else {
            let started = browser::now();
            let response = lint_job::run(&complete);
            answered(&dispatcher, response, browser::now() - started);
        }
    })
    .forget();
}

/// Takes a response: an export is saved, a lint shown.
fn answered(
    dispatcher: &UseReducerDispatcher<AppState>,
    response: lint_job::Response,
    millis: f64,
) {
    if let Some(export) = response.export {
        let notice = if response.guard_unavailable {
            Some("Exported without guard findings: the guard rules could not be loaded.")
        } else {
            None
        };
        let saved = browser::download(&export.text, &export.save_as, export.format.mime());
        let notice = if saved.is_err() {
            Some("Cannot save the export.")
        } else {
            notice
        };
        if let Some(notice) = notice {
            dispatcher.dispatch(Action::Notice(Some(notice.to_owned())));
        }
        return;
    }
    dispatcher.dispatch(Action::LintFinished {
        revision: response.revision,
        report: Rc::new(response.report),
        complete: response.complete,
        guard_error: response.guard_error,
        guard_unavailable: response.guard_unavailable,
        millis: Some(millis),
    });
}

/// Posts a request to the worker, starting it on first use; false when no worker can run
/// (the caller then lints on the main thread).
fn post_to_worker(
    worker: &Rc<RefCell<Option<LintWorker>>>,
    request: &Request,
    dispatcher: &UseReducerDispatcher<AppState>,
) -> bool {
    let mut slot = worker.borrow_mut();
    if slot.is_none() {
        let dispatcher = dispatcher.clone();
        match LintWorker::spawn(move |response, millis| answered(&dispatcher, response, millis)) {
            Ok(spawned) => *slot = Some(spawned),
            Err(_) => return false,
        }
    }
    slot.as_ref().is_some_and(|w| w.post(request).is_ok())
}
