//! The editor's gutter: line numbers, with the lines that have findings marked by their most
//! severe finding, built as a few text runs so even a 30,000-line template renders quickly.

use plimsoll_lint::Severity;
use plimsoll_report::editor::Finding;
use std::collections::BTreeMap;

/// A line with findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// 1-based line.
    pub line: u32,
    /// The most severe finding on the line.
    pub severity: Severity,
    /// The codes reported on the line, for the tooltip.
    pub codes: Vec<String>,
}

/// One marked line per line with findings (at their start line), in line order.
pub fn marks(findings: &[Finding]) -> Vec<Mark> {
    let mut by_line: BTreeMap<u32, Mark> = BTreeMap::new();
    for f in findings {
        let line = f.range.start.line;
        let mark = by_line.entry(line).or_insert_with(|| Mark {
            line,
            severity: f.severity,
            codes: Vec::new(),
        });
        mark.severity = mark.severity.max(f.severity);
        if !mark.codes.contains(&f.code) {
            mark.codes.push(f.code.clone());
        }
    }
    by_line.into_values().collect()
}

/// A run of the gutter: plain line numbers, or one marked line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Line numbers, each followed by a newline.
    Plain(String),
    /// A line number that has a mark, is the current line, or both.
    Line {
        line: u32,
        mark: Option<Severity>,
        title: String,
        current: bool,
    },
}

/// The gutter's runs for `line_count` lines.
pub fn parts(line_count: u32, marks: &[Mark], current: Option<u32>) -> Vec<Part> {
    let mut special: BTreeMap<u32, (Option<&Mark>, bool)> = BTreeMap::new();
    for mark in marks.iter().filter(|m| (1..=line_count).contains(&m.line)) {
        special.insert(mark.line, (Some(mark), false));
    }
    if let Some(line) = current.filter(|l| (1..=line_count).contains(l)) {
        special.entry(line).or_insert((None, false)).1 = true;
    }
    let mut out = Vec::new();
    let mut next = 1;
    let plain = |from: u32, to: u32| {
        let mut text = String::new();
        for n in from..to {
            text.push_str(&n.to_string());
            text.push('\n');
        }
        text
    };
    for (&line, &(mark, current)) in &special {
        if line > next {
            out.push(Part::Plain(plain(next, line)));
        }
        out.push(Part::Line {
            line,
            mark: mark.map(|m| m.severity),
            title: mark.map(|m| m.codes.join(", ")).unwrap_or_default(),
            current,
        });
        next = line + 1;
    }
    if next <= line_count {
        out.push(Part::Plain(plain(next, line_count + 1)));
    }
    out
}

/// The number of lines of a text (an empty text has one).
pub fn line_count(text: &str) -> u32 {
    (text.bytes().filter(|&b| b == b'\n').count() + 1).min(u32::MAX as usize) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_report::editor::{Location, Range};

    fn finding(line: u32, severity: Severity, code: &str) -> Finding {
        let at = Location {
            line,
            column: 1,
            offset: 0,
        };
        Finding {
            code: code.into(),
            rule: "r".into(),
            severity,
            message: "m".into(),
            help: None,
            path: "/".into(),
            cdk_path: None,
            range: Range { start: at, end: at },
            labels: Vec::new(),
            fix: None,
        }
    }

    #[test]
    fn a_line_shows_its_most_severe_finding() {
        let marks = marks(&[
            finding(3, Severity::Info, "CFR005"),
            finding(3, Severity::Error, "ECS001"),
            finding(3, Severity::Error, "ECS001"),
            finding(1, Severity::Warning, "ECS007"),
        ]);
        assert_eq!(marks.len(), 2);
        assert_eq!(marks[0].line, 1);
        assert_eq!(marks[1].severity, Severity::Error);
        assert_eq!(marks[1].codes, ["CFR005", "ECS001"]);
    }

    #[test]
    fn parts_cover_every_line_once() {
        let marks = marks(&[finding(2, Severity::Warning, "ECS007")]);
        let parts = parts(5, &marks, Some(4));
        assert_eq!(
            parts,
            vec![
                Part::Plain("1\n".into()),
                Part::Line {
                    line: 2,
                    mark: Some(Severity::Warning),
                    title: "ECS007".into(),
                    current: false
                },
                Part::Plain("3\n".into()),
                Part::Line {
                    line: 4,
                    mark: None,
                    title: String::new(),
                    current: true
                },
                Part::Plain("5\n".into()),
            ]
        );
        // Marks past the end (the text shrank) are dropped.
        assert_eq!(parts_len(&super::parts(1, &marks, Some(9))), 1);
    }

    fn parts_len(parts: &[Part]) -> usize {
        parts
            .iter()
            .map(|p| match p {
                Part::Plain(text) => text.lines().count(),
                Part::Line { .. } => 1,
            })
            .sum()
    }

    #[test]
    fn line_count_counts_the_last_line() {
        assert_eq!(line_count(""), 1);
        assert_eq!(line_count("a\n"), 2);
        assert_eq!(line_count("a\nb"), 2);
    }
}
