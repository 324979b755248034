//! Exit codes (docs/output.md): 0 nothing at or above the failing severity, 1 findings at or above
//! it, 2 a usage error or an unreadable input file.

use crate::report::RunReport;
use plimsoll_lint::Severity;
use std::process::ExitCode;

pub const SUCCESS: u8 = 0;
pub const FINDINGS: u8 = 1;
pub const ERROR: u8 = 2;

/// The exit code of a `check` run.
pub fn for_report(report: &RunReport, fail_on: Severity) -> u8 {
    if !report.failures.is_empty() {
        ERROR
    } else if report.fails_at(fail_on) {
        FINDINGS
    } else {
        SUCCESS
    }
}

pub fn code(code: u8) -> ExitCode {
    ExitCode::from(code)
}
