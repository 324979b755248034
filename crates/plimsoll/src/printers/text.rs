//! rustc-style text: the finding, its location, the source lines with carets, and help.
//! Everything taken from the template, its name or a rule file is printed with its control
//! characters escaped (`crate::printable`), and long lines are cut around the span
//! (`excerpt`).

use super::excerpt::Window;
use crate::printable::one_line;
use crate::report::{Counts, FileReport, RunReport};
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

pub fn print(report: &RunReport, styles: Styles, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        let index = LineIndex::new(&file.source);
        for diagnostic in &file.diagnostics {
            write_diagnostic(file, &index, diagnostic, styles, out)?;
        }
    }
    let templates = report.templates();
    let mut line = summary(report.counts(), templates, report.files.len() - templates);
    match report.failures.len() {
        0 => {}
        1 => line.push_str(" 1 file could not be read."),
        n => line.push_str(&format!(" {n} files could not be read.")),
    }
    writeln!(out, "{line}")
}

fn summary(counts: Counts, files: usize, parameter_files: usize) -> String {
    let mut templates = plural(files, "template", "templates");
    if parameter_files > 0 {
        templates.push_str(" and ");
        templates.push_str(&plural(
            parameter_files,
            "parameter file",
            "parameter files",
        ));
    }
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

/// One source line to show, with the bytes of it to underline.
struct Mark {
    line: u32,
    from: usize,
    to: usize,
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
    let mut marks = vec![mark_for(index, d.span.start, d.span.end, true, None)];
    marks.extend(d.labels.iter().map(|label| {
        mark_for(
            index,
            label.span.start,
            label.span.end,
            false,
            Some(label.message.as_str()),
        )
    }));
    marks.sort_by_key(|m| (m.line, !m.primary, m.from));
    let width = marks.iter().map(|m| digits(m.line)).max().unwrap_or(1);
    let pad = " ".repeat(width);
    let bar = s.gutter("|");

    writeln!(
        out,
        "{}: {}",
        s.severity(
            d.severity,
            &format!("{}[{}]", d.severity, one_line(&d.code))
        ),
        s.bold(&one_line(&d.message))
    )?;
    writeln!(
        out,
        "{pad}{} {}:{}:{}",
        s.gutter("-->"),
        one_line(&file.name),
        start.line,
        start.column
    )?;
    writeln!(out, "{pad} {bar}")?;
    let mut previous: Option<u32> = None;
    let mut current: Option<Window<'_>> = None;
    for mark in &marks {
        if previous.is_some_and(|p| mark.line > p + 1) {
            writeln!(out, "{}", s.gutter("..."))?;
        }
        // A mark on the line already shown reuses its excerpt when it falls inside it.
        let shown = current.filter(|w| previous == Some(mark.line) && w.shows(mark.from));
        let window = match shown {
            Some(w) => w,
            None => {
                let w = Window::around(line_text(index, mark.line), mark.from, mark.to);
                writeln!(
                    out,
                    "{} {bar} {}",
                    s.gutter(&format!("{:>width$}", mark.line)),
                    w.render()
                )?;
                *current.insert(w)
            }
        };
        previous = Some(mark.line);
        let (before, under) = window.underline(mark.from, mark.to);
        let marker = if mark.primary { "^" } else { "-" };
        let carets = marker.repeat(under);
        let carets = match &mark.message {
            Some(message) => format!("{carets} {}", one_line(message)),
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
        writeln!(
            out,
            "{pad} {} {}: {}",
            s.gutter("="),
            s.bold("help"),
            one_line(help)
        )?;
    }
    if let Some(cdk_path) = &d.cdk_path {
        if d.help.is_none() {
            writeln!(out, "{pad} {bar}")?;
        }
        writeln!(
            out,
            "{pad} {} {}: CDK construct {}",
            s.gutter("="),
            s.bold("note"),
            one_line(cdk_path)
        )?;
    }
    writeln!(out)
}

/// The underline for a span: its bytes on its line, or for a span over several lines (a whole
/// mapping) its first line from the start to the end of the line's text.
fn mark_for(
    index: &LineIndex<'_>,
    start: u32,
    end: u32,
    primary: bool,
    message: Option<&str>,
) -> Mark {
    let from = index.line_col(start);
    let to = index.line_col(end.max(start));
    let line_start = index.line_span(from.line).map_or(0, |span| span.start);
    let text = line_text(index, from.line);
    let offset = |at: u32| (at.saturating_sub(line_start) as usize).min(text.len());
    let from_byte = offset(start);
    let to_byte = if from.line == to.line {
        offset(end.max(start))
    } else {
        text.trim_end().len().max(from_byte)
    };
    Mark {
        line: from.line,
        from: from_byte,
        to: to_byte,
        primary,
        message: message.map(str::to_owned),
    }
}

fn line_text<'t>(index: &LineIndex<'t>, line: u32) -> &'t str {
    index
        .line_span(line)
        .map_or("", |span| span.text(index.text()))
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
            summary(Counts::default(), 1, 0),
            "No problems found in 1 template."
        );
        let counts = Counts {
            errors: 1,
            warnings: 2,
            infos: 0,
        };
        assert_eq!(
            summary(counts, 3, 0),
            "Found 3 problems (1 error, 2 warnings, 0 infos) in 3 templates."
        );
        assert_eq!(
            summary(counts, 1, 1),
            "Found 3 problems (1 error, 2 warnings, 0 infos) in 1 template and 1 parameter file."
        );
    }
}
