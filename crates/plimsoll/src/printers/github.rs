//! GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff.

use crate::report::{Range, RunReport};
use plimsoll_lint::Severity;
use plimsoll_template::LineIndex;
use std::io::{self, Write};

pub fn print(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        let index = LineIndex::new(&file.source);
        for d in &file.diagnostics {
            let range = Range::of(&index, d.span);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            if let Some(cdk_path) = &d.cdk_path {
                message.push_str("\nCDK construct: ");
                message.push_str(cdk_path);
            }
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&file.name),
                range.start.line,
                range.start.column,
                range.end.line,
                range.end.column,
                property(&format!("{} {}", d.code, d.rule)),
                data(&message)
            )?;
        }
    }
    for failure in &report.failures {
        writeln!(
            out,
            "::error file={},title=unreadable file::{}",
            property(&failure.name),
            data(&failure.message)
        )?;
    }
    Ok(())
}

/// Escapes a command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(data("50%\na"), "50%25%0Aa");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
