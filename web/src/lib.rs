//! The Plimsoll browser checker: a Yew app that lints CloudFormation templates in the page.
//!
//! Everything runs in the browser; nothing is uploaded. The pure parts (state reducer, lint
//! jobs, share links, Markdown, rollout geometry) are plain modules tested
//! natively; `components/` renders them, `hooks/` holds the page's state with its effects and
//! the worker protocol, `browser/` holds the few calls into web APIs, and `code_editor` binds
//! the code editor (CodeMirror, bundled from `web/editor/`).

pub mod code_editor;
pub mod components;
pub mod gallery;
pub mod hooks;
pub mod lint_job;
pub mod markdown;
pub mod rollout;
pub mod rule_settings;
pub mod share;
pub mod state;
#[cfg(target_arch = "wasm32")]
mod worker_panics;

pub mod browser;

#[cfg(target_arch = "wasm32")]
mod entry {
    use wasm_bindgen::prelude::*;

    /// Mounts the app on `#app` (called by `boot.js`).
    #[cfg(feature = "app")]
    #[wasm_bindgen]
    pub fn start() {
        // Only a diagnostic aid: the core is total, so a panic is a bug to report.
        console_error_panic_hook::set_once();
        let root = gloo::utils::document().get_element_by_id("app");
        match root {
            Some(root) => {
                yew::Renderer::<crate::components::App>::with_root(root).render();
            }
            None => {
                yew::Renderer::<crate::components::App>::new().render();
            }
        }
    }

    /// Runs one lint request (JSON text) and answers with JSON text: the worker's entry point,
    /// in both the page's module and the one with cfn-guard. A panic throws an `Error` with
    /// its message, and the module's next call runs on a fresh instance (`worker_panics`).
    #[wasm_bindgen]
    pub fn lint_request(request: JsValue) -> String {
        // A JavaScript value, copied in here: the glue copies a `&str` into the module's memory
        // before it swaps in the fresh instance a panic asked for, which would corrupt it.
        crate::worker_panics::install_hook();
        crate::lint_job::run_json(&request.as_string().unwrap_or_default())
    }

    /// The worker's answer to a request whose lint panicked (`message`, from the `Error`
    /// `lint_request` threw): the Rust rules' findings and an internal error naming the
    /// template.
    #[wasm_bindgen]
    pub fn lint_failed(request: JsValue, message: JsValue) -> String {
        crate::worker_panics::install_hook();
        let text = |value: JsValue| value.as_string().unwrap_or_default();
        crate::lint_job::failed_json(&text(request), &text(message))
    }
}
