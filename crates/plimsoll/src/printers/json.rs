//! The JSON report: the output contract in docs/output.md, built by `plimsoll_report::json`.

use crate::report::Report;
use std::io::{self, Write};

pub fn print(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let files = report.findings(|f| &f.name);
    let mut document = plimsoll_report::json::report(&files);
    // The templates checked: a parameter file with findings (TPL008) has entries, not a count.
    document.summary.files = report.templates();
    let text = serde_json::to_string_pretty(&document).map_err(io::Error::other)?;
    // Safe to print in a terminal or a CI log, for the same JSON value.
    writeln!(out, "{}", plimsoll_report::terminal_safe::escape(text))
}
