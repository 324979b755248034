//! The JSON report: `plimsoll check --format json` and the browser's "Export JSON".
//!
//! The contract (docs/output.md): one object with `version`, `diagnostics` (each with `file`, `code`,
//! `rule`, `severity`, `message`, `path`, `range`, optional `help` and `fix`) and `summary`.
//! Lines and columns are 1-based; columns count characters.

use crate::{Counts, FileFindings, Positions};
use plimsoll_lint::{Applicability, Diagnostic, Severity};
use plimsoll_template::Span;
use serde::Serialize;

/// The version of the report's shape; raised only on incompatible changes.
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
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

/// One finding in one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub file: String,
    pub code: String,
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub path: String,
    pub range: Range,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub message: String,
    pub range: Range,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: Range,
    pub replacement: String,
}

/// The report for any number of files (in the order given).
pub fn report(files: &[FileFindings<'_>]) -> Report {
    let mut diagnostics = Vec::new();
    let mut counts = Counts::default();
    for file in files {
        let positions = Positions::new(file.source);
        for d in file.diagnostics {
            counts.add(d.severity);
            diagnostics.push(entry(file.file, &positions, d));
        }
    }
    Report {
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
pub fn text(report: &Report) -> String {
    let mut text =
        crate::terminal_safe::escape(serde_json::to_string_pretty(report).unwrap_or_default());
    text.push('\n');
    text
}

fn entry(file: &str, positions: &Positions<'_>, d: &Diagnostic) -> Entry {
    let range = |span: Span| Range {
        start: position(positions, span.start),
        end: position(positions, span.end),
    };
    Entry {
        file: file.to_owned(),
        code: d.code.to_string(),
        rule: d.rule.to_string(),
        severity: d.severity,
        message: d.message.clone(),
        path: d.path.clone(),
        range: range(d.span),
        help: d.help.clone(),
        labels: d
            .labels
            .iter()
            .map(|l| Label {
                message: l.message.clone(),
                range: range(l.span),
            })
            .collect(),
        fix: d.fix.as_ref().map(|f| Fix {
            message: f.message.clone(),
            applicability: f.applicability,
            edits: f
                .edits
                .iter()
                .map(|e| Edit {
                    range: range(e.span),
                    replacement: e.replacement.clone(),
                })
                .collect(),
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
