//! SARIF 2.1.0 for code scanning, built by `plimsoll_report::sarif`: artifact URIs relative to
//! the working directory, and the run's invocation (unreadable files as notifications).

use crate::paths::{normalize, relative_to};
use crate::report::{FileReport, Report};
use serde_json::{Value, json};
use std::io::{self, Write};
use std::path::Path;

pub fn print(report: &Report, cwd: &Path, out: &mut dyn Write) -> io::Result<()> {
    let names: Vec<String> = report.files.iter().map(|f| artifact_name(f, cwd)).collect();
    let files: Vec<_> = report
        .findings(|f| &f.name)
        .into_iter()
        .zip(&names)
        .map(|(mut findings, name)| {
            findings.file = name;
            findings
        })
        .collect();
    let mut log = plimsoll_report::sarif::log(&files);
    if let Some(run) = log.get_mut("runs").and_then(|r| r.get_mut(0)) {
        run["invocations"] = json!([invocation(report)]);
    }
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn invocation(report: &Report) -> Value {
    let notifications: Vec<Value> = report
        .failures
        .iter()
        .map(|f| json!({"level": "error", "message": {"text": f.message}}))
        .collect();
    json!({
        "executionSuccessful": report.failures.is_empty(),
        "toolExecutionNotifications": notifications,
    })
}

/// The file relative to the working directory (what code scanning resolves against the
/// repository root), or its absolute path when it lies elsewhere; standard input keeps its name.
fn artifact_name(file: &FileReport, cwd: &Path) -> String {
    let Some(path) = &file.path else {
        return file.name.clone();
    };
    let path = relative_to(path, cwd, cwd).unwrap_or_else(|| normalize(&cwd.join(path)));
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(path: &str) -> FileReport {
        FileReport {
            name: path.to_owned(),
            path: Some(PathBuf::from(path)),
            source: String::new(),
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn names_are_relative_to_the_working_directory() {
        let cwd = Path::new("/repo/sub");
        assert_eq!(artifact_name(&file("./stacks/a.yml"), cwd), "stacks/a.yml");
        assert_eq!(artifact_name(&file("/repo/sub/x/b.yml"), cwd), "x/b.yml");
        assert_eq!(artifact_name(&file("../other.yml"), cwd), "/repo/other.yml");
    }
}
