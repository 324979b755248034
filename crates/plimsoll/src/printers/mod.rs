//! One printer per output format. Each reads the whole [`RunReport`] and writes to `out`.

mod excerpt;
pub mod github;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

use crate::args::Format;
use crate::report::RunReport;
use std::io::{self, Write};
use std::path::Path;

pub fn print(
    format: Format,
    report: &RunReport,
    color: bool,
    cwd: &Path,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Text => text::print(report, text::Styles::new(color), out),
        Format::Json => json::print(report, out),
        Format::Sarif => sarif::print(report, cwd, out),
        Format::Junit => junit::print(report, out),
        Format::Github => github::print(report, out),
    }
}
