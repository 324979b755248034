//! A panic in wasm aborts: the call traps and the instance's memory is left mid-update. The
//! hook asks wasm-bindgen for a fresh instance at the next call and throws a JavaScript
//! `Error` with the panic's message in place of the bare `RuntimeError: unreachable`, so one
//! bad input costs its own call and nothing after it.

#[cfg(target_arch = "wasm32")]
pub fn install_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let message = plimsoll_lint::describe_panic(info);
            wasm_bindgen::handler::schedule_reinit();
            wasm_bindgen::throw_str(&format!(
                "plimsoll: internal error: the lint stopped on this input: it panicked: {message}"
            ));
        }));
    });
}

/// Natively a panic unwinds and the lint reports it as a finding: nothing to install.
#[cfg(not(target_arch = "wasm32"))]
pub fn install_hook() {}
