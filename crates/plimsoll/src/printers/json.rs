//! The JSON report: the output contract in RULES.md, `version` 1.

use crate::report::{Range, Report};
use plimsoll_lint::{Applicability, Diagnostic, Severity};
use plimsoll_template::{LineCol, LineIndex};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Output<'r> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'r>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'r> {
    file: &'r str,
    code: &'r str,
    rule: &'r str,
    severity: Severity,
    message: &'r str,
    path: &'r str,
    range: JsonRange,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'r str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'r>>,
}

#[derive(Serialize)]
struct JsonRange {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct JsonFix<'r> {
    message: &'r str,
    applicability: Applicability,
    edits: Vec<JsonEdit<'r>>,
}

#[derive(Serialize)]
struct JsonEdit<'r> {
    range: JsonRange,
    replacement: &'r str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

pub fn print(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut diagnostics = Vec::new();
    for file in &report.files {
        let index = LineIndex::new(&file.source);
        diagnostics.extend(
            file.diagnostics
                .iter()
                .map(|d| diagnostic(&file.name, &index, d)),
        );
    }
    let counts = report.counts();
    let output = Output {
        version: 1,
        diagnostics,
        summary: Summary {
            files: report.files.len(),
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}

fn diagnostic<'r>(file: &'r str, index: &LineIndex<'_>, d: &'r Diagnostic) -> JsonDiagnostic<'r> {
    JsonDiagnostic {
        file,
        code: &d.code,
        rule: &d.rule,
        severity: d.severity,
        message: &d.message,
        path: &d.path,
        range: range(Range::of(index, d.span)),
        help: d.help.as_deref(),
        fix: d.fix.as_ref().map(|fix| JsonFix {
            message: &fix.message,
            applicability: fix.applicability,
            edits: fix
                .edits
                .iter()
                .map(|edit| JsonEdit {
                    range: range(Range::of(index, edit.span)),
                    replacement: &edit.replacement,
                })
                .collect(),
        }),
    }
}

fn range(range: Range) -> JsonRange {
    let position = |p: LineCol| Position {
        line: p.line,
        column: p.column,
    };
    JsonRange {
        start: position(range.start),
        end: position(range.end),
    }
}
