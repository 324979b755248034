//! The JSON report: the output contract in docs/output.md, built by `plimsoll_report::json`.

use crate::report::Report;
use std::io::{self, Write};

pub fn print(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let files = report.findings(|f| &f.name);
    out.write_all(plimsoll_report::json::to_string(&files).as_bytes())
}
