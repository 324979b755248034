//! Findings as documents, for every edge that presents them.
//!
//! The CLI's `--format json` and `--format sarif` printers and the browser checker's exports
//! build the same documents here, so each format is defined once. The editor-facing model
//! (UTF-16 positions, what the npm package returns and the browser shows) lives here too.
//! Pure: no I/O, builds for wasm32.

pub mod editor;
pub mod finding;
pub mod json;
mod positions;
pub mod sarif;
pub mod terminal_safe;
pub mod typescript;

pub use positions::Positions;

use plimsoll_lint::{Diagnostic, Severity};

/// One linted file: the name to show, its text and its findings.
#[derive(Clone, Copy, Debug)]
pub struct FileFindings<'a> {
    /// The path as the user gave it (or a display name such as `template.yaml`).
    pub file: &'a str,
    pub source: &'a str,
    pub diagnostics: &'a [Diagnostic],
}

typescript::typescript! {
    /// Findings counted by severity.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
    pub struct Counts {
        pub errors: usize,
        pub warnings: usize,
        pub infos: usize,
    }
}

impl Counts {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    pub fn of(severities: impl IntoIterator<Item = Severity>) -> Counts {
        let mut counts = Counts::default();
        for s in severities {
            counts.add(s);
        }
        counts
    }

    pub fn total(self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// Where a rule's documentation page is published.
pub fn help_uri(code: &str) -> String {
    format!(
        "{}/blob/main/docs/rules/{code}.md",
        env!("CARGO_PKG_REPOSITORY")
    )
}
