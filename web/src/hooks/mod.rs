//! The page's hooks: its state with the effects and the worker protocol behind it.

mod lint_runs;
mod use_linter;

pub use use_linter::{Linter, use_linter};
