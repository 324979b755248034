//! JUnit XML for CI systems that show test reports: one test suite per template, one failing
//! test case per finding (a passing one when there is none), an erroring one per unreadable file.

use crate::report::{Range, RunReport};
use plimsoll_template::LineIndex;
use std::fmt::Write as _;
use std::io::{self, Write};

pub fn print(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let counts = report.counts();
    let tests: usize = report
        .files
        .iter()
        .map(|f| f.diagnostics.len().max(1))
        .sum::<usize>()
        + report.failures.len();
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"plimsoll\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\">",
        counts.total(),
        report.failures.len()
    );
    for file in &report.files {
        let index = LineIndex::new(&file.source);
        let name = escape(&file.name);
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            file.diagnostics.len().max(1),
            file.diagnostics.len()
        );
        if file.diagnostics.is_empty() {
            let _ = writeln!(
                xml,
                "    <testcase name=\"no problems\" classname=\"{name}\" file=\"{name}\"/>"
            );
        }
        for d in &file.diagnostics {
            let at = Range::of(&index, d.span).start;
            let _ = writeln!(
                xml,
                "    <testcase name=\"{} {} at {}:{}\" classname=\"{name}\" file=\"{name}\" line=\"{}\">",
                escape(&d.code),
                escape(&d.rule),
                at.line,
                at.column,
                at.line
            );
            let mut body = format!(
                "{}:{}:{}: {}[{}] {}\npath: {}",
                file.name, at.line, at.column, d.severity, d.code, d.message, d.path
            );
            if let Some(cdk_path) = &d.cdk_path {
                let _ = write!(body, "\nCDK construct: {cdk_path}");
            }
            if let Some(help) = &d.help {
                let _ = write!(body, "\nhelp: {help}");
            }
            let _ = writeln!(
                xml,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                d.severity,
                escape(&d.message),
                escape(&body)
            );
            xml.push_str("    </testcase>\n");
        }
        xml.push_str("  </testsuite>\n");
    }
    if !report.failures.is_empty() {
        let _ = writeln!(
            xml,
            "  <testsuite name=\"unreadable files\" tests=\"{0}\" failures=\"0\" errors=\"{0}\">",
            report.failures.len()
        );
        for failure in &report.failures {
            let name = escape(&failure.name);
            let _ = writeln!(
                xml,
                "    <testcase name=\"read\" classname=\"{name}\" file=\"{name}\">\n      <error message=\"{}\"/>\n    </testcase>",
                escape(&failure.message)
            );
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    out.write_all(xml.as_bytes())
}

/// Escapes text for XML attributes and content; drops characters XML 1.0 cannot hold.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape("a<b> & \"c\" 'd'\u{1}\n"),
            "a&lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;&#10;"
        );
    }
}
