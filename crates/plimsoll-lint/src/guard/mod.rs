//! cfn-guard rules: the built-in packs under `rules/` and users' own rule files.
//!
//! Guard reads the template as it would deploy (`deployed`): parameter values substituted,
//! decidable conditions decided, unknown values left as intrinsic function objects. cfn-guard
//! evaluates the rules (`engine`) and every failing check becomes a [`crate::Diagnostic`] at
//! the exact source node of the path guard reports (`report`), with the rule header's code,
//! name, severity and fix (`header`).
//!
//! The CLI (or any caller) reads users' rule files and hands their names and texts to
//! `load_rules`, which checks them once and returns a [`crate::Pass`] for
//! [`crate::Linter::with_pass`].
//!
//! Running rules needs the `guard` feature (cfn-guard). Without it only the Rust rules run, and
//! the crate still knows the built-in guard rules' catalog entries ([`builtin_metas`]: codes and
//! documentation, read from the packs' headers), so a caller that gets their findings from a
//! guard-enabled build (the browser page's worker) can explain them.

mod builtin;
#[cfg(feature = "guard")]
mod deployed;
#[cfg(feature = "guard")]
mod engine;
mod header;
#[cfg(feature = "guard")]
mod lexer;
#[cfg(feature = "guard")]
mod limits;
#[cfg(feature = "guard")]
mod pass;
#[cfg(feature = "guard")]
mod references;
#[cfg(feature = "guard")]
mod report;
#[cfg(feature = "guard")]
mod variables;
#[cfg(feature = "guard")]
mod wording;

pub use builtin::builtin_metas;
#[cfg(feature = "guard")]
pub use builtin::builtin_pass;
#[cfg(feature = "guard")]
use pass::GuardRule;
#[cfg(feature = "guard")]
pub use pass::{GuardPass, RuleFile, is_rule_file, load_rules};

use std::fmt;

/// A problem in a rule file, at a 1-based line and column (columns count characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleFileError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for RuleFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for RuleFileError {}
