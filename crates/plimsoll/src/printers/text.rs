//! rustc-style text: the finding, its location, the source lines with carets, and help.

use crate::report::{Counts, FileReport, Report};
use plimsoll_lint::{Diagnostic, Severity};
use plimsoll_template::LineIndex;
use std::io::{self, Write};

/// ANSI styles, or nothing when colours are off.
#[derive(Clone, Copy, Debug)]
pub struct Styles {
    color: bool,
}

impl Styles {
    pub fn new(color: bool) -> Styles {
        Styles { color }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn severity(self, severity: Severity, text: &str) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, text)
    }

    fn gutter(self, text: &str) -> String {
        self.paint("1;34", text)
    }

    fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }
}

pub fn print(report: &Report, styles: Styles, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        let index = LineIndex::new(&file.source);
        for diagnostic in &file.diagnostics {
            write_diagnostic(file, &index, diagnostic, styles, out)?;
        }
    }
    let mut line = summary(report.counts(), report.files.len());
    match report.failures.len() {
        0 => {}
        1 => line.push_str(" 1 file could not be read."),
        n => line.push_str(&format!(" {n} files could not be read.")),
    }
    writeln!(out, "{line}")
}

fn summary(counts: Counts, files: usize) -> String {
    let templates = plural(files, "template", "templates");
    if counts.total() == 0 {
        return format!("No problems found in {templates}.");
    }
    format!(
        "Found {} ({}, {}, {}) in {templates}.",
        plural(counts.total(), "problem", "problems"),
        plural(counts.errors, "error", "errors"),
        plural(counts.warnings, "warning", "warnings"),
        plural(counts.infos, "info", "infos"),
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One source line to show, with the columns to underline (1-based, end exclusive).
struct Mark {
    line: u32,
    start: u32,
    end: u32,
    primary: bool,
    message: Option<String>,
}

fn write_diagnostic(
    file: &FileReport,
    index: &LineIndex<'_>,
    d: &Diagnostic,
    s: Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let start = index.line_col(d.span.start);
    let mut marks = vec![mark_for(
        index,
        d.span.start,
        d.span.end.max(d.span.start),
        true,
        None,
    )];
    marks.extend(d.labels.iter().map(|label| {
        mark_for(
            index,
            label.span.start,
            label.span.end.max(label.span.start),
            false,
            Some(label.message.clone()),
        )
    }));
    marks.sort_by_key(|m| (m.line, !m.primary, m.start));
    let width = marks.iter().map(|m| digits(m.line)).max().unwrap_or(1);
    let pad = " ".repeat(width);
    let bar = s.gutter("|");

    writeln!(
        out,
        "{}: {}",
        s.severity(d.severity, &format!("{}[{}]", d.severity, d.code)),
        s.bold(&d.message)
    )?;
    writeln!(
        out,
        "{pad}{} {}:{}:{}",
        s.gutter("-->"),
        file.name,
        start.line,
        start.column
    )?;
    writeln!(out, "{pad} {bar}")?;
    let mut previous: Option<u32> = None;
    for mark in &marks {
        if previous.is_some_and(|p| mark.line > p + 1) {
            writeln!(out, "{}", s.gutter("..."))?;
        }
        let text = line_text(index, mark.line);
        if previous != Some(mark.line) {
            writeln!(
                out,
                "{} {bar} {}",
                s.gutter(&format!("{:>width$}", mark.line)),
                expand_tabs(text)
            )?;
        }
        previous = Some(mark.line);
        let before = display_width(text, mark.start);
        let under = display_width(text, mark.end).saturating_sub(before).max(1);
        let marker = if mark.primary { "^" } else { "-" };
        let carets = marker.repeat(under);
        let carets = match &mark.message {
            Some(message) => format!("{carets} {message}"),
            None => carets,
        };
        let carets = if mark.primary {
            s.severity(d.severity, &carets)
        } else {
            s.gutter(&carets)
        };
        writeln!(out, "{pad} {bar} {}{carets}", " ".repeat(before))?;
    }
    if let Some(help) = &d.help {
        writeln!(out, "{pad} {bar}")?;
        writeln!(out, "{pad} {} {}: {help}", s.gutter("="), s.bold("help"))?;
    }
    writeln!(out)
}

/// The underline for a span: its columns on its line, or for a span over several lines (a
/// whole mapping) its first line from the start column to the end of the line's text.
fn mark_for(
    index: &LineIndex<'_>,
    start: u32,
    end: u32,
    primary: bool,
    message: Option<String>,
) -> Mark {
    let from = index.line_col(start);
    let to = index.line_col(end);
    let end = if from.line == to.line {
        to.column
    } else {
        let text = line_text(index, from.line);
        (text.trim_end().chars().count() as u32 + 1).max(from.column + 1)
    };
    Mark {
        line: from.line,
        start: from.column,
        end,
        primary,
        message,
    }
}

fn line_text<'t>(index: &LineIndex<'t>, line: u32) -> &'t str {
    index
        .line_span(line)
        .map_or("", |span| span.text(index.text()))
}

const TAB_WIDTH: usize = 4;

fn expand_tabs(text: &str) -> String {
    text.replace('\t', &" ".repeat(TAB_WIDTH))
}

/// The display width of the characters before 1-based `column`, with tabs expanded.
fn display_width(text: &str, column: u32) -> usize {
    text.chars()
        .take(column.saturating_sub(1) as usize)
        .map(|c| if c == '\t' { TAB_WIDTH } else { 1 })
        .sum::<usize>()
        + (column.saturating_sub(1) as usize).saturating_sub(text.chars().count())
}

fn digits(n: u32) -> usize {
    n.to_string().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_count_and_pluralise() {
        assert_eq!(
            summary(Counts::default(), 1),
            "No problems found in 1 template."
        );
        let counts = Counts {
            errors: 1,
            warnings: 2,
            infos: 0,
        };
        assert_eq!(
            summary(counts, 3),
            "Found 3 problems (1 error, 2 warnings, 0 infos) in 3 templates."
        );
    }

    #[test]
    fn widths_expand_tabs_and_count_characters() {
        assert_eq!(display_width("\tab", 2), 4);
        assert_eq!(display_width("éé x", 4), 3);
        // Past the end of the line (an empty span after the last character).
        assert_eq!(display_width("ab", 4), 3);
    }
}
