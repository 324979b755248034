//! The JSON report: the output contract in docs/output.md, built by `plimsoll_report::json`.

use crate::report::RunReport;
use std::io::{self, Write};

pub fn print(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let files = report.findings(|f| &f.name);
    let mut document = plimsoll_report::json::report(&files);
    // The templates checked: a parameter file with findings (TPL008) has entries, not a count.
    document.summary.files = report.templates();
    out.write_all(plimsoll_report::json::text(&document).as_bytes())
}
