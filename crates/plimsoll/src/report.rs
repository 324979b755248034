//! The result of a `check` run, as every printer receives it.

use plimsoll_lint::{Diagnostic, Severity};
use plimsoll_template::{LineCol, LineIndex, Span};
use std::path::PathBuf;

/// One checked template and its findings, sorted by position.
#[derive(Debug)]
pub struct FileReport {
    /// The name to show: the path as given or found (without a leading `./`), or the stdin name.
    pub name: String,
    /// The file on disk (`None` for standard input).
    pub path: Option<PathBuf>,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// A file that could not be read.
#[derive(Debug)]
pub struct Failure {
    pub name: String,
    pub message: String,
}

/// Everything the run found, sorted by file name.
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
    pub failures: Vec<Failure>,
    /// Files named on the command line that are not CloudFormation templates.
    pub skipped: Vec<String>,
}

/// How many findings of each severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn total(self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

impl Report {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for d in self.diagnostics() {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| &f.diagnostics)
    }

    /// Whether a finding at or above `threshold` was reported.
    pub fn fails_at(&self, threshold: Severity) -> bool {
        self.diagnostics().any(|d| d.severity >= threshold)
    }
}

/// A span as 1-based lines and columns counted in characters; `end` is exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub start: LineCol,
    pub end: LineCol,
}

impl Range {
    pub fn of(index: &LineIndex<'_>, span: Span) -> Range {
        Range {
            start: index.line_col(span.start),
            end: index.line_col(span.end.max(span.start)),
        }
    }
}
