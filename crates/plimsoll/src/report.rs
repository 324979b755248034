//! The result of a `check` run, as every printer receives it.

use plimsoll_lint::{Diagnostic, Severity};
pub use plimsoll_report::Counts;
use plimsoll_report::FileFindings;
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
    /// The parameters the template declares and where, when it parsed far enough to tell.
    pub parameters: Option<Vec<(String, Span)>>,
    /// A parameter file with findings of its own (TPL008) rather than a template.
    pub parameter_file: bool,
}

/// A file that could not be read.
#[derive(Debug)]
pub struct Failure {
    pub name: String,
    pub message: String,
}

/// Everything a `check` run found, sorted by file name (the JSON and editor documents of
/// `plimsoll-report` are built from it).
#[derive(Debug, Default)]
pub struct RunReport {
    pub files: Vec<FileReport>,
    pub failures: Vec<Failure>,
    /// Files named on the command line that are not CloudFormation templates.
    pub skipped: Vec<String>,
}

impl RunReport {
    pub fn counts(&self) -> Counts {
        Counts::of(self.diagnostics().map(|d| d.severity))
    }

    /// How many templates were checked (parameter files with findings are not templates).
    pub fn templates(&self) -> usize {
        self.files.iter().filter(|f| !f.parameter_file).count()
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| &f.diagnostics)
    }

    /// The files as the shared document builders take them, named by `name`.
    pub fn findings<'r>(
        &'r self,
        name: impl Fn(&'r FileReport) -> &'r str,
    ) -> Vec<FileFindings<'r>> {
        self.files
            .iter()
            .map(|f| FileFindings {
                file: name(f),
                source: &f.source,
                diagnostics: &f.diagnostics,
            })
            .collect()
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
