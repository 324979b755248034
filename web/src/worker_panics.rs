//! Panics in the lint worker. A panic in wasm aborts: the call traps and the instance's memory
//! is left mid-update. In the worker's modules the hook asks wasm-bindgen for a fresh instance
//! at the next call and throws a JavaScript `Error` with the panic's message, which
//! `worker.js` turns into an answer (`lint_job::failed_json`). The page's own thread keeps
//! `console_error_panic_hook`: the app's state lives in its instance.

pub fn install_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let message = plimsoll_lint::describe_panic(info);
            wasm_bindgen::handler::schedule_reinit();
            wasm_bindgen::throw_str(&message);
        }));
    });
}
