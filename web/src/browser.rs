//! The few calls into browser APIs: storage, the URL fragment, downloads, the clipboard, the
//! clock and the lint worker. Used only from effects and event handlers, never while rendering
//! (so the components still render natively for tests).

use crate::lint_job::{Request, Response};
use crate::rule_settings::RuleSettings;
use crate::state::LintInput;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    Blob, BlobPropertyBag, HtmlAnchorElement, MessageEvent, Url, Worker, WorkerOptions, WorkerType,
};

const TEMPLATE_KEY: &str = "plimsoll.template";
const GUARD_RULES_KEY: &str = "plimsoll.guard-rules";
const RULE_SETTINGS_KEY: &str = "plimsoll.rule-settings";
const THEME_KEY: &str = "plimsoll.theme";
/// Texts larger than this are not kept in storage (its quota is about 5 MB).
const MAX_STORED: usize = 2 * 1024 * 1024;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored(key: &str) -> String {
    storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .unwrap_or_default()
}

/// Keeps a text, or forgets the key when the text is empty or too large to keep.
fn store(key: &str, text: &str) {
    if let Some(storage) = storage() {
        let _ = if !text.is_empty() && text.len() <= MAX_STORED {
            storage.set_item(key, text)
        } else {
            storage.remove_item(key)
        };
    }
}

/// The work kept from the last visit: the template, the guard rules and the rule settings
/// (those of codes the catalog has; the stored text may be anything).
pub fn stored_draft() -> LintInput {
    let rules = serde_json::from_str::<RuleSettings>(&stored(RULE_SETTINGS_KEY))
        .map(RuleSettings::sanitized)
        .unwrap_or_default();
    LintInput {
        source: stored(TEMPLATE_KEY).into(),
        guard_rules: stored(GUARD_RULES_KEY).into(),
        rules,
        ..LintInput::default()
    }
}

/// Keeps the work for the next visit (parameter overrides are not kept).
pub fn store_draft(input: &LintInput) {
    store(TEMPLATE_KEY, &input.source);
    store(GUARD_RULES_KEY, &input.guard_rules);
    let rules = if input.rules.is_default() {
        String::new()
    } else {
        serde_json::to_string(&input.rules).unwrap_or_default()
    };
    store(RULE_SETTINGS_KEY, &rules);
}

pub fn stored_theme() -> Option<String> {
    storage()?.get_item(THEME_KEY).ok().flatten()
}

pub fn store_theme(theme: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(THEME_KEY, theme);
    }
}

/// Whether the system asks for dark colours.
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Sets `data-theme` on the document element (the stylesheet keys its colours on it).
pub fn apply_theme(theme: &str) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("data-theme", theme);
    }
}

/// The URL fragment, without `#`.
pub fn fragment() -> String {
    gloo::utils::window()
        .location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_owned()
}

/// Replaces the URL fragment without adding a history entry; returns the full URL.
pub fn set_fragment(fragment: &str) -> Option<String> {
    let window = gloo::utils::window();
    let location = window.location();
    let base = location.href().ok()?;
    let base = base.split('#').next().unwrap_or(&base).to_owned();
    let url = if fragment.is_empty() {
        base
    } else {
        format!("{base}#{fragment}")
    };
    window
        .history()
        .ok()?
        .replace_state_with_url(&JsValue::NULL, "", Some(&url))
        .ok()?;
    Some(url)
}

/// Whether the page's address carries a fragment (a shared template).
pub fn has_fragment() -> bool {
    gloo::utils::window()
        .location()
        .hash()
        .is_ok_and(|hash| hash.len() > 1)
}

/// Copies text to the clipboard (best effort).
pub fn copy(text: &str) {
    let clipboard = gloo::utils::window().navigator().clipboard();
    let _ = clipboard.write_text(text);
}

/// Saves text as a file through a download link; nothing leaves the machine.
pub fn download(text: &str, name: &str, mime: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let link: HtmlAnchorElement = gloo::utils::document().create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    Url::revoke_object_url(&url)
}

/// A named point on the page's performance timeline (for measuring, e.g. in the e2e test).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Milliseconds since the page started, for lint timings.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// What identifies a request among those posted: its revision, whether it is complete and
/// whether it is an export (the worker answers in order).
type Posted = (u64, bool, bool);

fn key(revision: u64, complete: bool, export: bool) -> Posted {
    (revision, complete, export)
}

/// The lint worker (`worker.js`). It answers quick lints of large templates with the page's
/// own module (posted to it first), and complete lints and exports with the module that has
/// cfn-guard, which it loads on the first of them. Requests and responses are JSON text.
pub struct LintWorker {
    worker: Worker,
    /// Each request posted and not yet answered, with the time it was posted.
    posted: Rc<RefCell<Vec<(Posted, f64)>>>,
    /// The last request, run on the main thread if the worker fails.
    last: Rc<RefCell<Option<Request>>>,
    /// The worker failed; requests are refused so that the page lints them itself.
    failed: Rc<Cell<bool>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl std::fmt::Debug for LintWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LintWorker")
    }
}

impl LintWorker {
    pub fn spawn(on_response: impl Fn(Response, f64) + 'static) -> Result<LintWorker, JsValue> {
        let on_response = Rc::new(on_response);
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options("./worker.js", &options)?;
        // The page's compiled module, so the worker neither downloads nor compiles it again.
        worker.post_message(&wasm_bindgen::module())?;
        let posted: Rc<RefCell<Vec<(Posted, f64)>>> = Rc::default();
        let timings = posted.clone();
        let respond = on_response.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            let Ok(response) = serde_json::from_str::<Response>(&text) else {
                return;
            };
            let answered = key(
                response.revision,
                response.complete,
                response.export.is_some(),
            );
            let mut timings = timings.borrow_mut();
            let at = timings.iter().position(|(k, _)| *k == answered);
            let started = at.map(|at| timings[at].1);
            if let Some(at) = at {
                timings.drain(..=at);
            }
            drop(timings);
            let millis = started.map_or(0.0, |t| now() - t);
            respond(response, millis);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // A worker that cannot start or crashes must not leave the page waiting: lint the
        // last request here instead (without cfn-guard, which only the worker loads), and
        // every later one too.
        let last: Rc<RefCell<Option<Request>>> = Rc::default();
        let failed: Rc<Cell<bool>> = Rc::default();
        let pending = last.clone();
        let failing = failed.clone();
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            failing.set(true);
            if let Some(request) = pending.borrow_mut().take() {
                let started = now();
                let response = crate::lint_job::run(&request);
                on_response(response, now() - started);
            }
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(LintWorker {
            worker,
            posted,
            last,
            failed,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    pub fn post(&self, request: &Request) -> Result<(), JsValue> {
        if self.failed.get() {
            return Err(JsValue::from_str("the lint worker failed"));
        }
        let text = serde_json::to_string(request).map_err(|e| JsValue::from_str(&e.to_string()))?;
        // The worker picks the module by `complete` without reading the request.
        let message = js_sys::Object::new();
        js_sys::Reflect::set(
            &message,
            &"complete".into(),
            &JsValue::from_bool(request.complete),
        )?;
        js_sys::Reflect::set(&message, &"request".into(), &JsValue::from_str(&text))?;
        self.posted.borrow_mut().push((
            key(request.revision, request.complete, request.export.is_some()),
            now(),
        ));
        *self.last.borrow_mut() = Some(request.clone());
        self.worker.post_message(&message)
    }
}

impl Drop for LintWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
