//! The JSON report: `plimsoll check --format json` and the browser's "Export JSON".
//!
//! The contract (docs/output.md): one object with `version`, `diagnostics` (each with `file`, `code`,
//! `rule`, `severity`, `message`, `path`, `range`, optional `help` and `fix`) and `summary`.
//! Lines and columns are 1-based; columns count characters.

use crate::{Counts, FileFindings, Positions, finding};
use plimsoll_lint::Diagnostic;
use plimsoll_template::Span;
use serde::Serialize;

/// The version of the report's shape; raised only on incompatible changes.
pub const VERSION: u32 = 1;

/// The whole JSON document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonReport {
    pub version: u32,
    pub diagnostics: Vec<Entry>,
    pub summary: Summary,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// One finding in one file: the file's name, then the finding's fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub file: String,
    #[serde(flatten)]
    pub finding: Finding,
}

/// A point in the source: 1-based line, 1-based column in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

pub type Finding = finding::Finding<Position>;
pub type Range = finding::Range<Position>;
pub type Label = finding::Label<Position>;
pub type Fix = finding::Fix<Position>;
pub type Edit = finding::Edit<Position>;

/// The report for any number of files (in the order given).
pub fn report(files: &[FileFindings<'_>]) -> JsonReport {
    let mut diagnostics = Vec::new();
    let mut counts = Counts::default();
    for file in files {
        let positions = Positions::new(file.source);
        for d in file.diagnostics {
            counts.add(d.severity);
            diagnostics.push(entry(file.file, &positions, d));
        }
    }
    JsonReport {
        version: VERSION,
        diagnostics,
        summary: Summary {
            files: files.len(),
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
        },
    }
}

/// The report as pretty-printed JSON text, ending in a newline, safe to print
/// ([`crate::terminal_safe`]).
pub fn to_string(files: &[FileFindings<'_>]) -> String {
    text(&report(files))
}

/// `report` (built by [`report`], perhaps adjusted) as [`to_string`] writes it.
pub fn text(report: &JsonReport) -> String {
    let mut text =
        crate::terminal_safe::escape(serde_json::to_string_pretty(report).unwrap_or_default());
    text.push('\n');
    text
}

fn entry(file: &str, positions: &Positions<'_>, d: &Diagnostic) -> Entry {
    Entry {
        file: file.to_owned(),
        finding: Finding::new(d, |span: Span| Range {
            start: position(positions, span.start),
            end: position(positions, span.end),
        }),
    }
}

fn position(positions: &Positions<'_>, offset: u32) -> Position {
    let at = positions.line_col(offset);
    Position {
        line: at.line,
        column: at.column,
    }
}
