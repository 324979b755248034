//! Panics cost only the findings of the step that panicked, never a template's other findings
//! nor other templates'. Every step of a lint (parsing, each Rust rule, each pass of guard
//! rules, suppressions, the rollout simulation) runs under `catch_unwind`, and a panic, ours or
//! a dependency's (cfn-guard panics on some regular expressions), becomes an internal-error
//! finding at the start of the template. Settings and suppressions never remove it, and
//! callers treat it as a check that failed (the CLI exits 2).
//!
//! In wasm a panic aborts and nothing is caught here: the npm package and the page's worker
//! handle it where they call the module.

use crate::{Diagnostic, Severity};
use plimsoll_template::Span;
use std::any::Any;
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};

/// The code of the finding that says a step of the lint panicked on the template.
pub const INTERNAL_ERROR: &str = "PLIMSOLL:internal-error";

thread_local! {
    /// The last panic on this thread as the panic hook saw it (with its location).
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    /// How many [`contained`] steps are running on this thread.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Whether a panic on this thread now would be caught by [`contained`] and reported as a
/// finding or error (a panic hook then need not print it).
pub fn panic_is_contained() -> bool {
    DEPTH.with(Cell::get) > 0
}

/// Keeps a description of the panic (message and location) for the finding that reports it.
/// Call it from the process's panic hook; without it the finding has the message only.
pub fn record_panic(info: &PanicHookInfo<'_>) {
    let text = describe_panic(info);
    LAST_PANIC.with(|last| *last.borrow_mut() = Some(text));
}

/// A panic as one line: its message and where it happened, with a dependency's path given
/// from its crate directory (`cfn-guard-3.2.1/src/…`) rather than the build machine's.
pub fn describe_panic(info: &PanicHookInfo<'_>) -> String {
    let message = payload_text(info.payload());
    match info.location() {
        Some(at) => format!(
            "{message} (at {}:{}:{})",
            short_path(at.file()),
            at.line(),
            at.column()
        ),
        None => message,
    }
}

fn short_path(file: &str) -> &str {
    // `…/registry/src/<index>/<crate>-<version>/src/x.rs` → `<crate>-<version>/src/x.rs`.
    match file.split_once("/registry/src/") {
        Some((_, rest)) => rest.split_once('/').map_or(rest, |(_, krate)| krate),
        None => file,
    }
}

fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        String::from("a panic without a message")
    }
}

/// Runs `step`; a panic is caught and described (by [`record_panic`] when the hook calls it).
pub fn contained<R>(step: impl FnOnce() -> R) -> Result<R, String> {
    LAST_PANIC.with(|last| last.borrow_mut().take());
    DEPTH.with(|depth| depth.set(depth.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(step));
    DEPTH.with(|depth| depth.set(depth.get().saturating_sub(1)));
    result.map_err(|payload| {
        LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .unwrap_or_else(|| payload_text(&*payload))
    })
}

/// The finding for a step (`what`: "rule ECS001 (deployment-deadlock)") that panicked.
pub fn internal_error(what: &str, panic: &str) -> Diagnostic {
    Diagnostic {
        code: Cow::Borrowed(INTERNAL_ERROR),
        rule: Cow::Borrowed("internal-error"),
        severity: Severity::Error,
        message: format!(
            "internal error: {what} stopped on this template, so its findings are missing: \
             it panicked: {panic}"
        ),
        help: Some(String::from(
            "this is a bug; please report it with the template (and rules) that caused it",
        )),
        span: Span::at(0),
        path: String::new(),
        labels: Vec::new(),
        fix: None,
        cdk_path: None,
    }
}

/// Whether a finding says that a step of the lint could not run (a panic): the template's
/// findings are incomplete.
pub fn is_internal_error(diagnostic: &Diagnostic) -> bool {
    diagnostic.code == INTERNAL_ERROR
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_with_its_message() {
        let caught = contained(|| -> u32 { panic!("boom {}", 7) });
        assert_eq!(caught.unwrap_err(), "boom 7");
        assert_eq!(contained(|| 3), Ok(3));
        assert!(!panic_is_contained());
        assert!(contained(panic_is_contained).unwrap());
    }

    #[test]
    fn dependency_paths_start_at_the_crate() {
        assert_eq!(
            short_path("/root/.cargo/registry/src/index.crates.io-1949/cfn-guard-3.2.1/src/a.rs"),
            "cfn-guard-3.2.1/src/a.rs"
        );
        assert_eq!(short_path("crates/x/src/a.rs"), "crates/x/src/a.rs");
    }
}
