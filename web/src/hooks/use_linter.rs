//! `use_linter`: the page's state and everything that changes it from outside a component:
//! the first visit's work and theme, linting and keeping the work after every change (the
//! worker protocol is in `lint_runs`), opening files, share links and exports.

use super::lint_runs::{WorkerSlot, answered, first_quick_lint, lint, post_to_worker};
use crate::browser;
use crate::lint_job::{self, Export, Request};
use crate::share::{self, Shared};
use crate::state::{self, Action, AppState, ShareSide, Theme};
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

/// The linter as the page uses it: the state, how components change it, and the actions
/// that reach past the state (files, the address bar, downloads).
#[derive(Debug)]
pub struct Linter {
    pub state: UseReducerHandle<AppState>,
    pub dispatch: Callback<Action>,
    /// Opens a file the user picked or dropped.
    pub open: Callback<web_sys::File>,
    /// Puts the template into the page's address and copies it.
    pub share: Callback<()>,
    /// Saves the complete findings in a format.
    pub export: Callback<Export>,
    /// Takes the editor's new text.
    pub edit: Callback<Rc<str>>,
    /// Works on one side of a share link opened over a different draft.
    pub choose_share: Callback<ShareSide>,
    /// Saves the rule settings as a `plimsoll.toml`.
    pub export_config: Callback<()>,
}

/// The state and its effects: loads the first template, follows the theme, lints every
/// revision (debounced while typing).
#[hook]
pub fn use_linter() -> Linter {
    let state = use_reducer(first_visit);
    let dispatch: Callback<Action> = {
        let state = state.clone();
        Callback::from(move |action| state.dispatch(action))
    };
    let worker: WorkerSlot = use_mut_ref(|| None);
    let reader: Rc<RefCell<Option<FileReader>>> = use_mut_ref(|| None);
    use_theme(state.theme);
    use_lint_on_change(&state, &worker);
    Linter {
        open: open_file(&dispatch, &reader),
        share: share_link(&state),
        export: export_findings(&state, &worker),
        edit: {
            let dispatch = dispatch.clone();
            Callback::from(move |text: Rc<str>| {
                // The address no longer holds this text: a reload must bring back the edited
                // draft (stored), not the shared template over it.
                drop_fragment();
                dispatch.emit(Action::Edit(text))
            })
        },
        choose_share: {
            let dispatch = dispatch.clone();
            Callback::from(move |side| {
                // The chosen side is stored from now on; a reload brings it back, not the link.
                drop_fragment();
                dispatch.emit(Action::ChooseShare(side))
            })
        },
        export_config: export_config(&state),
        state,
        dispatch,
    }
}

/// The address no longer holds what the page shows.
fn drop_fragment() {
    if browser::has_fragment() {
        browser::set_fragment("");
    }
}

/// The first visit's state, in place before the first render so that the first paint shows
/// the template and its quick findings: a shared link opens, unless it would replace a different stored draft (then
/// the page shows the draft and asks); the theme follows the system unless chosen.
fn first_visit() -> AppState {
    let mut state = AppState::default();
    let theme = browser::stored_theme()
        .and_then(|t| Theme::parse(&t))
        .unwrap_or(if browser::prefers_dark() {
            Theme::Dark
        } else {
            Theme::Light
        });
    state.apply(Action::SetTheme(theme));
    let shared = share::decode(&browser::fragment()).map(Shared::into_input);
    if let Some(action) = state::first_visit(shared, browser::stored_draft()) {
        state.apply(action);
    }
    if let Some(findings) = first_quick_lint(state.revision, &state.input) {
        state.apply(findings);
    }
    state
}

/// The page wears the chosen theme, and remembers it.
#[hook]
fn use_theme(theme: Theme) {
    use_effect_with(theme, move |theme| {
        browser::apply_theme(theme.as_str());
        browser::store_theme(theme.as_str());
    });
}

/// Lint after every change: at once for loads, after a pause for typing; cfn-guard and large
/// templates in the worker so typing never waits.
#[hook]
fn use_lint_on_change(state: &UseReducerHandle<AppState>, worker: &WorkerSlot) {
    let state = state.clone();
    let worker = worker.clone();
    use_effect_with(state.revision, move |&revision| {
        let dispatcher = state.dispatcher();
        let input = state.input.clone();
        let delay = if state.typing { DEBOUNCE_MS } else { 0 };
        let quick_done = state.report_revision == Some(revision);
        let timeout = (revision > 0).then(|| {
            Timeout::new(delay, move || {
                lint(&worker, &dispatcher, revision, &input, quick_done);
                browser::store_draft(&input);
            })
        });
        move || drop(timeout)
    });
}

/// Opens a file the user picked or dropped, unless it is too large.
fn open_file(
    dispatch: &Callback<Action>,
    reader: &Rc<RefCell<Option<FileReader>>>,
) -> Callback<web_sys::File> {
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
}

/// Puts the template into the page's address and copies the link.
fn share_link(state: &UseReducerHandle<AppState>) -> Callback<()> {
    let state = state.clone();
    Callback::from(move |()| {
        let fragment = share::encode(&Shared::of(&state.input));
        let notice = match browser::set_fragment(&fragment) {
            Some(url) => {
                browser::copy(&url);
                "Link copied. The template, its overrides, your guard rules and rule settings travel in the link's fragment, which browsers never send to a server."
            }
            None => "Cannot change this page's address.",
        };
        state.dispatch(Action::Notice(Some(notice.to_owned())));
    })
}

/// Saves the complete findings: exports hold them all, so the worker (which has cfn-guard)
/// makes them.
fn export_findings(state: &UseReducerHandle<AppState>, worker: &WorkerSlot) -> Callback<Export> {
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
}

/// Saves the rule settings as a `plimsoll.toml` the CLI reads to the same findings.
fn export_config(state: &UseReducerHandle<AppState>) -> Callback<()> {
    let state = state.clone();
    Callback::from(move |()| {
        let text = state.input.rules.config_file();
        if browser::download(&text, "plimsoll.toml", "application/toml").is_err() {
            state.dispatch(Action::Notice(Some(
                "Cannot save plimsoll.toml.".to_owned(),
            )));
        }
    })
}
