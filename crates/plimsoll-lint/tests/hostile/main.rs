//! Hostile input ends in diagnostics within bounded time and memory, never a panic or a hang.
//!
//! The same tests run natively (`cargo test -p plimsoll-lint --test hostile`) and in the wasm
//! build under Node (`cargo xtask test --stage wasm-hostile`), where a panic would kill the
//! browser checker's page.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

mod cycles;
mod encoding;
#[cfg(feature = "guard")]
mod guard_rules;
mod intrinsics;
mod noise;
mod shapes;
mod sizes;
mod support;
mod suppressions;
mod values;
