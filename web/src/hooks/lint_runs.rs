//! Where each request runs and what becomes of its answer: the quick lint on the main thread
//! (unless the template is large), the complete one and exports in the worker, and every
//! answer dispatched to the state (an export saved instead).

use crate::browser::{self, LintWorker};
use crate::lint_job::{self, Request, WORKER_THRESHOLD};
use crate::state::{Action, AppState, LintInput};
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The page's worker, started on first use.
pub type WorkerSlot = Rc<RefCell<Option<LintWorker>>>;

/// Lints one revision: the quick lint (Rust rules) at once on the main thread, unless the
/// template is large, and then the complete one (with cfn-guard) in the worker. Without a
/// worker, both run here (the complete one then says guard is unavailable).
/// `quick_done`: the state already holds this revision's quick findings (see
/// [`first_quick_lint`]).
pub fn lint(
    worker: &WorkerSlot,
    dispatcher: &UseReducerDispatcher<AppState>,
    revision: u64,
    input: &LintInput,
    quick_done: bool,
) {
    let quick = Request::new(revision, input, false);
    let complete = Request::new(revision, input, true);
    let large = input.source.len() >= WORKER_THRESHOLD;
    // A large template's quick lint goes to the worker, when there is one.
    let posted = || large && post_to_worker(worker, &quick, dispatcher);
    if !quick_done && !posted() {
        dispatcher.dispatch(quick_here(&quick));
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

/// The quick findings of the first template, found before the page's first render so that its
/// first paint shows them; `None` for no template, or a large one (the worker lints it).
pub fn first_quick_lint(revision: u64, input: &LintInput) -> Option<Action> {
    (revision > 0 && input.source.len() < WORKER_THRESHOLD)
        .then(|| quick_here(&Request::new(revision, input, false)))
}

/// Runs a quick lint on the main thread.
fn quick_here(request: &Request) -> Action {
    browser::mark("plimsoll:quick-lint-start");
    let started = browser::now();
    let response = lint_job::run(request);
    let millis = browser::now() - started;
    browser::mark("plimsoll:quick-lint-end");
    finished(response, millis)
}

/// Takes a response: an export is saved, a lint shown.
pub fn answered(
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
    dispatcher.dispatch(finished(response, millis));
}

/// A lint's findings, for the state.
fn finished(response: lint_job::Response, millis: f64) -> Action {
    Action::LintFinished {
        revision: response.revision,
        report: Rc::new(response.report),
        complete: response.complete,
        guard_error: response.guard_error,
        guard_unavailable: response.guard_unavailable,
        millis: Some(millis),
    }
}

/// Posts a request to the worker, starting it on first use; false when no worker can run
/// (the caller then lints on the main thread).
pub fn post_to_worker(
    worker: &WorkerSlot,
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
